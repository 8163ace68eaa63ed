"""The apply engine against the sandbox's Greenhouse forms: the recorded POST, blockers, once;
and the ATS forms named by their page where the host does not say."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from core.config import Settings
from db.engine import create_db_engine, session_factory
from forms.mapping import Documents
from forms.model import ApplyReport
from forms.platforms import detect_platform
from forms.service import apply
from resumes.candidate import load_candidate, sample_candidate_path
from sandbox.applications.greenhouse_legacy import legacy_url
from sandbox.links import ats_apply_url
from sandbox.server import RunningSandbox
from sandbox.sources import PAGE_PREFIXES

pytestmark = pytest.mark.browser


def _page(sandbox: RunningSandbox, index: int, variant: str | None = None) -> str:
    posting = sandbox.catalogue.postings("greenhouse")[index]
    url = f"{sandbox.url}{PAGE_PREFIXES['greenhouse']}/{posting.board}/jobs/{posting.external_id}"
    return url + (f"?variant={variant}" if variant else "")


def _run(
    url: str, tmp_path: Path, sessions: sessionmaker[Session], *, submit: bool = True
) -> ApplyReport:
    resume = tmp_path / "priya-raman.pdf"
    resume.write_bytes(b"%PDF-1.4 Priya Raman resume\n%%EOF\n")
    settings = Settings(http_allow_hosts=["127.0.0.1"], data_dir=tmp_path)
    candidate = load_candidate(sample_candidate_path())
    return asyncio.run(
        apply(
            settings,
            sessions,
            url,
            candidate,
            Documents(resume=resume),
            submit=submit,
            screenshots=tmp_path / "evidence",
        )
    )


def test_greenhouse_form_is_submitted_once_with_every_value(
    clean_sandbox: RunningSandbox,
    chromium_path: Path,
    tmp_path: Path,
    sessions: sessionmaker[Session],
) -> None:
    url = _page(clean_sandbox, 0)
    report = _run(url, tmp_path, sessions)
    assert report.status == "submitted", report.reason
    again = _run(url, tmp_path, sessions)
    assert again.status == "refused"
    (sent,) = clean_sandbox.submissions("greenhouse")
    assert sent.value("first_name") == "Priya"
    assert sent.value("last_name") == "Raman"
    assert sent.value("email") == "priya.raman@example.org"
    assert sent.value("phone") == "+1 415 555 0199"
    resume = sent.file("resume")
    assert resume is not None
    assert resume.sha256 == hashlib.sha256((tmp_path / "priya-raman.pdf").read_bytes()).hexdigest()
    fields = {f.name: f for f in report.fields}
    for eeo in ("gender", "veteran_status", "disability_status"):
        chosen = fields[eeo].value
        assert isinstance(chosen, str)
        assert "decline" in chosen.lower() or "not" in chosen.lower() or "wish" in chosen.lower()
        assert sent.value(eeo), eeo
    for field in report.fields:
        if field.value is not None and field.type in ("text", "email", "tel", "textarea"):
            assert sent.value(field.name) == field.value, field.name


@pytest.mark.parametrize(
    ("variant", "blocker"),
    [("captcha", "captcha:hcaptcha"), ("recaptcha", "captcha:recaptcha"), ("login", "login")],
)
def test_blockers_stop_before_anything_is_sent(
    clean_sandbox: RunningSandbox,
    chromium_path: Path,
    tmp_path: Path,
    sessions: sessionmaker[Session],
    variant: str,
    blocker: str,
) -> None:
    report = _run(_page(clean_sandbox, 1, variant), tmp_path, sessions)
    assert report.status == "needs_human"
    assert blocker in report.blockers
    assert report.reason
    assert report.evidence["screenshots"]
    assert clean_sandbox.submissions() == []


def test_an_expired_posting_is_reported_as_such(
    clean_sandbox: RunningSandbox,
    chromium_path: Path,
    tmp_path: Path,
    sessions: sessionmaker[Session],
) -> None:
    report = _run(_page(clean_sandbox, 2, "expired"), tmp_path, sessions, submit=False)
    assert report.status == "expired"
    assert "404" in (report.reason or "")


def test_a_server_side_validation_error_is_read_back_and_reported(
    clean_sandbox: RunningSandbox,
    chromium_path: Path,
    tmp_path: Path,
    sessions: sessionmaker[Session],
) -> None:
    report = _run(_page(clean_sandbox, 3, "validation"), tmp_path, sessions)
    assert report.status == "needs_human"
    assert "Enter a valid phone number" in (report.reason or "")
    assert report.submitted is False
    assert clean_sandbox.submissions() == []


def test_the_legacy_form_is_filled_and_sent(
    clean_sandbox: RunningSandbox,
    chromium_path: Path,
    tmp_path: Path,
    sessions: sessionmaker[Session],
) -> None:
    posting = clean_sandbox.catalogue.postings("greenhouse")[4]
    report = _run(legacy_url(clean_sandbox.url, posting), tmp_path, sessions)
    assert report.status == "submitted", report.reason
    (sent,) = clean_sandbox.submissions("greenhouse")
    assert sent.value("job_application[first_name]") == "Priya"
    assert sent.value("job_application[email]") == "priya.raman@example.org"
    assert sent.file("job_application[resume]") is not None


@pytest.mark.postgres
def test_parallel_engines_on_one_posting_send_once(
    clean_sandbox: RunningSandbox, chromium_path: Path, tmp_path: Path, postgres_url: str
) -> None:
    sessions = session_factory(create_db_engine(postgres_url))
    url = _page(clean_sandbox, 5)
    settings = Settings(http_allow_hosts=["127.0.0.1"], data_dir=tmp_path)
    candidate = load_candidate(sample_candidate_path())
    resume = tmp_path / "cv.pdf"
    resume.write_bytes(b"%PDF-1.4\n%%EOF\n")

    async def all_at_once() -> list[ApplyReport]:
        return await asyncio.gather(
            *(
                apply(
                    settings,
                    sessions,
                    url,
                    candidate,
                    Documents(resume=resume),
                    submit=True,
                    screenshots=tmp_path / f"e{i}",
                )
                for i in range(4)
            )
        )

    reports = asyncio.run(all_at_once())
    assert sorted(r.status for r in reports).count("submitted") == 1
    assert len(clean_sandbox.submissions("greenhouse")) == 1


@pytest.mark.parametrize(
    ("catalogue", "platform", "legacy"),
    [
        ("greenhouse", "greenhouse", False),
        ("greenhouse", "greenhouse", True),
        ("lever", "lever", False),
        ("ashby", "ashby", False),
    ],
)
def test_a_form_on_a_host_that_does_not_say_is_named_by_its_page(
    clean_sandbox: RunningSandbox,
    chromium_path: Path,
    tmp_path: Path,
    sessions: sessionmaker[Session],
    catalogue: str,
    platform: str,
    legacy: bool,
) -> None:
    posting = clean_sandbox.catalogue.postings(catalogue)[5]
    url = (legacy_url if legacy else ats_apply_url)(clean_sandbox.url, posting)
    assert detect_platform(url) == "generic", "the sandbox is on loopback"
    report = _run(url, tmp_path, sessions, submit=False)
    assert (report.platform, report.status) == (platform, "filled"), report.reason
