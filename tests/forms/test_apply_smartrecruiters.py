"""The apply engine against the sandbox's SmartRecruiters one-click form: the recorded POST."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from core.config import Settings
from forms.mapping import Documents
from forms.model import ApplyReport
from forms.service import apply
from sandbox.applications.smartrecruiters import DECLINE, question_name
from sandbox.links import ats_apply_url, job_url
from sandbox.server import RunningSandbox
from tests.forms.answered import answered_candidate, resume_file

pytestmark = pytest.mark.browser


def _apply(
    url: str, tmp_path: Path, sessions: sessionmaker[Session], *, submit: bool = True
) -> ApplyReport:
    settings = Settings(http_allow_hosts=["127.0.0.1"], data_dir=tmp_path)
    documents = Documents(resume=resume_file(tmp_path))
    return asyncio.run(
        apply(
            settings,
            sessions,
            url,
            answered_candidate(),
            documents,
            submit=submit,
            screenshots=tmp_path / "evidence",
        )
    )


def test_the_engine_submits_the_smartrecruiters_form_once(
    clean_sandbox: RunningSandbox,
    chromium_path: Path,
    tmp_path: Path,
    sessions: sessionmaker[Session],
) -> None:
    posting = clean_sandbox.catalogue.postings("smartrecruiters")[0]
    url = ats_apply_url(clean_sandbox.url, posting)
    report = _apply(url, tmp_path, sessions)
    assert report.status == "submitted", report.reason
    assert report.platform == "smartrecruiters"  # from the page: the sandbox is on loopback
    assert _apply(url, tmp_path, sessions).status == "refused"
    [sent] = clean_sandbox.submissions("smartrecruiters")
    expected = {
        "firstName": "Priya",
        "lastName": "Raman",
        "email": "priya.raman@example.org",
        "emailConfirmation": "priya.raman@example.org",
        "location": "San Francisco, California, US",
        "phoneNumber": "+1 415 555 0199",
        "linkedin": "https://www.linkedin.com/in/priyaraman",
        "website": "https://priyaraman.example.org",
        question_name(posting, "authorized"): "Yes",  # the job is remote in the US
        question_name(posting, "sponsorship"): "No",
        question_name(posting, "heard"): "Company website",
        "eeo[gender]": DECLINE,
        "eeo[race]": DECLINE,
        "eeo[veteran]": DECLINE,
        "eeo[disability]": DECLINE,
        "consent": "true",
    }
    for name, value in expected.items():
        assert sent.value(name) == value, name
    fields = {f.name: f for f in report.fields}
    skills = fields[question_name(posting, "skills")].value
    assert skills
    assert sent.fields[question_name(posting, "skills")] == skills
    assert "hiringManagerMessage" not in sent.fields or not sent.value("hiringManagerMessage")
    resume = sent.file("resume")
    assert resume is not None
    assert resume.filename == "priya-raman.pdf"
    assert resume.sha256 == hashlib.sha256((tmp_path / "priya-raman.pdf").read_bytes()).hexdigest()
    assert report.confirmation["text"].startswith("thank you for applying")


def test_a_dry_run_from_the_posting_page_sends_nothing(
    clean_sandbox: RunningSandbox,
    chromium_path: Path,
    tmp_path: Path,
    sessions: sessionmaker[Session],
) -> None:
    posting = clean_sandbox.catalogue.postings("smartrecruiters")[1]
    report = _apply(job_url(clean_sandbox.url, posting), tmp_path, sessions, submit=False)
    assert report.status == "filled", report.reason
    assert "/oneclick-ui/company/" in report.url  # the posting page's Apply link, followed
    assert report.steps == []
    assert {f.step for f in report.fields} == {1}
    assert clean_sandbox.submissions() == []


@pytest.mark.parametrize(
    ("variant", "status", "said"),
    [
        ("captcha", "needs_human", "CAPTCHA"),
        ("login", "needs_human", "sign in"),
        ("validation", "needs_human", "Enter a valid phone number"),
        ("expired", "expired", "404"),
    ],
)
def test_variants_send_nothing(
    clean_sandbox: RunningSandbox,
    chromium_path: Path,
    tmp_path: Path,
    sessions: sessionmaker[Session],
    variant: str,
    status: str,
    said: str,
) -> None:
    posting = clean_sandbox.catalogue.postings("smartrecruiters")[2]
    url = f"{ats_apply_url(clean_sandbox.url, posting)}&variant={variant}"
    report = _apply(url, tmp_path, sessions, submit=variant != "expired")
    assert report.status == status, report.reason
    assert said in (report.reason or "")
    assert clean_sandbox.submissions() == []
