"""Master resumes (versioned) and tailored copies."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from db.enums import ResumeKind


class ResumeSummary(BaseModel):
    id: uuid.UUID
    kind: ResumeKind
    version: int
    label: str | None
    source_format: str | None
    source_filename: str | None
    job_id: uuid.UUID | None
    created_at: datetime


class ResumeDetail(ResumeSummary):
    content: dict[str, Any]


class Stored(BaseModel):
    resume: ResumeSummary
    added: bool = Field(description="False when the content equals the latest master version.")
    warnings: list[str] = Field(description="What the import could not place.")


class Relabel(BaseModel):
    label: str | None = Field(max_length=200)
