"""Tailoring a resume and cover letter to stored jobs (the seed's LLM-service endpoints)."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from pydantic import BaseModel, Field


class TailorRequest(BaseModel):
    job_id: str = Field(min_length=1, max_length=300, description="A job id or PLATFORM:ID.")
    provider: Literal["offline", "openai"] | None = None


class TailorBatch(BaseModel):
    job_ids: list[str] = Field(min_length=1, max_length=20)
    provider: Literal["offline", "openai"] | None = None


class Tailored(BaseModel):
    job_id: uuid.UUID
    title: str
    company: str
    resume_id: uuid.UUID = Field(description="The tailored copy, stored with your resumes.")
    resume: dict[str, Any] = Field(description="The tailored JSON Resume document.")
    cover_letter: str = Field(description="Markdown.")
    provider: str
    keyword_coverage: dict[str, float] = Field(description="before and after, 0-1.")
    changes: list[dict[str, str]]
    violations_caught: int
    tokens: int
    cost_usd: float


class BatchItem(BaseModel):
    job_id: str
    ok: bool
    result: Tailored | None = None
    error: str | None = None


class BatchResult(BaseModel):
    items: list[BatchItem]
