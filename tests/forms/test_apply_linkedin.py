"""The apply engine on the sandbox's LinkedIn Easy Apply modal: the session, the steps, the POST."""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy.orm import Session, sessionmaker

from forms.model import ApplyReport
from resumes.candidate import Candidate
from sandbox.applications.linkedin import element_name, storage_state
from sandbox.applications.screening import skill_asked
from sandbox.catalogue import Posting
from sandbox.links import job_url
from sandbox.server import RunningSandbox
from tests.forms.answered import RESUME, answered_candidate, apply_as_member

pytestmark = pytest.mark.browser

EMAIL = "priya.raman@example.org"


def _easy_apply_posting(sandbox: RunningSandbox, index: int = 0) -> Posting:
    return [p for p in sandbox.catalogue.postings("linkedin") if p.easy_apply][index]


def _apply(
    sandbox: RunningSandbox,
    posting: Posting,
    tmp_path: Path,
    sessions: sessionmaker[Session],
    *,
    signed_in: bool = True,
    candidate: Candidate | None = None,
) -> ApplyReport:
    host = urlsplit(sandbox.url).hostname or "127.0.0.1"
    state = storage_state(host, EMAIL) if signed_in else None
    url = job_url(sandbox.url, posting)
    return apply_as_member(url, tmp_path, sessions, state, candidate=candidate)


def test_easy_apply_walks_the_modal_and_submits_once(
    clean_sandbox: RunningSandbox,
    chromium_path: Path,
    tmp_path: Path,
    sessions: sessionmaker[Session],
) -> None:
    posting = _easy_apply_posting(clean_sandbox)
    report = _apply(clean_sandbox, posting, tmp_path, sessions)
    assert report.status == "submitted", report.reason
    assert report.platform == "linkedin"  # from the page: the sandbox is on loopback
    assert report.steps == [
        "Contact info",
        "Resume",
        "Additional questions",
        "Review your application",
    ]
    assert "Search" not in {f.label for f in report.fields}  # the page's own search box
    assert "your application was sent" in report.confirmation["text"]

    [sent] = clean_sandbox.submissions("linkedin")
    expected = {
        "firstName": "Priya",
        "lastName": "Raman",
        "phoneNumber-country": "United States (+1)",
        "phoneNumber-nationalNumber": "+1 415 555 0199",
        "email": EMAIL,
        "authorized": "Yes",
        "sponsorship": "No",
        "heard": "Company website",
    }
    for key, value in expected.items():
        assert sent.value(element_name(posting, key)) == value, key
    years = sent.value(element_name(posting, "years"))
    assert str(years).isdigit(), years
    fields = {f.name: f for f in report.fields}
    asked = fields[element_name(posting, "years")]
    assert skill_asked(posting) in asked.label
    assert str(asked.source).startswith("resume")
    resume = sent.file(element_name(posting, "resume"))
    assert resume is not None
    assert resume.filename == "priya-raman.pdf"
    assert resume.sha256 == hashlib.sha256(RESUME).hexdigest()

    again = _apply(clean_sandbox, posting, tmp_path, sessions)
    assert again.status == "refused"
    assert len(clean_sandbox.submissions("linkedin")) == 1


def test_without_a_session_easy_apply_stops_at_the_sign_in_and_says_how(
    clean_sandbox: RunningSandbox,
    chromium_path: Path,
    tmp_path: Path,
    sessions: sessionmaker[Session],
) -> None:
    posting = _easy_apply_posting(clean_sandbox)
    report = _apply(clean_sandbox, posting, tmp_path, sessions, signed_in=False)
    assert report.status == "needs_human"
    assert report.blockers == ["login"]
    assert "AJOB_BROWSER_STORAGE_STATE" in (report.reason or "")
    assert not report.submitted
    assert clean_sandbox.submissions("linkedin") == []


def test_easy_apply_stops_at_a_question_it_cannot_answer(
    clean_sandbox: RunningSandbox,
    chromium_path: Path,
    tmp_path: Path,
    sessions: sessionmaker[Session],
) -> None:
    posting = _easy_apply_posting(clean_sandbox, 1)
    candidate = answered_candidate()
    candidate.application.requires_sponsorship = None
    report = _apply(clean_sandbox, posting, tmp_path, sessions, candidate=candidate)
    assert report.status == "needs_human"
    assert report.unfilled_required == [element_name(posting, "sponsorship")]
    assert "'Additional questions' step" in (report.reason or "")
    assert report.steps[-1] == "Additional questions"
    assert clean_sandbox.submissions("linkedin") == []


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_job_that_applies_off_site_is_followed_to_the_ats(
    clean_sandbox: RunningSandbox,
    chromium_path: Path,
    tmp_path: Path,
    sessions: sessionmaker[Session],
    signed_in: bool,
) -> None:
    """LinkedIn keeps the ATS address in a hidden code#applyUrl (a visitor's "Apply" only opens
    a sign-in); it is read there and followed once. A member's page also has the site's search
    box, which is not the application's."""
    posting = next(p for p in clean_sandbox.catalogue.postings("linkedin") if not p.easy_apply)
    report = _apply(clean_sandbox, posting, tmp_path, sessions, signed_in=signed_in)
    assert report.status == "submitted", report.reason
    ats = urlsplit(report.url)
    assert ats.path.startswith("/lever-jobs/")
    assert ats.path.endswith("/apply")
    assert report.platform == "lever"
    assert "keywords" not in {f.name for f in report.fields}
    (sent,) = clean_sandbox.submissions("lever")
    assert sent.value("email") == EMAIL
