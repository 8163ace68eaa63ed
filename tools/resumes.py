"""Resume tools for the resume agent: tailor a resume, write a letter, answer a question.

They call the same services as ``ajob tailor`` (resumes/package.py, cover_letter.py,
answers.py), so everything they produce passes the faithfulness validator against the
person's latest master resume. With a model the texts are written freely and checked;
offline they are extractive. Each call gets its own model client and usage ledger, so the
package report counts this call's tokens only; every call is also written to llm_usage.
"""

from __future__ import annotations

import uuid
from typing import Any

from langchain.tools import ToolRuntime
from pydantic import BaseModel, Field

from applications.inputs import candidate_of, job_row
from jobs.store import row_to_job
from llm.client import ChatClient
from resumes.answers import Answerer, Question, QuestionKind
from resumes.candidate import Candidate
from resumes.cover_letter import CoverLetterWriter
from resumes.package import build_package, folder_name
from resumes.tailor import Tailor
from resumes.target import JobTarget
from tools.errors import service_tool
from tools.runtime import Services, UserContext, compact, get_services, run_sync


def _inputs(
    services: Services, user_id: uuid.UUID, job_id: str | None
) -> tuple[Candidate, JobTarget | None]:
    with services.sessions() as session:
        candidate = candidate_of(session, user_id)
        row = job_row(session, job_id) if job_id else None
        return candidate, JobTarget.from_job(row_to_job(row)) if row is not None else None


def _model(
    services: Services, user_id: uuid.UUID, context: UserContext | None
) -> ChatClient | None:
    return services.llm(user_id, provider=context.provider if context else None)


def _tailor(
    services: Services, candidate: Candidate, user_id: uuid.UUID, context: UserContext | None
) -> Tailor:
    return Tailor.for_candidate(
        candidate,
        llm=_model(services, user_id, context),
        synonyms=services.settings.validator_synonyms,
    )


class TailorResumeArgs(BaseModel):
    job_id: str = Field(description="The job to tailor for: an id from a job tool.")
    pdf: bool = Field(default=True, description="Also render the resume and letter as PDF.")


@service_tool(TailorResumeArgs)
def tailor_resume(job_id: str, runtime: ToolRuntime[UserContext], pdf: bool = True) -> str:
    """Tailor the person's master resume to one job and write the application package (resume
    and cover letter as JSON, Markdown and PDF, plus a report) to a folder. Facts are never
    added: bullets are chosen and re-spelled, and every text is checked against the master.
    Returns the folder, the keyword coverage before and after, and what changed."""
    services = get_services()
    user_id = services.user_id(runtime.context)
    candidate, target = _inputs(services, user_id, job_id)
    assert target is not None
    folder = services.settings.data_dir / "applications" / folder_name(target)
    llm = _model(services, user_id, runtime.context)
    report = run_sync(
        build_package(
            candidate,
            target,
            folder,
            settings=services.settings,
            llm=llm,
            pdf=pdf,
        )
    )
    coverage = report.keyword_coverage
    return compact(
        {
            "job": {"id": job_id, "title": target.title, "company": target.company},
            "folder": str(folder),
            "files": sorted(report.files),
            "provider": report.provider,
            "resume_method": report.resume_method,
            "cover_letter_method": report.cover_letter_method,
            "keyword_coverage": {
                "before": coverage["before"]["ratio"],
                "after": coverage["after"]["ratio"],
            },
            "changes": [f"{c['section']}: {c['detail']}" for c in report.changes[:5]],
            "changes_total": len(report.changes),
            "violations_caught": len(report.violations_caught),
        }
    )


class CoverLetterArgs(BaseModel):
    job_id: str = Field(description="The job the letter is for: an id from a job tool.")
    recipient: str | None = Field(
        default=None, description="Who the letter is addressed to, if known, e.g. 'Dana Smith'."
    )


@service_tool(CoverLetterArgs)
def write_cover_letter(
    job_id: str, runtime: ToolRuntime[UserContext], recipient: str | None = None
) -> str:
    """Write a cover letter for one job that cites the person's real achievements from the
    master resume (numbers kept exactly). Returns the paragraphs; nothing is sent."""
    services = get_services()
    user_id = services.user_id(runtime.context)
    candidate, target = _inputs(services, user_id, job_id)
    assert target is not None
    tailor = _tailor(services, candidate, user_id, runtime.context)
    letter = run_sync(CoverLetterWriter(tailor).write(target, recipient=recipient))
    return compact(
        {
            "job": {"id": job_id, "title": target.title, "company": target.company},
            "recipient": recipient,
            "method": letter.method,
            "paragraphs": letter.paragraphs,
            "achievements_cited": letter.achievements,
        }
    )


class AnswerQuestionArgs(BaseModel):
    question: str = Field(min_length=1, description="The application question, word for word.")
    options: list[str] = Field(
        default_factory=list, description="The choices, when the form offers some."
    )
    kind: QuestionKind | None = Field(
        default=None,
        description="The form control: text, textarea, select, radio, checkbox, number or "
        "date. Default: select when there are options, else text.",
    )
    job_id: str | None = Field(default=None, description="The job the question belongs to, if any.")


@service_tool(AnswerQuestionArgs)
def answer_question(
    question: str,
    runtime: ToolRuntime[UserContext],
    options: list[str] | None = None,
    kind: QuestionKind | None = None,
    job_id: str | None = None,
) -> str:
    """Answer one application question from the person's own data: their application
    answers, answer bank and resume (a model only for free text, checked against the
    master). Says where the answer came from; 'needs_human' means the person must answer."""
    services = get_services()
    user_id = services.user_id(runtime.context)
    candidate, target = _inputs(services, user_id, job_id)
    answerer = Answerer(candidate, tailor=_tailor(services, candidate, user_id, runtime.context))
    asked = Question(
        text=question, kind=kind or ("select" if options else "text"), options=options or []
    )
    [answer] = run_sync(answerer.answer_all([asked], target))
    result: dict[str, Any] = answer.model_dump(exclude_defaults=True)
    result["needs_human"] = answer.needs_human
    return compact(result)


RESUME_TOOLS = [tailor_resume, write_cover_letter, answer_question]
