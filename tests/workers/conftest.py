"""Real Celery workers for the workers' tests: ``ajob worker`` processes on the local Redis.

Each cluster has its own PostgreSQL database and its own Redis key prefix (queues, results,
the unacked index), so parallel test runs sharing Redis database 15 never see each other's
tasks. Every worker is started in its own process group and killed with it at the end.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis

from core.config import get_settings
from db import migrate
from tests.helpers import AJOB
from tools.runtime import reset_services
from workers import embedded

VISIBILITY_TIMEOUT_S = 6
"""Short, so a killed worker's task comes back within seconds; heartbeats (every quarter of it)
keep live ones. At 4 s a worker starved of CPU on a loaded 2-core machine once missed enough
heartbeats for a retried search to be delivered a fourth time."""


def worker_env(database_url: str, redis_url: str, data_dir: Path) -> dict[str, str]:
    """The settings of a cluster: its database, its key prefix, fast retries, the sandbox."""
    return {
        "AJOB_DATABASE_URL": database_url,
        "AJOB_REDIS_URL": redis_url,
        "AJOB_WORKER_KEY_PREFIX": f"test-{uuid.uuid4().hex[:10]}:",
        "AJOB_DATA_DIR": str(data_dir),
        "AJOB_WORKER_VISIBILITY_TIMEOUT_S": str(VISIBILITY_TIMEOUT_S),
        "AJOB_WORKER_MAX_RETRIES": "2",
        "AJOB_WORKER_RETRY_BACKOFF_S": "1",
        "AJOB_HTTP_ALLOW_HOSTS": "127.0.0.1",
        "AJOB_HTTP_MAX_RETRIES": "0",
        "AJOB_HTTP_BACKOFF_S": "0.01",
        "AJOB_HTTP_RATE_PER_HOST": "1000",
        "AJOB_HTTP_BURST_PER_HOST": "200",
        "AJOB_LLM_PROVIDER": "offline",
        "AJOB_LOG_FORMAT": "json",
    }


@dataclass
class Worker:
    """One ``ajob worker`` process group; its output goes to a log file for the failure report."""

    env: dict[str, str]
    log: Path
    args: list[str]
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> Worker:
        handle = self.log.open("ab")
        self.process = subprocess.Popen(
            [str(AJOB), "worker", *self.args],
            env={**os.environ, **self.env},
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        handle.close()
        return self

    def wait_ready(self, nodes: int = 1, timeout: float = 90) -> None:
        """Until ``nodes`` worker nodes said they are ready (they consume from then on)."""
        deadline = time.monotonic() + timeout
        while self.output().count(" ready.") < nodes:
            assert self.process is not None
            if self.process.poll() is not None:
                raise AssertionError(f"the worker exited early:\n{self.output()[-4000:]}")
            if time.monotonic() > deadline:
                raise AssertionError(f"the worker never got ready:\n{self.output()[-4000:]}")
            time.sleep(0.2)

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def kill(self) -> None:
        """kill -9 the whole worker: supervisor, nodes, pool children and their browsers."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()


@dataclass
class Cluster:
    """A database, a Redis key prefix, and the workers started on them."""

    env: dict[str, str]
    folder: Path
    workers: list[Worker] = field(default_factory=list)

    def worker(self, *args: str) -> Worker:
        worker = Worker(self.env, self.folder / f"worker-{len(self.workers)}.log", list(args))
        self.workers.append(worker)
        return worker.start()

    def use(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Point this process's settings (enqueue, the services) at the cluster."""
        for key, value in self.env.items():
            monkeypatch.setenv(key, value)
        get_settings.cache_clear()
        reset_services()

    def redis(self) -> redis.Redis:
        return redis.Redis.from_url(self.env["AJOB_REDIS_URL"])

    def prefix(self) -> str:
        return self.env["AJOB_WORKER_KEY_PREFIX"]

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()
        client = self.redis()
        try:
            keys = list(client.scan_iter(match=f"{self.prefix()}*", count=500))
            if keys:
                client.delete(*keys)
        finally:
            client.close()


@pytest.fixture
def make_cluster(
    make_postgres_database: Callable[[], str], redis_url: str, tmp_path: Path
) -> Iterator[Callable[[], Cluster]]:
    """Clusters on fresh, migrated PostgreSQL databases; their workers die with the test."""
    made: list[Cluster] = []

    def make() -> Cluster:
        database = make_postgres_database()
        migrate.upgrade(database)
        folder = tmp_path / f"cluster-{len(made)}"
        folder.mkdir()
        cluster = Cluster(worker_env(database, redis_url, folder / "data"), folder)
        made.append(cluster)
        return cluster

    yield make
    for cluster in made:
        cluster.close()


@pytest.fixture(autouse=True)
def _no_embedded_leftovers() -> Iterator[None]:
    yield
    embedded.shutdown(wait=True)
