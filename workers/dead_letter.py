"""Recording a task that failed for good, from whichever runner ran it.

The record goes to its owner (the user named by ``user_id``, or the owner of the
``application_id`` or ``outreach_id`` it was about), so the API can show it to them. The
error is one line with any URL credentials masked; a database that cannot take the record
leaves it in the log, which is the best that can be done then.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from core.errors import AjobError
from core.logging import get_logger
from db.models import Application, Outreach, User
from db.repositories import dead_letters
from tools.runtime import get_services

log = get_logger(__name__)

_CREDENTIALS = re.compile(r"://[^/\s:@]+:[^@\s/]+@")


def describe(exc: BaseException) -> str:
    """``Type: message`` on one line, with what caused it, and no URL passwords."""
    message = exc.message if isinstance(exc, AjobError) else str(exc)
    text = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    cause = exc.__cause__
    if cause is not None and not isinstance(exc, AjobError):
        text += f" (from {type(cause).__name__}: {cause})"
    return _CREDENTIALS.sub("://***@", " ".join(text.split()))


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def owner_of(session: Session, kwargs: Mapping[str, Any]) -> uuid.UUID | None:
    """The user a task acted for, from its arguments; None when it acted for nobody."""
    user_id = _uuid(kwargs.get("user_id"))
    if user_id is None and (application_id := _uuid(kwargs.get("application_id"))):
        row = session.get(Application, application_id)
        user_id = row.user_id if row else None
    if user_id is None and (outreach_id := _uuid(kwargs.get("outreach_id"))):
        outreach = session.get(Outreach, outreach_id)
        user_id = outreach.user_id if outreach else None
    if user_id is not None and session.get(User, user_id) is None:
        return None
    return user_id


def record_failure(
    task: str, task_id: str | None, kwargs: Mapping[str, Any], exc: BaseException, attempts: int
) -> None:
    """Leave the dead letter of a task run that will not be retried."""
    error = describe(exc)
    log.error("task.dead_letter", task=task, task_id=task_id, error=error, attempts=attempts)
    try:
        with get_services().sessions.begin() as session:
            dead_letters.record(
                session,
                user_id=owner_of(session, kwargs),
                task=task,
                task_id=task_id,
                kwargs=kwargs,
                error=error,
                attempts=attempts,
            )
    except Exception as store_error:
        log.error(
            "task.dead_letter not stored",
            task=task,
            task_id=task_id,
            error=describe(store_error),
        )
