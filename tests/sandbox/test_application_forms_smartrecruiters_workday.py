"""The SmartRecruiters and Workday application replicas, over HTTP: markup, checks, variants.

Each test asserts what the sandbox recorded, as the other forms' tests do. SmartRecruiters is
one multipart POST; Workday is an account wall, then one fetch per step into a server-side
draft, recorded as one submission when the Review step is submitted.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from fastapi.testclient import TestClient
from playwright.async_api import expect

from sandbox.applications import smartrecruiters, workday_steps
from sandbox.applications.accounts import SANDBOX_PASSWORD
from sandbox.applications.log import Submission
from sandbox.applications.variants import LOGIN_FAILED, PHONE_REFUSAL
from sandbox.catalogue import Catalogue, Posting
from sandbox.links import ats_apply_url
from sandbox.server import RunningSandbox
from sandbox.state import SandboxState
from tests.sandbox.test_application_forms import REQUIRED, _page

ROOT = "http://testserver"
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 4 + b"%%EOF"


def _state(client: TestClient) -> SandboxState:
    state: SandboxState = client.app.state.sandbox  # type: ignore[attr-defined]
    return state


def _submissions(client: TestClient, platform: str) -> list[Submission]:
    return _state(client).submissions.entries(platform)


# --- SmartRecruiters ---------------------------------------------------------------------------


def _sr(catalogue: Catalogue) -> Posting:
    return catalogue.postings("smartrecruiters")[0]


def _sr_fields(posting: Posting, **extra: str) -> dict[str, Any]:
    authorized = smartrecruiters.question_name(posting, "authorized")
    sponsorship = smartrecruiters.question_name(posting, "sponsorship")
    return {
        "firstName": "Priya",
        "lastName": "Raman",
        "email": "priya@example.org",
        "emailConfirmation": "priya@example.org",
        "phoneNumber": "+1 415 555 0199",
        authorized: "Yes",
        sponsorship: "No",
        "consent": "true",
        **extra,
    }


def _sr_resume() -> dict[str, tuple[str, bytes, str]]:
    return {"resume": ("cv.pdf", PDF, "application/pdf")}


def test_smartrecruiters_page_has_its_hooks_and_names(
    client: TestClient, catalogue: Catalogue
) -> None:
    posting = _sr(catalogue)
    url = ats_apply_url(ROOT, posting)
    assert "/oneclick-ui/company/" in url
    root = lxml.html.document_fromstring(client.get(url).text)
    names = {e.get("name") for e in root.cssselect("#application-form [name]")}
    assert {"firstName", "lastName", "email", "emailConfirmation", "phoneNumber", "resume"} <= names
    assert {"linkedin", "website", "hiringManagerMessage", "consent", "eeo[gender]"} <= names
    hooks = {e.get("data-test") for e in root.cssselect("[data-test]")}
    assert {
        "personal-info-first-name-input",
        "personal-info-email-confirm-input",
        "web-profiles-linkedin",
        "hiring-manager-message-text",
        "consent-box",
        "footer-submit",
    } <= hooks
    for question in smartrecruiters.screening(posting):
        assert root.cssselect(f'[name="{question.name}"]'), question.label
    job_page = client.get(f"{ROOT}/smartrecruiters-jobs/{posting.board}/{posting.external_id}-x")
    assert url.split("?")[0] in job_page.text


def test_smartrecruiters_records_the_post_and_checks_it(
    client: TestClient, catalogue: Catalogue
) -> None:
    posting = _sr(catalogue)
    url = ats_apply_url(ROOT, posting)
    missing = client.post(url, data={"firstName": "Priya"}, files=_sr_resume())
    assert missing.status_code == 400
    differ = client.post(
        url, data=_sr_fields(posting, emailConfirmation="other@example.org"), files=_sr_resume()
    )
    assert differ.status_code == 400
    assert smartrecruiters.EMAILS_DIFFER in differ.text
    assert _submissions(client, "smartrecruiters") == []
    sent = client.post(url, data=_sr_fields(posting), files=_sr_resume(), follow_redirects=False)
    assert sent.status_code == 303
    assert client.get(sent.headers["location"]).text.count("Thank you for applying!") == 1
    [submission] = _submissions(client, "smartrecruiters")
    assert submission.external_id == posting.external_id
    assert submission.value("emailConfirmation") == "priya@example.org"
    assert submission.value("consent") == "true"
    resume = submission.file("resume")
    assert resume is not None
    assert resume.sha256 == hashlib.sha256(PDF).hexdigest()


@pytest.mark.parametrize("variant", ["login", "expired", "validation", "captcha", "nope"])
def test_smartrecruiters_variants(client: TestClient, catalogue: Catalogue, variant: str) -> None:
    posting = _sr(catalogue)
    url = f"{ats_apply_url(ROOT, posting)}&variant={variant}"
    shown = client.get(url)
    fields, files = _sr_fields(posting), _sr_resume()
    first = client.post(url, data=fields, files=files, follow_redirects=False)
    match variant:
        case "login":
            assert "Sign in to apply" in shown.text
            assert first.status_code == 401
        case "expired":
            assert shown.status_code == first.status_code == 404
        case "validation":
            assert first.status_code == 400
            assert PHONE_REFUSAL in first.text
            again = client.post(url, data=fields, files=files, follow_redirects=False)
            assert again.status_code == 303
        case "captcha":
            assert 'class="h-captcha"' in shown.text
            assert first.status_code == 400
            fields["h-captcha-response"] = "token"
            again = client.post(url, data=fields, files=files, follow_redirects=False)
            assert again.status_code == 303
        case _:
            assert shown.status_code == first.status_code == 400
    recorded = _submissions(client, "smartrecruiters")
    assert len(recorded) == (1 if variant in ("validation", "captcha") else 0)


# --- Workday -----------------------------------------------------------------------------------


def _wd(catalogue: Catalogue) -> Posting:
    return catalogue.postings("workday")[0]


def _sign_in(client: TestClient, url: str, password: str = SANDBOX_PASSWORD) -> Any:
    return client.post(url, data={"email": "priya@example.org", "password": password})


def _answers(posting: Posting, step: workday_steps.Step) -> dict[str, str]:
    """The required answers of one step, as the page's script posts them."""
    key = workday_steps.question_key
    every = {
        "sourceDropdown": "LinkedIn",
        "candidateIsPreviousWorker": "false",
        "countryDropdown": "United States of America",
        "legalNameSection_firstName": "Priya",
        "legalNameSection_lastName": "Raman",
        "email": "priya@example.org",
        "phone-number": "+1 415 555 0199",
        key(posting, "authorized"): "Yes",
        key(posting, "sponsorship"): "No",
        "agreementCheckbox": "true",
    }
    return {f.key: every[f.key] for f in step.fields if f.key in every}


def _save(client: TestClient, url: str, step: str, action: str = "next", **data: Any) -> Any:
    files = data.pop("files", None)
    return client.post(
        f"{url}/applyManually", data={"step": step, "action": action, **data}, files=files
    )


def test_workday_wall_stands_until_signed_in(client: TestClient, catalogue: Catalogue) -> None:
    posting = _wd(catalogue)
    url = ats_apply_url(ROOT, posting)
    assert url.endswith("/apply")
    wall = lxml.html.document_fromstring(client.get(url).text)
    assert wall.cssselect('[data-automation-id="signInContent"] input[type=password]')
    assert wall.cssselect('[data-automation-id="createAccountLink"]')
    assert not wall.cssselect('[data-automation-id="applyFlowPage"]')
    away = client.get(f"{url}/applyManually", follow_redirects=False)
    assert away.status_code == 303
    assert away.headers["location"] == url
    assert _sign_in(client, url, "wrong").json() == {"error": LOGIN_FAILED}
    assert _sign_in(client, url).json()["next"] == f"{url}/applyManually"
    inside = client.get(url)
    assert 'data-automation-id="progressBarActiveStep"' in inside.text
    assert "My Information" in inside.text


def test_workday_steps_are_saved_then_recorded_as_one_submission(
    client: TestClient, catalogue: Catalogue
) -> None:
    posting = _wd(catalogue)
    url = ats_apply_url(ROOT, posting)
    _sign_in(client, url)
    mine, experience, questions, disclosures, review = workday_steps.steps(posting)
    refused = _save(client, url, mine.key, sourceDropdown="Billboard")
    assert refused.status_code == 400
    errors = refused.json()["errors"]
    assert errors["sourceDropdown"] == "Please select a valid option."
    assert "legalNameSection_firstName" in errors
    page = client.get(f"{url}/applyManually").text
    assert 'value="United States of America"' in page  # the preselected country
    assert _save(client, url, mine.key, **_answers(posting, mine)).status_code == 200
    assert _save(client, url, mine.key).status_code == 409  # the draft moved on
    no_file = _save(client, url, experience.key)
    assert no_file.json()["errors"] == {"file-upload-input-ref": "This field is required."}
    upload = {"file-upload-input-ref": ("cv.pdf", PDF, "application/pdf")}
    assert _save(client, url, experience.key, files=upload).status_code == 200
    assert _save(client, url, questions.key, action="back").status_code == 200
    assert "Successfully Uploaded: cv.pdf" in client.get(f"{url}/applyManually").text
    assert _save(client, url, experience.key).status_code == 200  # the saved file counts
    assert _save(client, url, questions.key, **_answers(posting, questions)).status_code == 200
    assert _save(client, url, disclosures.key, **_answers(posting, disclosures)).status_code == 200
    assert _submissions(client, "workday") == []
    done = _save(client, url, review.key, action="submit")
    assert done.json()["next"] == f"{url}/confirmation"
    assert "Application Submitted" in client.get(f"{url}/confirmation").text
    [sent] = _submissions(client, "workday")
    assert sent.board == posting.board
    assert sent.value("legalNameSection_firstName") == "Priya"
    assert sent.value("countryDropdown") == "United States of America"
    assert sent.value(workday_steps.question_key(posting, "authorized")) == "Yes"
    assert sent.value("agreementCheckbox") == "true"
    assert "step" not in sent.fields
    resume = sent.file("file-upload-input-ref")
    assert resume is not None
    assert resume.sha256 == hashlib.sha256(PDF).hexdigest()
    assert "My Information" in client.get(f"{url}/applyManually").text  # a new draft


def test_workday_accounts_can_be_created(client: TestClient, catalogue: Catalogue) -> None:
    url = ats_apply_url(ROOT, _wd(catalogue))
    create = f"{url}/createAccount"
    account = {"email": "new@example.org", "password": "longenough", "verifyPassword": "x"}
    assert client.post(create, data=account).status_code == 400
    account["verifyPassword"] = "longenough"
    assert client.post(create, data=account).json()["next"].endswith("/applyManually")
    assert client.post(create, data=account).status_code == 400  # exists already
    client.cookies.clear()
    signed = client.post(url, data={"email": "new@example.org", "password": "longenough"})
    assert signed.status_code == 200


@pytest.mark.parametrize("variant", ["login", "captcha", "expired", "validation"])
def test_workday_variants(client: TestClient, catalogue: Catalogue, variant: str) -> None:
    posting = _wd(catalogue)
    url = f"{ats_apply_url(ROOT, posting)}?variant={variant}"
    wall = client.get(url)
    signed = _sign_in(client, url)
    match variant:
        case "login":
            assert signed.status_code == 401
        case "captcha":
            assert 'class="h-captcha"' in wall.text
            assert signed.status_code == 400
            assert "hCaptcha" in signed.json()["error"]
        case "expired":
            assert wall.status_code == signed.status_code == 404
        case "validation":
            assert signed.json()["next"].endswith("/applyManually?variant=validation")
            mine = workday_steps.steps(posting)[0]
            apply = re.sub(r"\?.*", "", url)
            save = f"{apply}/applyManually?variant=validation"
            body = {"step": mine.key, "action": "next", **_answers(posting, mine)}
            first = client.post(save, data=body)
            assert first.json()["errors"] == {"phone-number": PHONE_REFUSAL}
            assert client.post(save, data=body).status_code == 200


@pytest.mark.browser
async def test_workday_pages_work_by_hand(
    clean_sandbox: RunningSandbox, chromium_path: Path
) -> None:
    """A person creates an account, picks from a dropdown with the mouse and meets the errors."""
    posting = clean_sandbox.catalogue.postings("workday")[5]
    async with _page(chromium_path) as page:
        await page.goto(ats_apply_url(clean_sandbox.url, posting))
        await page.click('[data-automation-id="createAccountLink"]')
        await page.fill('[data-automation-id="email"]', "new@example.org")
        await page.fill('[data-automation-id="password"]', "longenough")
        await page.fill('[data-automation-id="verifyPassword"]', "longenough")
        await page.click('[data-automation-id="createAccountSubmitButton"]')
        active = page.locator('[data-automation-id="progressBarActiveStep"]')
        await expect(active).to_contain_text("My Information")
        await expect(page.locator('[data-automation-id="email"]')).to_have_value("new@example.org")
        source = page.locator('[data-automation-id="sourceDropdown"]')
        await source.click()
        await page.get_by_role("option", name="LinkedIn", exact=True).click()
        await expect(source).to_have_text("LinkedIn")
        await expect(page.get_by_role("listbox")).to_have_count(0)
        await page.click('[data-automation-id="bottom-navigation-next-button"]')
        first_name = page.locator('[data-automation-id="formField-legalNameSection_firstName"]')
        await expect(first_name.get_by_role("alert")).to_have_text(REQUIRED)
        await expect(source).not_to_have_attribute("aria-invalid", "true")
    assert clean_sandbox.submissions() == []
