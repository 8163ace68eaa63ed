"""The Lever and Ashby application forms in the sandbox, driven by hand and by the apply engine.

Every test asserts what the sandbox recorded (the final POST, field by field, files by SHA-256),
as the Greenhouse form's tests do: that each form posts what a person entered, in the platform's
own names and values, that refused posts record nothing, and that each ``?variant=`` behaves.
The last tests run the project's apply engine against both forms and assert its submission the
same way: Lever's card questions and unlabelled EEO selects, its type=button submit behind an
invisible hCaptcha, and Ashby's form-less page with aria-pressed Yes/No buttons.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import httpx
import lxml.html
import pytest
from fastapi.testclient import TestClient
from lxml.html import HtmlElement
from playwright.async_api import Locator, Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db.models import Job as JobRow
from sandbox.applications import ashby, lever
from sandbox.applications.checks import BAD_EMAIL, BAD_FILETYPE, BAD_OPTION
from sandbox.applications.variants import INVISIBLE_PASS_TOKEN, PHONE_REFUSAL
from sandbox.catalogue import Catalogue, Posting
from sandbox.links import ats_apply_url
from sandbox.server import RunningSandbox
from tests.forms.test_apply_sandbox import _run
from tests.sandbox.test_application_forms import PDF, REQUIRED, _choose, _file, _one, _page, _text

ROOT = "http://testserver"
LEVER_DECLINE = "Decline to self-identify"
ERRORED = re.compile(r"\bapplication-question--error\b")
HCAPTCHA_REFUSAL = "Please complete the hCaptcha and resubmit your application."


@pytest.fixture
def resume(tmp_path: Path) -> Path:
    path = tmp_path / "Priya Raman CV.pdf"
    path.write_bytes(PDF)
    return path


def _pdf_sha() -> str:
    return hashlib.sha256(PDF).hexdigest()


def _posts(sandbox: RunningSandbox, platform: str) -> list[int]:
    return [r.status for r in sandbox.requests(platform) if r.method == "POST"]


def _assert_only_viewed(sandbox: RunningSandbox, platform: str) -> None:
    """The page was loaded once and nothing was posted or recorded."""
    assert sandbox.submissions() == []
    assert [r.method for r in sandbox.requests(platform)] == ["GET"]


def _doc(answer: httpx.Response) -> HtmlElement:
    return lxml.html.document_fromstring(answer.text)


# --- Lever ---------------------------------------------------------------------------------


def _lever(catalogue: Catalogue, platform: str = "lever") -> Posting:
    return catalogue.postings(platform)[0]


def _card_names(posting: Posting) -> tuple[lever.Card, lever.Card, list[str]]:
    """The posting's two cards and its answers' names: authorized, sponsorship, heard, why,
    skills."""
    work, more = lever.cards(posting)
    return work, more, [f.question.name for card in (work, more) for f in card.fields]


def _lever_fields(posting: Posting, **extra: str) -> dict[str, str]:
    """The smallest POST Lever accepts: required answers, card templates, the hCaptcha token."""
    work, more, (authorized, sponsorship, *_) = _card_names(posting)
    return {
        "name": "Priya Raman",
        "email": "priya@example.org",
        authorized: "Yes",
        sponsorship: "No",
        work.template_name: work.template_json,
        more.template_name: more.template_json,
        "h-captcha-response": INVISIBLE_PASS_TOKEN,
        **extra,
    }


def _lever_resume(data: bytes = PDF, name: str = "cv.pdf") -> dict[str, tuple[str, bytes, str]]:
    return {"resume": (name, data, "application/pdf")}


def _question(page: Page, name: str) -> Locator:
    return page.locator(f'li.application-question[data-field="{name}"]')


async def _fill_lever_required(page: Page, posting: Posting, resume: Path) -> None:
    _, _, (authorized, sponsorship, *_) = _card_names(posting)
    await page.set_input_files('input[name="resume"]', resume)
    await page.fill('input[name="name"]', "Priya Raman")
    await page.fill('input[name="email"]', "priya@example.org")
    await page.check(f'input[name="{authorized}"][value="Yes"]')
    await page.check(f'input[name="{sponsorship}"][value="No"]')


async def test_lever_hand_filled_form_is_recorded_field_by_field(
    clean_sandbox: RunningSandbox, chromium_path: Path, resume: Path
) -> None:
    posting = _lever(clean_sandbox.catalogue)
    work, more, (authorized, sponsorship, heard, why, skills) = _card_names(posting)
    picked = [posting.job.skills[0], posting.job.skills[2]]
    url = ats_apply_url(clean_sandbox.url, posting)
    async with _page(chromium_path) as page:
        await page.goto(url)
        await expect(page.locator("h1")).to_have_text(posting.title)
        widget = page.locator('form#application-form #h-captcha.h-captcha[data-size="invisible"]')
        await expect(widget.locator("iframe")).to_be_hidden()
        await page.set_input_files("#resume-upload-input", resume)
        await expect(page.locator(".visible-resume-upload .filename")).to_have_text(resume.name)
        await page.get_by_label("Full name").fill("Priya Raman")
        await page.fill('input[name="email"]', "priya@example.org")
        await page.fill('input[name="phone"]', "+1 415 555 0199")
        await page.fill('input[name="location"]', "San Francisco, CA")
        await page.fill('input[name="org"]', "Tidewater Analytics")
        await page.fill('input[name="urls[LinkedIn]"]', "https://www.linkedin.com/in/priyaraman")
        await page.fill('input[name="urls[GitHub]"]', "https://github.com/praman")
        await _question(page, authorized).get_by_text("Yes", exact=True).click()
        await _question(page, sponsorship).get_by_text("No", exact=True).click()
        await page.select_option(f'select[name="{heard}"]', label="LinkedIn")
        await page.fill(f'textarea[name="{why}"]', "Your data platform.\nAnd the team.")
        for skill in picked:
            await _question(page, skills).get_by_text(skill, exact=True).click()
        await page.select_option('select[name="eeo[gender]"]', label=LEVER_DECLINE)
        await page.select_option('select[name="eeo[race]"]', label="Asian (Not Hispanic or Latino)")
        await page.select_option('select[name="eeo[veteran]"]', label="I am not a veteran")
        await page.select_option('select[name="eeo[disability]"]', label="I do not want to answer")
        await page.fill("#additional-information", "Available from May.")
        await page.check('input[type="checkbox"][name="consent[marketing]"]')
        await page.click("#btn-submit")
        await page.wait_for_url("**/thanks")
        await expect(page.locator('[data-qa="msg-submit-success"]')).to_have_text(
            "Application submitted!"
        )
        await expect(page.locator("body")).to_contain_text("Thank you for applying")
    [submission] = clean_sandbox.submissions("lever")
    assert (submission.board, submission.external_id) == (posting.board, posting.external_id)
    assert submission.path == f"/lever-jobs/{posting.board}/{posting.external_id}/apply"
    assert submission.variant is None
    assert submission.fields == {
        "name": ["Priya Raman"],
        "email": ["priya@example.org"],
        "phone": ["+1 415 555 0199"],
        "location": ["San Francisco, CA"],
        "org": ["Tidewater Analytics"],
        "urls[LinkedIn]": ["https://www.linkedin.com/in/priyaraman"],
        "urls[GitHub]": ["https://github.com/praman"],
        "urls[Portfolio]": [""],
        "urls[Other]": [""],
        work.template_name: [work.template_json],
        authorized: ["Yes"],
        sponsorship: ["No"],
        more.template_name: [more.template_json],
        heard: ["LinkedIn"],
        why: ["Your data platform.\r\nAnd the team."],
        skills: picked,
        "eeo[gender]": [LEVER_DECLINE],
        "eeo[race]": ["Asian (Not Hispanic or Latino)"],
        "eeo[veteran]": ["I am not a veteran"],
        "eeo[disability]": ["I do not want to answer"],
        "comments": ["Available from May."],
        "consent[marketing]": ["0", "1"],
        "h-captcha-response": [INVISIBLE_PASS_TOKEN],
    }
    assert [(f.field, f.filename, f.size) for f in submission.files] == [
        ("resume", resume.name, len(PDF))
    ]
    assert _file(submission, "resume").sha256 == _pdf_sha()
    assert json.loads(work.template_json)["fields"][0]["text"] == (
        "Are you legally authorized to work in the United States?"
    )


async def test_lever_client_side_checks_post_nothing(
    clean_sandbox: RunningSandbox, chromium_path: Path
) -> None:
    posting = _lever(clean_sandbox.catalogue)
    _, _, (authorized, sponsorship, *_) = _card_names(posting)
    required = ["resume", "name", "email", authorized, sponsorship]
    async with _page(chromium_path) as page:
        await page.goto(ats_apply_url(clean_sandbox.url, posting))
        await page.click("#btn-submit")
        for name in required:
            await expect(_question(page, name).locator(".error-message")).to_have_text(REQUIRED)
            await expect(_question(page, name)).to_have_class(ERRORED)
        assert await page.locator(".error-message").count() == len(required)
        await expect(page.locator("#resume-upload-input")).to_be_focused()
        await page.fill('input[name="name"]', "Priya Raman")
        await expect(_question(page, "name").locator(".error-message")).to_have_count(0)
        await page.check(f'input[name="{sponsorship}"][value="No"]')
        await expect(_question(page, sponsorship).locator(".error-message")).to_have_count(0)
        await page.fill('input[name="email"]', "priya at example")
        await page.click("#btn-submit")
        await expect(_question(page, "email").locator(".error-message")).to_have_text(BAD_EMAIL)
        assert await page.locator('[name="h-captcha-response"]').input_value() == ""
    _assert_only_viewed(clean_sandbox, "lever")


async def test_lever_captcha_variant_challenges_instead_of_posting(
    clean_sandbox: RunningSandbox, chromium_path: Path, resume: Path
) -> None:
    posting = _lever(clean_sandbox.catalogue)
    async with _page(chromium_path) as page:
        await page.goto(ats_apply_url(clean_sandbox.url, posting) + "?variant=captcha")
        widget = page.locator('#h-captcha.h-captcha[data-size="invisible"]')
        await expect(widget.locator("iframe")).to_be_hidden()
        await expect(page.locator("iframe:visible")).to_have_count(0)
        await _fill_lever_required(page, posting, resume)
        await page.click("#btn-submit")
        challenge = page.locator('iframe[data-frame="challenge"]')
        await expect(challenge).to_be_visible()
        src = await challenge.get_attribute("src") or ""
        assert "hcaptcha.com" in src
        assert src.endswith("#frame=challenge")
        assert await challenge.evaluate("f => !f.closest('.h-captcha')")
        frame = page.frame_locator('iframe[data-frame="challenge"]')
        await expect(frame.get_by_label("I am human")).to_be_visible()
        await frame.get_by_label("I am human").check()
        await page.click("#btn-submit")
        await page.wait_for_timeout(300)
        assert await page.locator('[name="h-captcha-response"]').input_value() == ""
        assert page.url.endswith("/apply?variant=captcha")
    assert clean_sandbox.submissions() == []
    assert _posts(clean_sandbox, "lever") == []


async def test_lever_validation_variant_refuses_the_first_post(
    clean_sandbox: RunningSandbox, chromium_path: Path, resume: Path
) -> None:
    posting = _lever(clean_sandbox.catalogue)
    _, _, (authorized, *_) = _card_names(posting)
    async with _page(chromium_path) as page:
        await page.goto(ats_apply_url(clean_sandbox.url, posting) + "?variant=validation")
        await _fill_lever_required(page, posting, resume)
        await page.fill('input[name="phone"]', "+1 415 555 0199")
        await page.click("#btn-submit")
        await expect(_question(page, "phone").locator(".error-message")).to_have_text(PHONE_REFUSAL)
        await expect(page.locator("#form-error")).to_have_text(
            "Please correct the errors below and try again."
        )
        await expect(page.locator('input[name="name"]')).to_have_value("Priya Raman")
        await expect(page.locator(f'input[name="{authorized}"][value="Yes"]')).to_be_checked()
        await page.click("#btn-submit")  # a full-page POST: the resume must be attached again
        await expect(_question(page, "resume").locator(".error-message")).to_have_text(REQUIRED)
        await page.set_input_files("#resume-upload-input", resume)
        await page.click("#btn-submit")
        await page.wait_for_url("**/thanks")
    [submission] = clean_sandbox.submissions("lever")
    assert submission.variant == "validation"
    assert submission.value("phone") == "+1 415 555 0199"
    assert submission.value("h-captcha-response") == INVISIBLE_PASS_TOKEN
    assert _file(submission, "resume").sha256 == _pdf_sha()
    assert _posts(clean_sandbox, "lever") == [400, 303]


def test_lever_server_side_checks_refuse_and_rerender(clean_sandbox: RunningSandbox) -> None:
    posting = _lever(clean_sandbox.catalogue)
    _, _, (authorized, _, heard, *_) = _card_names(posting)
    url = ats_apply_url(clean_sandbox.url, posting)
    cases: list[tuple[dict[str, str], Any, dict[str, str]]] = [
        ({"name": "Priya"}, None, {"email": REQUIRED, "resume": REQUIRED, authorized: REQUIRED}),
        (_lever_fields(posting, email="priya@"), _lever_resume(), {"email": BAD_EMAIL}),
        (
            _lever_fields(posting, **{authorized: "Maybe"}),
            _lever_resume(),
            {authorized: BAD_OPTION},
        ),
        (_lever_fields(posting, **{heard: "A friend"}), _lever_resume(), {heard: BAD_OPTION}),
        (
            _lever_fields(posting, **{"eeo[gender]": "Decline To Self Identify"}),
            _lever_resume(),
            {"eeo[gender]": BAD_OPTION},
        ),
        (_lever_fields(posting), _lever_resume(b"MZ", "cv.exe"), {"resume": BAD_FILETYPE}),
    ]
    with httpx.Client(trust_env=False, timeout=10) as http:
        for fields, files, errors in cases:
            answer = http.post(url, data=fields, files=files)
            assert answer.status_code == 400, fields
            root = _doc(answer)
            for name, message in errors.items():
                assert _text(root, f'li[data-field="{name}"] .error-message') == message
            assert _one(root, 'input[name="name"]').get("value") == fields["name"]
        untokened = {k: v for k, v in _lever_fields(posting).items() if k != "h-captcha-response"}
        refused = http.post(url, data=untokened, files=_lever_resume())
        assert refused.status_code == 400
        assert _text(_doc(refused), "#form-error") == HCAPTCHA_REFUSAL
        assert clean_sandbox.submissions() == []
        accepted = http.post(url, data=_lever_fields(posting), files=_lever_resume())
        assert accepted.status_code == 303
        assert accepted.headers["location"] == url.removesuffix("/apply") + "/thanks"
        thanks = http.get(accepted.headers["location"])
        assert "Application submitted!" in thanks.text
    [submission] = clean_sandbox.submissions("lever")
    assert submission.value("email") == "priya@example.org"
    assert _file(submission, "resume").filename == "cv.pdf"


def test_the_eu_region_serves_the_same_form(clean_sandbox: RunningSandbox) -> None:
    posting = _lever(clean_sandbox.catalogue, "lever_eu")
    url = ats_apply_url(clean_sandbox.url, posting)
    assert "/lever-eu-jobs/" in url
    with httpx.Client(trust_env=False, timeout=10) as http:
        page = _doc(http.get(url))
        assert _one(page, "form#application-form").get("action") == url
        accepted = http.post(url, data=_lever_fields(posting), files=_lever_resume())
        assert accepted.status_code == 303
        us = http.get(url.replace("/lever-eu-jobs/", "/lever-jobs/"))
        assert us.status_code == 404
    [submission] = clean_sandbox.submissions()
    assert submission.platform == "lever_eu"


def test_lever_page_reads_as_lever_does(client: TestClient, catalogue: Catalogue) -> None:
    for posting in catalogue.postings("lever")[:4]:
        root = lxml.html.document_fromstring(client.get(ats_apply_url(ROOT, posting)).text)
        form = _one(root, "form#application-form")
        assert form.get("enctype") == "multipart/form-data"
        for question in lever.form_fields(posting):
            assert form.cssselect(f'[name="{question.name}"]'), question.name
        submit = _one(form, "#btn-submit")
        assert (submit.get("type"), submit.text_content()) == ("button", "Submit application")
        assert not form.cssselect('[type="submit"]')
        widget = _one(form, ".h-captcha")
        assert widget.get("data-size") == "invisible"
        assert widget.cssselect('textarea[name="h-captcha-response"]')
        for card in lever.cards(posting):
            template = _one(form, f'input[type="hidden"][name="{card.template_name}"]')
            assert json.loads(template.get("value") or "") == card.template
            for field in card.fields:
                item = _one(form, f'li[data-field="{field.question.name}"]')
                shown = _text(item, ".application-label .text").rstrip("✱")
                assert shown == field.question.label
                assert not list(item.cssselect(".application-label")[0].iterancestors("label"))
            for field in card.fields:
                if field.lever_type not in ("multiple-choice", "multiple-select"):
                    continue
                option = form.cssselect(f'[name="{field.question.name}"]')[0]
                label = next(option.iterancestors("label"))
                assert label.text_content() == field.question.options[0].label
        for eeo in lever.EEO:
            select = _one(form, f'select[name="{eeo.name}"]')
            assert not list(select.iterancestors("label"))
            assert [o.text_content() for o in select.cssselect("option")][1:] == [
                o.label for o in eeo.options
            ]
        name = _one(form, 'input[name="name"]')
        assert next(name.iterancestors("label")).text_content() == "Full name✱"


# --- Ashby ---------------------------------------------------------------------------------


def _ashby(catalogue: Catalogue) -> Posting:
    return catalogue.postings("ashby")[0]


def _path(posting: Posting, key: str) -> str:
    return ashby.custom_path(posting, key)


def _ashby_fields(posting: Posting, **extra: str) -> dict[str, str]:
    """The smallest POST Ashby accepts (with `_ashby_resume`)."""
    return {
        "_systemfield_name": "Priya Raman",
        "_systemfield_email": "priya@example.org",
        _path(posting, "authorized"): "true",
        _path(posting, "sponsorship"): "false",
        **extra,
    }


def _ashby_resume(data: bytes = PDF, name: str = "cv.pdf") -> dict[str, tuple[str, bytes, str]]:
    return {"_systemfield_resume": (name, data, "application/pdf")}


def _entry(page: Page, path: str) -> Locator:
    return page.locator(f'.ashby-application-form-field-entry[data-field-path="{path}"]')


def _submit(page: Page) -> Any:
    return page.get_by_role("button", name="Submit Application").click()


async def _fill_ashby_required(page: Page, posting: Posting, resume: Path) -> None:
    await page.fill("#_systemfield_name", "Priya Raman")
    await page.fill("#_systemfield_email", "priya@example.org")
    await page.set_input_files("#_systemfield_resume", resume)
    await _entry(page, _path(posting, "authorized")).get_by_role("button", name="Yes").click()
    await _entry(page, _path(posting, "sponsorship")).get_by_role("button", name="No").click()


async def test_ashby_hand_filled_form_is_recorded_field_by_field(
    clean_sandbox: RunningSandbox, chromium_path: Path, resume: Path
) -> None:
    posting = _ashby(clean_sandbox.catalogue)
    url = ats_apply_url(clean_sandbox.url, posting)
    paths = {key: _path(posting, key) for key in ("phone", "linkedin", "heard", "why", "skills")}
    picked = [posting.job.skills[0], posting.job.skills[2]]
    async with _page(chromium_path) as page:
        await page.goto(url)
        await expect(page.locator("#app form")).to_have_count(0)
        await page.get_by_label("Name", exact=True).fill("Priya Raman")
        await page.fill("#_systemfield_email", "priya@example.org")
        await page.locator(f'[id="{paths["phone"]}"]').fill("+1 415 555 0199")
        async with page.expect_file_chooser() as chooser:
            await page.get_by_role("button", name="Upload File").click()
        await (await chooser.value).set_files(resume)
        await expect(page.locator('[data-filename="_systemfield_resume"]')).to_have_text(
            resume.name
        )
        await _choose(page, "_systemfield_location", "berl", "Berlin, Berlin, Germany")
        await page.get_by_label("LinkedIn Profile").fill("https://www.linkedin.com/in/priyaraman")
        authorized = _entry(page, _path(posting, "authorized"))
        await authorized.get_by_role("button", name="Yes").click()
        await expect(authorized.get_by_role("button", name="Yes")).to_have_attribute(
            "aria-pressed", "true"
        )
        await _entry(page, _path(posting, "sponsorship")).get_by_role("button", name="No").click()
        heard = page.locator(f'[id="{paths["heard"]}"]')
        await heard.focus()
        await page.keyboard.type("Linked")
        await page.keyboard.press("Enter")
        await expect(_entry(page, paths["heard"]).locator(".select__single-value")).to_have_text(
            "LinkedIn"
        )
        await page.locator(f'[id="{paths["why"]}"]').fill("Your data platform.")
        for skill in picked:
            await _entry(page, paths["skills"]).get_by_label(skill, exact=True).check()
        await _entry(page, "_systemfield_eeoc_gender").get_by_label(LEVER_DECLINE).check()
        veteran = _entry(page, "_systemfield_eeoc_veteran_status")
        await veteran.get_by_label("I am not a protected veteran").check()
        await _submit(page)
        success = page.locator(".ashby-application-form-success-container")
        await expect(success).to_contain_text("Thanks for applying")
        await expect(page.locator(".ashby-application-form-container")).to_have_count(0)
        assert page.url == url
    [submission] = clean_sandbox.submissions("ashby")
    assert submission.path == f"/ashby-jobs/{posting.board}/{posting.external_id}/application"
    assert submission.fields == {
        "_systemfield_name": ["Priya Raman"],
        "_systemfield_email": ["priya@example.org"],
        paths["phone"]: ["+1 415 555 0199"],
        "_systemfield_location": ["Berlin, Berlin, Germany"],
        paths["linkedin"]: ["https://www.linkedin.com/in/priyaraman"],
        _path(posting, "authorized"): ["true"],
        _path(posting, "sponsorship"): ["false"],
        paths["heard"]: ["LinkedIn"],
        paths["why"]: ["Your data platform."],
        paths["skills"]: picked,
        "_systemfield_eeoc_gender": [LEVER_DECLINE],
        "_systemfield_eeoc_veteran_status": ["I am not a protected veteran"],
    }
    assert [(f.field, f.filename, f.size) for f in submission.files] == [
        ("_systemfield_resume", resume.name, len(PDF))
    ]
    assert _file(submission, "_systemfield_resume").sha256 == _pdf_sha()


async def test_ashby_yes_no_buttons_toggle_like_ashbys(
    clean_sandbox: RunningSandbox, chromium_path: Path
) -> None:
    posting = _ashby(clean_sandbox.catalogue)
    path = _path(posting, "authorized")
    async with _page(chromium_path) as page:
        await page.goto(ats_apply_url(clean_sandbox.url, posting))
        entry = _entry(page, path)
        heading = entry.locator("label._heading")
        assert await heading.get_attribute("for") == path
        await expect(page.locator(f'[id="{path}"]')).to_have_count(0)  # the label names nothing
        yes, no = entry.get_by_role("button", name="Yes"), entry.get_by_role("button", name="No")
        box = entry.locator(f'input[type="checkbox"][name="{path}"]')
        await expect(box).to_be_hidden()

        async def state() -> tuple[str | None, str | None, bool]:
            return (
                await yes.get_attribute("aria-pressed"),
                await no.get_attribute("aria-pressed"),
                await box.is_checked(),
            )

        assert await state() == ("false", "false", False)
        await yes.click()
        await expect(yes).to_have_attribute("aria-pressed", "true")
        assert await state() == ("true", "false", True)
        await no.click()
        await expect(no).to_have_attribute("aria-pressed", "true")
        assert await state() == ("false", "true", False)
        await no.click()
        await expect(no).to_have_attribute("aria-pressed", "false")
        assert await state() == ("false", "false", False)
        await box.dispatch_event("click")
        await expect(yes).to_have_attribute("aria-pressed", "true")
        assert await state() == ("true", "false", True)


async def test_ashby_client_side_checks_post_nothing(
    clean_sandbox: RunningSandbox, chromium_path: Path
) -> None:
    posting = _ashby(clean_sandbox.catalogue)
    required = [
        "_systemfield_name",
        "_systemfield_email",
        "_systemfield_resume",
        _path(posting, "authorized"),
        _path(posting, "sponsorship"),
    ]
    async with _page(chromium_path) as page:
        await page.goto(ats_apply_url(clean_sandbox.url, posting))
        await _submit(page)
        await expect(page.locator("#form-error")).to_have_text("Your form needs corrections")
        for path in required:
            await expect(page.locator(f'[id="{path}-error"]')).to_have_text(REQUIRED)
        assert await page.locator(".ashby-application-form-field-error").count() == len(required)
        await expect(page.locator("#_systemfield_name")).to_be_focused()
        sponsorship = _entry(page, _path(posting, "sponsorship"))
        await sponsorship.get_by_role("button", name="No").click()
        await expect(sponsorship.locator(".ashby-application-form-field-error")).to_have_count(0)
        await page.fill("#_systemfield_email", "priya at example")
        await _submit(page)
        await expect(page.locator('[id="_systemfield_email-error"]')).to_have_text(BAD_EMAIL)
    _assert_only_viewed(clean_sandbox, "ashby")


async def test_ashby_captcha_variant_is_refused_in_place(
    clean_sandbox: RunningSandbox, chromium_path: Path, resume: Path
) -> None:
    posting = _ashby(clean_sandbox.catalogue)
    url = ats_apply_url(clean_sandbox.url, posting) + "?variant=captcha"
    async with _page(chromium_path) as page:
        await page.goto(url)
        widget = page.locator(".ashby-application-form-container .h-captcha[data-sitekey]")
        await expect(widget.locator("iframe")).to_be_visible()
        await _fill_ashby_required(page, posting, resume)
        await _submit(page)
        await expect(page.locator("#form-error")).to_have_text(HCAPTCHA_REFUSAL)
        await expect(page.locator('[data-filename="_systemfield_resume"]')).to_have_text(
            resume.name
        )
        assert page.url == url
    assert clean_sandbox.submissions() == []
    assert _posts(clean_sandbox, "ashby") == [400]


async def test_ashby_validation_variant_keeps_the_page_and_its_files(
    clean_sandbox: RunningSandbox, chromium_path: Path, resume: Path
) -> None:
    posting = _ashby(clean_sandbox.catalogue)
    phone = _path(posting, "phone")
    async with _page(chromium_path) as page:
        await page.goto(ats_apply_url(clean_sandbox.url, posting) + "?variant=validation")
        await _fill_ashby_required(page, posting, resume)
        await page.locator(f'[id="{phone}"]').fill("+1 415 555 0199")
        await _submit(page)
        await expect(page.locator(f'[id="{phone}-error"]')).to_have_text(PHONE_REFUSAL)
        await expect(page.locator("#form-error")).to_have_text("Your form needs corrections")
        await _submit(page)
        await expect(page.locator(".ashby-application-form-success-container")).to_be_visible()
    [submission] = clean_sandbox.submissions("ashby")
    assert submission.variant == "validation"
    assert submission.value(phone) == "+1 415 555 0199"
    assert _file(submission, "_systemfield_resume").sha256 == _pdf_sha()
    assert _posts(clean_sandbox, "ashby") == [400, 303]


def test_ashby_server_side_checks_refuse_and_rerender(clean_sandbox: RunningSandbox) -> None:
    posting = _ashby(clean_sandbox.catalogue)
    url = ats_apply_url(clean_sandbox.url, posting)
    authorized, heard = _path(posting, "authorized"), _path(posting, "heard")
    cases: list[tuple[dict[str, str], Any, dict[str, str]]] = [
        (
            {"_systemfield_name": "Priya"},
            None,
            {"_systemfield_email": REQUIRED, "_systemfield_resume": REQUIRED, authorized: REQUIRED},
        ),
        (
            _ashby_fields(posting, _systemfield_email="p@"),
            _ashby_resume(),
            {"_systemfield_email": BAD_EMAIL},
        ),
        (_ashby_fields(posting, **{authorized: "yes"}), _ashby_resume(), {authorized: BAD_OPTION}),
        (_ashby_fields(posting, **{heard: "A friend"}), _ashby_resume(), {heard: BAD_OPTION}),
        (
            _ashby_fields(posting, _systemfield_location="Atlantis"),
            _ashby_resume(),
            {"_systemfield_location": BAD_OPTION},
        ),
        (
            _ashby_fields(posting),
            _ashby_resume(b"MZ", "cv.exe"),
            {"_systemfield_resume": BAD_FILETYPE},
        ),
    ]
    with httpx.Client(trust_env=False, timeout=10) as http:
        for fields, files, errors in cases:
            answer = http.post(url, data=fields, files=files)
            assert answer.status_code == 400, fields
            root = _doc(answer)
            assert _text(root, "#form-error") == "Your form needs corrections"
            for path, message in errors.items():
                assert _text(root, f'[id="{path}-error"]') == message
            assert _one(root, "#_systemfield_name").get("value") == fields["_systemfield_name"]
        accepted = http.post(url, data=_ashby_fields(posting), files=_ashby_resume())
        assert accepted.status_code == 303
        assert accepted.headers["location"] == f"{url}/confirmation"
        done = _doc(http.get(accepted.headers["location"]))
        assert "Thanks for applying" in _text(done, ".ashby-application-form-success-container")
    [submission] = clean_sandbox.submissions("ashby")
    assert submission.value(authorized) == "true"


def test_ashby_page_matches_its_form_definition(client: TestClient, catalogue: Catalogue) -> None:
    for posting in catalogue.postings("ashby")[:4]:
        text = client.get(ats_apply_url(ROOT, posting)).text
        root = lxml.html.document_fromstring(text)
        app = _one(root, "#app")
        assert not app.cssselect("form")
        data = json.loads(text.split("window.__appData = ", 1)[1].split(";</script>", 1)[0])
        assert data["applicationForm"] == ashby.form_definition(posting)
        options = json.loads(_text(root, "script#select-options"))
        entries = [e for s in data["applicationForm"]["sections"] for e in s["fieldEntries"]]
        assert len(entries) == len(app.cssselect("[data-field-path]"))
        for entry in entries:
            field = entry["field"]
            box = _one(app, f'[data-field-path="{field["path"]}"]')
            label = _one(box, f'label[for="{field["path"]}"]')
            assert label.text_content().rstrip("*") == field["title"]
            assert box.get("data-required") == ("true" if entry["isRequired"] else "false")
            if field["type"] == "Boolean":
                pressed = [b.get("aria-pressed") for b in box.cssselect("button._option")]
                assert pressed == ["false", "false"]
                [mirror] = box.cssselect(f'input[type="checkbox"][name="{field["path"]}"]')
                assert mirror.get("id") is None
            if field["type"] == "ValueSelect" and field["path"] in options:
                assert options[field["path"]] == field["selectableValues"]
        locations = options["_systemfield_location"]
        assert [o["label"] for o in locations] == list(ashby.LOCATIONS)
        submit = _one(app, ".ashby-application-form-submit-button")
        assert (submit.get("type"), submit.text_content()) == ("submit", "Submit Application")


@pytest.mark.parametrize("platform", ["lever", "ashby"])
@pytest.mark.parametrize(
    ("variant", "marker", "token_field"),
    [
        ("captcha", "h-captcha", "h-captcha-response"),
        ("recaptcha", "g-recaptcha", "g-recaptcha-response"),
        ("turnstile", "cf-turnstile", "cf-turnstile-response"),
    ],
)
def test_captcha_variants_need_their_token(
    clean_sandbox: RunningSandbox, platform: str, variant: str, marker: str, token_field: str
) -> None:
    posting = clean_sandbox.catalogue.postings(platform)[1]
    url = f"{ats_apply_url(clean_sandbox.url, posting)}?variant={variant}"
    fields, files = _minimal(posting)
    fields.pop("h-captcha-response", None)
    with httpx.Client(trust_env=False, timeout=10) as http:
        root = _doc(http.get(url))
        widget = _one(root, f"#app .{marker}[data-sitekey]")
        assert widget.cssselect(f'[name="{token_field}"]')
        src = _one(widget, "iframe").get("src") or ""
        assert http.get(src).status_code == 200
        refused = http.post(url, data=fields, files=files)
        assert refused.status_code == 400
        assert "resubmit your application" in _text(_doc(refused), "#form-error")
        assert clean_sandbox.submissions() == []
        accepted = http.post(url, data={**fields, token_field: "tok"}, files=files)
        assert accepted.status_code == 303
    [submission] = clean_sandbox.submissions(platform)
    assert submission.value(token_field) == "tok"
    assert submission.variant == variant


def _minimal(posting: Posting) -> tuple[dict[str, str], dict[str, tuple[str, bytes, str]]]:
    if posting.platform == "ashby":
        return _ashby_fields(posting), _ashby_resume()
    return _lever_fields(posting), _lever_resume()


@pytest.mark.parametrize("platform", ["lever", "ashby"])
def test_login_expired_and_unknown_variants(clean_sandbox: RunningSandbox, platform: str) -> None:
    posting = clean_sandbox.catalogue.postings(platform)[2]
    url = ats_apply_url(clean_sandbox.url, posting)
    fields, files = _minimal(posting)
    with httpx.Client(trust_env=False, timeout=10) as http:
        wall = _doc(http.get(f"{url}?variant=login"))
        assert _text(wall, "h1") == posting.title
        assert "Sign in to apply" in _text(wall, "#app")
        assert not wall.cssselect("#app [data-field], #app [data-field-path]")
        tried = http.post(f"{url}?variant=login", data={"email": "a@b.co", "password": "x"})
        assert tried.status_code == 401
        for method in ("GET", "POST"):
            gone = http.request(method, f"{url}?variant=expired")
            assert gone.status_code == 404
            assert "This job is no longer accepting applications" in gone.text
        assert http.get(f"{url}?variant=nope").status_code == 400
        assert http.post(f"{url}?variant=nope", data=fields, files=files).status_code == 400
        first = http.post(f"{url}?variant=validation", data=fields, files=files)
        assert first.status_code == 400
        assert PHONE_REFUSAL in first.text
        assert http.post(f"{url}?variant=validation", data=fields, files=files).status_code == 303
    [submission] = clean_sandbox.submissions(platform)
    assert submission.variant == "validation"


# --- the apply engine against both forms ----------------------------------------------------


def _sent_resume_sha(tmp_path: Path) -> str:
    return hashlib.sha256((tmp_path / "priya-raman.pdf").read_bytes()).hexdigest()


def test_the_engine_submits_the_lever_form(
    clean_sandbox: RunningSandbox,
    chromium_path: Path,
    tmp_path: Path,
    sessions: sessionmaker[Session],
) -> None:
    posting = _lever(clean_sandbox.catalogue)
    _, _, (authorized, sponsorship, *_) = _card_names(posting)
    report = _run(ats_apply_url(clean_sandbox.url, posting), tmp_path, sessions)
    assert report.status == "submitted", report.reason
    [sent] = clean_sandbox.submissions("lever")
    assert sent.value("name") == "Priya Raman"
    assert sent.value("email") == "priya.raman@example.org"
    assert sent.value(authorized) == "Yes"
    assert sent.value(sponsorship) == "No"
    for eeo in ("eeo[gender]", "eeo[race]", "eeo[veteran]"):
        assert sent.value(eeo) == LEVER_DECLINE, eeo
    assert sent.value("eeo[disability]") == "I do not want to answer"
    assert sent.value("h-captcha-response") == INVISIBLE_PASS_TOKEN
    assert _file(sent, "resume").sha256 == _sent_resume_sha(tmp_path)


def test_two_lever_postings_are_two_jobs_and_both_are_sent(
    clean_sandbox: RunningSandbox,
    chromium_path: Path,
    tmp_path: Path,
    sessions: sessionmaker[Session],
) -> None:
    """Lever's pages carry an invisible hCaptcha; it guards the submit, not the job's page, so
    each posting is read as its own job and neither is refused as the other's repeat."""
    first, second = [p for p in clean_sandbox.catalogue.postings("lever") if not p.is_repost][:2]
    assert first.title != second.title
    for posting in (first, second):
        report = _run(ats_apply_url(clean_sandbox.url, posting), tmp_path, sessions)
        assert report.status == "submitted", report.reason
    assert [s.external_id for s in clean_sandbox.submissions("lever")] == [
        first.external_id,
        second.external_id,
    ]
    with sessions() as session:
        titles = set(session.scalars(select(JobRow.title)))
    assert {first.title, second.title} <= titles


def test_the_engine_sends_nothing_past_lever_challenge(
    clean_sandbox: RunningSandbox,
    chromium_path: Path,
    tmp_path: Path,
    sessions: sessionmaker[Session],
) -> None:
    posting = _lever(clean_sandbox.catalogue)
    url = ats_apply_url(clean_sandbox.url, posting) + "?variant=captcha"
    report = _run(url, tmp_path, sessions)
    assert report.status == "needs_human", report.reason
    assert report.submitted is False
    fields = {f.name: f for f in report.fields}
    assert fields["name"].value == "Priya Raman"
    assert "h-captcha-response" not in fields  # a hidden token box is no field for a person
    assert clean_sandbox.submissions() == []


def test_the_engine_submits_the_ashby_form(
    clean_sandbox: RunningSandbox,
    chromium_path: Path,
    tmp_path: Path,
    sessions: sessionmaker[Session],
) -> None:
    posting = _ashby(clean_sandbox.catalogue)
    report = _run(ats_apply_url(clean_sandbox.url, posting), tmp_path, sessions)
    assert report.status == "submitted", report.reason
    [sent] = clean_sandbox.submissions("ashby")
    assert sent.value("_systemfield_name") == "Priya Raman"
    assert sent.value("_systemfield_email") == "priya.raman@example.org"
    assert sent.value(_path(posting, "phone")) == "+1 415 555 0199"
    assert sent.value(_path(posting, "authorized")) == "false"  # the job is in Spain
    assert sent.value(_path(posting, "sponsorship")) == "false"
    assert sent.value("_systemfield_eeoc_gender") == LEVER_DECLINE
    assert _file(sent, "_systemfield_resume").sha256 == _sent_resume_sha(tmp_path)
