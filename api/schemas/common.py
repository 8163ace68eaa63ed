"""Shapes shared by several route groups: the error body, a page of items."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable, snake_case: what kind of failure this is.")
    message: str = Field(description="One line saying what was wrong and what to do.")
    request_id: str | None = Field(description="Quote it when reporting a problem.")


class ErrorBody(BaseModel):
    error: ErrorDetail


class Page(BaseModel, Generic[T]):
    items: list[T]
    limit: int
    offset: int
    has_more: bool = Field(description="Whether there is a page after this one.")
    total: int | None = Field(
        description="How many items match across all pages. Jobs are counted only when asked "
        "(count=true): counting a large catalogue costs more than reading a page of it."
    )


ERRORS: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in {
        401: "Missing, invalid, expired or revoked token",
        422: "The request is not valid",
        429: "Too many requests; see Retry-After",
    }.items()
}
"""Error responses every authenticated route may give, for the OpenAPI document."""
