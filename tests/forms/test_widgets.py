"""Setting many controls in one visit to the page, and what it leaves to the one-by-one path."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Page, async_playwright

from adapters.browser import launch_chromium
from core.config import Settings
from forms.filling import Answering, fill_step
from forms.mapping import Documents
from forms.model import FormField
from forms.widgets import FillError, PutKind, check_labelled, put_values
from resumes.answers import Answerer
from tests.forms.answered import answered_candidate

FORM = """
<form>
  <input name="first_name">
  <input name="locked" disabled>
  <select name="country"><option value="">Pick one</option><option value="ca">Canada</option>
    <option value="us">United States</option></select>
  <fieldset>
    <label><input type="radio" name="sponsor" value="1">Yes</label>
    <label><input type="radio" name="sponsor" value="0">No</label>
  </fieldset>
  <fieldset>
    <input type="checkbox" name="tools" id="t1" value="py" style="display:none">
    <label for="t1">Python</label>
    <input type="checkbox" name="tools" id="t2" value="go" style="display:none">
    <label for="t2">Go</label>
    <input type="checkbox" name="tools" id="t3" value="rs" style="display:none">
    <label for="t3">Rust</label>
  </fieldset>
  <input type="checkbox" name="consent">
  <input type="checkbox" name="hidden_consent" style="display:none">
</form>
<script>
  window.heard = [];
  for (const type of ['input', 'change', 'click'])
    document.addEventListener(type, (e) => heard.push(`${type}:${e.target.name}`), true);
</script>
"""
VALUES = "els => els.map(e => e.value)"


@pytest.fixture
async def page(chromium_path: Path) -> AsyncIterator[Page]:
    async with async_playwright() as playwright:
        browser = await launch_chromium(playwright, Settings(browser_path=chromium_path))
        try:
            page = await browser.new_page()
            await page.set_content(FORM)
            yield page
        finally:
            await browser.close()


async def test_one_visit_sets_text_select_radios_checkbox_groups_and_a_lone_box(
    page: Page,
) -> None:
    done = await put_values(
        page,
        [
            ("first_name", "text", "Priya"),
            ("country", "select", "United States"),
            ("sponsor", "choices", ["No"]),
            ("tools", "choices", ["Python", "Rust"]),
            ("consent", "tick", "Yes"),
        ],
    )
    assert done == {"first_name", "country", "sponsor", "tools", "consent"}
    assert await page.input_value("[name=first_name]") == "Priya"
    assert await page.input_value("[name=country]") == "us"
    assert await page.is_checked("[name=sponsor][value='0']")
    assert not await page.is_checked("[name=sponsor][value='1']")
    checked = await page.eval_on_selector_all(
        "[name=tools]:checked", "els => els.map(e => e.value)"
    )
    assert checked == ["py", "rs"]
    assert await page.is_checked("[name=consent]")
    heard = await page.evaluate("heard")
    for name in ("first_name", "country", "sponsor", "tools", "consent"):
        assert f"change:{name}" in heard, f"the page's scripts never heard {name} change"
    assert "click:sponsor" in heard  # chosen as a click chooses, not by setting .checked


async def test_what_it_cannot_set_is_left_out_and_a_second_visit_changes_nothing(
    page: Page,
) -> None:
    wanted: list[tuple[str, PutKind, str | list[str]]] = [
        ("locked", "text", "x"),
        ("country", "select", "Mexico"),
        ("sponsor", "choices", ["Maybe"]),
        ("tools", "choices", ["Python", "Haskell"]),
        ("hidden_consent", "tick", "Yes"),
    ]
    assert await put_values(page, wanted) == set()
    assert await page.input_value("[name=country]") == ""
    assert await page.eval_on_selector_all("input:checked", "els => els.length") == 0

    assert await put_values(page, [("tools", "choices", ["Go"])]) == {"tools"}
    assert await put_values(page, [("tools", "choices", ["Go"])]) == {"tools"}
    checked = await page.eval_on_selector_all(
        "[name=tools]:checked", "els => els.map(e => e.value)"
    )
    assert checked == ["go"], "an already ticked box is not clicked off again"


async def test_a_value_the_page_refuses_comes_back_empty_with_the_reason(page: Page) -> None:
    fields = [
        FormField(label="Country", name="country", type="select", value="Mexico", source="x"),
        FormField(label="First name", name="first_name", type="text", value="Priya", source="x"),
    ]
    candidate = answered_candidate()
    answering = Answering(candidate, Documents(), Answerer(candidate), None, {})
    filled = await fill_step(page, fields, answering)
    country, first = filled
    assert country.value is None
    assert country.note == "could not fill: country: no option 'Mexico' in the list"
    assert first.value == "Priya"
    assert first.note is None


async def test_the_one_by_one_path_finds_a_choice_by_the_same_labels(page: Page) -> None:
    await check_labelled(page, "sponsor", "No")
    assert await page.is_checked("[name=sponsor][value='0']")
    with pytest.raises(FillError, match=r"^sponsor: no choice labelled 'Maybe'$"):
        await check_labelled(page, "sponsor", "Maybe")
