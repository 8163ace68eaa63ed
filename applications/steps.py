"""The steps of one application, each safe to run again: score, tailor, inspect, submit.

A step writes its files atomically and moves the application along the state machine only
from the status it expects, so a re-run after a crash (or after an interrupt, which re-runs
the node) finds the work done or redoes it, and never submits twice: submission goes through
the claim in forms/submit.py.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from applications.inputs import Inputs
from core.config import Settings
from core.errors import AjobError
from db.enums import ApplicationStatus
from db.models import Application, LlmUsage
from db.repositories import applications
from forms.engine import apply_form
from forms.mapping import Documents
from forms.model import ApplyReport, FormField
from forms.submit import submit_once
from jobs.ranking import CandidateProfile, score_job
from llm.client import ChatClient
from resumes.answers import Answerer
from resumes.package import build_package, folder_name
from resumes.tailor import Tailor
from resumes.target import JobTarget

S = ApplicationStatus


class StepFailed(AjobError):
    """A step that could not finish (page unreachable, form not filled): the thread stays at
    that step, so fixing the cause and resuming it carries on from there."""


def advance(
    sessions: sessionmaker[Session],
    application_id: uuid.UUID,
    new: ApplicationStatus,
    *,
    reason: str,
    values: dict[str, Any] | None = None,
) -> bool:
    """Move to ``new`` from wherever the application is, when the state machine allows it.

    False when it is already there or cannot go there; steps treat both as "nothing to do",
    which is what makes them safe to repeat.
    """
    with sessions.begin() as session:
        current = session.scalar(select(Application.status).where(Application.id == application_id))
        if current is None or current == new:
            return False
        try:
            return applications.move(
                session, application_id, current, new, reason=reason, values=values
            )
        except applications.TransitionRefused:
            return False


def usage(sessions: sessionmaker[Session], application_id: uuid.UUID) -> dict[str, Any]:
    """Tokens and cost of every model call recorded for this application."""
    with sessions() as session:
        calls, tokens, cost = session.execute(
            select(
                func.count(LlmUsage.id),
                func.coalesce(func.sum(LlmUsage.prompt_tokens + LlmUsage.completion_tokens), 0),
                func.coalesce(func.sum(LlmUsage.cost_usd), 0),
            ).where(LlmUsage.application_id == application_id)
        ).one()
    return {"calls": int(calls), "tokens": int(tokens), "cost_usd": float(cost)}


def folder(settings: Settings, inputs: Inputs) -> Path:
    """Where this application's documents and evidence live: one folder per application."""
    name = f"{folder_name(JobTarget.from_job(inputs.job))}-{str(inputs.application_id)[:8]}"
    return settings.data_dir / "applications" / name


def score(sessions: sessionmaker[Session], inputs: Inputs) -> dict[str, Any]:
    """The match score and its reasons, kept on the application; discovered → shortlisted."""
    result = score_job(CandidateProfile.from_candidate(inputs.candidate), inputs.job)
    with sessions.begin() as session:
        applications.upsert_match_scores(
            session, inputs.user_id, [(inputs.job_id, float(result.score), result.reasons)]
        )
    advance(sessions, inputs.application_id, S.SHORTLISTED, reason="scored")
    return {
        "score": result.score,
        "reasons": result.reasons,
        "matched_skills": result.matched_skills,
        "missing_skills": result.missing_skills,
    }


async def tailor(
    settings: Settings,
    sessions: sessionmaker[Session],
    inputs: Inputs,
    *,
    llm: ChatClient | None,
) -> dict[str, Any]:
    """The tailored resume and cover letter (files and PDFs) in the application's folder."""
    advance(sessions, inputs.application_id, S.TAILORING, reason="tailoring")
    out = folder(settings, inputs)
    report = await build_package(
        inputs.candidate, JobTarget.from_job(inputs.job), out, settings=settings, llm=llm,
    )  # fmt: skip
    letter = (out / "cover_letter.md").read_text(encoding="utf-8")
    with sessions.begin() as session:
        application = session.get(Application, inputs.application_id)
        assert application is not None
        application.cover_letter = letter
        application.evidence = {**application.evidence, "documents": report.files}
    return {
        "folder": str(out),
        "files": report.files,
        "provider": report.provider,
        "coverage_before": report.keyword_coverage["before"]["ratio"],
        "coverage_after": report.keyword_coverage["after"]["ratio"],
        "changes": report.changes,
        "violations_caught": report.violations_caught,
        "tokens": report.usage.get("total_tokens", 0),
    }


def documents(files: dict[str, str]) -> Documents:
    return Documents(
        resume=Path(files["resume.pdf"]) if "resume.pdf" in files else None,
        cover_letter=Path(files["cover_letter.pdf"]) if "cover_letter.pdf" in files else None,
    )


async def inspect(
    settings: Settings,
    inputs: Inputs,
    files: dict[str, str],
    *,
    llm: ChatClient | None,
    reviewed: dict[str, FormField] | None = None,
) -> ApplyReport:
    """A dry run: the real form filled in Chromium, every value with its source, a screenshot.

    Open free-text questions go to the model when there is one (one batched call).
    """
    tailor = Tailor.for_candidate(inputs.candidate, llm=llm, synonyms=settings.validator_synonyms)
    return await apply_form(
        settings,
        inputs.form_url,
        inputs.candidate,
        documents(files),
        screenshots=folder(settings, inputs) / "dry-run",
        answerer=Answerer(inputs.candidate, tailor=tailor),
        job=JobTarget.from_job(inputs.job),
        reviewed=reviewed,
    )


async def submit(
    settings: Settings,
    sessions: sessionmaker[Session],
    inputs: Inputs,
    files: dict[str, str],
    reviewed: dict[str, FormField],
) -> ApplyReport:
    """Fill the reviewed values again and click submit under the claim (ready → submitting).

    A re-run finds the application claimed or submitted and is refused without a click.
    """
    return await apply_form(
        settings,
        inputs.form_url,
        inputs.candidate,
        documents(files),
        screenshots=folder(settings, inputs) / "submit",
        job=JobTarget.from_job(inputs.job),
        reviewed=reviewed,
        submitter=lambda send: submit_once(
            sessions, inputs.application_id, send, daily_caps=settings.apply_daily_caps
        ),
    )
