"""Dead letters: tasks that failed for good, kept as ``task.dead_letter`` events.

A task that exhausted its retries (or failed in a way no retry could fix) must not vanish
into a worker's log: its owner sees it through the same events the API lists and streams,
with the task's name, its arguments (ids only: task arguments never hold secrets, and only
``*_id`` values are kept here anyway), the error and how many attempts were made. Storing it
as an event needs no table of its own and inherits the events' append-only rule.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.enums import EventType
from db.models import Event
from db.repositories import events

ERROR_CHARS = 500


@dataclass(frozen=True)
class DeadLetter:
    id: uuid.UUID
    """The event's id."""
    task: str
    """The task's name, e.g. ``ajob.search``."""
    task_id: str | None
    args: dict[str, Any]
    error: str
    attempts: int
    created_at: datetime


def ids_only(kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """The arguments worth recording: ids (``user_id``, ``application_id``, …) and nothing else."""
    kept: dict[str, Any] = {}
    for key, value in kwargs.items():
        if key.endswith("_id") and (value is None or isinstance(value, str | uuid.UUID)):
            kept[key] = None if value is None else str(value)
    return kept


def record(
    session: Session,
    *,
    user_id: uuid.UUID | None,
    task: str,
    task_id: str | None,
    kwargs: Mapping[str, Any],
    error: str,
    attempts: int,
) -> Event:
    """Append the dead letter of one task run; ``user_id`` None for a task nobody owns."""
    entity_id: uuid.UUID | None = None
    if task_id:
        try:
            entity_id = uuid.UUID(task_id)
        except ValueError:
            entity_id = None
    return events.append(
        session,
        EventType.TASK_DEAD_LETTER,
        user_id=user_id,
        entity_type="task",
        entity_id=entity_id,
        payload={
            "task": task,
            "task_id": task_id,
            "args": ids_only(kwargs),
            "error": error[:ERROR_CHARS],
            "attempts": attempts,
        },
    )


def dead_letters(session: Session, user_id: uuid.UUID, *, limit: int = 50) -> list[DeadLetter]:
    """The user's dead letters, newest first."""
    rows = session.scalars(
        select(Event)
        .where(Event.user_id == user_id, Event.type == EventType.TASK_DEAD_LETTER.value)
        .order_by(Event.created_at.desc(), Event.id.desc())
        .limit(limit)
    ).all()
    return [
        DeadLetter(
            id=row.id,
            task=str(row.payload.get("task", "")),
            task_id=row.payload.get("task_id"),
            args=dict(row.payload.get("args") or {}),
            error=str(row.payload.get("error", "")),
            attempts=int(row.payload.get("attempts") or 0),
            created_at=row.created_at,
        )
        for row in rows
    ]
