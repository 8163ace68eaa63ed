"""The task table: every task's name, its queue, the function it runs, and what is worth a retry.

One table serves both ways of running a task (a Celery worker, or a thread of the embedded
default), so a task behaves the same on a laptop and on a fleet: same arguments, same retry
policy, same dead letter. Names are ``ajob.<queue>.<what>`` and ``task_routes`` routes on that
prefix, so a task's type alone decides its queue.

Functions are named by import path and loaded on first use: the beat scheduler and the API
only need names and queues, not the graphs and browsers the functions import.
"""

from __future__ import annotations

import contextvars
import importlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, TypeAlias, get_args

import httpx
import psycopg
import redis
import sqlalchemy.exc

from core.config import Settings

Queue: TypeAlias = Literal["discovery", "applications", "outreach", "status"]
QUEUES: tuple[Queue, ...] = get_args(Queue)


class RetryLater(Exception):
    """A failure that may pass (a platform down, a page that did not load): retry with backoff.

    Task functions raise it for their own passing failures; infrastructure errors
    (``TRANSIENT``) are retried without being wrapped.
    """


class Busy(RetryLater):
    """Another run holds what this task needs (one application's thread): try again shortly.

    Not counted as a retry: the other run may take minutes, and this delivery (a duplicate, or
    a decision that arrived while the thread was busy) must still run after it, however long.
    """


BUSY_DELAY_S = 2
"""How long a task that found its application busy waits before trying again."""
BUSY_PATIENCE_S = 3600
"""After this long busy, the task gives up into a dead letter (a run that never ends)."""

TRANSIENT: tuple[type[BaseException], ...] = (
    RetryLater,
    sqlalchemy.exc.OperationalError,
    sqlalchemy.exc.InterfaceError,
    psycopg.OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    httpx.TransportError,
    ConnectionError,
    TimeoutError,
)
"""Exceptions retried with backoff; anything else fails the task at once (and dead-letters it)."""


@dataclass(frozen=True)
class TaskSpec:
    name: str
    target: str
    """``module:function``; the function takes keyword arguments only and returns JSON."""

    @property
    def queue(self) -> Queue:
        part = self.name.split(".")[1]
        return next((queue for queue in QUEUES if queue == part), "status")

    def function(self) -> Callable[..., dict[str, Any]]:
        return _load(self.target)


@cache
def _load(target: str) -> Callable[..., dict[str, Any]]:
    module, _, attribute = target.partition(":")
    function: Callable[..., dict[str, Any]] = getattr(importlib.import_module(module), attribute)
    return function


SEARCH = "ajob.discovery.search"
APPLY = "ajob.applications.run"
SEND_OUTREACH = "ajob.outreach.send"
FOLLOW_UP = "ajob.status.follow_up"
SAVED_SEARCHES = "ajob.status.saved_searches"
FOLLOW_UPS = "ajob.status.follow_ups"
RECOVER_SUBMISSIONS = "ajob.status.recover_submissions"
PING = "ajob.ping"

TASKS: dict[str, TaskSpec] = {
    spec.name: spec
    for spec in (
        TaskSpec(SEARCH, "workers.discovery:search_for_user"),
        TaskSpec(APPLY, "workers.applications:run_application"),
        TaskSpec(SEND_OUTREACH, "workers.outreach:send_outreach"),
        TaskSpec(FOLLOW_UP, "workers.status:remind_follow_up"),
        TaskSpec(SAVED_SEARCHES, "workers.status:enqueue_saved_searches"),
        TaskSpec(FOLLOW_UPS, "workers.status:enqueue_follow_ups"),
        TaskSpec(RECOVER_SUBMISSIONS, "workers.status:recover_submissions"),
        TaskSpec(PING, "workers.status:ping"),
    )
}

ROUTES: dict[str, dict[str, str]] = {
    **{f"ajob.{queue}.*": {"queue": queue} for queue in QUEUES},
    PING: {"queue": "status"},
}
"""``task_routes``: the queue follows from the task's name."""


def spec(name: str) -> TaskSpec:
    from core.errors import InputError

    try:
        return TASKS[name]
    except KeyError:
        raise InputError(f"no task {name!r}; the tasks are {', '.join(sorted(TASKS))}") from None


def concurrency_of(settings: Settings, queue: str) -> int:
    """The processes (or threads, embedded) that run ``queue``'s tasks at once."""
    value: int = getattr(settings, f"worker_concurrency_{queue}")
    return value


def backoff_max(settings: Settings) -> int:
    """The longest retry delay: a countdown is kept well under the visibility timeout."""
    return max(
        1, min(settings.worker_retry_backoff_max_s, settings.worker_visibility_timeout_s // 2)
    )


current_task_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "current_task_id", default=None
)
"""The running task's id, set by whichever runner runs it (for the events a task writes)."""


def task_uuid() -> uuid.UUID | None:
    """The running task's id as a UUID, when it is one (Celery's and ours are)."""
    value = current_task_id.get()
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None
