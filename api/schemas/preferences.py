"""Search preferences and the explicit auto-approve rule."""

from __future__ import annotations

from pydantic import BaseModel, Field

from db.enums import RemotePreference


class Preferences(BaseModel):
    titles: list[str] = Field(default_factory=list, max_length=50)
    locations: list[str] = Field(default_factory=list, max_length=50)
    remote: RemotePreference = RemotePreference.ANY
    salary_min: int | None = Field(default=None, ge=0, le=100_000_000)
    salary_currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    platforms: list[str] = Field(default_factory=list, max_length=50)
    exclude_companies: list[str] = Field(default_factory=list, max_length=500)
    auto_approve: bool = Field(
        default=False,
        description="Submit without asking when the match reaches auto_approve_min_score and "
        "no field needs you. Off by default.",
    )
    auto_approve_min_score: int = Field(default=80, ge=0, le=100)
    search_schedule: str | None = Field(
        default=None, max_length=100, description="A cron expression for saved searches."
    )
