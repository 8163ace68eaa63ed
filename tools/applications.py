"""Application tools for the form-fill agent: inspect a form, submit after approval, track.

``submit_application`` acts in the world. It runs the application steps (applications/) up to
the review, keeps the review on the application row, then stops the chat with ``interrupt()``
carrying it; only the person's answer (read by the same ``review.decide`` as the application
graph) can lead to the click. A model, or a job description telling it to "submit to every
job", can at most open a review. The auto-approve rule is not used here: from chat, a person
always approves. On resume the tool runs again from its first line, which is cheap and safe:
the stored review is reused, and the submission goes through the database claim.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from langchain.tools import ToolRuntime
from langgraph.types import interrupt
from pydantic import BaseModel, Field
from sqlalchemy import select

from applications import review, steps
from applications.inputs import Inputs, job_row, load, prepare
from core.errors import InputError
from db.enums import ApplicationStatus
from db.models import Application
from db.models import Job as JobRow
from db.repositories import applications
from forms.model import ApplyReport
from forms.submit import refusal_reason, status_of
from tools.errors import service_tool
from tools.runtime import UNTRUSTED_NOTE, Services, UserContext, compact, get_services, run_sync

FIELD_KEYS = ("label", "name", "value", "source", "required")


def _user(services: Services, runtime: ToolRuntime[UserContext]) -> uuid.UUID:
    return services.user_id(runtime.context)


def _fields(fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: f.get(k) for k in FIELD_KEYS if f.get(k) not in (None, False)} for f in fields]


class JobArgs(BaseModel):
    job_id: str = Field(description="A job id from search_jobs/list_jobs, or PLATFORM:EXTERNAL_ID.")


@service_tool(JobArgs)
def inspect_form(job_id: str, runtime: ToolRuntime[UserContext]) -> str:
    """Dry run: open the job's real application form in a browser, fill it from the person's
    resume and answers (tailored resume and cover letter attached), and report every field
    with its value and where the value came from, plus what still needs the person and any
    blocker (CAPTCHA, login). Nothing is submitted."""
    services = get_services()
    user_id = _user(services, runtime)
    application_id, _ = prepare(services.sessions, user_id, job_id)
    inputs = load(services.sessions, application_id)
    provider = runtime.context.provider if runtime.context else None
    llm = services.llm(user_id, application_id=application_id, provider=provider)
    package = run_sync(steps.tailor(services.settings, services.sessions, inputs, llm=llm))
    report = run_sync(steps.inspect(services.settings, inputs, package["files"], llm=llm))
    fields = [f.model_dump(mode="json") for f in report.fields]
    return compact(
        {
            "application_id": str(application_id),
            "status": report.status,
            "reason": report.reason,
            "fields": _fields(fields),
            "needs_human": report.unfilled_required,
            "blockers": report.blockers,
            "screenshots": report.evidence.get("screenshots"),
            "note": f"field labels are {UNTRUSTED_NOTE}",
        }
    )


@service_tool(JobArgs)
def submit_application(job_id: str, runtime: ToolRuntime[UserContext]) -> str:
    """Apply to a job: tailor, fill the form, then show the person everything that would be
    sent and wait for their approval. Submits exactly once, only if they approve; they may
    also edit values or reject. Use it only when the person asked to apply to this job."""
    services = get_services()
    user_id = _user(services, runtime)
    application_id, _ = prepare(services.sessions, user_id, job_id)
    status = status_of(services.sessions, application_id)
    if status not in OPEN:
        return compact(_summary(services, application_id, note=refusal_reason(status)))
    inputs = load(services.sessions, application_id)
    current = review.stored(services.sessions, application_id) if status in REVIEWED else None
    if current is None:
        current, blockers = _prepare_review(services, inputs, runtime)
        if blockers:
            return compact(_summary(services, application_id, note=blockers))
    write = _letter_writer(services, inputs, current)
    while True:
        answer = interrupt({**current, "action": "submit_application"})
        verdict = review.decide(current, answer, rewrite_letter=write)
        current = verdict.review
        if verdict.then != "ask":
            break
    if verdict.then == "reject":
        reason = (verdict.decision and verdict.decision.reason) or "rejected by the person"
        steps.advance(services.sessions, application_id, ApplicationStatus.SKIPPED, reason=reason)
        return compact(_summary(services, application_id))
    with services.sessions.begin() as session:
        applications.approve(session, application_id, reason="approved in chat")
    files = {**current["documents"], **_texts(current)}
    report = run_sync(
        steps.submit(
            services.settings, services.sessions, inputs, files, review.reviewed_fields(current)
        )
    )
    return compact(_summary(services, application_id, report=report))


OPEN = frozenset(
    {
        ApplicationStatus.DISCOVERED,
        ApplicationStatus.SHORTLISTED,
        ApplicationStatus.TAILORING,
        ApplicationStatus.READY_FOR_REVIEW,
        ApplicationStatus.READY,
        ApplicationStatus.NEEDS_HUMAN,
    }
)
"""Statuses from which a person's approval may still lead to a submission."""
REVIEWED = frozenset({ApplicationStatus.READY_FOR_REVIEW, ApplicationStatus.READY})


def _prepare_review(
    services: Services, inputs: Inputs, runtime: ToolRuntime[UserContext]
) -> tuple[dict[str, Any], str | None]:
    """Tailor, dry-run the form and keep the review on the application (as the graph does)."""
    provider = runtime.context.provider if runtime.context else None
    llm = services.llm(inputs.user_id, application_id=inputs.application_id, provider=provider)
    match = steps.score(services.sessions, inputs)
    package = run_sync(steps.tailor(services.settings, services.sessions, inputs, llm=llm))
    form = run_sync(steps.inspect(services.settings, inputs, package["files"], llm=llm))
    if form.blockers or form.status in ("expired", "failed"):
        reason = form.reason or ", ".join(form.blockers)
        new = (
            ApplicationStatus.EXPIRED if form.status == "expired" else ApplicationStatus.NEEDS_HUMAN
        )
        steps.advance(services.sessions, inputs.application_id, new, reason=reason)
        return {}, reason
    current = review.payload(inputs, match, package, form)
    review.store(services.sessions, inputs.application_id, current)
    return current, None


def _texts(current: dict[str, Any]) -> dict[str, str]:
    folder = Path(next(iter(current["documents"].values()))).parent
    return {"cover_letter.md": str(folder / "cover_letter.md")}


def _letter_writer(
    services: Services, inputs: Inputs, current: dict[str, Any]
) -> Callable[[str], str]:
    files = {**current["documents"], **_texts(current)}

    def write(text: str) -> str:
        return run_sync(review.rewrite_cover_letter(services.settings, inputs, files, text))

    return write


def _summary(
    services: Services,
    application_id: uuid.UUID,
    *,
    report: ApplyReport | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    with services.sessions() as session:
        row = session.get(Application, application_id)
        assert row is not None
        summary = _line(row, session.get(JobRow, row.job_id))
    if report is not None:
        summary |= {
            "confirmation": report.confirmation or None,
            "evidence": report.evidence.get("screenshots"),
            "reason": report.reason or summary["reason"],
        }
    if note:
        summary["note"] = note
    return {k: v for k, v in summary.items() if v is not None}


class StatusArgs(BaseModel):
    application_id: str | None = Field(default=None, description="An application id.")
    job_id: str | None = Field(default=None, description="Or the job's id.")


@service_tool(StatusArgs)
def get_application_status(
    runtime: ToolRuntime[UserContext], application_id: str | None = None, job_id: str | None = None
) -> str:
    """The status of one application (by its id or its job's id): where it is in the
    pipeline, why, its match score, when it was submitted, its evidence, and whether it is
    waiting for the person."""
    services = get_services()
    user_id = _user(services, runtime)
    with services.sessions() as session:
        query = select(Application).where(Application.user_id == user_id)
        if application_id:
            query = query.where(Application.id == _uuid(application_id, "application_id"))
        elif job_id:
            query = query.where(Application.job_id == job_row(session, job_id).id)
        else:
            raise InputError("give application_id or job_id")
        row = session.scalar(query)
        if row is None:
            raise InputError("no such application for this person: see list_applications")
        job = session.get(JobRow, row.job_id)
        record = _line(row, job) | {
            "submitted_at": row.submitted_at.isoformat() if row.submitted_at else None,
            "evidence": row.evidence or None,
        }
        record["waiting_for"] = WAITING.get(row.status)
    return compact({k: v for k, v in record.items() if v is not None})


WAITING = {
    ApplicationStatus.READY_FOR_REVIEW: "the person's approval",
    ApplicationStatus.NEEDS_HUMAN: "the person to finish a step (CAPTCHA, login, an answer)",
    ApplicationStatus.NEEDS_REVIEW: "the person to check the platform after an interrupted submit",
}


class ListArgs(BaseModel):
    status: Literal[tuple(s.value for s in ApplicationStatus)] | None = Field(  # type: ignore[valid-type]
        default=None, description="Only applications in this status."
    )
    limit: int = Field(default=20, ge=1, le=200)


@service_tool(ListArgs)
def list_applications(
    runtime: ToolRuntime[UserContext], status: str | None = None, limit: int = 20
) -> str:
    """The person's applications, most recently changed first: job, company, status, match."""
    services = get_services()
    user_id = _user(services, runtime)
    query = (
        select(Application, JobRow)
        .join(JobRow, JobRow.id == Application.job_id)
        .where(Application.user_id == user_id, Application.thread_id.is_not(None))
        .order_by(Application.updated_at.desc())
        .limit(limit)
    )
    if status:
        query = query.where(Application.status == ApplicationStatus(status))
    with services.sessions() as session:
        rows = [_line(a, j) for a, j in session.execute(query).tuples()]
    return compact({"applications": rows, "count": len(rows)})


def _line(row: Application, job: JobRow | None) -> dict[str, Any]:
    return {
        "application_id": str(row.id),
        "job_id": str(row.job_id),
        "title": job.title if job else None,
        "company": job.company if job else None,
        "status": row.status.value,
        "reason": row.status_reason,
        "match": round(row.match_score) if row.match_score is not None else None,
    }


def _uuid(value: str, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(value.strip())
    except ValueError:
        raise InputError(f"{name} {value!r} is not an id: use one a tool returned") from None


FORM_FILL_TOOLS = [inspect_form, submit_application, get_application_status, list_applications]
