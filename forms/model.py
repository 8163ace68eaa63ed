"""What the apply engine reports: every field, its value and where the value came from."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

FieldType = Literal[
    "text",
    "email",
    "tel",
    "url",
    "textarea",
    "select",
    "combobox",
    "radio",
    "checkbox",
    "file",
    "date",
    "buttons",
]
ApplyStatus = Literal[
    "filled", "submitted", "needs_human", "needs_review", "refused", "expired", "failed"
]
NEEDS_HUMAN = "needs_human"


class FormField(BaseModel):
    label: str
    name: str
    """The field's name attribute, or its id when it has none: the key the form posts."""
    type: FieldType
    required: bool = False
    options: list[str] = Field(default_factory=list)
    value: str | list[str] | None = None
    source: str | None = None
    """Where the value came from (e.g. ``candidate.basics.email``), or ``needs_human``."""
    locator: str | None = None
    """A CSS selector for controls that have no name or id of their own (button groups)."""
    note: str | None = None
    """Why a field needs a person, or what a value was derived from."""


class ApplyReport(BaseModel):
    platform: str
    url: str
    status: ApplyStatus
    reason: str | None = None
    fields: list[FormField] = Field(default_factory=list)
    unfilled_required: list[str] = Field(default_factory=list)
    blockers: list[str] = Field(default_factory=list)
    submitted: bool = False
    confirmation: dict[str, str] = Field(default_factory=dict)
    evidence: dict[str, list[str] | str | None] = Field(default_factory=dict)
    timings_ms: dict[str, int] = Field(default_factory=dict)
