"""The embedded default: with no AJOB_REDIS_URL, enqueue() runs the same tasks in this process.

Same functions, same retries, same dead letters as on a worker; SQLite and the sandbox.
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import select

from applications.inputs import prepare
from core.config import get_settings
from db.enums import ApplicationStatus, EventType
from db.models import Event, Job
from db.repositories.dead_letters import dead_letters
from resumes.candidate import load_candidate, sample_candidate_path
from resumes.store import store_candidate
from sandbox.faults import FaultRule
from sandbox.server import RunningSandbox
from tests.installation import Installed
from tools.runtime import get_services, reset_services
from workers.dispatch import enqueue
from workers.registry import APPLY, SEARCH, RetryLater


@pytest.fixture
def user_id(clean_sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch) -> uuid.UUID:
    monkeypatch.setenv("AJOB_HTTP_ALLOW_HOSTS", "127.0.0.1")
    monkeypatch.setenv("AJOB_HTTP_MAX_RETRIES", "0")
    monkeypatch.setenv("AJOB_WORKER_MAX_RETRIES", "1")
    monkeypatch.setenv("AJOB_WORKER_RETRY_BACKOFF_S", "1")
    get_settings.cache_clear()
    reset_services()
    with get_services().sessions.begin() as session:
        stored = store_candidate(
            session, load_candidate(sample_candidate_path()), source_filename="candidate.json"
        )
        return stored.user.id


def _search(sandbox: RunningSandbox, user_id: uuid.UUID) -> dict[str, Any]:
    return {
        "user_id": str(user_id),
        "boards": ["greenhouse:northwind"],
        "base_urls": [f"greenhouse={sandbox.base_url('greenhouse')}"],
    }


def test_a_search_runs_in_a_thread_of_this_process(
    user_id: uuid.UUID, clean_sandbox: RunningSandbox
) -> None:
    handle = enqueue(SEARCH, **_search(clean_sandbox, user_id))
    assert handle.embedded
    assert handle.queue == "discovery"
    result = handle.wait(timeout=60)
    assert handle.state == "SUCCESS"

    expected = clean_sandbox.catalogue.expected_distinct(["greenhouse"], board="northwind")
    assert result["new"] == expected
    with get_services().sessions() as session:
        assert len(session.scalars(select(Job.id)).all()) == expected
        finished = session.scalars(
            select(Event).where(Event.type == EventType.STATUS_UPDATED.value)
        ).one()
    assert finished.entity_id == uuid.UUID(handle.id)
    assert finished.user_id == user_id
    assert finished.payload["kind"] == "search.finished"


def test_a_failing_task_is_retried_then_dead_lettered_in_process_too(
    user_id: uuid.UUID, clean_sandbox: RunningSandbox
) -> None:
    clean_sandbox.add_faults(FaultRule(platform="greenhouse", kind="status", status=500, times=9))
    handle = enqueue(SEARCH, **_search(clean_sandbox, user_id))
    with pytest.raises(RetryLater, match="every source failed"):
        handle.wait(timeout=60)
    assert handle.state == "FAILURE"
    assert len(clean_sandbox.requests("greenhouse")) == 2, "one try and one retry"
    with get_services().sessions() as session:
        (letter,) = dead_letters(session, user_id)
    assert letter.task == SEARCH
    assert letter.task_id == handle.id
    assert letter.attempts == 2
    assert letter.args == {"user_id": str(user_id)}


def test_an_input_error_is_dead_lettered_at_once(user_id: uuid.UUID) -> None:
    handle = enqueue(SEARCH, user_id=str(user_id))
    with pytest.raises(Exception, match="say which sources to search"):
        handle.wait(timeout=30)
    with get_services().sessions() as session:
        (letter,) = dead_letters(session, user_id)
    assert letter.attempts == 1
    assert letter.error.startswith("InputError: say which sources")


@pytest.mark.browser
@pytest.mark.slow
def test_an_application_waits_for_approval_then_is_submitted_once(installed: Installed) -> None:
    application_id, _ = prepare(
        installed.services.sessions, installed.user_id, installed.job_ids[0]
    )
    waiting = enqueue(APPLY, application_id=str(application_id)).wait(timeout=240)
    assert waiting["status"] == ApplicationStatus.READY_FOR_REVIEW
    assert waiting["waiting_for"] == "approval"

    # Two approvals at once (a double click): one run submits, the other waits its turn and
    # then finds nothing left to do.
    with ThreadPoolExecutor(2) as pool:
        handles = list(
            pool.map(
                lambda _: enqueue(
                    APPLY, application_id=str(application_id), decision={"action": "approve"}
                ),
                range(2),
            )
        )
    results = [handle.wait(timeout=240) for handle in handles]
    assert {r["status"] for r in results} == {ApplicationStatus.SUBMITTED}
    assert len(installed.sandbox.submissions()) == 1
