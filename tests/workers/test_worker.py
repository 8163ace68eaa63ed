"""A real Celery worker process on the local Redis, and the reliability wiring of the app."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator

import pytest

from core.config import Settings
from tests.helpers import AJOB, run_ajob
from workers.app import BEAT_SCHEDULE, create_celery
from workers.heartbeat import Heartbeat
from workers.registry import QUEUES, TASKS, backoff_max


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


@pytest.mark.slow
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


def test_each_queue_has_its_own_binding_so_a_task_lands_in_one_queue_only() -> None:
    queues = create_celery(Settings(redis_url="redis://127.0.0.1:6379/15")).conf.task_queues
    assert sorted((q.exchange.name, q.routing_key) for q in queues) == sorted(
        (name, name) for name in QUEUES
    )


def test_tasks_are_routed_by_their_type() -> None:
    app = create_celery(Settings(redis_url="redis://127.0.0.1:6379/15"))
    import workers.tasks  # noqa: F401  (registers the tasks on the module's app)

    for name, spec in TASKS.items():
        route = app.amqp.router.route({}, name)
        assert route["queue"].name == spec.queue, name
    assert TASKS["ajob.discovery.search"].queue == "discovery"
    assert TASKS["ajob.applications.run"].queue == "applications"
    assert TASKS["ajob.outreach.send"].queue == "outreach"
    assert TASKS["ajob.status.follow_up"].queue == "status"
    assert TASKS["ajob.ping"].queue == "status"


def test_a_dead_workers_task_comes_back_within_seconds() -> None:
    settings = Settings(
        redis_url="redis://127.0.0.1:6379/15",
        worker_visibility_timeout_s=20,
        worker_key_prefix="site-a:",
    )
    app = create_celery(settings)
    options = app.conf.broker_transport_options
    assert options["visibility_timeout"] == 20
    assert options["unacked_restore_throttle"] == 1, "every sweep scans"
    assert options["unacked_restore_interval"] == 5
    assert options["global_keyprefix"] == "site-a:"
    assert app.conf.result_backend_transport_options == {"global_keyprefix": "site-a:"}
    assert Heartbeat in app.steps["worker"]
    assert backoff_max(settings) == 10, "a retry's countdown stays under the visibility timeout"
    assert Settings().worker_visibility_timeout_s == 30


def test_beat_sends_the_three_ticks_every_minute_and_drops_stale_ones() -> None:
    conf = create_celery(Settings(redis_url="redis://127.0.0.1:6379/15")).conf
    assert conf.beat_schedule == BEAT_SCHEDULE
    tasks = {entry["task"] for entry in BEAT_SCHEDULE.values()}
    assert tasks == {
        "ajob.status.saved_searches",
        "ajob.status.follow_ups",
        "ajob.status.recover_submissions",
    }
    for entry in BEAT_SCHEDULE.values():
        assert entry["schedule"].minute == set(range(60))
        assert entry["options"]["expires"] < 60


def test_worker_and_beat_need_redis_and_known_queues(redis_url: str) -> None:
    for command in (["worker"], ["beat"]):
        done = run_ajob(*command, env={"AJOB_REDIS_URL": ""})
        assert done.returncode == 2
        assert "AJOB_REDIS_URL is not set" in done.stderr
    done = run_ajob("worker", "--queues", "discovery,emails", env={"AJOB_REDIS_URL": redis_url})
    assert done.returncode == 2
    assert "unknown queue 'emails'" in done.stderr
