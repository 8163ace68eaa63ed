"""Where the API sends work it does not wait for: the one seam between the API and the workers.

Two implementations of one small interface:

- ``InProcess`` (no AJOB_REDIS_URL, the embedded default): threads of this API process run
  ``api/background.py`` with the graph the app compiled, one run per thread id at a time;
- ``Queued`` (AJOB_REDIS_URL set): Celery tasks on the workers' queues through
  ``workers.dispatch.enqueue`` (``ajob.discovery.search``, ``ajob.applications.run``), which
  run the same services on whichever worker takes them. Arguments are ids and JSON.

Both report a search's end the same way (a ``status.updated`` event with
``entity_type="search"``, or a ``task.dead_letter`` event), so clients never need to know
which one ran their work.
"""

from __future__ import annotations

import concurrent.futures
import threading
import uuid
from collections.abc import Callable
from typing import Any, Protocol

from api.background import (
    SEARCH_TASK,
    ApplicationRun,
    run_application,
    run_search_task,
    search_plan,
)
from api.runs import Runs
from api.schemas.jobs import SearchRequest
from db.models import Task
from graphs.application import ApplicationGraph
from tools.runtime import Services

APPLICATION_TASK = "ajob.applications.run"


class Waitable(Protocol):
    def result(self, timeout: float | None = None) -> Any: ...


class Dispatcher(Protocol):
    def search(self, task_id: uuid.UUID) -> None:
        """Run the queued search task ``task_id`` (a ``tasks`` row) soon."""

    def application(self, step: ApplicationRun) -> Waitable | None:
        """Run one step of an application thread soon; raises ``runs.Busy`` when this process
        knows one is going. The answer can be waited for, when the dispatcher can tell."""

    def running(self, thread_id: str) -> bool:
        """Whether a run of this thread, started from this process, is still going."""

    def last_error(self, thread_id: str) -> str | None: ...


def thread_key(thread_id: str) -> str:
    return f"thread:{thread_id}"


class InProcess:
    """Background threads of this API process (the embedded default)."""

    def __init__(self, services: Services, graph: ApplicationGraph, runs: Runs) -> None:
        self.services = services
        self.graph = graph
        self.runs = runs

    def search(self, task_id: uuid.UUID) -> None:
        self.runs.submit(f"task:{task_id}", run_search_task, self.services, task_id)

    def application(self, step: ApplicationRun) -> Waitable:
        return self.runs.submit(
            thread_key(step.thread_id), run_application, self.services, self.graph, step
        )

    def running(self, thread_id: str) -> bool:
        return self.runs.busy(thread_key(thread_id))

    def last_error(self, thread_id: str) -> str | None:
        return self.runs.last_error(thread_key(thread_id))


class _Handle:
    """A queued task's result as a Waitable: Celery's timeout becomes the futures' one."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle

    def result(self, timeout: float | None = None) -> Any:
        from celery.exceptions import TimeoutError as CeleryTimeout

        try:
            return self.handle.wait(timeout)
        except CeleryTimeout:
            raise concurrent.futures.TimeoutError from None


class Queued:
    """Celery tasks on Redis (the workers' half of issue 7); see the module docstring."""

    def __init__(self, services: Services, enqueue: Callable[..., Any]) -> None:
        self.services = services
        self.enqueue = enqueue
        self._handles: dict[str, Any] = {}
        self._lock = threading.Lock()

    def search(self, task_id: uuid.UUID) -> None:
        with self.services.sessions() as session:
            task = session.get(Task, task_id)
            assert task is not None
            user_id, params = task.user_id, dict(task.params)
        request = SearchRequest.model_validate(params)
        plan = search_plan(self.services, user_id, request)
        self.enqueue(
            SEARCH_TASK,
            task_id=str(task_id),
            settings=self.services.settings,
            user_id=str(user_id),
            sources=list(dict.fromkeys(r.source for r in plan)),
            boards=list(request.boards),
            query=request.query,
            location=request.location,
            remote=request.remote,
            posted_within_days=request.posted_within_days,
            limit=request.limit,
        )

    def application(self, step: ApplicationRun) -> Waitable:
        start = step.start or {}
        handle = self.enqueue(
            APPLICATION_TASK,
            settings=self.services.settings,
            application_id=step.application_id,
            decision=step.answer,
            auto_approve=start.get("auto_approve"),
            draft_outreach=bool(start.get("draft_outreach")),
        )
        with self._lock:
            self._handles[step.thread_id] = handle
        return _Handle(handle)

    def running(self, thread_id: str) -> bool:
        with self._lock:
            handle = self._handles.get(thread_id)
        return handle is not None and not handle.done()

    def last_error(self, thread_id: str) -> str | None:
        return None


def dispatcher_for(services: Services, graph: ApplicationGraph, runs: Runs) -> Dispatcher:
    """Celery when Redis is configured, else this process's threads."""
    if services.settings.redis_url:
        from workers.dispatch import enqueue

        return Queued(services, enqueue)
    return InProcess(services, graph, runs)
