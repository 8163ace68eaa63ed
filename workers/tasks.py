"""The Celery tasks: one per entry of ``workers.registry.TASKS``, all with one retry policy.

A task retries the failures that may pass (``registry.TRANSIENT``) with exponential backoff
and full jitter, its longest delay kept under half the visibility timeout (a countdown is an
unacknowledged message the broker could otherwise hand out again). When it gives up, or
fails in a way no retry could fix, it leaves its dead letter before Celery stores the
failure, so whoever sees the failed result finds the dead letter already there. Retries keep
the task id, so every event a task writes, and its dead letter, name the id its caller got.

A task that finds its application busy (``Busy``) is sent again under the same id a few
seconds later and this delivery ends quietly (``Ignore``), freeing the pool process; it gives
up only after ``BUSY_PATIENCE_S``.
"""

from __future__ import annotations

import time
from typing import Any

from celery import Task
from celery.exceptions import Ignore

from workers.app import app_settings, celery_app
from workers.dead_letter import record_failure
from workers.registry import (
    BUSY_DELAY_S,
    BUSY_PATIENCE_S,
    TASKS,
    TRANSIENT,
    Busy,
    TaskSpec,
    backoff_max,
    current_task_id,
)

BUSY_HEADER = "ajob_busy_since"


def _register(spec: TaskSpec) -> Task:
    def run(self: Task, **kwargs: Any) -> Any:
        token = current_task_id.set(self.request.id)
        try:
            return spec.function()(**kwargs)
        except Busy as exc:
            since = float(getattr(self.request, BUSY_HEADER, None) or time.time())
            if time.time() - since < BUSY_PATIENCE_S:
                self.apply_async(
                    kwargs=kwargs,
                    task_id=self.request.id,
                    countdown=BUSY_DELAY_S,
                    headers={BUSY_HEADER: since},
                    queue=spec.queue,
                )
                raise Ignore() from exc
            record_failure(spec.name, self.request.id, kwargs, exc, int(self.request.retries) + 1)
            raise
        except Exception as exc:
            retries = int(self.request.retries or 0)
            if not isinstance(exc, TRANSIENT) or retries >= self.max_retries:
                record_failure(spec.name, self.request.id, kwargs, exc, retries + 1)
            raise
        finally:
            current_task_id.reset(token)

    run.__name__ = spec.name.rsplit(".", 1)[-1]
    return celery_app.task(
        run,
        name=spec.name,
        bind=True,
        autoretry_for=TRANSIENT,
        retry_backoff=app_settings.worker_retry_backoff_s,
        retry_backoff_max=backoff_max(app_settings),
        retry_jitter=True,
        max_retries=app_settings.worker_max_retries,
    )


tasks: dict[str, Task] = {name: _register(spec) for name, spec in TASKS.items()}
