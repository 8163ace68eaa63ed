"""The events log is written only by appending; there is deliberately no update here."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from db import signals
from db.enums import EventType
from db.models import Event


def append(
    session: Session,
    type_: EventType,
    *,
    user_id: uuid.UUID | None,
    entity_type: str | None = None,
    entity_id: uuid.UUID | None = None,
    payload: dict[str, Any] | None = None,
) -> Event:
    event = Event(
        user_id=user_id,
        type=type_.value,
        entity_type=entity_type,
        entity_id=entity_id,
        payload=payload or {},
    )
    session.add(event)
    session.flush()
    signals.note(session, [user_id])
    return event
