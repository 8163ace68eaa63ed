"""Background task records: created queued, claimed once to run, finished with a result."""

from __future__ import annotations

import uuid
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from db.base import utcnow
from db.enums import EventType
from db.models import Event, Task
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


def settle(session: Session, task: Task) -> Task:
    """Bring a task's row up to date from the event that ended it, when a worker (which does
    not know the row) ran it: a search's ``status.updated`` (``entity_type="search"``) or the
    task's dead letter. The row is then written, so later reads need no look-up."""
    if task.state not in (TaskState.QUEUED, TaskState.RUNNING):
        return task
    ended = session.scalar(
        select(Event)
        .where(
            Event.user_id == task.user_id,
            Event.entity_id == task.id,
            Event.type.in_([EventType.STATUS_UPDATED.value, EventType.TASK_DEAD_LETTER.value]),
        )
        .order_by(Event.created_at.desc())
        .limit(1)
    )
    if ended is None:
        return task
    payload = dict(ended.payload)
    if ended.type == EventType.TASK_DEAD_LETTER.value:
        finish(session, task.id, TaskState.FAILED, error=str(payload.get("error") or "failed"))
    else:
        payload.pop("kind", None)
        finish(session, task.id, TaskState.SUCCEEDED, result=payload)
    session.commit()
    session.refresh(task)
    return task
