"""Applications, their review, and the person's decisions on it."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from db.enums import ApplicationStatus


class Apply(BaseModel):
    job_id: str = Field(
        min_length=1, max_length=300, description="A job id, or PLATFORM:EXTERNAL_ID."
    )
    auto_approve: bool | None = Field(
        default=None,
        description="Let your auto-approve rule decide for this run; default: your preference.",
    )
    draft_outreach: bool = Field(
        default=False, description="After submitting, draft a note to the recruiter."
    )


class Started(BaseModel):
    application_id: uuid.UUID
    thread_id: str
    status: ApplicationStatus
    running: bool = Field(description="Whether a run of this application is going on now.")


class JobRef(BaseModel):
    id: uuid.UUID
    title: str
    company: str
    platform: str


class ApplicationSummary(BaseModel):
    id: uuid.UUID
    job: JobRef
    status: ApplicationStatus
    status_reason: str | None
    match_score: float | None
    thread_id: str | None
    submitted_at: datetime | None
    created_at: datetime
    updated_at: datetime


class ApplicationDetail(ApplicationSummary):
    waiting_for: str | None = Field(
        description="approval or needs_human while the run waits for you; else null."
    )
    review: dict[str, Any] | None = Field(
        description="What would be sent (resume diff, cover letter, every field and its "
        "source, screenshots), while the application awaits approval."
    )
    question: dict[str, Any] | None = Field(
        description="What the run asks when it waits for something other than approval."
    )
    running: bool
    last_error: str | None = Field(description="Why this process's last run stopped, if it did.")
    match_reasons: list[Any]
    cover_letter: str | None
    evidence: dict[str, Any]


class Reject(BaseModel):
    reason: str | None = Field(default=None, max_length=500)


class Edit(BaseModel):
    fields: dict[str, str | list[str]] = Field(
        default_factory=dict, description="New values by field name or label."
    )
    cover_letter: str | None = Field(
        default=None, min_length=1, max_length=20_000, description="The whole new letter."
    )
