"""The application questions of a posting as typed fields, read from Greenhouse's JSON.

The form is rendered and checked from the very JSON the Job Board API serves with
``?questions=true`` (and its ``compliance`` sections), so the page and the API cannot drift
apart: a filler that plans its answers from the JSON finds the same names, labels and values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

FieldKind = Literal["text", "textarea", "file", "select", "multi_select"]

_KINDS: dict[str, FieldKind] = {
    "input_text": "text",
    "textarea": "textarea",
    "input_file": "file",
    "multi_value_single_select": "select",
    "multi_value_multi_select": "multi_select",
}


@dataclass(frozen=True)
class Option:
    label: str
    value: str
    """As posted: Greenhouse's value (a number in the JSON) written as text."""


@dataclass(frozen=True)
class Question:
    name: str
    """The field's name in the JSON, which is also the input's id on the page."""
    label: str
    kind: FieldKind
    required: bool
    options: tuple[Option, ...] = ()
    description: str | None = None
    checkboxes: bool = False
    """For multi_select: a checkbox group ("multi_select_style": "checkbox") or a combobox."""
    text_alternative: str | None = None
    """For files: the textarea field ("resume_text") that may replace the file."""
    filetypes: tuple[str, ...] = ()
    section: str = "main"
    """Where it stands on the page: "main", "custom" (question_*) or "eeoc"."""
    is_email: bool = False
    """Its answer must look like an email address (checked by the browser and the server)."""

    @property
    def posted_name(self) -> str:
        """The name its values are posted under: multi-value fields take "[]"."""
        return f"{self.name}[]" if self.kind == "multi_select" else self.name

    def allows(self, value: str) -> bool:
        return any(option.value == value for option in self.options)


def _question(data: dict[str, Any], section: str) -> Question:
    first, *rest = data["fields"]
    kind = _KINDS[first["type"]]
    options = tuple(Option(str(v["label"]), str(v["value"])) for v in first.get("values") or ())
    alternative = next((f["name"] for f in rest if f["type"] == "textarea"), None)
    return Question(
        name=first["name"],
        label=str(data["label"]).strip(),
        kind=kind,
        required=bool(data["required"]),
        options=options,
        description=data.get("description"),
        checkboxes=data.get("multi_select_style") == "checkbox",
        text_alternative=alternative if kind == "file" else None,
        filetypes=tuple(first.get("allowed_filetypes") or ()),
        section=section,
        is_email=first["name"] == "email",
    )


def form_questions(
    questions: Iterable[dict[str, Any]], compliance: Iterable[dict[str, Any]] = ()
) -> list[Question]:
    """Every field of the form, in page order, from the API's ``questions`` and ``compliance``."""
    fields = [
        _question(q, "custom" if q["fields"][0]["name"].startswith("question_") else "main")
        for q in questions
    ]
    fields += [_question(q, "eeoc") for section in compliance for q in section["questions"]]
    return fields
