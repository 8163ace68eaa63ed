"""Stored jobs as one user sees them: the shared catalogue plus that user's match and status.

Jobs are public postings shared by every user; what is personal about a job (its match score,
the application) lives on ``applications`` and is joined for the asking user only.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement, Row, Select, and_, func, literal_column, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from db.enums import WorkplaceType
from db.models import Application, Job
from db.models.jobs import JOBS_FTS_DOCUMENT

Sort = Literal["recent", "match", "posted"]

SUMMARY_COLUMNS = (
    Job.id,
    Job.platform,
    Job.external_id,
    Job.title,
    Job.company,
    Job.locations,
    Job.workplace_type,
    Job.employment_type,
    Job.salary_min,
    Job.salary_max,
    Job.salary_currency,
    Job.salary_period,
    Job.url,
    Job.posted_at,
    Job.created_at,
)
"""What a listing shows; the description and raw payload stay in the database."""


@dataclass(frozen=True)
class JobFilters:
    q: str | None = None
    platform: str | None = None
    company: str | None = None
    workplace_type: WorkplaceType | None = None
    min_score: float | None = None

    @property
    def personal(self) -> bool:
        """Whether the filter needs this user's applications (else the count skips the join)."""
        return self.min_score is not None


def _text_match(session: Session, q: str) -> ColumnElement[bool]:
    """Postgres: the GIN-indexed full-text expression; SQLite: every word somewhere."""
    if session.get_bind().dialect.name == "postgresql":
        document: ColumnElement[str] = literal_column(
            f"to_tsvector('english', {JOBS_FTS_DOCUMENT})"
        )
        return document.bool_op("@@")(func.websearch_to_tsquery("english", q))
    return and_(
        *(
            or_(
                Job.title.ilike(f"%{word}%"),
                Job.company.ilike(f"%{word}%"),
                Job.description_text.ilike(f"%{word}%"),
            )
            for word in q.split()
        )
    )


def _where(session: Session, filters: JobFilters) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    if filters.q and filters.q.strip():
        clauses.append(_text_match(session, filters.q.strip()))
    if filters.platform:
        clauses.append(Job.platform == filters.platform)
    if filters.company:
        clauses.append(func.lower(Job.company) == filters.company.lower())
    if filters.workplace_type is not None:
        clauses.append(Job.workplace_type == filters.workplace_type)
    if filters.min_score is not None:
        clauses.append(Application.match_score >= filters.min_score)
    return clauses


def _mine(user_id: uuid.UUID) -> ColumnElement[bool]:
    return and_(Application.job_id == Job.id, Application.user_id == user_id)


def list_for_user(
    session: Session,
    user_id: uuid.UUID,
    filters: JobFilters,
    *,
    sort: Sort = "recent",
    limit: int = 20,
    offset: int = 0,
) -> tuple[Sequence[Row[Any]], int]:
    """A page of jobs with this user's match score and application status, and the total."""
    where = _where(session, filters)
    statement: Select[Any] = (
        select(
            *SUMMARY_COLUMNS,
            Application.match_score,
            Application.status.label("application_status"),
        )
        .outerjoin(Application, _mine(user_id))
        .where(*where)
    )
    order: list[ColumnElement[Any] | InstrumentedAttribute[Any]]
    if sort == "match":
        order = [Application.match_score.desc().nulls_last(), Job.created_at.desc(), Job.id]
    elif sort == "posted":
        order = [Job.posted_at.desc().nulls_last(), Job.created_at.desc(), Job.id]
    else:
        order = [Job.created_at.desc(), Job.id]
    rows = session.execute(statement.order_by(*order).limit(limit).offset(offset)).all()
    counted = select(func.count()).select_from(Job)
    if filters.personal:
        counted = counted.join(Application, _mine(user_id))
    total = session.scalar(counted.where(*where)) or 0
    return rows, total


def get_for_user(
    session: Session, user_id: uuid.UUID, job_id: uuid.UUID
) -> tuple[Job, Application | None] | None:
    job = session.get(Job, job_id)
    if job is None:
        return None
    application = session.scalar(
        select(Application).where(Application.user_id == user_id, Application.job_id == job_id)
    )
    return job, application
