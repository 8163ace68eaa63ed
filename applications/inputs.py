"""What a step works from: the user's candidate (latest master resume) and the stored job."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from adapters.job import Job
from core.errors import InputError
from db.models import Application, UserPreferences
from db.models import Job as JobRow
from db.repositories import applications
from db.repositories.jobs import get_job
from db.repositories.resumes import latest_master
from jobs.store import row_to_job
from resumes.candidate import Candidate, parse_candidate


@dataclass(frozen=True)
class Inputs:
    user_id: uuid.UUID
    application_id: uuid.UUID
    candidate: Candidate
    job: Job
    job_id: uuid.UUID
    auto_approve: bool
    auto_approve_min_score: int

    @property
    def form_url(self) -> str:
        url = self.job.apply_url or self.job.url
        if not url:
            raise InputError(f"the job {self.job_id} has no application page to open")
        return url


def candidate_of(session: Session, user_id: uuid.UUID) -> Candidate:
    """The user's latest master resume as a candidate file; an InputError when there is none."""
    master = latest_master(session, user_id)
    if master is None:
        raise InputError("this user has no master resume yet: run `ajob resume import FILE`")
    return parse_candidate(master.content, source=f"master resume v{master.version}")


def job_row(session: Session, reference: str) -> JobRow:
    row = get_job(session, reference)
    if row is None:
        raise InputError(
            f"no job {reference!r}: use an id from `ajob jobs list` or platform:external_id"
        )
    return row


def prepare(
    sessions: sessionmaker[Session], user_id: uuid.UUID, job_reference: str
) -> tuple[uuid.UUID, str]:
    """(application id, thread id) for (user, job): the thread id is the application's own id,
    so starting the same application twice resumes one thread instead of opening another."""
    with sessions.begin() as session:
        row = job_row(session, job_reference)
        application = applications.get_or_create(session, user_id, row.id)
        if application.thread_id is None:
            application.thread_id = str(application.id)
        return application.id, application.thread_id


def start(
    sessions: sessionmaker[Session], user_id: uuid.UUID, job_reference: str, thread_id: str
) -> uuid.UUID:
    """The application row of (user, job), tied to this graph thread; created on first run."""
    with sessions.begin() as session:
        row = job_row(session, job_reference)
        application = applications.get_or_create(session, user_id, row.id)
        if application.thread_id is None:
            application.thread_id = thread_id
        application.attempts += 1
        return application.id


def load(sessions: sessionmaker[Session], application_id: uuid.UUID) -> Inputs:
    with sessions() as session:
        application = session.get(Application, application_id)
        if application is None:
            raise InputError(f"no application {application_id}")
        row = session.get(JobRow, application.job_id)
        assert row is not None
        prefs = session.scalar(
            select(UserPreferences).where(UserPreferences.user_id == application.user_id)
        )
        return Inputs(
            user_id=application.user_id,
            application_id=application.id,
            candidate=candidate_of(session, application.user_id),
            job=row_to_job(row),
            job_id=row.id,
            auto_approve=bool(prefs and prefs.auto_approve),
            auto_approve_min_score=prefs.auto_approve_min_score if prefs else 80,
        )
