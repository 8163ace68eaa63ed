"""The apply engine on the sandbox's Indeed Apply flow: the session, four pages, the POST."""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy.orm import Session, sessionmaker

from sandbox.applications import members
from sandbox.applications.indeed import SESSION_COOKIE, question_name
from sandbox.applications.screening import skill_asked
from sandbox.catalogue import Posting
from sandbox.links import job_url
from sandbox.server import RunningSandbox
from tests.forms.answered import RESUME, answered_candidate, apply_as_member

pytestmark = pytest.mark.browser

EMAIL = "priya.raman@example.org"


def _posting(sandbox: RunningSandbox, *, skill_in_resume: bool = True) -> Posting:
    """An Indeed Apply posting whose years-of-experience question the resume can (or cannot)
    answer: the roles' text names the skill it asks about, or none does."""
    work = " ".join(w.model_dump_json() for w in answered_candidate().work).lower()
    return next(
        p
        for p in sandbox.catalogue.postings("indeed")
        if p.easy_apply and (skill_asked(p).lower() in work) == skill_in_resume
    )


def _state(sandbox: RunningSandbox) -> dict[str, object]:
    return members.storage_state(urlsplit(sandbox.url).hostname or "", SESSION_COOKIE, EMAIL)


def test_indeed_apply_walks_the_flow_and_submits_once(
    clean_sandbox: RunningSandbox,
    chromium_path: Path,
    tmp_path: Path,
    sessions: sessionmaker[Session],
) -> None:
    posting = _posting(clean_sandbox)
    url = job_url(clean_sandbox.url, posting)
    report = apply_as_member(url, tmp_path, sessions, _state(clean_sandbox))
    assert report.status == "submitted", report.reason
    assert report.platform == "indeed"
    assert report.steps == [
        "Add your contact information",
        "Add a resume for the employer",
        "Answer these questions from the employer",
        "Please review your application",
    ]
    assert "application has been submitted" in report.confirmation["text"]

    [sent] = clean_sandbox.submissions("indeed")
    expected = {
        "email": EMAIL,
        "firstName": "Priya",
        "lastName": "Raman",
        "phoneNumber": "+1 415 555 0199",
        "location.city": "San Francisco, California",
        question_name(posting, "authorized"): "Yes",
        question_name(posting, "sponsorship"): "No",
        question_name(posting, "heard"): "Company website",
    }
    for name, value in expected.items():
        assert sent.value(name) == value, name
    fields = {f.name: f for f in report.fields}
    years = fields[question_name(posting, "years")]
    assert skill_asked(posting) in years.label
    assert sent.value(years.name) == years.value
    assert str(years.value).isdigit()
    resume = sent.file("resume")
    assert resume is not None
    assert resume.sha256 == hashlib.sha256(RESUME).hexdigest()

    again = apply_as_member(url, tmp_path, sessions, _state(clean_sandbox))
    assert again.status == "refused"
    assert len(clean_sandbox.submissions("indeed")) == 1


def test_without_a_session_indeed_apply_stops_at_the_sign_in_and_says_how(
    clean_sandbox: RunningSandbox,
    chromium_path: Path,
    tmp_path: Path,
    sessions: sessionmaker[Session],
) -> None:
    url = job_url(clean_sandbox.url, _posting(clean_sandbox))
    report = apply_as_member(url, tmp_path, sessions, None)
    assert report.status == "needs_human"
    assert report.blockers == ["login"]
    assert "Indeed session" in (report.reason or "")
    assert "AJOB_BROWSER_STORAGE_STATE" in (report.reason or "")
    assert clean_sandbox.submissions("indeed") == []


def test_indeed_apply_stops_at_a_question_it_cannot_answer(
    clean_sandbox: RunningSandbox,
    chromium_path: Path,
    tmp_path: Path,
    sessions: sessionmaker[Session],
) -> None:
    posting = _posting(clean_sandbox, skill_in_resume=False)
    url = job_url(clean_sandbox.url, posting)
    report = apply_as_member(url, tmp_path, sessions, _state(clean_sandbox))
    assert report.status == "needs_human"
    years = question_name(posting, "years")
    assert report.unfilled_required == [years]
    [asked] = [f for f in report.fields if f.name == years]
    assert asked.note == f"no role in the resume says where {skill_asked(posting)} was used"
    assert "'Answer these questions from the employer' step" in (report.reason or "")
    assert clean_sandbox.submissions("indeed") == []
