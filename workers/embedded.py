"""The embedded default: the same task functions in this process's threads, with no broker.

On one machine without ``AJOB_REDIS_URL`` (``make demo``, ``ajob serve`` on a laptop) a task
runs in a thread pool per queue, sized by the same per-queue concurrency settings, with the
same retry policy (exponential backoff with full jitter, ``AJOB_WORKER_MAX_RETRIES``) and the
same dead letter as on a worker. What it cannot do is survive the process: a task running when
the process stops is gone (the application graph's checkpoints are not, and ``ajob
applications resume`` carries on from them).

``start_scheduler`` is beat's stand-in: a thread that sends the three per-minute ticks.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from celery.utils.time import get_exponential_backoff_interval

from core.config import Settings
from core.logging import get_logger
from workers.dead_letter import describe, record_failure
from workers.registry import (
    BUSY_DELAY_S,
    BUSY_PATIENCE_S,
    FOLLOW_UPS,
    QUEUES,
    RECOVER_SUBMISSIONS,
    SAVED_SEARCHES,
    TRANSIENT,
    Busy,
    Queue,
    TaskSpec,
    backoff_max,
    concurrency_of,
    current_task_id,
)

log = get_logger(__name__)


def run_with_retries(
    spec: TaskSpec, task_id: str, kwargs: Mapping[str, Any], settings: Settings
) -> Any:
    """Run one task to its end: retried on passing failures, dead-lettered when it gives up."""
    token = current_task_id.set(task_id)
    try:
        attempt = 0
        busy_since: float | None = None
        while True:
            attempt += 1
            try:
                return spec.function()(**kwargs)
            except Busy as exc:
                busy_since = busy_since or time.monotonic()
                if time.monotonic() - busy_since >= BUSY_PATIENCE_S:
                    record_failure(spec.name, task_id, kwargs, exc, attempt)
                    raise
                attempt -= 1
                time.sleep(BUSY_DELAY_S)
            except TRANSIENT as exc:
                if attempt > settings.worker_max_retries:
                    record_failure(spec.name, task_id, kwargs, exc, attempt)
                    raise
                delay = get_exponential_backoff_interval(
                    factor=settings.worker_retry_backoff_s,
                    retries=attempt - 1,
                    maximum=backoff_max(settings),
                    full_jitter=True,
                )
                log.warning(
                    "task.retry", task=spec.name, task_id=task_id, error=describe(exc), in_s=delay
                )
                time.sleep(delay)
            except Exception as exc:
                record_failure(spec.name, task_id, kwargs, exc, attempt)
                raise
    finally:
        current_task_id.reset(token)


class EmbeddedRunner:
    """One thread pool per queue, sized like the worker processes would be."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pools: dict[Queue, ThreadPoolExecutor] = {
            queue: ThreadPoolExecutor(
                max_workers=concurrency_of(settings, queue), thread_name_prefix=f"ajob-{queue}"
            )
            for queue in QUEUES
        }

    def submit(
        self, spec: TaskSpec, task_id: str, kwargs: Mapping[str, Any], countdown: float = 0
    ) -> Future[Any]:
        def run() -> Any:
            if countdown > 0:
                time.sleep(countdown)
            return run_with_retries(spec, task_id, kwargs, self.settings)

        return self.pools[spec.queue].submit(run)

    def shutdown(self, *, wait: bool = True) -> None:
        for pool in self.pools.values():
            pool.shutdown(wait=wait, cancel_futures=not wait)


_runner: EmbeddedRunner | None = None
_lock = threading.Lock()


def runner(settings: Settings) -> EmbeddedRunner:
    """The process's runner, remade when the settings change (tests, the demo)."""
    global _runner
    with _lock:
        if _runner is None or _runner.settings != settings:
            if _runner is not None:
                _runner.shutdown(wait=False)
            _runner = EmbeddedRunner(settings)
        return _runner


def shutdown(*, wait: bool = True) -> None:
    """Stop the embedded pools (an API shutting down, a test ending)."""
    global _runner
    with _lock:
        if _runner is not None:
            _runner.shutdown(wait=wait)
        _runner = None


TICKS = (SAVED_SEARCHES, FOLLOW_UPS, RECOVER_SUBMISSIONS)


def start_scheduler() -> Callable[[], None]:
    """Send beat's per-minute ticks from a daemon thread; returns the function that stops it."""
    from workers.dispatch import enqueue

    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(60 - datetime.now(UTC).second % 60):
            for name in TICKS:
                try:
                    enqueue(name)
                except Exception as exc:
                    log.error("scheduler tick failed", task=name, error=describe(exc))

    thread = threading.Thread(target=loop, name="ajob-scheduler", daemon=True)
    thread.start()

    def cancel() -> None:
        stop.set()
        thread.join(timeout=5)

    return cancel
