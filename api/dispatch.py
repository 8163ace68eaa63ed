"""Where the API sends work it does not wait for: the one seam between the API and workers.

Today every dispatcher runs the work in this process (``InProcess``), with or without Redis.
The workers' half of issue 7 replaces ``dispatcher_for`` so that, when AJOB_REDIS_URL is
set, ``search`` and ``application`` enqueue Celery tasks (``workers.tasks``) that call the
same functions in ``api/background.py`` with the same arguments; nothing else in the API
changes. The arguments are ids and JSON on purpose, so they can cross a queue.
"""

from __future__ import annotations

import uuid
from concurrent.futures import Future
from typing import Protocol

from api.background import ApplicationRun, run_application, run_search_task
from api.runs import Runs
from graphs.application import ApplicationGraph, Outcome
from tools.runtime import Services


class Dispatcher(Protocol):
    def search(self, task_id: uuid.UUID) -> None:
        """Run the queued search task ``task_id`` soon."""

    def application(self, step: ApplicationRun) -> Future[Outcome] | None:
        """Run one step of an application thread soon; raises ``runs.Busy`` when one is going.

        Returns a future when the caller can wait for the outcome (in-process), None when
        the step went to a queue.
        """

    def running(self, thread_id: str) -> bool: ...

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

    def application(self, step: ApplicationRun) -> Future[Outcome]:
        return self.runs.submit(
            thread_key(step.thread_id), run_application, self.services, self.graph, step
        )

    def running(self, thread_id: str) -> bool:
        return self.runs.busy(thread_key(thread_id))

    def last_error(self, thread_id: str) -> str | None:
        return self.runs.last_error(thread_key(thread_id))


def dispatcher_for(services: Services, graph: ApplicationGraph, runs: Runs) -> Dispatcher:
    """The dispatcher for this deployment; see the module docstring for the Redis case."""
    return InProcess(services, graph, runs)
