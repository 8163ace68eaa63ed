"""``POST /tailor`` and ``POST /tailor/batch``: the seed's LLM-service endpoints, at its paths.

A resume and cover letter tailored to a stored job from the user's latest master, through the
same package builder as ``ajob tailor`` (so every text passes the faithfulness validator).
The tailored resume is kept with the user's resumes (kind ``tailored``, linked to the job and
to the master it came from); the files go to the user's own folder under the data folder.
PDFs are not rendered here: the application graph renders them when it needs them.
"""

from __future__ import annotations

import json
import uuid
from typing import Literal

import anyio
from fastapi import APIRouter

from api.deps import CurrentUser, StateDep
from api.errors import not_found
from api.schemas.common import ERRORS, ErrorBody
from api.schemas.tailor import BatchItem, BatchResult, TailorBatch, Tailored, TailorRequest
from api.state import ApiState
from applications.inputs import candidate_of
from core.errors import AjobError
from db.enums import ResumeKind
from db.models import Resume
from db.repositories.jobs import get_job
from db.repositories.resumes import latest_master
from jobs.store import row_to_job
from resumes.package import build_package, folder_name
from resumes.store import content_hash
from resumes.target import JobTarget
from tools.runtime import run_sync

router = APIRouter(tags=["tailor"], responses=ERRORS)

BATCH_CONCURRENCY = 4


class JobNotFound(AjobError):
    pass


def tailor_one(
    state: ApiState,
    user_id: uuid.UUID,
    job_reference: str,
    provider: Literal["offline", "openai"] | None,
) -> Tailored:
    services = state.services
    with services.sessions() as session:
        row = get_job(session, job_reference)
        if row is None:
            raise JobNotFound(f"no job {job_reference!r}; use an id from GET /api/jobs")
        candidate = candidate_of(session, user_id)
        master = latest_master(session, user_id)
        assert master is not None
        target = JobTarget.from_job(row_to_job(row))
        job_id, master_id, master_version = row.id, master.id, master.version
    folder = services.settings.data_dir / "users" / str(user_id) / "tailored" / folder_name(target)
    llm = services.llm(user_id, provider=provider)
    report = run_sync(
        build_package(
            candidate,
            target,
            folder,
            settings=services.settings,
            llm=llm,
            pdf=False,
        )
    )
    document = json.loads((folder / "resume.json").read_text(encoding="utf-8"))
    letter = (folder / "cover_letter.md").read_text(encoding="utf-8")
    with services.sessions.begin() as session:
        tailored = Resume(
            user_id=user_id,
            kind=ResumeKind.TAILORED,
            version=master_version,
            label=f"{target.title} at {target.company}"[:200],
            content=document,
            content_hash=content_hash(document),
            source_format="tailored",
            parent_id=master_id,
            job_id=job_id,
        )
        session.add(tailored)
        session.flush()
        resume_id = tailored.id
    coverage = report.keyword_coverage
    return Tailored(
        job_id=job_id,
        title=target.title,
        company=target.company,
        resume_id=resume_id,
        resume=document,
        cover_letter=letter,
        provider=report.provider,
        keyword_coverage={
            "before": float(coverage["before"]["ratio"]),
            "after": float(coverage["after"]["ratio"]),
        },
        changes=report.changes,
        violations_caught=len(report.violations_caught),
        tokens=int(report.usage.get("total_tokens", 0)),
        cost_usd=float(report.usage.get("cost_usd", 0.0)),
    )


@router.post("/tailor", responses={404: {"model": ErrorBody}})
async def tailor(body: TailorRequest, user: CurrentUser, state: StateDep) -> Tailored:
    """Tailor your latest master resume, and write a cover letter, for one stored job."""
    try:
        return await anyio.to_thread.run_sync(
            tailor_one, state, user.user_id, body.job_id, body.provider
        )
    except JobNotFound:
        raise not_found(f"job {body.job_id!r}; use an id from GET /api/jobs") from None


@router.post("/tailor/batch")
async def tailor_batch(body: TailorBatch, user: CurrentUser, state: StateDep) -> BatchResult:
    """The same for up to 20 jobs; each job succeeds or fails on its own."""
    limiter = anyio.CapacityLimiter(BATCH_CONCURRENCY)
    items: list[BatchItem] = [BatchItem(job_id=job_id, ok=False) for job_id in body.job_ids]

    async def one(index: int, job_id: str) -> None:
        try:
            result = await anyio.to_thread.run_sync(
                tailor_one, state, user.user_id, job_id, body.provider, limiter=limiter
            )
        except AjobError as exc:
            items[index] = BatchItem(job_id=job_id, ok=False, error=exc.message)
            return
        items[index] = BatchItem(job_id=job_id, ok=True, result=result)

    async with anyio.create_task_group() as group:
        for index, job_id in enumerate(body.job_ids):
            group.start_soon(one, index, job_id)
    return BatchResult(items=items)
