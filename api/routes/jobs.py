"""``/api/jobs``: start a search, list and read stored jobs, follow a task.

Jobs are one shared catalogue of public postings; the match score and the application status
in each answer are the asking user's own. A search runs in the background: the answer is a
task id, and the jobs arrive as ``job.discovered`` events, then a ``status.updated`` event
with ``entity_type="search"`` and the task id (or a ``task.dead_letter`` event).
"""

from __future__ import annotations

import uuid
from typing import Annotated

import anyio
from fastapi import APIRouter, Query, Request, Response, status

from api import jobs_query
from api.background import SEARCH, search_plan
from api.deps import CurrentUser, SessionDep, StateDep
from api.errors import not_found
from api.schemas.common import ERRORS, ErrorBody, Page
from api.schemas.jobs import JobDetail, JobQuery, JobSummary, SearchRequest, TaskOut
from db.models import Task
from db.repositories import tasks, user_jobs

router = APIRouter(prefix="/api", tags=["jobs"], responses=ERRORS, lifespan=jobs_query.lifespan)


@router.post("/jobs/search", status_code=status.HTTP_202_ACCEPTED)
def search(body: SearchRequest, user: CurrentUser, state: StateDep, session: SessionDep) -> TaskOut:
    """Search the platforms in the background. Follow it with GET /api/tasks/{id} or the
    events stream."""
    search_plan(state.services, user.user_id, body)
    task = tasks.create(session, user.user_id, SEARCH, body.model_dump(mode="json"))
    session.commit()
    state.dispatcher.search(task.id)
    return _task_out(task)


def _task_out(task: Task) -> TaskOut:
    return TaskOut(
        id=task.id,
        kind=task.kind,
        state=task.state.value,
        params=task.params,
        result=task.result,
        error=task.error,
        created_at=task.created_at,
        updated_at=task.updated_at,
    )


@router.get("/tasks/{task_id}", responses={404: {"model": ErrorBody}})
def get_task(task_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> TaskOut:
    task = tasks.get_for_user(session, user.user_id, task_id)
    if task is None:
        raise not_found(f"task {task_id}")
    return _task_out(tasks.settle(session, task))


@router.get("/jobs", response_model=Page[JobSummary])
async def list_jobs(
    request: Request, user: CurrentUser, state: StateDep, query: Annotated[JobQuery, Query()]
) -> Response:
    """The catalogue, newest first (or by your match). The hot path (api/jobs_query.py): on
    PostgreSQL an async connection on the event loop, elsewhere one trip to a worker thread;
    the rows go straight to JSON."""
    engine = state.services.engine
    if engine.dialect.name == "postgresql":
        pool = await jobs_query.reader_of(request.app).pool(engine)
        body = await jobs_query.page_async(pool, engine.dialect, user.user_id, query)
    else:
        body = await anyio.to_thread.run_sync(jobs_query.page_sync, engine, user.user_id, query)
    return Response(body, media_type="application/json")


@router.get("/jobs/{job_id}", responses={404: {"model": ErrorBody}})
def get_job(job_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> JobDetail:
    found = user_jobs.get_for_user(session, user.user_id, job_id)
    if found is None:
        raise not_found(f"job {job_id}")
    job, application = found
    return JobDetail(
        id=job.id,
        platform=job.platform,
        external_id=job.external_id,
        title=job.title,
        company=job.company,
        locations=[str(place) for place in job.locations or []],
        workplace_type=job.workplace_type,
        employment_type=job.employment_type,
        salary_min=job.salary_min,
        salary_max=job.salary_max,
        salary_currency=job.salary_currency,
        salary_period=job.salary_period,
        url=job.url,
        posted_at=job.posted_at,
        created_at=job.created_at,
        apply_url=job.apply_url,
        description=job.description_text,
        sources=list(job.sources or []),
        match_score=application.match_score if application else None,
        match_reasons=[str(r) for r in (application.match_reasons if application else [])],
        application_status=application.status.value if application else None,
    )
