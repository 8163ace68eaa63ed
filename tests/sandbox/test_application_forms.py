"""The Greenhouse application form in the sandbox, driven by hand in a real Chromium.

Every test asserts what the sandbox recorded (the final POST, field by field, files by SHA-256),
as the apply engine's tests will: that the form posts what a person entered, that refused
posts record nothing, and that concurrent posts are each recorded exactly once.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, cast

import httpx
import lxml.html
import pytest
from fastapi.testclient import TestClient
from lxml.html import HtmlElement
from playwright.async_api import Page, async_playwright, expect

from adapters.browser import launch_chromium
from core.config import Settings
from sandbox.applications.intake import parse_multipart
from sandbox.applications.log import Submission, SubmittedFile
from sandbox.catalogue import Catalogue, Posting
from sandbox.links import job_url
from sandbox.server import RunningSandbox

REQUIRED = "This field is required."
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 8 + b"\r\n\r\n--boundary-lookalike\r\n%%EOF"


def _posting(catalogue: Catalogue, *, checkboxes: bool) -> Posting:
    """A Greenhouse posting whose skills question is a checkbox group (or a multi combobox)."""
    return next(p for p in catalogue.postings("greenhouse") if (p.variant % 2 == 0) == checkboxes)


def _q(posting: Posting, offset: int) -> str:
    """The name of the posting's custom question number ``offset`` (1: LinkedIn … 5: why)."""
    return f"question_{int(posting.external_id) % 100_000_000 + offset}"


def _questions_json(sandbox_url: str, posting: Posting) -> dict[str, Any]:
    url = f"{sandbox_url}/greenhouse/v1/boards/{posting.board}/jobs/{posting.external_id}"
    data: dict[str, Any] = httpx.get(url, params={"questions": "true"}, trust_env=False).json()
    return data


def _text(root: HtmlElement, selector: str) -> str:
    """The text of the first element matching ``selector``."""
    text: str = cast(HtmlElement, root.cssselect(selector)[0]).text_content()
    return text


def _one(root: HtmlElement, selector: str) -> HtmlElement:
    (node,) = root.cssselect(selector)
    return cast(HtmlElement, node)


@asynccontextmanager
async def _page(chromium_path: Path) -> AsyncIterator[Page]:
    async with async_playwright() as playwright:
        browser = await launch_chromium(playwright, Settings(browser_path=chromium_path))
        try:
            yield await browser.new_page()
        finally:
            await browser.close()


async def _choose(page: Page, field: str, typed: str, label: str) -> None:
    """Type into a combobox and click the option, as a person (or a filler) would."""
    box = page.locator(f"#{field}")
    await box.click()
    await box.fill(typed)
    await (
        page.locator(f"#react-select-{field}-listbox")
        .get_by_role("option", name=label, exact=True)
        .click()
    )
    await expect(box).to_have_attribute("aria-expanded", "false")


async def _fill_required(page: Page, posting: Posting, resume: Path) -> None:
    await page.fill("#first_name", "Priya")
    await page.fill("#last_name", "Raman")
    await page.fill("#email", "priya@example.org")
    await page.set_input_files("#resume", resume)
    await _choose(page, _q(posting, 3), "no", "No")


def _file(submission: Submission, name: str) -> SubmittedFile:
    file = submission.file(name)
    assert file is not None, f"no file {name} in {submission.files}"
    return file


def _submit(page: Page) -> Any:
    return page.get_by_role("button", name="Submit application").click()


@pytest.fixture
def resume(tmp_path: Path) -> Path:
    path = tmp_path / "Priya Raman CV.pdf"
    path.write_bytes(PDF)
    return path


async def test_a_hand_filled_form_is_recorded_field_by_field(
    clean_sandbox: RunningSandbox, chromium_path: Path, resume: Path, tmp_path: Path
) -> None:
    posting = _posting(clean_sandbox.catalogue, checkboxes=False)
    skills = posting.job.skills
    letter = tmp_path / "letter.docx"
    letter.write_bytes(os.urandom(3000))
    async with _page(chromium_path) as page:
        await page.goto(job_url(clean_sandbox.url, posting))
        await expect(page.locator("h1")).to_have_text(posting.title)
        await page.get_by_label("First Name", exact=True).fill("Priya")
        await page.fill("#last_name", "Raman")
        await page.fill("#preferred_name", "Pri")
        await page.fill("#email", "priya@example.org")
        await _choose(page, "country", "kingdom", "United Kingdom +44")
        await page.fill("#phone", "+44 20 7946 0000")
        await page.set_input_files("#resume", resume)
        async with page.expect_file_chooser() as chooser:
            await page.click("[data-attach=cover_letter]")
        await (await chooser.value).set_files(letter)
        await expect(page.locator("[data-filename=cover_letter]")).to_have_text("letter.docx")
        await page.fill(f"#{_q(posting, 1)}", "https://www.linkedin.com/in/priya")
        sponsorship = page.locator(f"#{_q(posting, 3)}")
        await sponsorship.focus()
        await page.keyboard.type("No")
        await page.keyboard.press("Enter")
        shown = page.locator(f'[data-select="{_q(posting, 3)}"] .select__single-value')
        await expect(shown).to_have_text("No")
        await _choose(page, _q(posting, 4), skills[1][:3], skills[1])
        await _choose(page, _q(posting, 4), skills[0], skills[0])
        await page.fill(f"#{_q(posting, 5)}", "Because of the mission.")
        await _choose(page, "gender", "decline", "Decline To Self Identify")
        await expect(page.locator("[data-field=race]")).to_have_count(0)
        await _choose(page, "hispanic_ethnicity", "No", "No")
        await expect(page.locator("[data-field=race]")).to_be_visible()
        await _choose(page, "race", "asian", "Asian")
        await _choose(page, "veteran_status", "wish", "I don't wish to answer")
        await _choose(page, "disability_status", "do not want", "I do not want to answer")
        await _submit(page)
        await page.wait_for_url("**/confirmation")
        await expect(page.locator("#application-confirmation")).to_contain_text(
            "Thank you for applying"
        )
    [submission] = clean_sandbox.submissions("greenhouse")
    assert (submission.platform, submission.board) == ("greenhouse", posting.board)
    assert submission.external_id == posting.external_id
    assert submission.path == f"/greenhouse-boards/{posting.board}/jobs/{posting.external_id}"
    assert submission.variant is None
    assert submission.fields == {
        "first_name": ["Priya"],
        "last_name": ["Raman"],
        "preferred_name": ["Pri"],
        "email": ["priya@example.org"],
        "country": ["gb"],
        "phone": ["+44 20 7946 0000"],
        _q(posting, 1): ["https://www.linkedin.com/in/priya"],
        _q(posting, 2): [""],
        _q(posting, 3): ["2"],
        f"{_q(posting, 4)}[]": ["2", "1"],
        _q(posting, 5): ["Because of the mission."],
        "gender": ["3"],
        "hispanic_ethnicity": ["No"],
        "race": ["2"],
        "veteran_status": ["3"],
        "disability_status": ["3"],
    }
    assert [(f.field, f.filename, f.size) for f in submission.files] == [
        ("resume", "Priya Raman CV.pdf", len(PDF)),
        ("cover_letter", "letter.docx", 3000),
    ]
    assert _file(submission, "resume").sha256 == hashlib.sha256(PDF).hexdigest()
    assert _file(submission, "resume").content_type == "application/pdf"
    assert (
        _file(submission, "cover_letter").sha256 == hashlib.sha256(letter.read_bytes()).hexdigest()
    )


async def test_checkbox_multi_select_and_manual_resume(
    clean_sandbox: RunningSandbox, chromium_path: Path
) -> None:
    posting = _posting(clean_sandbox.catalogue, checkboxes=True)
    skills = posting.job.skills
    async with _page(chromium_path) as page:
        await page.goto(job_url(clean_sandbox.url, posting))
        await expect(page.locator(f'#{_q(posting, 4)}[role="combobox"]')).to_have_count(0)
        await page.fill("#first_name", "Ada")
        await page.fill("#last_name", "Lovelace")
        await page.fill("#email", "ada@example.org")
        await page.get_by_role("button", name="Enter manually").first.click()
        await page.fill("#resume_text", "Ada Lovelace\nAnalyst")
        await _choose(page, _q(posting, 3), "yes", "Yes")
        await page.get_by_label(skills[2], exact=True).check()
        await page.get_by_label(skills[0], exact=True).check()
        await _submit(page)
        await page.wait_for_url("**/confirmation")
    [submission] = clean_sandbox.submissions()
    assert submission.fields[f"{_q(posting, 4)}[]"] == ["1", "3"]
    assert submission.value("resume_text") == "Ada Lovelace\r\nAnalyst"  # as browsers post it
    assert submission.value(_q(posting, 3)) == "1"
    assert submission.files == ()
    assert "resume" not in submission.fields  # an empty file input is not a file


async def test_client_side_checks_show_errors_and_post_nothing(
    clean_sandbox: RunningSandbox, chromium_path: Path
) -> None:
    posting = _posting(clean_sandbox.catalogue, checkboxes=False)
    url = job_url(clean_sandbox.url, posting)
    required = ["first_name", "last_name", "email", "resume", _q(posting, 3)]
    async with _page(chromium_path) as page:
        await page.goto(url)
        await _submit(page)
        for name in required:
            await expect(page.locator(f"#{name}-error.helper-text--error")).to_have_text(REQUIRED)
            await expect(page.locator(f"#{name}")).to_have_attribute("aria-invalid", "true")
            label = page.locator(f'label[for="{name}"]').first
            if name != "resume":
                await expect(label.locator('span[aria-hidden="true"]')).to_have_text("*")
        await expect(page.locator("#first_name")).to_be_focused()
        assert await page.locator(".helper-text--error").count() == len(required)
        await expect(page.locator("#preferred_name")).to_have_attribute("aria-invalid", "false")
        await page.fill("#first_name", "Priya")
        await expect(page.locator("#first_name-error")).to_have_count(0)
        await page.fill("#email", "priya at example")
        await _submit(page)
        await expect(page.locator("#email-error")).to_have_text(
            "Please enter a valid email address (example@domain.com)."
        )
        assert page.url == url
    assert clean_sandbox.submissions() == []
    assert [r.method for r in clean_sandbox.requests("greenhouse")] == ["GET"]


async def test_comboboxes_offer_exactly_the_json_options(
    clean_sandbox: RunningSandbox, chromium_path: Path
) -> None:
    posting = _posting(clean_sandbox.catalogue, checkboxes=False)
    data = _questions_json(clean_sandbox.url, posting)
    questions = data["questions"] + [q for s in data["compliance"] for q in s["questions"]]
    selects = {
        q["fields"][0]["name"]: [v["label"] for v in q["fields"][0]["values"]]
        for q in questions
        if q["fields"][0]["type"].startswith("multi_value")
    }
    assert {"gender", "race", "veteran_status", "disability_status", _q(posting, 4)} <= set(selects)
    async with _page(chromium_path) as page:
        await page.goto(job_url(clean_sandbox.url, posting))
        await _choose(page, "hispanic_ethnicity", "no", "No")
        for name, labels in selects.items():
            box = page.locator(f"#{name}")
            await expect(box).to_have_attribute("role", "combobox")
            await expect(box).to_have_attribute("aria-autocomplete", "list")
            await box.click()
            await expect(box).to_have_attribute("aria-expanded", "true")
            listbox = page.locator(f"#{await box.get_attribute('aria-controls')}")
            await expect(listbox).to_have_attribute("role", "listbox")
            options = listbox.get_by_role("option")
            assert await options.all_inner_texts() == labels, name
            await page.keyboard.press("Escape")
            await expect(box).to_have_attribute("aria-expanded", "false")
        gender = page.locator("#gender")
        await gender.fill("DECL")
        assert await page.get_by_role("option").all_inner_texts() == ["Decline To Self Identify"]
        await gender.fill("zzz")
        await expect(page.locator(".select__menu-notice--no-options")).to_have_text("No options")
        await gender.fill("")
        await page.keyboard.press("ArrowDown")
        await page.keyboard.press("Enter")
        shown = page.locator('[data-select="gender"] .select__single-value')
        await expect(shown).to_have_text("Female")
        assert await page.locator('input[type="hidden"][name="gender"]').input_value() == "2"
        await gender.focus()
        await page.keyboard.press("Backspace")
        await expect(shown).to_have_count(0)
        assert await page.locator('input[type="hidden"][name="gender"]').input_value() == ""
        await _choose(page, "hispanic_ethnicity", "yes", "Yes")
        await expect(page.locator("#race")).to_have_count(0)
        await expect(page.locator('input[name="race"]')).to_have_count(0)


def test_form_fields_match_the_questions_json(client: TestClient, catalogue: Catalogue) -> None:
    for posting in catalogue.postings("greenhouse")[:6]:
        path = f"/greenhouse/v1/boards/{posting.board}/jobs/{posting.external_id}"
        data = client.get(path, params={"questions": "true"}).json()
        page = client.get(job_url("http://testserver", posting))
        root = lxml.html.document_fromstring(page.text)
        form = _one(root, "form#application-form")
        options = json.loads(_text(root, "script#select-options"))
        questions = data["questions"] + [q for s in data["compliance"] for q in s["questions"]]
        for question in questions:
            name = question["fields"][0]["name"]
            assert form.cssselect(f"#{name}"), name
            label = _one(root, f"#{name}-label, #upload-label-{name}")
            assert label.text_content().rstrip("*").strip() == question["label"].strip()
            values = [
                {"label": v["label"], "value": str(v["value"])}
                for v in question["fields"][0].get("values", [])
            ]
            if form.cssselect(f'#{name}[role="combobox"]'):
                assert options[name] == values
            elif question["fields"][0]["type"] == "multi_value_multi_select":
                boxes = form.cssselect(f'input[type="checkbox"][name="{name}[]"]')
                assert [b.get("value") for b in boxes] == [v["value"] for v in values]
            if question["required"]:
                assert "*" in label.text_content()
        assert _text(form, 'button[type="submit"]') == "Submit application"
        assert form.cssselect("#resume")[0].get("accept") == ".pdf,.doc,.docx,.txt,.rtf"
        assert not root.cssselect("select")


async def test_validation_variant_refuses_the_first_post_only(
    clean_sandbox: RunningSandbox, chromium_path: Path, resume: Path
) -> None:
    posting = _posting(clean_sandbox.catalogue, checkboxes=True)
    async with _page(chromium_path) as page:
        await page.goto(job_url(clean_sandbox.url, posting) + "?variant=validation")
        await _fill_required(page, posting, resume)
        await page.fill("#phone", "+1 415 555 0199")
        await _submit(page)
        await expect(page.locator("#phone-error")).to_have_text("Enter a valid phone number")
        await expect(page.locator("#phone")).to_have_attribute("aria-invalid", "true")
        assert clean_sandbox.submissions() == []
        await _submit(page)
        await page.wait_for_url("**/confirmation")
    [submission] = clean_sandbox.submissions()
    assert submission.variant == "validation"
    assert submission.value("phone") == "+1 415 555 0199"
    assert _file(submission, "resume").sha256 == hashlib.sha256(PDF).hexdigest()
    posts = [r.status for r in clean_sandbox.requests("greenhouse") if r.method == "POST"]
    assert posts == [400, 303]


async def test_captcha_variant_shows_the_widget_and_refuses_the_post(
    clean_sandbox: RunningSandbox, chromium_path: Path, resume: Path
) -> None:
    posting = _posting(clean_sandbox.catalogue, checkboxes=False)
    async with _page(chromium_path) as page:
        await page.goto(job_url(clean_sandbox.url, posting) + "?variant=captcha")
        widget = page.locator("form#application-form .h-captcha")
        assert await widget.get_attribute("data-sitekey")
        src = await widget.locator("iframe").get_attribute("src") or ""
        assert "hcaptcha.com" in src
        assert src.startswith(clean_sandbox.url)
        frame = page.frame_locator(".h-captcha iframe")
        await expect(frame.get_by_label("I am human")).to_be_visible()
        await _fill_required(page, posting, resume)
        await _submit(page)
        await expect(page.locator("#form-error")).to_have_text(
            "Please complete the hCaptcha and resubmit your application."
        )
        assert page.url.endswith("?variant=captcha")
    assert clean_sandbox.submissions() == []


@pytest.mark.parametrize(
    ("variant", "marker", "frame_host", "token_field"),
    [
        ("captcha", "h-captcha", "hcaptcha.com", "h-captcha-response"),
        ("recaptcha", "g-recaptcha", "recaptcha", "g-recaptcha-response"),
        ("turnstile", "cf-turnstile", "challenges.cloudflare.com", "cf-turnstile-response"),
    ],
)
def test_captcha_variants_need_a_token(
    clean_sandbox: RunningSandbox, variant: str, marker: str, frame_host: str, token_field: str
) -> None:
    posting = _posting(clean_sandbox.catalogue, checkboxes=False)
    url = f"{job_url(clean_sandbox.url, posting)}?variant={variant}"
    with httpx.Client(trust_env=False, timeout=10) as http:
        root = lxml.html.document_fromstring(http.get(url).text)
        widget = _one(root, f"form#application-form .{marker}[data-sitekey]")
        src = _one(widget, "iframe").get("src") or ""
        assert frame_host in src
        assert http.get(src).status_code == 200
        assert widget.cssselect(f'[name="{token_field}"]')
        fields = _minimal_fields(posting)
        refused = http.post(url, data=fields, files=_resume_part())
        assert refused.status_code == 400
        assert "resubmit your application" in refused.text
        assert clean_sandbox.submissions() == []
        accepted = http.post(url, data={**fields, token_field: "tok"}, files=_resume_part())
        assert accepted.status_code == 303
    [submission] = clean_sandbox.submissions()
    assert submission.value(token_field) == "tok"


def _minimal_fields(posting: Posting, email: str = "priya@example.org") -> dict[str, str]:
    return {
        "first_name": "Priya",
        "last_name": "Raman",
        "email": email,
        _q(posting, 3): "2",
    }


def _resume_part(data: bytes = PDF) -> dict[str, tuple[str, bytes, str]]:
    return {"resume": ("cv.pdf", data, "application/pdf")}


def test_login_expired_and_unknown_variants(clean_sandbox: RunningSandbox) -> None:
    posting = _posting(clean_sandbox.catalogue, checkboxes=False)
    url = job_url(clean_sandbox.url, posting)
    with httpx.Client(trust_env=False, timeout=10) as http:
        wall = http.get(f"{url}?variant=login")
        assert wall.status_code == 200
        root = lxml.html.document_fromstring(wall.text)
        assert _text(root, "h1") == posting.title
        assert not root.cssselect("#application-form")
        assert "Sign in to apply" in _text(root, "#app")
        login = _one(root, "form#login-form")
        assert login.cssselect('input[type="email"]')
        assert login.cssselect('input[type="password"]')
        assert _text(login, 'button[type="submit"]') == "Sign in"
        tried = http.post(f"{url}?variant=login", data={"email": "a@b.co", "password": "x"})
        assert tried.status_code == 401
        assert "Invalid email or password." in tried.text
        for method in ("GET", "POST"):
            gone = http.request(method, f"{url}?variant=expired")
            assert gone.status_code == 404
            assert "This job is no longer accepting applications" in gone.text
        unknown = http.get(f"{url}?variant=nope")
        assert unknown.status_code == 400
        assert "validation" in unknown.text
        assert http.post(f"{url}?variant=nope", data=_minimal_fields(posting)).status_code == 400
    assert clean_sandbox.submissions() == []


def test_server_side_checks_refuse_and_rerender(clean_sandbox: RunningSandbox) -> None:
    posting = _posting(clean_sandbox.catalogue, checkboxes=True)
    url = job_url(clean_sandbox.url, posting)
    minimal = _minimal_fields(posting)
    bad_email = "Please enter a valid email address (example@domain.com)."
    cases: list[tuple[dict[str, str], Any, dict[str, str]]] = [
        ({"first_name": "Priya"}, None, {"last_name": REQUIRED, "resume": REQUIRED}),
        ({**minimal, "email": "priya@"}, _resume_part(), {"email": bad_email}),
        (
            {**minimal, _q(posting, 3): "7"},
            _resume_part(),
            {_q(posting, 3): "Please select a valid option."},
        ),
        (
            minimal,
            {"resume": ("cv.exe", b"MZ", "application/x-msdos")},
            {"resume": "Invalid file format selected."},
        ),
    ]
    with httpx.Client(trust_env=False, timeout=10) as http:
        for fields, files, errors in cases:
            answer = http.post(url, data=fields, files=files)
            assert answer.status_code == 400
            root = lxml.html.document_fromstring(answer.text)
            for name, message in errors.items():
                assert _text(root, f"#{name}-error") == message
                assert root.cssselect(f"#{name}")[0].get("aria-invalid") == "true"
            assert root.cssselect("#first_name")[0].get("value") == "Priya"
        ok = http.post(url, data={**_minimal_fields(posting), "resume_text": "CV"})
        assert ok.status_code == 303
        assert ok.headers["location"] == f"{url}/confirmation"
    [submission] = clean_sandbox.submissions()
    assert submission.files == ()
    assert "resume" not in submission.fields  # an empty file input is not a file
    assert submission.value("resume_text") == "CV"


async def test_concurrent_posts_are_each_recorded_once(clean_sandbox: RunningSandbox) -> None:
    posting = _posting(clean_sandbox.catalogue, checkboxes=False)
    url = job_url(clean_sandbox.url, posting)
    bodies = [os.urandom(5000 + i) for i in range(20)]
    async with httpx.AsyncClient(trust_env=False, timeout=30) as http:
        answers = await asyncio.gather(
            *(
                http.post(
                    url,
                    data=_minimal_fields(posting, email=f"p{i}@example.org"),
                    files=_resume_part(bodies[i]),
                )
                for i in range(20)
            )
        )
        assert [a.status_code for a in answers] == [303] * 20
        listed = (await http.get(f"{clean_sandbox.url}/_sandbox/submissions")).json()
        other = await http.get(f"{clean_sandbox.url}/_sandbox/submissions?platform=lever")
        assert other.json() == []
    submissions = clean_sandbox.submissions("greenhouse")
    assert len(submissions) == 20
    assert len({s.id for s in submissions}) == 20
    by_email = {s.value("email"): s for s in submissions}
    for i, body in enumerate(bodies):
        sent = by_email[f"p{i}@example.org"]
        assert _file(sent, "resume").sha256 == hashlib.sha256(body).hexdigest()
    assert listed == [s.as_dict() for s in submissions]
    with httpx.Client(trust_env=False) as http:
        assert http.post(f"{clean_sandbox.url}/_sandbox/reset").status_code == 200
    assert clean_sandbox.submissions() == []


def test_multipart_is_read_byte_for_byte() -> None:
    for size in (0, 1, 2, 1000, 70_000):
        data = os.urandom(size) + b"\r\n--x\r\n\r"
        request = httpx.Request(
            "POST",
            "http://x/",
            data={"a": ["1", "ü é"], "b": "", "c": "one\r\ntwo\n"},
            files=[("f", ("ç v.pdf", data, "application/pdf"))],
        )
        form = parse_multipart(request.headers["content-type"], request.read())
        assert form.fields == {"a": ["1", "ü é"], "b": [""], "c": ["one\r\ntwo\n"]}
        [file] = form.files
        assert (file.field, file.filename, file.size) == ("f", "ç v.pdf", len(data))
        assert file.sha256 == hashlib.sha256(data).hexdigest()
    empty_input = (
        b'--B\r\nContent-Disposition: form-data; name="g"; filename=""\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n\r\n--B--\r\n"
    )
    assert parse_multipart("multipart/form-data; boundary=B", empty_input).files == []


def test_job_page_keeps_what_readers_of_the_job_use(
    client: TestClient, catalogue: Catalogue
) -> None:
    posting = _posting(catalogue, checkboxes=False)
    root = lxml.html.document_fromstring(client.get(job_url("http://testserver", posting)).text)
    main = _one(root, "main")
    assert _text(main, "h1") == posting.title
    assert _text(main, ".company-name") == posting.company_name
    assert not main.cssselect("form")
    assert root.cssselect("#app form#application-form")


def _legacy_url(root: str, posting: Posting) -> str:
    return f"{root}/greenhouse-boards/legacy/{posting.board}/jobs/{posting.external_id}"


def _answer(index: int, key: str) -> str:
    """The legacy name of custom question ``index``'s ``key``, e.g. "[text_value]"."""
    return f"job_application[answers_attributes][{index}]{key}"


async def test_legacy_form_posts_rails_names(
    clean_sandbox: RunningSandbox, chromium_path: Path, resume: Path
) -> None:
    posting = _posting(clean_sandbox.catalogue, checkboxes=False)
    skills = posting.job.skills
    single = _answer(2, "[answer_selected_options_attributes][0][question_option_id]")
    several = _answer(3, "[answer_selected_options_attributes][][question_option_id]")
    async with _page(chromium_path) as page:
        await page.goto(_legacy_url(clean_sandbox.url, posting))
        await expect(page.locator("h1")).to_have_text(posting.title)
        await page.fill("#first_name", "Priya")
        await page.fill("#last_name", "Raman")
        await page.fill("#email", "priya@example.org")
        await page.fill("#phone", "+1 415 555 0199")
        await page.set_input_files("#resume", resume)
        await page.fill("#job_application_answers_attributes_0_text_value", "https://in/priya")
        await page.select_option(f'select[name="{single}"]', label="No")
        await page.get_by_label(skills[1], exact=True).check()
        await page.select_option("#job_application_gender", label="Decline To Self Identify")
        await page.select_option("#job_application_veteran_status", label="I don't wish to answer")
        await page.click("#submit_app")
        await page.wait_for_url("**/confirmation")
        await expect(page.locator("#application_confirmation")).to_contain_text(
            "Thank you for applying."
        )
    [submission] = clean_sandbox.submissions()
    assert submission.path.startswith("/greenhouse-boards/legacy/")
    fields = submission.fields
    assert fields["job_application[first_name]"] == ["Priya"]
    assert fields["job_application[email]"] == ["priya@example.org"]
    assert fields[_answer(0, "[text_value]")] == ["https://in/priya"]
    for index in range(5):
        number = str(int(_q(posting, index + 1).removeprefix("question_")))
        assert fields[_answer(index, "[question_id]")] == [number]
    assert fields[single] == ["2"]
    assert fields[several] == ["2"]
    assert fields["job_application[gender]"] == ["3"]
    assert fields["job_application[veteran_status]"] == ["3"]
    assert fields["job_application[race]"] == [""]
    assert _file(submission, "job_application[resume]").sha256 == hashlib.sha256(PDF).hexdigest()


def test_legacy_form_is_checked_by_the_server(clean_sandbox: RunningSandbox) -> None:
    posting = _posting(clean_sandbox.catalogue, checkboxes=True)
    url = _legacy_url(clean_sandbox.url, posting)
    single = _answer(2, "[answer_selected_options_attributes][0][question_option_id]")
    fields = {
        "job_application[first_name]": "Priya",
        "job_application[last_name]": "Raman",
        "job_application[email]": "priya@example.org",
        single: "1",
    }
    with httpx.Client(trust_env=False, timeout=10) as http:
        page = lxml.html.document_fromstring(http.get(url).text)
        assert not page.cssselect('[role="combobox"]')
        assert _one(page, "#submit_app").get("type") == "submit"
        refused = http.post(url, data={"job_application[first_name]": "Priya"})
        assert refused.status_code == 400
        root = lxml.html.document_fromstring(refused.text)
        assert _text(root, "#error_flash") == "Please complete all required fields."
        assert _text(root, "#last_name_error") == REQUIRED
        assert _text(root, "#resume_error") == REQUIRED
        assert _one(root, "#first_name").get("value") == "Priya"
        first = http.post(f"{url}?variant=validation", data=fields, files=_legacy_resume())
        assert first.status_code == 400
        assert "Enter a valid phone number" in first.text
        second = http.post(f"{url}?variant=validation", data=fields, files=_legacy_resume())
        assert second.status_code == 303
        assert second.headers["location"] == f"{url}/confirmation"
    [submission] = clean_sandbox.submissions()
    assert submission.variant == "validation"
    assert submission.fields[single] == ["1"]


def _legacy_resume() -> dict[str, tuple[str, bytes, str]]:
    return {"job_application[resume]": ("cv.pdf", PDF, "application/pdf")}
