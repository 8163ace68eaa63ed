"""The apply engine against the sandbox's Workday flow: the account wall, five steps, one POST.

Without a stored sign-in for the tenant's host the wall is the person's step; with one the
engine signs in, fills each step, reads back what the page refuses (fixing a refused first try,
reporting what stays refused), and only the exactly-once submitter clicks "Submit".
"""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy.orm import Session, sessionmaker

from adapters.workday import parse_job
from core.config import Settings
from forms.engine import apply_form
from forms.mapping import Documents
from forms.model import ApplyReport
from forms.service import apply
from jobs.store import store_jobs
from resumes.candidate import Candidate
from resumes.target import JobTarget
from sandbox.applications.accounts import SANDBOX_PASSWORD
from sandbox.applications.workday_steps import DECLINE, question_key
from sandbox.catalogue import Posting
from sandbox.links import ats_apply_url
from sandbox.platforms.workday import detail_json, summary_json
from sandbox.server import RunningSandbox
from tests.forms.answered import answered_candidate, resume_file

pytestmark = pytest.mark.browser

STEPS = ["My Information", "My Experience", "Application Questions", "Voluntary Disclosures"]


def _settings(tmp_path: Path, password: str | None = SANDBOX_PASSWORD) -> Settings:
    stored = {}
    if password is not None:
        login = {"username": SecretStr("priya.raman@example.org"), "password": SecretStr(password)}
        stored = {"127.0.0.1": login}
    return Settings(http_allow_hosts=["127.0.0.1"], data_dir=tmp_path, platform_credentials=stored)


def _url(sandbox: RunningSandbox, index: int, variant: str | None = None) -> str:
    url = ats_apply_url(sandbox.url, _posting(sandbox, index))
    return f"{url}?variant={variant}" if variant else url


def _posting(sandbox: RunningSandbox, index: int) -> Posting:
    return sandbox.catalogue.postings("workday")[index]


def _searched(
    sandbox: RunningSandbox, index: int, sessions: sessionmaker[Session], variant: str = ""
) -> str:
    """Store the posting as a search of the Workday source would, and give its apply URL.

    The apply page shows only the sign-in wall, so the job (its company, for "worked here
    before?") is known from the search, as in the product's own pipeline.
    """
    posting = _posting(sandbox, index)
    job = parse_job(summary_json(posting), detail_json(sandbox.url, posting), posting.board or "")
    url = f"{job.apply_url}?variant={variant}" if variant else str(job.apply_url)
    with sessions.begin() as session:
        store_jobs(session, [job.model_copy(update={"apply_url": url})])
    return url


def _submit(
    url: str, tmp_path: Path, sessions: sessionmaker[Session], settings: Settings
) -> ApplyReport:
    return asyncio.run(
        apply(
            settings,
            sessions,
            url,
            answered_candidate(),
            Documents(resume=resume_file(tmp_path)),
            submit=True,
            screenshots=tmp_path / "evidence",
        )
    )


def _dry_run(
    sandbox: RunningSandbox,
    index: int,
    tmp_path: Path,
    settings: Settings,
    *,
    variant: str | None = None,
    candidate: Candidate | None = None,
) -> ApplyReport:
    """What the application graph's inspect step runs: no submitter, the job known."""
    posting = _posting(sandbox, index)
    job = JobTarget(
        title=posting.title,
        company=posting.company_name,
        description=posting.job.description.about_role,
        location=posting.job.location_label,
    )
    return asyncio.run(
        apply_form(
            settings,
            _url(sandbox, index, variant),
            candidate or answered_candidate(),
            Documents(resume=resume_file(tmp_path)),
            screenshots=tmp_path / "evidence",
            job=job,
        )
    )


def test_without_a_stored_sign_in_the_wall_is_handed_over(
    clean_sandbox: RunningSandbox, chromium_path: Path, tmp_path: Path
) -> None:
    report = _dry_run(clean_sandbox, 0, tmp_path, _settings(tmp_path, password=None))
    assert report.status == "needs_human"
    assert report.platform == "workday"
    assert report.blockers == ["login"]
    assert report.reason == "the page asks you to sign in or create an account first"
    assert report.fields == []  # the sign-in form is not the application
    shots = report.evidence["screenshots"]
    assert isinstance(shots, list)
    assert len(shots) == 1
    assert Path(shots[0]).read_bytes()[:3] == b"\xff\xd8\xff"
    assert [r.method for r in clean_sandbox.requests("workday")] == ["GET"]


def test_with_a_stored_sign_in_it_walks_every_step_and_submits_once(
    clean_sandbox: RunningSandbox,
    chromium_path: Path,
    tmp_path: Path,
    sessions: sessionmaker[Session],
) -> None:
    settings = _settings(tmp_path)
    url = _searched(clean_sandbox, 0, sessions)
    posting = _posting(clean_sandbox, 0)
    report = _submit(url, tmp_path, sessions, settings)
    assert report.status == "submitted", report.reason
    assert report.steps == [*STEPS, "Review"]
    assert sorted({f.step for f in report.fields}) == [1, 2, 3, 4]
    shots = [Path(p).name for p in report.evidence["screenshots"] or []]
    assert shots == [
        *(f"step-{n}.jpg" for n in (1, 2, 3, 4)),
        "form-filled.jpg",
        "after-submit.jpg",
    ]
    assert _submit(url, tmp_path, sessions, settings).status == "refused"
    [sent] = clean_sandbox.submissions("workday")
    fields = {f.name: f for f in report.fields}
    expected = {
        "sourceDropdown": "Company Website",
        "candidateIsPreviousWorker": "false",
        "countryDropdown": "United States of America",
        "legalNameSection_firstName": "Priya",
        "legalNameSection_lastName": "Raman",
        "addressSection_city": "San Francisco",
        "email": "priya.raman@example.org",
        "phone-number": "+1 415 555 0199",
        "linkedinQuestion": "https://www.linkedin.com/in/priyaraman",
        question_key(posting, "authorized"): "Yes",
        question_key(posting, "sponsorship"): "No",
        question_key(posting, "salary"): "185,000 USD per year",
        question_key(posting, "why"): fields[question_key(posting, "why")].value,
        "gender": DECLINE,
        "ethnicityDropdown": DECLINE,
        "veteranStatus": "I do not wish to self-identify",
        "agreementCheckbox": "true",
    }
    for name, value in expected.items():
        assert sent.value(name) == value, name
    assert (
        sent.fields[question_key(posting, "skills")]
        == fields[question_key(posting, "skills")].value
    )
    assert "phone-device-type" not in sent.fields  # optional, and nothing answers it
    assert fields["countryDropdown"].source == "prefilled by the form"
    resume = sent.file("file-upload-input-ref")
    assert resume is not None
    assert resume.sha256 == hashlib.sha256((tmp_path / "priya-raman.pdf").read_bytes()).hexdigest()
    assert SANDBOX_PASSWORD not in report.model_dump_json()


def test_a_dry_run_walks_every_step_and_submits_nothing(
    clean_sandbox: RunningSandbox, chromium_path: Path, tmp_path: Path
) -> None:
    report = _dry_run(clean_sandbox, 1, tmp_path, _settings(tmp_path))
    assert report.status == "filled", report.reason
    assert report.steps == [*STEPS, "Review"]
    assert report.unfilled_required == []
    assert clean_sandbox.submissions() == []
    saves = [r for r in clean_sandbox.requests("workday") if r.path.endswith("/applyManually")]
    assert [r.method for r in saves].count("POST") == 4  # one save per step, never Review's


def test_a_refused_first_try_on_a_step_is_filled_again(
    clean_sandbox: RunningSandbox,
    chromium_path: Path,
    tmp_path: Path,
    sessions: sessionmaker[Session],
) -> None:
    url = _searched(clean_sandbox, 2, sessions, "validation")
    report = _submit(url, tmp_path, sessions, _settings(tmp_path))
    assert report.status == "submitted", report.reason
    saves = [r.status for r in clean_sandbox.requests("workday") if r.method == "POST"]
    assert saves[:3] == [200, 400, 200]  # signed in; My Information refused, then saved
    [sent] = clean_sandbox.submissions("workday")
    assert sent.value("phone-number") == "+1 415 555 0199"


def test_a_step_the_platform_keeps_refusing_is_reported(
    clean_sandbox: RunningSandbox, chromium_path: Path, tmp_path: Path
) -> None:
    candidate = answered_candidate(phone="555-01")
    report = _dry_run(clean_sandbox, 3, tmp_path, _settings(tmp_path), candidate=candidate)
    assert report.status == "needs_human"
    assert report.reason == (
        "the 'My Information' step was refused twice; the form shows: Enter a valid phone number"
    )
    assert report.steps == ["My Information"]
    phone = next(f for f in report.fields if f.name == "phone-number")
    assert phone.note == "the form says: Enter a valid phone number"
    assert clean_sandbox.submissions() == []


@pytest.mark.parametrize(
    ("variant", "password", "reason"),
    [
        ("login", SANDBOX_PASSWORD, "failed: Invalid email or password."),
        (None, "not-my-password", "failed: Invalid email or password."),
        ("captcha", SANDBOX_PASSWORD, "CAPTCHA"),
    ],
)
def test_a_sign_in_that_cannot_be_done_is_handed_over(
    clean_sandbox: RunningSandbox,
    chromium_path: Path,
    tmp_path: Path,
    variant: str | None,
    password: str,
    reason: str,
) -> None:
    report = _dry_run(clean_sandbox, 4, tmp_path, _settings(tmp_path, password), variant=variant)
    assert report.status == "needs_human"
    assert reason in (report.reason or "")
    assert "login" in report.blockers
    assert report.evidence["screenshots"]
    assert password not in report.model_dump_json()
    posts = [r for r in clean_sandbox.requests("workday") if r.method == "POST"]
    assert len(posts) == (0 if variant == "captcha" else 1)  # a CAPTCHA is never worked round
    assert clean_sandbox.submissions() == []
