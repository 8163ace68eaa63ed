"""One user's applications, with the job each is for; every query names the owner."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from db.enums import ApplicationStatus
from db.models import Application, Job


def list_for_user(
    session: Session,
    user_id: uuid.UUID,
    *,
    statuses: Sequence[ApplicationStatus] = (),
    limit: int = 50,
    offset: int = 0,
) -> tuple[Sequence[Row[tuple[Application, Job]]], int]:
    where = [Application.user_id == user_id]
    if statuses:
        where.append(Application.status.in_(list(statuses)))
    rows = session.execute(
        select(Application, Job)
        .join(Job, Job.id == Application.job_id)
        .where(*where)
        .order_by(Application.updated_at.desc(), Application.id)
        .limit(limit)
        .offset(offset)
    ).all()
    total = session.scalar(select(func.count()).select_from(Application).where(*where)) or 0
    return rows, total


def get_for_user(
    session: Session, user_id: uuid.UUID, application_id: uuid.UUID
) -> tuple[Application, Job] | None:
    row = session.execute(
        select(Application, Job)
        .join(Job, Job.id == Application.job_id)
        .where(Application.id == application_id, Application.user_id == user_id)
    ).first()
    return None if row is None else (row[0], row[1])


def status_counts(session: Session, user_id: uuid.UUID) -> Sequence[Row[Any]]:
    """(platform, status, count) of the user's applications."""
    return session.execute(
        select(Job.platform, Application.status, func.count())
        .join(Job, Job.id == Application.job_id)
        .where(Application.user_id == user_id)
        .group_by(Job.platform, Application.status)
    ).all()
