"""``/api/events``: the user's events, as a Server-Sent Events stream or as a recent list.

The stream tails the events table for the signed-in user: every ``api_events_poll_s`` it
reads what is new, and at once when Redis pub/sub says a commit wrote events for this user
(``core.signals``; the table stays the record, a missed message only waits for the poll).
Event ids are random, so order is (created_at, id), and a row committed a moment after a
later one could be skipped by a plain cursor; each poll therefore looks
``LOOKBACK`` behind the newest event seen and drops ids already sent. A client that
reconnects with ``Last-Event-ID`` (browsers do) continues after that event.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from datetime import datetime, timedelta
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Header, Query
from sqlalchemy import Select, select
from sse_starlette import EventSourceResponse, ServerSentEvent

from api.deps import CurrentUser, SessionDep, StateDep
from api.errors import not_found
from api.schemas.common import ERRORS, ErrorBody
from api.schemas.events import EventOut
from api.state import ApiState
from core.signals import listening
from db.base import utcnow
from db.models import Event
from db.repositories import event_feed

router = APIRouter(prefix="/api/events", tags=["events"], responses=ERRORS)

LOOKBACK = timedelta(seconds=5)
PING_S = 15
BATCH = 500
STREAM_DOC: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "A text/event-stream: one event per row, `event` = its type, `id` = "
        "its id, `data` = the event as JSON (EventOut).",
        "content": {"text/event-stream": {"schema": {"type": "string"}}},
    }
}


def _out(event: Event) -> EventOut:
    return EventOut(
        id=event.id,
        type=event.type,
        entity_type=event.entity_type,
        entity_id=event.entity_id,
        payload=event.payload,
        created_at=event.created_at,
    )


def _types(value: str | None) -> list[str]:
    return [t.strip() for t in (value or "").split(",") if t.strip()]


class Tail:
    """The read side of one stream: what was sent, and where to look next."""

    def __init__(self, state: ApiState, user_id: uuid.UUID, types: Sequence[str]) -> None:
        self.state = state
        self.user_id = user_id
        self.types = list(types)
        self.cursor = utcnow()
        self.sent: dict[uuid.UUID, datetime] = {}

    def start(self, after: uuid.UUID | None) -> None:
        """Mark what already happened as sent: up to ``after`` when given, else up to now."""
        with self.state.services.sessions() as session:
            if after is not None:
                last = event_feed.get_for_user(session, self.user_id, after)
                if last is None:
                    raise not_found(f"event {after} to continue after")
                self.cursor = last.created_at
                rows = session.execute(
                    select(Event.id, Event.created_at).where(
                        Event.user_id == self.user_id,
                        Event.created_at >= self.cursor - LOOKBACK,
                        Event.created_at <= self.cursor,
                    )
                ).all()
                self.sent = {row.id: row.created_at for row in rows if row.created_at < self.cursor}
                self.sent[last.id] = last.created_at
                return
            rows = session.execute(
                select(Event.id, Event.created_at).where(
                    Event.user_id == self.user_id, Event.created_at >= self.cursor - LOOKBACK
                )
            ).all()
            self.sent = {row.id: row.created_at for row in rows}

    def poll(self) -> list[EventOut]:
        """New rows after the cursor, plus rows committed late inside the look-back window."""
        with self.state.services.sessions() as session:
            late_ids = [
                row.id
                for row in session.execute(
                    self._window(select(Event.id, Event.created_at)).where(
                        Event.created_at >= self.cursor - LOOKBACK,
                        Event.created_at <= self.cursor,
                    )
                )
                if row.id not in self.sent
            ]
            rows = list(
                session.scalars(
                    self._window(select(Event))
                    .where(Event.created_at > self.cursor)
                    .order_by(Event.created_at, Event.id)
                    .limit(BATCH)
                )
            )
            if late_ids:
                rows[:0] = session.scalars(
                    select(Event).where(Event.id.in_(late_ids[:BATCH])).order_by(Event.created_at)
                )
            out = [_out(row) for row in rows if row.id not in self.sent]
        for event in out:
            self.sent[event.id] = event.created_at
            self.cursor = max(self.cursor, event.created_at)
        horizon = self.cursor - LOOKBACK
        self.sent = {k: v for k, v in self.sent.items() if v >= horizon}
        return out

    def _window(self, query: Select[Any]) -> Select[Any]:
        query = query.where(Event.user_id == self.user_id)
        return query.where(Event.type.in_(self.types)) if self.types else query


@router.get("", response_class=EventSourceResponse, responses=STREAM_DOC)
async def stream(
    user: CurrentUser,
    state: StateDep,
    types: Annotated[
        str | None,
        Query(max_length=500, description="Comma-separated event types; default: all."),
    ] = None,
    last_event_id: Annotated[
        uuid.UUID | None, Header(description="Continue after this event (what browsers send).")
    ] = None,
    after: Annotated[uuid.UUID | None, Query(description="Same as Last-Event-ID.")] = None,
) -> EventSourceResponse:
    """Your events as they happen: job.discovered, application.submitted, status.updated,
    outreach.sent, and more."""
    tail = Tail(state, user.user_id, _types(types))
    await anyio.to_thread.run_sync(tail.start, after or last_event_id)
    interval = state.settings.api_events_poll_s

    async def events() -> AsyncIterator[ServerSentEvent]:
        async with listening(state.settings.redis_url, str(user.user_id)) as woken:
            while True:
                batch = await anyio.to_thread.run_sync(tail.poll)
                for event in batch:
                    yield ServerSentEvent(
                        data=event.model_dump_json(), event=event.type, id=str(event.id)
                    )
                if len(batch) < BATCH:
                    await woken(interval)

    return EventSourceResponse(events(), ping=PING_S, headers={"Cache-Control": "no-store"})


@router.get("/recent", responses={404: {"model": ErrorBody}})
def recent(
    user: CurrentUser,
    session: SessionDep,
    types: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[EventOut]:
    """Your latest events, oldest first."""
    return [
        _out(row)
        for row in event_feed.recent(session, user.user_id, limit=limit, types=_types(types))
    ]
