"""Reading one user's events in order, for the SSE stream and the recent list.

Event ids are random UUIDs, so order is (created_at, id). A row committed late can carry an
earlier created_at than rows already streamed; the stream therefore re-reads a short window
behind its cursor and drops ids it has sent (see api/routes/events.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Event


def recent(
    session: Session, user_id: uuid.UUID, *, limit: int = 50, types: Sequence[str] = ()
) -> Sequence[Event]:
    query = select(Event).where(Event.user_id == user_id)
    if types:
        query = query.where(Event.type.in_(list(types)))
    rows = session.scalars(query.order_by(Event.created_at.desc(), Event.id).limit(limit)).all()
    return list(reversed(rows))


def since(
    session: Session,
    user_id: uuid.UUID,
    after: datetime,
    *,
    types: Sequence[str] = (),
    limit: int = 500,
) -> Sequence[Event]:
    """Events at or after ``after``, oldest first."""
    query = select(Event).where(Event.user_id == user_id, Event.created_at >= after)
    if types:
        query = query.where(Event.type.in_(list(types)))
    return session.scalars(query.order_by(Event.created_at, Event.id).limit(limit)).all()


def get_for_user(session: Session, user_id: uuid.UUID, event_id: uuid.UUID) -> Event | None:
    return session.scalar(select(Event).where(Event.id == event_id, Event.user_id == user_id))
