"""The work the API starts and does not wait for: a search task, an application run.

Each function takes ids and JSON only (what a queue can carry) and finds everything else
itself, so the same function can run in an API thread today and in a Celery worker tomorrow.
Both are safe to run twice: a search task is claimed (queued → running) before it runs, and
an application thread resumes from its checkpoint, with submission guarded by the claim.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from langgraph.types import Command
from sqlalchemy import select

from adapters.base import SearchQuery
from adapters.registry import source_class
from api.schemas.jobs import SearchRequest
from core.errors import AjobError
from core.logging import get_logger
from db.enums import EventType
from db.models import Application, Task, UserPreferences
from db.models.tasks import TaskState
from db.repositories import dead_letters, events, tasks
from graphs.application import ApplicationGraph, Outcome, run
from jobs.search import SourceRequest, plan_requests, run_search
from tools.runtime import Services, UserContext, run_sync

log = get_logger(__name__)

SEARCH = "search"
SEARCH_TASK = "ajob.discovery.search"
"""The workers' name for the same work; dead letters name the task by it."""
FALLBACK_SOURCES = ("remotive", "remoteok")
"""Searched when neither the request, the user's preferences nor the settings name a source."""


def search_plan(
    services: Services, user_id: uuid.UUID, request: SearchRequest
) -> list[SourceRequest]:
    """One request per source and board; an unknown source is an InputError (HTTP 422).

    Base URLs come only from the operator's settings: a URL sent through the API never
    earns the trust a command-line ``--base-url`` gets.
    """
    on_boards = [board.split(":", 1)[0] for board in request.boards if ":" in board]
    names = list(request.sources) or on_boards or _preferred_sources(services, user_id)
    return plan_requests(names, request.boards, [], default_urls=services.settings.source_base_urls)


def _preferred_sources(services: Services, user_id: uuid.UUID) -> list[str]:
    with services.sessions() as session:
        prefs = session.get(UserPreferences, user_id)
        preferred = [str(p) for p in (prefs.platforms if prefs else [])]
    for names in (preferred, list(services.settings.source_base_urls)):
        usable = [n for n in names if not source_class(n).requires_board]
        if usable:
            return usable
    return list(FALLBACK_SOURCES)


def run_search_task(services: Services, task_id: uuid.UUID) -> None:
    """Run one queued search task and record how it went; a task already claimed is skipped.

    Jobs arrive as ``job.discovered`` events while it runs. The end is reported as the
    workers report it: a ``status.updated`` event (``entity_type="search"``, ``entity_id`` the
    task id, ``payload.kind="search.finished"``), or a ``task.dead_letter`` event.
    """
    with services.sessions.begin() as session:
        if not tasks.claim(session, task_id):
            return
        task = session.get(Task, task_id)
        assert task is not None
        user_id, params = task.user_id, dict(task.params)
    try:
        request = SearchRequest.model_validate(params)
        plan = search_plan(services, user_id, request)
        since = (
            datetime.now(UTC) - timedelta(days=request.posted_within_days)
            if request.posted_within_days
            else None
        )
        query = SearchQuery(
            query=request.query,
            location=request.location,
            remote=request.remote,
            posted_since=since,
            limit=request.limit,
        )
        report = run_sync(
            run_search(services.settings, services.sessions, plan, query, user_id=user_id)
        )
    except AjobError as exc:
        _failed(services, task_id, user_id, exc.message)
        return
    except Exception as exc:
        log.exception("search task failed", task_id=str(task_id))
        _failed(services, task_id, user_id, f"unexpected {type(exc).__name__}: {exc}")
        return
    sources = [asdict(summary) for summary in report.summaries]
    result = {
        "sources": sources,
        "found": sum(s["found"] for s in sources),
        "new": sum(s["new"] for s in sources),
        "failed": [s["source"] for s in sources if s["failed"]],
    }
    if report.all_failed:
        reasons = "; ".join(f"{s['source']}: {s['failed']}" for s in sources)
        _failed(services, task_id, user_id, f"every source failed ({reasons})", result)
        return
    with services.sessions.begin() as session:
        tasks.finish(session, task_id, TaskState.SUCCEEDED, result=result)
        events.append(
            session,
            EventType.STATUS_UPDATED,
            user_id=user_id,
            entity_type=SEARCH,
            entity_id=task_id,
            payload={"kind": "search.finished", **result},
        )


def _failed(
    services: Services,
    task_id: uuid.UUID,
    user_id: uuid.UUID,
    error: str,
    result: dict[str, Any] | None = None,
) -> None:
    with services.sessions.begin() as session:
        tasks.finish(session, task_id, TaskState.FAILED, result=result, error=error)
        dead_letters.record(
            session,
            user_id=user_id,
            task=SEARCH_TASK,
            task_id=str(task_id),
            kwargs={"user_id": str(user_id)},
            error=error,
            attempts=1,
        )


@dataclass(frozen=True)
class ApplicationRun:
    """One step of an application thread: start it (``start``), or answer it (``answer``)."""

    user_id: str
    application_id: str
    thread_id: str
    start: dict[str, Any] | None = None
    """The graph's input for a first run; None continues the thread from its checkpoint."""
    answer: dict[str, Any] | None = None
    """The person's decision for the waiting interrupt (``Command(resume=...)``)."""


def run_application(services: Services, graph: ApplicationGraph, step: ApplicationRun) -> Outcome:
    """Drive the thread until it ends or waits for the person again.

    A step that cannot finish (StepFailed and friends) leaves the thread where it was; the
    reason goes to the user as a ``status.updated`` event, since the status itself is unchanged.
    """
    context = UserContext(user_id=step.user_id)
    payload: Any = Command(resume=step.answer) if step.answer is not None else step.start
    try:
        return run(graph, step.thread_id, payload, context=context)
    except AjobError as exc:
        _stopped(services, step, exc.message)
        raise
    except Exception as exc:
        _stopped(services, step, f"unexpected {type(exc).__name__}: {exc}")
        raise


def _stopped(services: Services, step: ApplicationRun, reason: str) -> None:
    application_id = uuid.UUID(step.application_id)
    with services.sessions.begin() as session:
        status = session.scalar(select(Application.status).where(Application.id == application_id))
        events.append(
            session,
            EventType.STATUS_UPDATED,
            user_id=uuid.UUID(step.user_id),
            entity_type="application",
            entity_id=application_id,
            payload={
                "from": status.value if status else None,
                "to": status.value if status else None,
                "reason": reason,
                "run": "stopped",
            },
        )
