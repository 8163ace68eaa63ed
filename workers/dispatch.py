"""Run a task in the background: on a Celery worker when Redis is configured, else in-process.

One call for every caller (the API, the beat ticks, the CLI)::

    from workers.dispatch import enqueue
    handle = enqueue("ajob.discovery.search", user_id=str(user.id), sources=["remotive"])
    handle.id          # the task id (pass task_id=... to choose it, e.g. your own row's id)
    handle.wait(60)    # the task's JSON result, or its exception (mostly for tests and the CLI)

With ``AJOB_REDIS_URL`` the task is sent to its queue (``apply_async`` by name); without it, it
runs in a thread of this process (``workers.embedded``) with the same retries and dead letter.
Arguments are checked against the task's function and must be JSON, before anything is sent,
so a bad call fails here, in the caller, and not later on a worker. Arguments are ids and
plain values only, never secrets (they sit in Redis and in dead letters).

The tasks and their keyword arguments (all ids are UUID strings):

``ajob.discovery.search`` (queue ``discovery``)
    ``user_id``; ``sources`` (list of source names), ``boards`` (``SOURCE:BOARD``),
    ``base_urls`` (``SOURCE=URL``; not trusted past the SSRF guard), ``query``, ``location``,
    ``remote`` (bool or None), ``posted_within_days``, ``limit`` (per source, default 50).
    Stores each job once (``job.discovered`` events), then a ``status.updated`` event with
    ``entity_type="search"``, ``entity_id`` = the task id and ``payload.kind="search.finished"``.
``ajob.applications.run`` (queue ``applications``)
    ``application_id`` (from ``applications.inputs.prepare(sessions, user_id, job_ref)``);
    ``decision`` (answers the waiting interrupt: ``{"action": "approve"}``, ``{"action":
    "edit", "fields": {...}}``, ``{"action": "reject", "reason": ...}``, ``{"action":
    "retry"}``), ``auto_approve`` (bool or None: the user's rule), ``draft_outreach`` (bool).
    Starts, continues or resumes the application's thread; idempotent.
``ajob.outreach.send`` (queue ``outreach``)
    ``user_id``, ``outreach_id``; ``subject``, ``body`` (the person's edits). Exactly once.
``ajob.status.follow_up`` (queue ``status``)
    ``outreach_id``: the follow-up reminder event, once.
``ajob.status.saved_searches``, ``ajob.status.follow_ups``, ``ajob.status.recover_submissions``
    beat's per-minute ticks (no arguments; ``now`` as ISO time for the first two).
``ajob.ping``
    no arguments; returns ``"pong"``.

The caller checks ownership (the API: that the signed-in user owns the application or the
outreach) before enqueueing; a task trusts its ids.
"""

from __future__ import annotations

import inspect
import json
import uuid
from collections.abc import Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from celery.result import AsyncResult

from core.config import Settings
from core.errors import InputError
from tools.runtime import get_services
from workers import embedded
from workers.registry import TaskSpec, spec


@dataclass
class TaskHandle:
    """A task on its way: its id, and a way to wait for its result."""

    id: str
    name: str
    queue: str
    future: Future[Any] | None = None
    """Set when the task runs in this process."""
    result: AsyncResult | None = None
    """Set when the task went to a Celery worker."""

    @property
    def embedded(self) -> bool:
        return self.future is not None

    @property
    def state(self) -> str:
        """Celery's vocabulary: PENDING, STARTED, RETRY, SUCCESS or FAILURE."""
        if self.future is not None:
            if not self.future.done():
                return "STARTED" if self.future.running() else "PENDING"
            return "FAILURE" if self.future.exception() is not None else "SUCCESS"
        assert self.result is not None
        return str(self.result.state)

    def done(self) -> bool:
        return self.state in ("SUCCESS", "FAILURE")

    def wait(self, timeout: float | None = None) -> Any:
        """The task's result; its exception if it failed; TimeoutError if not done in time."""
        if self.future is not None:
            return self.future.result(timeout=timeout)
        assert self.result is not None
        return self.result.get(timeout=timeout, propagate=True)


def checked(task: TaskSpec, kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """``kwargs`` as a worker will see them (through JSON), or an InputError saying why not."""
    try:
        inspect.signature(task.function()).bind(**kwargs)
    except TypeError as exc:
        raise InputError(f"{task.name}: {exc}") from None
    try:
        plain: dict[str, Any] = json.loads(json.dumps(dict(kwargs)))
    except (TypeError, ValueError) as exc:
        raise InputError(f"{task.name}: arguments must be JSON ({exc})") from None
    return plain


def enqueue(
    task_name: str,
    /,
    *,
    task_id: str | None = None,
    countdown: float | None = None,
    settings: Settings | None = None,
    **kwargs: Any,
) -> TaskHandle:
    """Run ``task_name`` with ``kwargs`` in the background; see the module docstring.

    ``settings`` default to the process's (``tools.runtime.get_services()``), which decide
    between the broker and the embedded threads. ``countdown`` delays the start; it must stay
    under the visibility timeout.
    """
    task = spec(task_name)
    plain = checked(task, kwargs)
    settings = settings or get_services().settings
    if countdown is not None and not 0 <= countdown < settings.worker_visibility_timeout_s:
        raise InputError(
            f"countdown must be between 0 and the visibility timeout "
            f"({settings.worker_visibility_timeout_s} s)"
        )
    task_id = task_id or str(uuid.uuid4())
    if settings.redis_url:
        from workers.app import app_for

        result = app_for(settings).send_task(
            task.name, kwargs=plain, queue=task.queue, task_id=task_id, countdown=countdown
        )
        return TaskHandle(task_id, task.name, task.queue, result=result)
    future = embedded.runner(settings).submit(task, task_id, plain, countdown or 0)
    return TaskHandle(task_id, task.name, task.queue, future=future)
