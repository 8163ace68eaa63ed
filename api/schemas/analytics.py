"""The funnel and the model spend, for one user."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Stage(BaseModel):
    stage: str
    reached: int = Field(description="Applications at this stage or past it.")


class ModelUsage(BaseModel):
    model: str
    calls: int
    prompt_tokens: int
    completion_tokens: int
    cached_tokens: int
    cost_usd: float


class Usage(BaseModel):
    calls: int
    prompt_tokens: int
    completion_tokens: int
    cached_tokens: int
    total_tokens: int
    cost_usd: float
    by_model: list[ModelUsage]


class Analytics(BaseModel):
    applications: int
    by_status: dict[str, int]
    by_platform: dict[str, dict[str, int]] = Field(description="platform → status → count.")
    funnel: list[Stage]
    llm: Usage
