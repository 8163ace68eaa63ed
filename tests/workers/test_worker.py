"""A real Celery worker process on the local Redis: the queue wiring works end to end."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator

import pytest

from core.config import Settings
from tests.helpers import AJOB
from workers.app import create_celery

pytestmark = pytest.mark.slow


@pytest.fixture
def worker(redis_url: str) -> Iterator[None]:
    env = {**os.environ, "AJOB_REDIS_URL": redis_url, "AJOB_LOG_FORMAT": "json"}
    proc = subprocess.Popen(
        [str(AJOB), "worker", "--queues", "status", "--concurrency", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    yield
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def test_a_task_sent_to_redis_is_run_by_the_worker(redis_url: str, worker: None) -> None:
    app = create_celery(Settings(redis_url=redis_url))
    result = app.send_task("ajob.ping", queue="status")
    assert result.get(timeout=60) == "pong"


def test_reliability_options_are_set() -> None:
    conf = create_celery(Settings(redis_url="redis://127.0.0.1:6379/15")).conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert {q.name for q in conf.task_queues} == {"discovery", "applications", "outreach", "status"}
