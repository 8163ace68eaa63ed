"""With Redis configured, the API enqueues its background work for real Celery workers.

A search started over HTTP is run by an ``ajob worker`` process (not by the API), and its task
reads as done once the worker has reported the end through its event.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from api.main import create_app
from core.config import get_settings
from sandbox.server import RunningSandbox
from tests.api.conftest import JWT_SECRET, running, sign_up
from tests.workers.conftest import Worker, worker_env
from tools.runtime import reset_services

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def test_a_search_goes_to_a_worker_and_its_task_settles(
    fresh_postgres: str,
    redis_url: str,
    clean_sandbox: RunningSandbox,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    env = worker_env(fresh_postgres, redis_url, tmp_path / "data")
    env["AJOB_SOURCE_BASE_URLS"] = json.dumps({"greenhouse": clean_sandbox.base_url("greenhouse")})
    env["AJOB_JWT_SECRET"] = JWT_SECRET
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    reset_services()
    worker = Worker(env, tmp_path / "worker.log", ["--queues", "discovery"]).start()
    try:
        worker.wait_ready()
        with running(create_app(get_settings())) as server, server.client() as http:
            me = sign_up(http)
            started = http.post(
                "/api/jobs/search", json={"boards": ["greenhouse:northwind"]}, headers=me.headers
            )
            assert started.status_code == 202, started.text
            task_id = started.json()["id"]
            deadline = time.monotonic() + 120
            task = started.json()
            while task["state"] not in ("succeeded", "failed") and time.monotonic() < deadline:
                time.sleep(0.3)
                task = http.get(f"/api/tasks/{task_id}", headers=me.headers).json()
            assert task["state"] == "succeeded", (task, worker.output()[-3000:])
            assert task["result"]["new"] > 0
            jobs = http.get("/api/jobs", params={"count": "true"}, headers=me.headers).json()
            assert jobs["total"] == task["result"]["found"]
    finally:
        worker.stop()
        reset_services()
    assert f"{task_id}" in worker.output(), "the worker, not the API, ran the search"
