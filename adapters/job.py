"""The normalised job record every source adapter yields.

Adapters translate each platform's own shape into this one, so dedup, ranking,
storage and the CLI's ``--json`` output never look at a platform's raw format
(which is kept, untouched, in ``raw``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from db.enums import WorkplaceType

SalaryPeriod = Literal["year", "month", "week", "day", "hour"]
EmploymentType = Literal[
    "full_time", "part_time", "contract", "internship", "temporary", "volunteer"
]


class Job(BaseModel):
    platform: str
    external_id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    company: str = Field(min_length=1)
    locations: list[str] = Field(default_factory=list)
    workplace_type: WorkplaceType = WorkplaceType.UNKNOWN
    employment_type: EmploymentType | None = None
    salary_min: float | None = None
    salary_max: float | None = None
    salary_currency: str | None = None
    salary_period: SalaryPeriod | None = None
    description_text: str = ""
    description_html: str | None = None
    url: str | None = None
    apply_url: str | None = None
    posted_at: datetime | None = None
    raw: dict[str, Any] = Field(default_factory=dict, repr=False)

    @field_validator("title", "company")
    @classmethod
    def _strip(cls, value: str) -> str:
        return " ".join(value.split())

    @field_validator("posted_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("posted_at must be timezone-aware")
        return value

    def public_dict(self) -> dict[str, Any]:
        """Everything but the raw payload, JSON-ready: what ``ajob search --json`` prints."""
        return self.model_dump(mode="json", exclude={"raw"})
