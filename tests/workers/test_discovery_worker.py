"""Searches on a real worker process: stored once, retried then dead-lettered, never run twice.

The worker is ``ajob worker`` on the local Redis (not eager mode), the platform is the sandbox
in this process, and the database is a fresh PostgreSQL one shared with this process.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import ColumnElement, func, select

from db.enums import EventType
from db.models import Event, Job
from db.repositories.dead_letters import dead_letters
from resumes.candidate import load_candidate, sample_candidate_path
from resumes.store import store_candidate
from sandbox.faults import FaultRule
from sandbox.server import RunningSandbox
from tests.workers.conftest import VISIBILITY_TIMEOUT_S, Cluster
from tools.runtime import get_services
from workers.dispatch import enqueue
from workers.registry import SEARCH

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]


def _user() -> uuid.UUID:
    with get_services().sessions.begin() as session:
        stored = store_candidate(
            session, load_candidate(sample_candidate_path()), source_filename="candidate.json"
        )
        return stored.user.id


def _count(model: type[Job | Event], *where: ColumnElement[bool]) -> int:
    with get_services().sessions() as session:
        counted = session.scalar(select(func.count()).select_from(model).where(*where))
        return int(counted or 0)


def _board_requests(sandbox: RunningSandbox) -> int:
    return len([r for r in sandbox.requests("greenhouse") if "northwind" in r.path])


@pytest.fixture
def cluster(make_cluster: Callable[[], Cluster], monkeypatch: pytest.MonkeyPatch) -> Cluster:
    made = make_cluster()
    made.use(monkeypatch)
    return made


def test_two_deliveries_of_a_search_store_each_job_once(
    cluster: Cluster, clean_sandbox: RunningSandbox
) -> None:
    worker = cluster.worker("--queues", "discovery", "--concurrency", "2")
    user_id = _user()
    worker.wait_ready()
    kwargs: dict[str, Any] = {
        "user_id": str(user_id),
        "sources": ["greenhouse"],
        "boards": ["greenhouse:northwind"],
        "base_urls": [f"greenhouse={clean_sandbox.base_url('greenhouse')}"],
    }
    first, second = enqueue(SEARCH, **kwargs), enqueue(SEARCH, **kwargs)
    results = [first.wait(timeout=120), second.wait(timeout=120)]
    assert not first.embedded
    assert first.queue == "discovery"

    expected = clean_sandbox.catalogue.expected_distinct(["greenhouse"], board="northwind")
    assert _count(Job) == expected > 0
    assert sorted(r["new"] for r in results)[-1] > 0
    assert sum(r["new"] for r in results) == expected, "each job is new exactly once"
    assert _count(Event, Event.type == EventType.JOB_DISCOVERED.value) == expected
    with get_services().sessions() as session:
        finished = session.scalars(
            select(Event.entity_id).where(
                Event.type == EventType.STATUS_UPDATED.value, Event.entity_type == "search"
            )
        ).all()
    assert sorted(str(i) for i in finished) == sorted([first.id, second.id])


def test_a_search_that_keeps_failing_is_retried_then_dead_lettered(
    cluster: Cluster, clean_sandbox: RunningSandbox
) -> None:
    worker = cluster.worker("--queues", "discovery", "--concurrency", "1")
    user_id = _user()
    clean_sandbox.add_faults(FaultRule(platform="greenhouse", kind="status", status=503, times=50))
    worker.wait_ready()
    handle = enqueue(
        SEARCH,
        user_id=str(user_id),
        boards=["greenhouse:northwind"],
        base_urls=[f"greenhouse={clean_sandbox.base_url('greenhouse')}"],
    )
    with pytest.raises(Exception, match="every source failed"):
        handle.wait(timeout=120)

    assert _board_requests(clean_sandbox) == 3, "the first try and AJOB_WORKER_MAX_RETRIES=2"
    with get_services().sessions() as session:
        (letter,) = dead_letters(session, user_id)
        assert dead_letters(session, uuid.uuid4()) == []
    assert letter.task == SEARCH
    assert letter.task_id == handle.id
    assert letter.attempts == 3
    assert letter.args == {"user_id": str(user_id)}
    assert letter.error.startswith("RetryLater: every source failed (greenhouse:")
    assert "503" in letter.error
    assert _count(Job) == 0


def test_a_task_longer_than_the_visibility_timeout_runs_once(
    cluster: Cluster, clean_sandbox: RunningSandbox
) -> None:
    """Without the heartbeat the sweep would hand the running search to the idle process."""
    worker = cluster.worker("--queues", "discovery", "--concurrency", "2")
    user_id = _user()
    clean_sandbox.add_faults(
        FaultRule(platform="greenhouse", kind="stall", stall_s=3 * VISIBILITY_TIMEOUT_S)
    )
    worker.wait_ready()
    started = time.monotonic()
    handle = enqueue(
        SEARCH,
        user_id=str(user_id),
        boards=["greenhouse:northwind"],
        base_urls=[f"greenhouse={clean_sandbox.base_url('greenhouse')}"],
    )
    result = handle.wait(timeout=120)
    # A duplicate would not be stalled (the fault is used up) and could finish first: look
    # again once the stalled request has surely been answered.
    time.sleep(max(0.0, started + 3 * VISIBILITY_TIMEOUT_S + 2 - time.monotonic()))

    assert result["new"] > 0
    assert time.monotonic() - started >= 3 * VISIBILITY_TIMEOUT_S, "the search was stalled"
    assert worker.output().count(f"[{handle.id}] received") == 1, "delivered once"
    assert _board_requests(clean_sandbox) == 1, "the search ran once"
    client = cluster.redis()
    try:
        assert client.zcard(f"{cluster.prefix()}unacked_index") == 0
    finally:
        client.close()
