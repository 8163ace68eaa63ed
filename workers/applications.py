"""The applications queue's task: run or resume one application's graph thread, by its id.

Idempotent by construction, so a redelivered or duplicated task is harmless:

- the thread id is the application's own (``applications.inputs.prepare``), so every delivery
  drives the same checkpointed thread, and one run at a time holds its lock (``locks``); a
  delivery that finds it held waits its turn (``Busy``: tried again every few seconds);
- what the task does depends on where the thread is, not on how often it was asked: no
  checkpoint yet → start; waiting at an interrupt → resume with the decision, if one came
  (without one it keeps waiting); stopped mid-way (a killed worker) → carry on from the
  last checkpoint; finished → nothing. A decision that finds no interrupt (it was already
  applied by an earlier delivery) is not applied twice;
- a claim left ``submitting`` by a worker that died mid-click is settled only by
  ``recover_interrupted``'s lease (``needs_review`` once it is older than any submission
  takes); until then the ``submit`` node refuses to open the form again. Nothing is ever
  resubmitted: the database claim guarantees it, whatever the queue does.

A step that could not finish (``StepFailed``: the form did not load) is retried with backoff;
the thread stays at that step, so the retry carries on from there.
"""

from __future__ import annotations

import uuid
from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.types import Command, StateSnapshot
from sqlalchemy.orm import Session, sessionmaker

from applications.steps import StepFailed
from core.errors import InputError
from db.models import Application
from forms.submit import recover_interrupted, status_of
from graphs.application import ApplicationInput, application_graph, outcome, run
from tools.runtime import UserContext, get_services
from workers.locks import exclusive
from workers.registry import Busy, RetryLater


def run_application(
    application_id: str,
    decision: dict[str, Any] | None = None,
    auto_approve: bool | None = None,
    draft_outreach: bool = False,
) -> dict[str, Any]:
    """Start, continue or resume (with ``decision``) the application ``application_id``.

    ``decision`` answers the waiting interrupt: ``{"action": "approve"}``, ``{"action":
    "edit", "fields": {...}}``, ``{"action": "reject", "reason": ...}`` or ``{"action":
    "retry"}`` after a blocker. ``auto_approve`` overrides the user's own rule for this run.
    """
    services = get_services()
    app_id, user_id, job_id, thread_id = _application(services.sessions, application_id)
    with exclusive(services.settings, f"application:{app_id}") as held:
        if not held:
            raise Busy(f"application {app_id} is being run by another worker")
        recover_interrupted(services.sessions, application_id=app_id)
        with application_graph(services.settings) as graph:
            config: RunnableConfig = {"configurable": {"thread_id": thread_id}}
            snapshot = graph.get_state(config)
            start: ApplicationInput = {"job_id": str(job_id), "user_id": str(user_id)}
            if auto_approve is not None:
                start["auto_approve"] = auto_approve
            if draft_outreach:
                start["draft_outreach"] = True
            payload = _next(snapshot, decision, start)
            if payload is _NOTHING:
                result = outcome(graph, thread_id)
            else:
                context = UserContext(user_id=str(user_id))
                try:
                    result = run(graph, thread_id, payload, context=context)
                except StepFailed as exc:
                    raise RetryLater(exc.message) from exc
    waiting = result["interrupt"]
    values = result["values"]
    return {
        "application_id": str(app_id),
        "thread_id": thread_id,
        "status": status_of(services.sessions, app_id).value,
        "waiting_for": waiting.get("kind") if waiting else None,
        "notice": waiting.get("notice") if waiting else None,
        "result": {
            key: value
            for key, value in (values.get("result") or {}).items()
            if key in ("status", "reason", "confirmation")
        },
    }


_NOTHING: Any = object()


def _next(snapshot: StateSnapshot, decision: dict[str, Any] | None, start: ApplicationInput) -> Any:
    """What to send the thread now, from where it is: the heart of the task's idempotence."""
    if snapshot.interrupts:
        return Command(resume=decision) if decision is not None else _NOTHING
    if snapshot.next:
        return None
    if not snapshot.values:
        return start
    return _NOTHING


def _application(
    sessions: sessionmaker[Session], application_id: str
) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID, str]:
    try:
        app_id = uuid.UUID(str(application_id))
    except ValueError:
        raise InputError(f"application_id {application_id!r} is not a UUID") from None
    with sessions.begin() as session:
        row = session.get(Application, app_id)
        if row is None:
            raise InputError(f"no application {app_id}")
        if row.thread_id is None:
            row.thread_id = str(row.id)
        return row.id, row.user_id, row.job_id, row.thread_id
