"""Reading stored jobs: filters, full-text search (Postgres) or LIKE (SQLite), paging.

Both searches read the title, company and ``search_text`` (jobs/search_text.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import ColumnElement, and_, bindparam, func, literal_column, or_, select, true
from sqlalchemy.orm import Session

from db.models import Job
from db.models.jobs import SEARCH_VECTOR


def text_match(dialect: str, words: int) -> ColumnElement[bool]:
    """A text query over title, company and ``search_text``, as bound parameters that
    ``text_params`` fills: on Postgres the GIN-indexed search vector against ``q``; on SQLite
    each of ``words`` words (``w0``, ``w1``…) somewhere in the three columns."""
    if dialect == "postgresql":
        document: ColumnElement[str] = literal_column(f"jobs.{SEARCH_VECTOR}")
        return document.bool_op("@@")(func.websearch_to_tsquery("english", bindparam("q")))
    return and_(
        true(),
        *(
            or_(
                Job.title.ilike(bindparam(f"w{n}")),
                Job.company.ilike(bindparam(f"w{n}")),
                Job.search_text.ilike(bindparam(f"w{n}")),
            )
            for n in range(words)
        ),
    )


def text_params(dialect: str, words: Sequence[str]) -> dict[str, str]:
    """The values of ``text_match(dialect, len(words))``'s parameters."""
    if dialect == "postgresql":
        return {"q": " ".join(words)}
    return {f"w{n}": f"%{word}%" for n, word in enumerate(words)}


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
    params: dict[str, str] = {}
    if platform:
        statement = statement.where(Job.platform == platform)
    if q:
        dialect = session.get_bind().dialect.name
        words = q.split()
        statement = statement.where(text_match(dialect, len(words)))
        params = text_params(dialect, words)
    total = session.scalar(select(func.count()).select_from(statement.subquery()), params) or 0
    rows = session.scalars(
        statement.order_by(Job.created_at.desc(), Job.id).limit(limit).offset(offset), params
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
