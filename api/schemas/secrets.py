"""Secrets a user stores: written, listed and deleted, never read back."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from db.models.user_secrets import SecretKind


class SecretValue(BaseModel):
    value: str = Field(
        min_length=1,
        max_length=200_000,
        description="The password, or the JSON of a Playwright storage state.",
    )


class SecretOut(BaseModel):
    kind: SecretKind
    name: str
    created_at: datetime
    updated_at: datetime
