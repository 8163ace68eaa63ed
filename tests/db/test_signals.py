"""Live-stream wake-ups: sent after a commit that wrote events, never after a rollback."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from db import signals

USER_A, USER_B = uuid.uuid4(), uuid.uuid4()


@pytest.fixture
def woken(monkeypatch: pytest.MonkeyPatch) -> list[set[str]]:
    calls: list[set[str]] = []
    monkeypatch.setattr(signals, "notify", lambda _url, users: calls.append(set(users)))
    return calls


@pytest.fixture
def session() -> Iterator[Session]:
    engine = create_engine("sqlite://")
    with Session(engine) as opened:
        yield opened
    engine.dispose()


def test_a_rolled_back_savepoint_keeps_what_the_transaction_noted(
    session: Session, woken: list[set[str]]
) -> None:
    signals.note(session, [USER_A])
    savepoint = session.begin_nested()
    session.execute(text("SELECT 1"))
    savepoint.rollback()
    signals.note(session, [USER_B])
    session.commit()
    assert woken == [{str(USER_A), str(USER_B)}]


def test_a_rolled_back_transaction_wakes_nobody(session: Session, woken: list[set[str]]) -> None:
    session.execute(text("SELECT 1"))
    signals.note(session, [USER_A])
    session.rollback()
    session.execute(text("SELECT 1"))
    session.commit()
    assert woken == []
