"""Rendering: one-column HTML, text-extractable PDFs in reading order, Markdown, cover letters."""

from __future__ import annotations

import copy
import datetime
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html
from playwright.async_api import async_playwright
from pypdf import PdfReader

from adapters.browser import launch_chromium
from core.config import Settings
from core.errors import InputError
from resumes.candidate import load_candidate, sample_candidate_path
from resumes.render import (
    LetterContent,
    cover_letter_html,
    cover_letter_markdown,
    html_to_pdf,
    resume_html,
    resume_markdown,
)
from tests.helpers import LocalServer

JOB_DATES = ["Mar 2021 – Present", "Jan 2018 – Feb 2021"]
"""How the sample candidate's two jobs (2021-03-01 to now, 2018-01-15 to 2021-02-26) read."""
HEADINGS = ["Summary", "Experience", "Projects", "Skills", "Education", "Certifications"]
LETTER_PAGE = (612.0, 792.0)
A4_PAGE = (595.3, 841.9)
"""Page sizes in points; Chromium rounds A4 to whole CSS pixels, hence the tolerance below."""


@pytest.fixture
def document() -> dict[str, Any]:
    return load_candidate(sample_candidate_path()).resume_document()


@pytest.fixture
def letter(document: dict[str, Any]) -> LetterContent:
    return LetterContent(
        basics=document["basics"],
        company="Northwind Data",
        role="Staff Platform Engineer",
        paragraphs=[
            "I am applying for the Staff Platform Engineer role because I build reliable data "
            "services.",
            "At Tidewater Analytics I cut reporting latency from 900 ms to 210 ms.",
            "I would welcome a conversation about your platform team.",
        ],
        date=datetime.date(2025, 3, 7),
    )


def _tree(markup: str) -> Any:
    """The parsed page, typed loosely: lxml's stubs do not know HtmlElement's methods."""
    return lxml_html.fromstring(markup)


def _squash(text: str) -> str:
    """Whitespace folded, so wrapped lines in extracted text still match whole sentences."""
    return " ".join(text.split())


def _expected_reading_order(document: dict[str, Any]) -> list[str]:
    basics = document["basics"]
    order = [basics["name"], basics["email"], basics["phone"], "San Francisco", "Summary"]
    order += [basics["summary"], "Experience"]
    for job, dates in zip(document["work"], JOB_DATES, strict=True):
        order += [job["position"], job["name"], dates, *job["highlights"]]
    order += ["Projects", document["projects"][0]["name"], "Skills"]
    order += [keyword for skill in document["skills"] for keyword in skill["keywords"]]
    order += ["Education", document["education"][0]["institution"], "Certifications"]
    order.append(document["certificates"][0]["name"])
    return order


def _assert_in_order(text: str, expected: list[str]) -> None:
    squashed, position = _squash(text), 0
    for item in expected:
        found = squashed.find(_squash(item), position)
        assert found >= 0, f"{item!r} missing after position {position}: {squashed[position:]!r}"
        position = found + len(_squash(item))


def _pdftotext(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed (apt-get install poppler-utils)")
    result = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    )
    return result.stdout


def _page_size(pdf: Path) -> tuple[float, float]:
    box = PdfReader(pdf).pages[0].mediabox
    return float(box.width), float(box.height)


def test_resume_html_is_one_semantic_column_with_standard_headings(
    document: dict[str, Any],
) -> None:
    markup = resume_html(document)
    tree = _tree(markup)
    assert [h.text_content() for h in tree.iter("h2")] == HEADINGS
    assert [h.text_content() for h in tree.iter("h1")] == ["Priya Raman"]
    assert [h.text_content() for h in tree.iter("h3")][:2] == [
        "Senior Backend Engineer – Tidewater Analytics",
        "Software Engineer – Brightline Health",
    ]
    assert not tree.xpath("//table | //img | //svg | //script | //link | //iframe")
    style = " ".join(tree.xpath("//style/text()"))
    assert not re.search(r"\b(grid|columns?|float|position)\s*:|content\s*:", style)
    first_job = tree.xpath("//section[@id='experience']/article")[0]
    assert [li.text_content() for li in first_job.iter("li")] == document["work"][0]["highlights"]


def test_contact_line_shows_every_way_to_reach_the_candidate_as_text(
    document: dict[str, Any],
) -> None:
    tree = _tree(resume_html(document))
    contact = _squash(" ".join(p.text_content() for p in tree.find_class("contact")))
    for shown in (
        "priya.raman@example.org",
        "+1 415 555 0199",
        "San Francisco, California, US",
        "priyaraman.example.org",
        "linkedin.com/in/priyaraman",
        "github.com/praman",
    ):
        assert shown in contact
    assert "https://www.linkedin.com/in/priyaraman" in tree.xpath("//a/@href")


def test_dates_read_month_year_and_present(document: dict[str, Any]) -> None:
    text = _squash(_tree(resume_html(document)).text_content())
    for shown in ("Mar 2021 – Present", "Jan 2018 – Feb 2021", "Sep 2013 – Jun 2017", "May 2022"):
        assert shown in text


def test_untrusted_text_is_shown_as_text_not_markup(document: dict[str, Any]) -> None:
    hostile = "<script>alert('x')</script> & <b>bold</b> *star* [link](http://evil.example)"
    document["work"][0]["highlights"][0] = hostile
    document["basics"]["profiles"].append({"network": "X", "url": "javascript:alert(1)"})
    markup = resume_html(document)
    tree = _tree(markup)
    assert "&lt;script&gt;" in markup
    assert not tree.xpath("//script | //b")
    assert tree.xpath("//section[@id='experience']//li")[0].text_content() == hostile
    assert not [href for href in tree.xpath("//a/@href") if href.startswith("javascript:")]
    markdown = resume_markdown(document)
    assert r"- \<script\>alert('x')\</script\> & \<b\>bold\</b\> \*star\* \[link\]" in markdown
    assert "<javascript:" not in markdown


def test_missing_optional_sections_leave_no_empty_headings() -> None:
    document = {
        "basics": {"name": "Sam Lee", "email": "sam@example.org"},
        "work": [{"name": "Acme", "startDate": "2020"}],
    }
    tree = _tree(resume_html(document))
    assert [h.text_content() for h in tree.iter("h2")] == ["Experience"]
    assert [h.text_content() for h in tree.iter("h3")] == ["Acme"]
    assert not tree.xpath("//ul[not(li)] | //p[not(normalize-space())]")
    text = tree.text_content()
    assert "2020 – Present" in text
    assert "None" not in text
    markdown = resume_markdown(document)
    assert re.findall(r"^## .*$", markdown, flags=re.M) == ["## Experience"]
    assert "None" not in markdown


def test_an_invalid_document_is_refused_with_the_path_of_the_problem() -> None:
    with pytest.raises(InputError, match=r"resume document .*work\[0\]\.startDate"):
        resume_html({"basics": {"name": "Sam", "email": "sam@example.org"},
                     "work": [{"name": "Acme", "startDate": "March 2020"}]})  # fmt: skip


def test_markdown_export_has_the_same_facts_in_the_same_order(document: dict[str, Any]) -> None:
    markdown = resume_markdown(document)
    assert re.findall(r"^## (.*)$", markdown, flags=re.M) == HEADINGS
    assert markdown.startswith("# Priya Raman\n")
    _assert_in_order(markdown, _expected_reading_order(document))
    for url in ("https://www.linkedin.com/in/priyaraman", "https://github.com/praman/pgwatch-lite"):
        assert f"<{url}>" in markdown
    assert "- AWS Certified Solutions Architect - Associate | Amazon Web Services | May 2022" in (
        markdown
    )


async def test_resume_pdf_text_has_every_section_in_reading_order(
    document: dict[str, Any], tmp_path: Path, chromium_path: Path
) -> None:
    out = tmp_path / "nested" / "resume.pdf"
    settings = Settings(browser_path=chromium_path)
    assert await html_to_pdf(resume_html(document), out, settings=settings) == out
    text = _pdftotext(out)
    _assert_in_order(text, _expected_reading_order(document))
    _assert_in_order(text, HEADINGS)
    assert _page_size(out) == pytest.approx(LETTER_PAGE, abs=1.5)
    assert [p.name for p in out.parent.iterdir()] == ["resume.pdf"]


async def test_cover_letter_pdf_on_a_shared_browser_in_a4(
    letter: LetterContent, tmp_path: Path, chromium_path: Path
) -> None:
    async with async_playwright() as playwright:
        browser = await launch_chromium(playwright, Settings(browser_path=chromium_path))
        try:
            out = await html_to_pdf(
                cover_letter_html(letter),
                tmp_path / "letter.pdf",
                browser=browser,
                page_format="a4",
            )
            assert browser.is_connected()
            assert browser.contexts == []
        finally:
            await browser.close()
    expected = ["Priya Raman", "priya.raman@example.org", "+1 415 555 0199", "March 7, 2025"]
    expected += ["Northwind Data", "Staff Platform Engineer", "Dear Hiring Team at Northwind Data,"]
    expected += [*letter.paragraphs, "Sincerely,", "Priya Raman"]
    _assert_in_order(_pdftotext(out), expected)
    assert _page_size(out) == pytest.approx(A4_PAGE, abs=1.5)


def test_cover_letter_markdown_and_html_say_the_same(letter: LetterContent) -> None:
    markdown = cover_letter_markdown(letter)
    html_text = _tree(cover_letter_html(letter)).text_content()
    expected = ["# Priya Raman", "priya.raman@example.org | +1 415 555 0199", "March 7, 2025"]
    expected += ["Hiring Team", "Northwind Data", "Re: Application for Staff Platform Engineer"]
    expected += ["Dear Hiring Team at Northwind Data,", *letter.paragraphs, "Sincerely,"]
    _assert_in_order(markdown, [*expected, "Priya Raman"])
    _assert_in_order(html_text, [e.removeprefix("# ") for e in expected])
    assert markdown.rstrip().endswith("Priya Raman")
    assert "linkedin" not in markdown


def test_a_named_recipient_is_greeted_by_name(letter: LetterContent) -> None:
    named = LetterContent(
        basics=letter.basics,
        company="Northwind Data",
        role="Staff Platform Engineer",
        paragraphs=["Hello."],
        recipient="Dana Whitfield",
    )
    markdown = cover_letter_markdown(named)
    assert "Dear Dana Whitfield," in markdown
    assert "Hiring Team" not in markdown
    today = datetime.date.today()
    assert f"{today:%B} {today.day}, {today.year}" in markdown


async def test_the_page_loads_nothing_from_the_network(
    document: dict[str, Any], tmp_path: Path, chromium_path: Path
) -> None:
    def pixel(query: str, body: bytes) -> tuple[int, dict[str, str], bytes]:
        return 200, {"Content-Type": "text/css"}, b"body { color: red }"

    with LocalServer({("GET", "/track.css"): pixel}) as server:
        beacon = f'<link rel="stylesheet" href="{server.url}/track.css"><img src="{server.url}/p">'
        page = resume_html(copy.deepcopy(document)).replace("</head>", f"{beacon}</head>")
        await html_to_pdf(page, tmp_path / "r.pdf", settings=Settings(browser_path=chromium_path))
        assert server.requests == []
    assert "Priya Raman" in _pdftotext(tmp_path / "r.pdf")


async def test_an_unknown_page_format_is_refused_before_starting_a_browser(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="page format 'Legal' is not supported; use one of Letter"):
        await html_to_pdf("<p>x</p>", tmp_path / "x.pdf", page_format="Legal")
    assert not (tmp_path / "x.pdf").exists()
