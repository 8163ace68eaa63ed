"""A page PostgreSQL aborted to break a deadlock is stored again; other failures are not."""

from __future__ import annotations

from typing import Any

import pytest
from psycopg.errors import DeadlockDetected, UniqueViolation
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from jobs import search
from jobs.search import PAGE_ATTEMPTS, _store_page

STORED = object()
DEADLOCK = OperationalError("UPDATE jobs", {}, DeadlockDetected("deadlock detected"))


def _store_failing(monkeypatch: pytest.MonkeyPatch, times: int, error: Exception) -> list[int]:
    """Make storing a page fail ``times`` times with ``error``, then succeed; the calls made."""
    calls: list[int] = []

    def store(_session: Session, page: list[Any], user_id: Any = None) -> list[Any]:
        calls.append(len(page))
        if len(calls) <= times:
            raise error
        return [STORED]

    monkeypatch.setattr(search, "store_jobs", store)
    return calls


def test_a_deadlock_victim_page_is_stored_again(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _store_failing(monkeypatch, 1, DEADLOCK)
    assert _store_page(sessions, [], None) == [STORED]
    assert len(calls) == 2


def test_a_page_that_keeps_losing_gives_up_with_the_error(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _store_failing(monkeypatch, PAGE_ATTEMPTS, DEADLOCK)
    with pytest.raises(OperationalError, match="deadlock detected"):
        _store_page(sessions, [], None)
    assert len(calls) == PAGE_ATTEMPTS


def test_other_database_errors_are_not_tried_again(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = IntegrityError("INSERT INTO jobs", {}, UniqueViolation("duplicate key"))
    calls = _store_failing(monkeypatch, 1, broken)
    with pytest.raises(IntegrityError):
        _store_page(sessions, [], None)
    assert len(calls) == 1
