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


def _failing(times: int, error: Exception, calls: list[int]) -> Any:
    def store(_session: Session, page: list[Any], user_id: Any = None) -> list[Any]:
        calls.append(len(page))
        if len(calls) <= times:
            raise error
        return [STORED]

    return store


def test_a_deadlock_victim_page_is_stored_again(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    deadlock = OperationalError("UPDATE jobs", {}, DeadlockDetected("deadlock detected"))
    monkeypatch.setattr(search, "store_jobs", _failing(1, deadlock, calls))
    assert _store_page(sessions, [], None) == [STORED]
    assert len(calls) == 2


def test_a_page_that_keeps_losing_gives_up_with_the_error(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    deadlock = OperationalError("UPDATE jobs", {}, DeadlockDetected("deadlock detected"))
    monkeypatch.setattr(search, "store_jobs", _failing(PAGE_ATTEMPTS, deadlock, calls))
    with pytest.raises(OperationalError, match="deadlock detected"):
        _store_page(sessions, [], None)
    assert len(calls) == PAGE_ATTEMPTS


def test_other_database_errors_are_not_tried_again(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    broken = IntegrityError("INSERT INTO jobs", {}, UniqueViolation("duplicate key"))
    monkeypatch.setattr(search, "store_jobs", _failing(1, broken, calls))
    with pytest.raises(IntegrityError):
        _store_page(sessions, [], None)
    assert len(calls) == 1
