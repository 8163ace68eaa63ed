"""What a person sees before an outreach email goes out, and how their answer is read.

The review payload travels in an ``interrupt()`` and is checkpointed, so it is plain JSON:
who the message goes to and exactly what it says. The answer (``Command(resume=...)``) is
``{"action": "approve"}``, ``{"action": "edit", "subject": ..., "body": ...}`` (the edited
text is what is sent) or ``{"action": "reject", "reason": ...}`` (nothing is sent).
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from core.errors import InputError
from outreach.service import OutreachSummary

ACTION = "send_outreach"
ANSWERS = (
    '{"action": "approve"}, {"action": "edit", "subject": "...", "body": "..."} '
    'or {"action": "reject", "reason": "..."}'
)


class OutreachDecision(BaseModel):
    """The person's answer to the approval interrupt."""

    model_config = ConfigDict(extra="forbid")

    action: Literal["approve", "edit", "reject"]
    subject: str | None = None
    body: str | None = None
    reason: str | None = None

    @model_validator(mode="after")
    def _edit_changes_something(self) -> OutreachDecision:
        if self.action == "edit" and self.subject is None and self.body is None:
            raise ValueError("an edit needs a new subject or body")
        if self.action != "edit" and (self.subject is not None or self.body is not None):
            raise ValueError(f"{self.action!r} takes no subject or body; use 'edit'")
        return self


def review_payload(outreach: OutreachSummary) -> dict[str, Any]:
    """Everything the person approves: the recipient and the exact subject and body."""
    return {
        "kind": "approval",
        "action": ACTION,
        "outreach_id": str(outreach.id),
        "job_id": str(outreach.job_id) if outreach.job_id else None,
        "to": {"name": outreach.recipient_name, "email": outreach.recipient_email},
        "subject": outreach.subject,
        "body": outreach.body,
        "options": ["approve", "edit", "reject"],
        "answer_with": ANSWERS,
    }


def parse_decision(value: Any) -> OutreachDecision:
    """A decision from what the resume carried: a dict, a JSON string, or just the action."""
    if isinstance(value, str):
        text = value.strip()
        try:
            value = json.loads(text) if text.startswith("{") else {"action": text.lower()}
        except json.JSONDecodeError:
            raise InputError(f"cannot read the decision as JSON; answer with {ANSWERS}") from None
    try:
        return OutreachDecision.model_validate(value)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "decision"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise InputError(
            f"cannot read the decision ({where}: {message}); answer with {ANSWERS}"
        ) from None
