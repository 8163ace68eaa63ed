"""Reading stored jobs: filters, full-text search (Postgres) or LIKE (SQLite), paging.

Both searches read the title, company and ``search_text`` (jobs/search_text.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import ColumnElement, func, literal_column, or_, select
from sqlalchemy.orm import Session

from db.models import Job
from db.models.jobs import SEARCH_VECTOR


def list_jobs(
    session: Session,
    *,
    q: str | None = None,
    platform: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> tuple[Sequence[Job], int]:
    """A page of jobs, newest first, and the total matching count."""
    statement = select(Job)
    if platform:
        statement = statement.where(Job.platform == platform)
    if q:
        if session.get_bind().dialect.name == "postgresql":
            document: ColumnElement[str] = literal_column(f"jobs.{SEARCH_VECTOR}")
            statement = statement.where(
                document.bool_op("@@")(func.websearch_to_tsquery("english", q))
            )
        else:
            for word in q.split():
                pattern = f"%{word}%"
                statement = statement.where(
                    or_(
                        Job.title.ilike(pattern),
                        Job.company.ilike(pattern),
                        Job.search_text.ilike(pattern),
                    )
                )
    total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    rows = session.scalars(
        statement.order_by(Job.created_at.desc(), Job.id).limit(limit).offset(offset)
    ).all()
    return rows, total


def get_job(session: Session, reference: str) -> Job | None:
    """A job by its id, or by ``platform:external_id``."""
    try:
        return session.get(Job, uuid.UUID(reference))
    except ValueError:
        pass
    platform, sep, external_id = reference.partition(":")
    if not sep:
        return None
    return session.scalar(
        select(Job).where(Job.platform == platform, Job.external_id == external_id)
    )
