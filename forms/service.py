"""One application from a URL, end to end: the user, the job, the application row, the claim.

This is what ``ajob apply`` (and later the agents' submit tool) calls. A dry run touches no
database. A submission needs the person's approval (``--submit`` is that approval), an
application row in ``ready``, and goes through ``submit_once``; any claim left behind by a
dead process is turned into ``needs_review`` first, so it is never sent twice.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from adapters.browser import BrowserPool
from adapters.errors import SourceError
from adapters.posting import PLATFORM, fetch_posting, unread_job
from core.config import Settings
from db.models import Job as JobRow
from db.repositories import applications
from forms.engine import apply_form, detect_platform
from forms.mapping import Documents
from forms.model import ApplyReport
from forms.submit import recover_interrupted, refusal_reason, status_of, submit_once
from jobs.canonical import canonical_url
from jobs.store import row_to_job, store_jobs
from resumes.candidate import Candidate
from resumes.store import store_master
from resumes.target import JobTarget


def _stored_row(session: Session, url: str) -> JobRow | None:
    canonical = canonical_url(url)
    return session.scalar(
        select(JobRow)
        .where(or_(JobRow.canonical_apply_url == canonical, JobRow.canonical_url == canonical))
        .limit(1)
    )


async def job_for_url(settings: Settings, sessions: sessionmaker[Session], url: str) -> JobRow:
    """The stored job this URL belongs to, else one read from the page and stored.

    The page is fetched outside any transaction: a database lock is never held across a
    network wait.
    """
    with sessions() as session:
        row = _stored_row(session, url)
        if row is not None:
            session.expunge(row)
            return row
    try:
        job = await fetch_posting(url, settings)
    except SourceError:
        job = unread_job(url)
    if job.platform == PLATFORM:
        job = job.model_copy(update={"platform": detect_platform(url)})
    with sessions.begin() as session:
        (stored,) = store_jobs(session, [job])
        row = session.get(JobRow, stored.job_id)
        assert row is not None
        session.expunge(row)
        return row


async def apply(
    settings: Settings,
    sessions: sessionmaker[Session],
    url: str,
    candidate: Candidate,
    documents: Documents,
    *,
    submit: bool,
    platform: str | None = None,
    screenshots: Path,
    pool: BrowserPool | None = None,
) -> ApplyReport:
    """Fill the form, and with ``submit`` send it exactly once under the application's claim."""
    fill = partial(
        apply_form, settings, url, candidate, documents, platform=platform,
        screenshots=screenshots, trusted_hosts=[urlsplit(url).hostname or ""], pool=pool,
    )  # fmt: skip
    if not submit:
        return await fill()
    recover_interrupted(sessions)
    job = await job_for_url(settings, sessions, url)
    with sessions.begin() as session:
        user, _, _, _ = store_master(
            session, candidate, source_format="json-resume", source_filename=None
        )
        application = applications.get_or_create(session, user.id, job.id)
        application_id = application.id
        approved = applications.approve(
            session, application_id, reason="approved with ajob apply --submit"
        )
    if not approved:
        return ApplyReport(
            platform=platform or detect_platform(url),
            url=url,
            status="refused",
            reason=refusal_reason(status_of(sessions, application_id)),
        )
    return await fill(
        job=JobTarget.from_job(row_to_job(job)),
        submitter=lambda send: submit_once(
            sessions, application_id, send, daily_caps=settings.apply_daily_caps
        ),
    )
