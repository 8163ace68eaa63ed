"""Exactly once: the claim lets one attempt click; a crash after the claim waits for a person."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import uuid
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from adapters.job import Job
from db.engine import session_factory
from db.enums import ApplicationStatus
from db.models import Application, Event
from db.repositories import applications
from forms.submit import Sent, recover_interrupted, status_of, submit_once
from jobs.store import store_jobs
from resumes.candidate import load_candidate, sample_candidate_path
from resumes.store import store_master
from tests.helpers import ROOT, LocalServer


def _ready_application(engine: Engine, platform: str = "greenhouse") -> uuid.UUID:
    sessions = session_factory(engine)
    with sessions.begin() as session:
        user, _, _, _ = store_master(
            session,
            load_candidate(sample_candidate_path()),
            source_format="json-resume",
            source_filename=None,
        )
        unique = uuid.uuid4().hex
        job = Job(platform=platform, external_id=unique, title="Engineer", company=f"Acme {unique}")
        (stored,) = store_jobs(session, [job])
        application = applications.get_or_create(session, user.id, stored.job_id)
        assert applications.approve(session, application.id, reason="test approval")
        return application.id


def _counting_server() -> LocalServer:
    return LocalServer({("POST", "/apply"): lambda query, body: (200, {}, b"thank you")})


@pytest.mark.postgres
def test_fifty_parallel_attempts_send_exactly_once(postgres_url: str) -> None:
    from db.engine import create_db_engine

    engine = create_db_engine(postgres_url, pool_size=20, max_overflow=40)
    try:
        application_id = _ready_application(engine)
        sessions = session_factory(engine)
        results: list[str] = []
        barrier = threading.Barrier(50)
        with _counting_server() as server:

            async def send() -> Sent:
                async with httpx.AsyncClient() as client:
                    response = await client.post(server.url + "/apply", content=b"form")
                return Sent("confirmed", confirmation={"text": response.text})

            def attempt() -> None:
                barrier.wait()
                outcome = asyncio.run(submit_once(sessions, application_id, send))
                results.append(str(outcome.status))

            threads = [threading.Thread(target=attempt) for _ in range(50)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            posts = [r for r in server.requests if r[0] == "POST"]
        assert len(posts) == 1
        assert sorted(results).count("submitted") == 1
        assert results.count("refused") == 49
        with sessions() as session:
            row = session.get(Application, application_id)
            assert row is not None
            assert row.status is ApplicationStatus.SUBMITTED
            assert row.submit_attempts == 1
            assert row.submitted_at is not None
            assert row.evidence["confirmation"] == {"text": "thank you"}
            kinds = session.scalars(
                select(Event.type).where(Event.entity_id == application_id)
            ).all()
            assert kinds.count("application.submitted") == 1
    finally:
        engine.dispose()


def test_a_platform_daily_cap_refuses_before_the_claim(engine: Engine) -> None:
    platform = f"board-{uuid.uuid4().hex[:8]}"
    first, second = _ready_application(engine, platform), _ready_application(engine, platform)
    elsewhere = _ready_application(engine)
    sessions = session_factory(engine)
    calls: list[int] = []

    async def send() -> Sent:
        calls.append(1)
        return Sent("confirmed")

    caps = {platform: 1}
    sent = asyncio.run(submit_once(sessions, first, send, daily_caps=caps))
    capped = asyncio.run(submit_once(sessions, second, send, daily_caps=caps))
    other = asyncio.run(submit_once(sessions, elsewhere, send, daily_caps=caps))
    assert sent.status is ApplicationStatus.SUBMITTED
    assert capped.status == "refused"
    assert capped.reason is not None
    assert f"today's cap of 1 applications on {platform} is reached" in capped.reason
    assert status_of(sessions, second) is ApplicationStatus.READY, "it waits for tomorrow"
    assert other.status is ApplicationStatus.SUBMITTED, "other platforms are not capped"
    assert calls == [1, 1]


def test_a_second_attempt_is_refused_and_says_why(engine: Engine) -> None:
    application_id = _ready_application(engine)
    sessions = session_factory(engine)
    calls: list[int] = []

    async def send() -> Sent:
        calls.append(1)
        return Sent("confirmed")

    first = asyncio.run(submit_once(sessions, application_id, send))
    second = asyncio.run(submit_once(sessions, application_id, send))
    assert first.status is ApplicationStatus.SUBMITTED
    assert second.status == "refused"
    assert second.reason == "this application was already submitted"
    assert calls == [1]
    with sessions.begin() as session:
        assert not applications.approve(session, application_id, reason="again")


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        (
            Sent("refused", "the form shows: Enter a valid phone number"),
            ApplicationStatus.NEEDS_HUMAN,
        ),
        (Sent("unknown"), ApplicationStatus.NEEDS_REVIEW),
    ],
)
def test_what_the_page_showed_decides_the_status(
    engine: Engine, sent: Sent, expected: ApplicationStatus
) -> None:
    application_id = _ready_application(engine)
    sessions = session_factory(engine)

    async def send() -> Sent:
        return sent

    result = asyncio.run(submit_once(sessions, application_id, send))
    assert result.status is expected
    assert status_of(sessions, application_id) is expected


def test_an_error_after_the_claim_needs_review_and_is_not_retried(engine: Engine) -> None:
    application_id = _ready_application(engine)
    sessions = session_factory(engine)

    async def send() -> Sent:
        raise TimeoutError("no confirmation")

    with pytest.raises(TimeoutError):
        asyncio.run(submit_once(sessions, application_id, send))
    assert status_of(sessions, application_id) is ApplicationStatus.NEEDS_REVIEW

    async def never() -> Sent:
        raise AssertionError("must not be called")

    again = asyncio.run(submit_once(sessions, application_id, never))
    assert again.status == "refused"
    assert "interrupted" in (again.reason or "")


CRASHER = """
import asyncio, sys, uuid
from db.engine import create_db_engine, session_factory
from forms.submit import Sent, submit_once

async def send() -> Sent:
    print("claimed", flush=True)
    await asyncio.sleep(3600)
    return Sent("confirmed")

engine = create_db_engine(sys.argv[1])
asyncio.run(submit_once(session_factory(engine), uuid.UUID(sys.argv[2]), send))
"""


@pytest.mark.slow
def test_a_killed_process_after_the_claim_leaves_needs_review(
    database_url: str, tmp_path: Path
) -> None:
    from db.engine import create_db_engine

    engine = create_db_engine(database_url)
    try:
        application_id = _ready_application(engine)
        script = tmp_path / "crash.py"
        script.write_text(textwrap.dedent(CRASHER))
        process = subprocess.Popen(
            [sys.executable, str(script), database_url, str(application_id)],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "claimed"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        sessions = session_factory(engine)
        assert status_of(sessions, application_id) is ApplicationStatus.SUBMITTING
        assert recover_interrupted(sessions, lease_s=3600) == []  # still within its lease
        time.sleep(0.05)
        assert recover_interrupted(sessions, lease_s=0) == [application_id]
        assert status_of(sessions, application_id) is ApplicationStatus.NEEDS_REVIEW

        async def never() -> Sent:
            raise AssertionError("must not be called")

        result = asyncio.run(submit_once(sessions, application_id, never))
        assert result.status == "refused"
        with sessions.begin() as session:
            assert not applications.approve(session, application_id, reason="retry")
            row = session.get(Application, application_id)
            assert row is not None
            assert row.submit_attempts == 1
    finally:
        engine.dispose()


def test_approval_walks_the_state_machine(session: Session, engine: Engine) -> None:
    application_id = _ready_application(engine)
    kinds = session.scalars(
        select(Event.payload).where(Event.entity_id == application_id).order_by(Event.created_at)
    ).all()
    assert [(p["from"], p["to"]) for p in kinds] == [
        ("discovered", "tailoring"),
        ("tailoring", "ready_for_review"),
        ("ready_for_review", "ready"),
    ]
