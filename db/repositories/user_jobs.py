"""Stored jobs as one user sees them: the shared catalogue plus that user's match and status.

Jobs are public postings shared by every user; what is personal about a job (its match score,
the application) lives on ``applications`` and is joined for the asking user only.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Integer,
    Row,
    Select,
    and_,
    bindparam,
    func,
    select,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import InstrumentedAttribute, Session

from db.enums import WorkplaceType
from db.models import Application, Job
from db.repositories.jobs import text_match, text_params

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


def _mine() -> ColumnElement[bool]:
    return and_(
        Application.job_id == Job.id,
        Application.user_id == bindparam("user_id", type_=Application.user_id.type),
    )


Shape = tuple[str, int, bool, bool, bool, bool]
"""(dialect, words of q, platform?, company?, workplace?, min_score?): one statement each."""


def _where(shape: Shape) -> list[ColumnElement[bool]]:
    dialect, words, platform, company, workplace, min_score = shape
    clauses: list[ColumnElement[bool]] = []
    if words:
        clauses.append(text_match(dialect, words))
    if platform:
        clauses.append(Job.platform == bindparam("platform"))
    if company:
        clauses.append(func.lower(Job.company) == bindparam("company"))
    if workplace:
        clauses.append(Job.workplace_type == bindparam("workplace", type_=Job.workplace_type.type))
    if min_score:
        clauses.append(Application.match_score >= bindparam("min_score"))
    return clauses


@lru_cache(maxsize=256)
def _page_statement(shape: Shape, sort: Sort) -> Select[Any]:
    """Built once per shape and sort, with bound parameters: a statement object that is
    reused keeps its compiled form and cache key, so a request pays for neither.

    ``match`` lists the jobs ranked for this user, best first, straight from the index on
    (user, match score); the others list the catalogue with the user's score beside each job.
    """
    columns = (
        *SUMMARY_COLUMNS,
        Application.match_score,
        Application.status.label("application_status"),
    )
    order: list[ColumnElement[Any] | InstrumentedAttribute[Any]]
    if sort == "match":
        statement = (
            select(*columns)
            .select_from(Application)
            .join(Job, Job.id == Application.job_id)
            .where(
                Application.user_id == bindparam("user_id", type_=Application.user_id.type),
                Application.match_score.is_not(None),
            )
        )
        order = [Application.match_score.desc(), Job.created_at.desc(), Job.id]
    else:
        statement = select(*columns).outerjoin(Application, _mine())
        if sort == "posted":
            order = [Job.posted_at.desc().nulls_last(), Job.created_at.desc(), Job.id]
        else:
            order = [Job.created_at.desc(), Job.id]
    return (
        statement.where(*_where(shape))
        .order_by(*order)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
    )


@lru_cache(maxsize=256)
def _count_statement(shape: Shape, sort: Sort) -> Select[Any]:
    """Counting needs the user's applications only to filter by match score or list ranked."""
    counted = select(func.count()).select_from(Job)
    if shape[-1] or sort == "match":
        counted = counted.join(Application, _mine())
        if sort == "match":
            counted = counted.where(Application.match_score.is_not(None))
    return counted.where(*_where(shape))


def list_for_user(
    session: Session | Connection,
    user_id: uuid.UUID,
    filters: JobFilters,
    *,
    sort: Sort = "recent",
    limit: int = 20,
    offset: int = 0,
    count: bool = False,
) -> tuple[Sequence[Row[Any]], bool, int | None]:
    """A page of jobs with this user's match score and application status, whether more
    follow, and (only when ``count``) how many match in all. A plain connection will do (the
    hot path skips the ORM session); so will a session."""
    dialect = (
        session.get_bind().dialect.name if isinstance(session, Session) else session.dialect.name
    )
    words = (filters.q or "").split()
    params: dict[str, Any] = {"user_id": user_id, "limit": limit + 1, "offset": offset}
    params |= text_params(dialect, words)
    if filters.platform:
        params["platform"] = filters.platform
    if filters.company:
        params["company"] = filters.company.lower()
    if filters.workplace_type is not None:
        params["workplace"] = filters.workplace_type
    if filters.min_score is not None:
        params["min_score"] = filters.min_score
    shape: Shape = (
        dialect,
        (1 if words else 0) if dialect == "postgresql" else len(words),
        bool(filters.platform),
        bool(filters.company),
        filters.workplace_type is not None,
        filters.min_score is not None,
    )
    rows = session.execute(_page_statement(shape, sort), params).all()
    more = len(rows) > limit
    if not count:
        return rows[:limit], more, None
    total = session.scalar(_count_statement(shape, sort), params) or 0
    return rows[:limit], more, total


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
