"""Background task records: created queued, claimed once to run, finished with a result."""

from __future__ import annotations

import uuid
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from db.base import utcnow
from db.models import Task
from db.models.tasks import TaskState


def create(session: Session, user_id: uuid.UUID, kind: str, params: dict[str, Any]) -> Task:
    task = Task(user_id=user_id, kind=kind, params=params, result={}, state=TaskState.QUEUED)
    session.add(task)
    session.flush()
    return task


def get_for_user(session: Session, user_id: uuid.UUID, task_id: uuid.UUID) -> Task | None:
    return session.scalar(select(Task).where(Task.id == task_id, Task.user_id == user_id))


def claim(session: Session, task_id: uuid.UUID) -> bool:
    """queued → running as one conditional UPDATE: a redelivered task runs once."""
    result = session.execute(
        update(Task)
        .where(Task.id == task_id, Task.state == TaskState.QUEUED)
        .values(state=TaskState.RUNNING, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return cast(CursorResult[Any], result).rowcount == 1


def finish(
    session: Session,
    task_id: uuid.UUID,
    state: TaskState,
    *,
    result: dict[str, Any] | None = None,
    error: str | None = None,
) -> None:
    session.execute(
        update(Task)
        .where(Task.id == task_id)
        .values(state=state, result=result or {}, error=error, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
