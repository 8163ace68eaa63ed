"""What the person approves: the review payload, their edits, and the auto-approve rule.

The payload is plain JSON (it travels in an ``interrupt()`` and is checkpointed): the tailored
resume's diff against the master, the cover letter, every field with its value and source,
and the screenshots. Whatever is approved here is exactly what the submit step fills.
"""

from __future__ import annotations

import difflib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError
from sqlalchemy.orm import Session, sessionmaker

from applications.inputs import Inputs
from applications.steps import advance
from core.config import Settings
from core.errors import InputError
from core.files import write_text_atomic
from db.enums import ApplicationStatus
from db.models import Application
from forms.model import NEEDS_HUMAN, ApplyReport, FormField
from resumes.render import (
    LetterContent,
    cover_letter_html,
    cover_letter_markdown,
    html_to_pdf,
    resume_markdown,
    split_paragraphs,
)

EDITED = "edited by you"


class Decision(BaseModel):
    """The person's answer to the approval interrupt (``Command(resume=...)``)."""

    action: Literal["approve", "edit", "reject", "retry"]
    fields: dict[str, str | list[str]] = Field(default_factory=dict)
    """For ``edit``: new values by field name (or label)."""
    cover_letter: str | None = None
    """For ``edit``: the whole new cover letter text (paragraphs separated by blank lines)."""
    reason: str | None = None
    by: str = "you"


def parse_decision(value: Any) -> Decision:
    """A decision from what the resume carried: a dict, a JSON string, or just the action."""
    if isinstance(value, str):
        stripped = value.strip()
        value = json.loads(stripped) if stripped.startswith("{") else {"action": stripped.lower()}
    try:
        return Decision.model_validate(value)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "decision"
        raise InputError(
            f"cannot read the decision ({where}: {first['msg']}); answer with "
            '{"action": "approve"}, {"action": "edit", "fields": {...}} or {"action": "reject"}'
        ) from None


@dataclass(frozen=True)
class Verdict:
    """What an answer to a review leads to: submit, drop, or show the (edited) review again."""

    then: Literal["ask", "approve", "reject"]
    review: dict[str, Any]
    decision: Decision | None = None


def decide(
    current: dict[str, Any], answer: Any, *, rewrite_letter: Callable[[str], str]
) -> Verdict:
    """The one reading of a person's answer, shared by the application graph and the chat tool.

    Nothing here raises for a bad answer: an unknown field or a malformed decision asks again
    with a notice saying what was wrong, and so does approving while a required field is still
    empty. ``rewrite_letter`` stores an edited cover letter and returns it as shown.
    """
    current = {k: v for k, v in current.items() if k != "notice"}
    try:
        decision = answer if isinstance(answer, Decision) else parse_decision(answer)
        if decision.action == "edit":
            edited = edit_fields(current, decision.fields)
            if decision.cover_letter is not None:
                edited["cover_letter"] = rewrite_letter(decision.cover_letter)
            return Verdict("ask", edited, decision)
    except InputError as exc:
        return Verdict("ask", {**current, "notice": exc.message})
    if decision.action == "approve" and current["needs_human"]:
        notice = f"answer these fields before approving: {', '.join(current['needs_human'])}"
        return Verdict("ask", {**current, "notice": notice})
    if decision.action in ("approve", "reject"):
        return Verdict(decision.action, current, decision)
    notice = f"{decision.action!r} is not an answer to a review: approve, edit or reject"
    return Verdict("ask", {**current, "notice": notice})


def resume_diff(master: dict[str, Any], tailored_json: Path) -> str:
    """A unified diff of the master and tailored resumes as Markdown, as a person reads them."""
    tailored = json.loads(tailored_json.read_text(encoding="utf-8"))
    return "".join(
        difflib.unified_diff(
            resume_markdown(master).splitlines(keepends=True),
            resume_markdown(tailored).splitlines(keepends=True),
            fromfile="master resume",
            tofile="tailored resume",
            n=1,
        )
    )


def unanswered(fields: list[dict[str, Any]]) -> list[str]:
    return [
        f["name"]
        for f in fields
        if f.get("required") and (f.get("value") in (None, "", []) or f["source"] == NEEDS_HUMAN)
    ]


def payload(
    inputs: Inputs, match: dict[str, Any], package: dict[str, Any], form: ApplyReport
) -> dict[str, Any]:
    files = package["files"]
    fields = [
        f.model_dump(mode="json", include={"label", "name", "type", "required", "value", "source"})
        | ({"note": f.note} if f.note else {})
        | ({"options": f.options} if f.options and f.source == NEEDS_HUMAN else {})
        for f in form.fields
    ]
    return {
        "kind": "approval",
        "application_id": str(inputs.application_id),
        "job": {
            "title": inputs.job.title,
            "company": inputs.job.company,
            "platform": inputs.job.platform,
            "form": form.platform,
            "url": form.url,
        },
        "match": {"score": match["score"], "reasons": match["reasons"][:4]},
        "resume_diff": resume_diff(inputs.candidate.resume_document(), Path(files["resume.json"])),
        "cover_letter": Path(files["cover_letter.md"]).read_text(encoding="utf-8"),
        "fields": fields,
        "needs_human": unanswered(fields),
        "screenshots": list(form.evidence.get("screenshots") or []),
        "documents": {k: v for k, v in files.items() if k.endswith(".pdf")},
    }


def store(
    sessions: sessionmaker[Session], application_id: uuid.UUID, review: dict[str, Any]
) -> None:
    """Keep every answer with its source, and the review itself, on the application row, which
    goes to ``ready_for_review``: any process (the chat tool, the API) can show it from there."""
    with sessions.begin() as session:
        application = session.get(Application, application_id)
        assert application is not None
        application.answers = {
            f["name"]: {k: f.get(k) for k in ("label", "value", "source")} for f in review["fields"]
        }
        application.evidence = {**application.evidence, "review": review}
    advance(
        sessions, application_id, ApplicationStatus.READY_FOR_REVIEW, reason="awaiting approval"
    )


def stored(sessions: sessionmaker[Session], application_id: uuid.UUID) -> dict[str, Any] | None:
    with sessions() as session:
        application = session.get(Application, application_id)
        return None if application is None else application.evidence.get("review")


def auto_approval(review: dict[str, Any], *, enabled: bool, min_score: int) -> str | None:
    """Why this application may go without asking, or None: the rule is explicit and off by default.

    Approved only when the user turned it on, the match reaches their threshold, and no field
    needs a person.
    """
    if not enabled or review["needs_human"]:
        return None
    score = int(review["match"]["score"])
    if score < min_score:
        return None
    return f"auto-approved: match {score} ≥ {min_score} and every field answered"


def edit_fields(review: dict[str, Any], values: dict[str, str | list[str]]) -> dict[str, Any]:
    """The payload with the person's values, by field name or label; unknown names are an error."""
    fields = [dict(f) for f in review["fields"]]
    by_key = {f["name"]: f for f in fields} | {f["label"].lower(): f for f in fields}
    for key, value in values.items():
        found = by_key.get(key) or by_key.get(key.lower())
        if found is None:
            known = ", ".join(f["name"] for f in fields)
            raise InputError(f"the form has no field {key!r}; its fields are: {known}")
        found.update(value=value, source=EDITED)
        found.pop("note", None)
    return {**review, "fields": fields, "needs_human": unanswered(fields)}


async def rewrite_cover_letter(
    settings: Settings, inputs: Inputs, files: dict[str, str], text: str
) -> str:
    """The person's own letter replaces ours, as Markdown and PDF, in the same files."""
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        raise InputError("the edited cover letter is empty")
    content = LetterContent(
        basics=inputs.candidate.resume_document().get("basics") or {},
        company=inputs.job.company,
        role=inputs.job.title,
        paragraphs=paragraphs,
    )
    markdown = cover_letter_markdown(content)
    write_text_atomic(Path(files["cover_letter.md"]), markdown)
    if "cover_letter.pdf" in files:
        await html_to_pdf(
            cover_letter_html(content), Path(files["cover_letter.pdf"]), settings=settings
        )
    return markdown


def reviewed_fields(review: dict[str, Any]) -> dict[str, FormField]:
    """The approved values by field name, as the submit step fills them."""
    return {
        f["name"]: FormField.model_validate({k: v for k, v in f.items() if k != "options"})
        for f in review["fields"]
        if f.get("value") not in (None, "", [])
    }
