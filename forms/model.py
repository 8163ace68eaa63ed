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
PREFILLED = "prefilled by the form"
"""The source of a value the page already held (a default country, the account's email)."""


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
    step: int = 1
    """The step of a multi-step form the field is on (1 on a one-page form)."""
    autocomplete: str | None = None
    """The control's HTML autofill token (``given-name``, ``email``, ``tel``…), when it has one."""


class ApplyReport(BaseModel):
    platform: str
    url: str
    status: ApplyStatus
    reason: str | None = None
    fields: list[FormField] = Field(default_factory=list)
    steps: list[str] = Field(default_factory=list)
    """A multi-step form's steps walked, by title, in order (``fields[i].step`` counts from 1);
    empty for a one-page form."""
    unfilled_required: list[str] = Field(default_factory=list)
    blockers: list[str] = Field(default_factory=list)
    submitted: bool = False
    confirmation: dict[str, str] = Field(default_factory=dict)
    evidence: dict[str, list[str] | str | None] = Field(default_factory=dict)
    timings_ms: dict[str, int] = Field(default_factory=dict)
