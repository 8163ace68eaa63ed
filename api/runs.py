"""Graph runs in the API process: a bounded pool of threads, one run at a time per thread id.

The graphs and their checkpointers are synchronous, so a run needs a thread of its own and
must never block the event loop. Two runs of one LangGraph thread at once would both resume
the same checkpoint; ``claim`` makes the second caller wait for nothing and hear "busy"
instead. A run's context variables (the request id in the logs) travel with it.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from core.errors import AjobError
from core.logging import get_logger

log = get_logger(__name__)

T = TypeVar("T")


class Busy(Exception):
    """A run of this thread is already going on in this process."""


class Runs:
    def __init__(self, name: str, threads: int) -> None:
        self.executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix=name)
        self._busy: set[str] = set()
        self._errors: dict[str, str] = {}
        self._lock = threading.Lock()

    def busy(self, key: str) -> bool:
        with self._lock:
            return key in self._busy

    def claim(self, key: str) -> None:
        with self._lock:
            if key in self._busy:
                raise Busy(key)
            self._busy.add(key)
            self._errors.pop(key, None)

    def release(self, key: str) -> None:
        with self._lock:
            self._busy.discard(key)

    def last_error(self, key: str) -> str | None:
        with self._lock:
            return self._errors.get(key)

    def submit(self, key: str, fn: Callable[..., T], *args: Any) -> Future[T]:
        """Run ``fn(*args)`` in the pool as the only run of ``key``; Busy when one is going."""
        self.claim(key)
        context = contextvars.copy_context()

        def run() -> T:
            try:
                return context.run(fn, *args)
            except AjobError as exc:
                self._record(key, exc.message)
                log.warning("run stopped", key=key, reason=exc.message)
                raise
            except Exception as exc:
                self._record(key, f"unexpected {type(exc).__name__}: {exc}")
                log.exception("run failed", key=key)
                raise
            finally:
                self.release(key)

        try:
            return self.executor.submit(run)
        except RuntimeError:
            self.release(key)
            raise

    def submit_claimed(self, key: str, fn: Callable[..., T], *args: Any) -> Future[T]:
        """Like ``submit`` for a caller that already holds the claim (it is released after)."""
        context = contextvars.copy_context()

        def run() -> T:
            try:
                return context.run(fn, *args)
            finally:
                self.release(key)

        return self.executor.submit(run)

    def _record(self, key: str, message: str) -> None:
        with self._lock:
            self._errors[key] = message

    def shutdown(self) -> None:
        """Wait for the runs going on (each is checkpointed; queued ones are dropped)."""
        self.executor.shutdown(wait=True, cancel_futures=True)
