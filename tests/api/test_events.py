"""The events stream over real HTTP: new events arrive, other users' never do, type filters
work, and a client reconnecting with Last-Event-ID continues where it stopped."""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy.orm import Session, sessionmaker

from db.enums import EventType
from db.repositories import events
from tests.api.conftest import Serve, sign_up, sse_events


def _append_later(
    db_sessions: sessionmaker[Session], items: list[tuple[uuid.UUID, EventType, dict[str, Any]]]
) -> threading.Thread:
    """Append events from another thread once the stream is open (as a worker would)."""

    def write() -> None:
        time.sleep(0.4)
        for user_id, type_, payload in items:
            with db_sessions.begin() as session:
                events.append(session, type_, user_id=user_id, payload=payload)

    thread = threading.Thread(target=write)
    thread.start()
    return thread


def test_the_stream_carries_new_events_for_this_user_only(
    serve: Serve, db_sessions: sessionmaker[Session]
) -> None:
    server = serve(api_events_poll_s=0.1)
    with server.client() as http:
        alice, bob = sign_up(http), sign_up(http)
        with db_sessions.begin() as session:
            events.append(
                session, EventType.JOB_DISCOVERED, user_id=alice.user_id, payload={"n": 0}
            )
        writer = _append_later(
            db_sessions,
            [
                (bob.user_id, EventType.JOB_DISCOVERED, {"n": "bob"}),
                (alice.user_id, EventType.JOB_DISCOVERED, {"n": 1}),
                (alice.user_id, EventType.APPLICATION_SUBMITTED, {"n": 2}),
                (alice.user_id, EventType.OUTREACH_SENT, {"n": 3}),
            ],
        )
        with http.stream("GET", "/api/events", headers=alice.headers) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            got = sse_events(response, until=lambda seen: len(seen) == 3)
        writer.join()
    assert [e["event"] for e in got] == ["job.discovered", "application.submitted", "outreach.sent"]
    assert [e["data"]["payload"]["n"] for e in got] == [1, 2, 3], "only new events, in order"
    assert all(e["id"] == e["data"]["id"] for e in got)


def test_type_filter_and_resuming_after_the_last_event(
    serve: Serve, db_sessions: sessionmaker[Session]
) -> None:
    server = serve(api_events_poll_s=0.1)
    with server.client() as http:
        me = sign_up(http)
        writer = _append_later(
            db_sessions,
            [(me.user_id, EventType.STATUS_UPDATED, {"n": n}) for n in range(3)]
            + [(me.user_id, EventType.JOB_DISCOVERED, {"n": 9})],
        )
        with http.stream(
            "GET", "/api/events", params={"types": "status.updated"}, headers=me.headers
        ) as response:
            first = sse_events(response, until=lambda seen: len(seen) == 1)
        writer.join()
        headers = me.headers | {"Last-Event-ID": first[0]["id"]}
        with http.stream(
            "GET", "/api/events", params={"types": "status.updated"}, headers=headers
        ) as response:
            rest = sse_events(response, until=lambda seen: len(seen) == 2)
    assert [e["data"]["payload"]["n"] for e in first + rest] == [0, 1, 2]


def test_the_stream_needs_a_valid_token(client: httpx.Client) -> None:
    response = client.get("/api/events")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


@pytest.mark.redis
def test_with_redis_a_commit_wakes_the_stream_before_its_poll(
    serve: Serve, db_sessions: sessionmaker[Session], redis_url: str
) -> None:
    server = serve(api_events_poll_s=30, redis_url=redis_url)
    with server.client() as http:
        alice = sign_up(http)
        writer = _append_later(db_sessions, [(alice.user_id, EventType.STATUS_UPDATED, {"n": 1})])
        started = time.monotonic()
        with http.stream("GET", "/api/events", headers=alice.headers) as response:
            got = sse_events(response, until=lambda seen: len(seen) == 1)
        waited = time.monotonic() - started
        writer.join()
    assert [e["data"]["payload"]["n"] for e in got] == [1]
    assert waited < 10, f"pub/sub should wake the stream, not the 30 s poll ({waited:.1f} s)"
