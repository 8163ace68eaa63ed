"""``/api/apply`` and ``/api/applications``: start an application, review it, decide.

Each application is one thread of the application graph (thread id on its row). Starting
runs the graph in the background until it stops for the person: the review (resume diff,
cover letter, every field with its value and source, screenshots) is then on
``GET /api/applications/{id}``. Approving answers 202 at once, because submitting drives a
real browser; the outcome arrives as ``application.submitted`` / ``status.updated`` events.
Editing and rejecting are quick and answer with the application as it then stands.
"""

from __future__ import annotations

import uuid
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Annotated, Any

from fastapi import APIRouter, Query, status
from langchain_core.runnables import RunnableConfig

from api.background import ApplicationRun
from api.deps import CurrentUser, Principal, SessionDep, StateDep
from api.errors import ApiError, not_found
from api.runs import Busy
from api.schemas.applications import (
    ApplicationDetail,
    ApplicationSummary,
    Apply,
    Edit,
    JobRef,
    Reject,
    Started,
)
from api.schemas.common import ERRORS, ErrorBody, Page
from api.state import ApiState
from applications import review
from applications.inputs import prepare
from core.logging import get_logger
from db.enums import ApplicationStatus
from db.models import Application, Job
from db.repositories import user_applications
from db.repositories.jobs import get_job
from db.repositories.resumes import latest_master
from graphs.application import outcome

router = APIRouter(prefix="/api", tags=["applications"], responses=ERRORS)
log = get_logger(__name__)

ANSWER_WAIT_S = 120.0
"""How long edit and reject wait for the graph (re-rendering a cover letter takes a moment)."""
CONFLICT: dict[int | str, dict[str, Any]] = {409: {"model": ErrorBody}, 404: {"model": ErrorBody}}


def _summary(application: Application, job: Job) -> ApplicationSummary:
    return ApplicationSummary(
        id=application.id,
        job=JobRef(id=job.id, title=job.title, company=job.company, platform=job.platform),
        status=application.status,
        status_reason=application.status_reason,
        match_score=application.match_score,
        thread_id=application.thread_id,
        submitted_at=application.submitted_at,
        created_at=application.created_at,
        updated_at=application.updated_at,
    )


def _waiting(state: ApiState, thread_id: str | None) -> dict[str, Any] | None:
    if thread_id is None:
        return None
    pending = outcome(state.application_graph, thread_id)["interrupt"]
    return pending if isinstance(pending, dict) else None


def _detail(state: ApiState, application: Application, job: Job) -> ApplicationDetail:
    thread_id = application.thread_id
    waiting = _waiting(state, thread_id)
    kind = waiting.get("kind") if waiting else None
    stored_review = application.evidence.get("review")
    shown_review = waiting if kind == "approval" else None
    if shown_review is None and application.status is ApplicationStatus.READY_FOR_REVIEW:
        shown_review = stored_review
    evidence = {k: v for k, v in application.evidence.items() if k != "review"}
    return ApplicationDetail(
        **_summary(application, job).model_dump(),
        waiting_for=str(kind) if kind else None,
        review=shown_review,
        question=waiting if waiting and kind != "approval" else None,
        running=bool(thread_id and state.dispatcher.running(thread_id)),
        last_error=state.dispatcher.last_error(thread_id) if thread_id else None,
        match_reasons=list(application.match_reasons or []),
        cover_letter=application.cover_letter,
        evidence=evidence,
    )


def _owned(session: Any, user: Principal, application_id: uuid.UUID) -> tuple[Application, Job]:
    found = user_applications.get_for_user(session, user.user_id, application_id)
    if found is None:
        raise not_found(f"application {application_id}")
    return found


@router.post(
    "/apply",
    status_code=status.HTTP_202_ACCEPTED,
    responses={404: {"model": ErrorBody}, 409: {"model": ErrorBody}},
)
def apply(body: Apply, user: CurrentUser, state: StateDep, session: SessionDep) -> Started:
    """Start (or continue) the application graph for a job, in the background."""
    job = get_job(session, body.job_id)
    if job is None:
        raise not_found(f"job {body.job_id!r}; use an id from GET /api/jobs")
    if latest_master(session, user.user_id) is None:
        raise ApiError(409, "you have no resume yet: upload one with POST /api/resumes/upload")
    session.rollback()
    application_id, thread_id = prepare(state.services.sessions, user.user_id, str(job.id))
    start: dict[str, Any] | None = None
    config: RunnableConfig = {"configurable": {"thread_id": thread_id}}
    snapshot = state.application_graph.get_state(config)
    run = True
    if not snapshot.values:
        start = {"job_id": str(job.id), "user_id": str(user.user_id)}
        if body.auto_approve is not None:
            start["auto_approve"] = body.auto_approve
        if body.draft_outreach:
            start["draft_outreach"] = True
    elif snapshot.interrupts or not snapshot.next:
        run = False
    running = state.dispatcher.running(thread_id)
    if run and not running:
        step = ApplicationRun(str(user.user_id), str(application_id), thread_id, start=start)
        try:
            state.dispatcher.application(step)
            running = True
        except Busy:
            running = True
    session.expire_all()
    application = session.get(Application, application_id)
    assert application is not None
    return Started(
        application_id=application_id,
        thread_id=thread_id,
        status=application.status,
        running=running,
    )


@router.get("/applications")
def list_applications(
    user: CurrentUser,
    session: SessionDep,
    status: Annotated[list[ApplicationStatus] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Page[ApplicationSummary]:
    rows, total = user_applications.list_for_user(
        session, user.user_id, statuses=status or (), limit=limit, offset=offset
    )
    return Page[ApplicationSummary](
        items=[_summary(a, j) for a, j in rows],
        limit=limit,
        offset=offset,
        has_more=offset + len(rows) < total,
        total=total,
    )


@router.get("/applications/{application_id}", responses={404: {"model": ErrorBody}})
def get_application(
    application_id: uuid.UUID, user: CurrentUser, state: StateDep, session: SessionDep
) -> ApplicationDetail:
    application, job = _owned(session, user, application_id)
    return _detail(state, application, job)


def _answer(
    state: ApiState,
    user: Principal,
    application: Application,
    answer: dict[str, Any],
    *,
    kinds: tuple[str, ...],
    wait: bool,
) -> bool:
    """Send the person's answer to the waiting thread; True when the run went on after it."""
    thread_id = application.thread_id
    if thread_id is None:
        raise ApiError(409, "this application was never started; POST /api/apply first")
    if state.dispatcher.running(thread_id):
        raise ApiError(409, "this application is running now; wait for it to stop, then answer")
    waiting = _waiting(state, thread_id)
    if waiting is None or waiting.get("kind") not in kinds:
        what = f"waiting for {waiting.get('kind')}" if waiting else "not waiting for an answer"
        raise ApiError(409, f"this application is {what} (status {application.status.value})")
    if answer["action"] == "approve" and waiting.get("needs_human"):
        fields = ", ".join(waiting["needs_human"])
        raise ApiError(409, f"answer these fields before approving (edit them): {fields}")
    if answer["action"] == "edit" and answer.get("fields"):
        review.edit_fields(waiting, answer["fields"])
    step = ApplicationRun(str(user.user_id), str(application.id), thread_id, answer=answer)
    try:
        future = state.dispatcher.application(step)
    except Busy:
        raise ApiError(409, "this application is running now; wait for it to stop") from None
    if future is None or not wait:
        return True
    try:
        future.result(timeout=ANSWER_WAIT_S)
    except FutureTimeout:
        return True
    except Exception as exc:  # the run stopped; the application shows where (and why)
        log.info("answered run stopped", application_id=str(application.id), error=str(exc))
        return True
    return False


def _reload(
    session: Any, state: ApiState, user: Principal, application_id: uuid.UUID
) -> ApplicationDetail:
    session.expire_all()
    application, job = _owned(session, user, application_id)
    return _detail(state, application, job)


@router.post(
    "/applications/{application_id}/approve",
    status_code=status.HTTP_202_ACCEPTED,
    responses=CONFLICT,
)
def approve(
    application_id: uuid.UUID, user: CurrentUser, state: StateDep, session: SessionDep
) -> ApplicationDetail:
    """Submit exactly what the review shows, once; the result arrives as events."""
    application, _ = _owned(session, user, application_id)
    _answer(state, user, application, {"action": "approve"}, kinds=("approval",), wait=False)
    return _reload(session, state, user, application_id)


@router.post("/applications/{application_id}/edit", responses=CONFLICT)
def edit(
    application_id: uuid.UUID,
    body: Edit,
    user: CurrentUser,
    state: StateDep,
    session: SessionDep,
) -> ApplicationDetail:
    """Change answers (by field name or label) or the cover letter; the review comes back
    with them, to approve or edit again."""
    if not body.fields and body.cover_letter is None:
        raise ApiError(422, "nothing to edit: give fields, cover_letter or both")
    application, _ = _owned(session, user, application_id)
    answer: dict[str, Any] = {"action": "edit", "fields": body.fields}
    if body.cover_letter is not None:
        answer["cover_letter"] = body.cover_letter
    _answer(state, user, application, answer, kinds=("approval",), wait=True)
    return _reload(session, state, user, application_id)


@router.post("/applications/{application_id}/reject", responses=CONFLICT)
def reject(
    application_id: uuid.UUID,
    user: CurrentUser,
    state: StateDep,
    session: SessionDep,
    body: Reject | None = None,
) -> ApplicationDetail:
    """Skip this job; nothing is sent."""
    application, _ = _owned(session, user, application_id)
    answer: dict[str, Any] = {"action": "reject"}
    if body is not None and body.reason:
        answer["reason"] = body.reason
    _answer(state, user, application, answer, kinds=("approval", "needs_human"), wait=True)
    return _reload(session, state, user, application_id)


@router.post(
    "/applications/{application_id}/retry",
    status_code=status.HTTP_202_ACCEPTED,
    responses=CONFLICT,
)
def retry(
    application_id: uuid.UUID, user: CurrentUser, state: StateDep, session: SessionDep
) -> ApplicationDetail:
    """After you finished a CAPTCHA or login step yourself: fill the form again."""
    application, _ = _owned(session, user, application_id)
    _answer(state, user, application, {"action": "retry"}, kinds=("needs_human",), wait=False)
    return _reload(session, state, user, application_id)
