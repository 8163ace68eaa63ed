"""Answering and filling the fields of the step on screen, as a person would.

Each field gets a value and its source from the candidate file and the screening-answer
service (forms/mapping.py); with a model, fields nobody recognised are identified by it as the
candidate's contact facts (forms/identify.py), and free-text questions nothing else answered go
to it in one call; a value the person approved in review replaces the answer. Then each
control is driven by forms/widgets.py; a combobox whose options exist only while open is
answered from the options it shows. A control that refuses its value leaves the field empty,
with the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Frame, Page

from forms.identify import identify_fields
from forms.mapping import Documents, document_for, map_field, question_of
from forms.model import NEEDS_HUMAN, PREFILLED, FormField
from forms.steps import field_errors
from forms.widgets import TICKED, FillError, PutKind, fill_field, pick_in_combobox, put_values
from resumes.answers import Answerer, choose_option
from resumes.candidate import Candidate
from resumes.target import JobTarget


@dataclass(frozen=True)
class Answering:
    """Everything that answers a field, fixed for one application."""

    candidate: Candidate
    documents: Documents
    answerer: Answerer
    job: JobTarget | None
    reviewed: Mapping[str, FormField]


async def answer_step(read: list[FormField], answering: Answering, step: int) -> list[FormField]:
    """Every field of the step on screen with its answer and source (nothing is typed yet)."""
    a = answering
    fields = [map_field(f, a.candidate, a.documents, a.answerer, a.job) for f in read]
    fields = await identify_fields(fields, a.answerer)
    fields = await _answer_open_questions(fields, a.answerer, a.job)
    return [_with_reviewed(f, a.reviewed).model_copy(update={"step": step}) for f in fields]


async def fill_step(
    target: Page | Frame, fields: list[FormField], answering: Answering
) -> list[FormField]:
    """Type, choose, tick and attach every answer; each field comes back as the page took it."""
    files = _files(fields, answering.documents)
    filled = list(fields)
    typed = await put_values(target, [put for f in filled if (put := _in_page(f)) is not None])
    for i, field_ in enumerate(filled):
        if field_.value is None or field_.source in (NEEDS_HUMAN, PREFILLED):
            continue
        if field_.name in typed:
            continue
        if field_.type == "combobox" and isinstance(field_.value, str) and not field_.options:
            filled[i] = await _choose(
                target,
                field_,
                answering.answerer,
                answering.job,
                reviewed=field_.name in answering.reviewed,
            )
            continue
        filled[i] = await _fill_one(target, field_, files)
    return filled


_TEXT_TYPES = ("text", "email", "tel", "url", "textarea", "date")


def _in_page(field_: FormField) -> tuple[str, PutKind, str | list[str]] | None:
    """How `put_values` sets the field, or None when it takes a widget (a menu, a file)."""
    value = field_.value
    if value is None or field_.source in (NEEDS_HUMAN, PREFILLED):
        return None
    first = value if isinstance(value, str) else value[0]
    if field_.type in _TEXT_TYPES and isinstance(value, str):
        return field_.name, "text", value
    if field_.type == "select":
        return field_.name, "select", first
    if field_.type == "radio":
        return field_.name, "choices", [first]
    if field_.type == "checkbox" and field_.options:
        return field_.name, "choices", [value] if isinstance(value, str) else list(value)
    if field_.type == "checkbox" and value in TICKED:
        return field_.name, "tick", first
    return None


def _files(fields: list[FormField], documents: Documents) -> dict[str, str]:
    return {
        f.name: str(document[0])
        for f in fields
        if f.type == "file" and (document := document_for(f, documents))
    }


async def _fill_one(target: Page | Frame, field_: FormField, files: dict[str, str]) -> FormField:
    """The field as filled, or emptied with the reason the control refused its value."""
    try:
        await fill_field(target, field_, files)
    except (FillError, PlaywrightError) as exc:
        return field_.model_copy(
            update={
                "value": None,
                "source": NEEDS_HUMAN if field_.required else None,
                "note": f"could not fill: {str(exc).splitlines()[0]}",
            }
        )
    return field_


async def refill(
    target: Page | Frame, step_fields: list[FormField], documents: Documents, everything: bool
) -> list[FormField]:
    """After a refused step: put the step's answers back where the page shows errors (all of
    them when the step came back as a new page, which loses attached files)."""
    flagged = await field_errors(target)
    files = _files(step_fields, documents)
    refilled = []
    for field_ in step_fields:
        wanted = everything or not flagged or field_.name in flagged
        if wanted and field_.value is not None and field_.source != NEEDS_HUMAN:
            field_ = await _fill_one(target, field_, files)
        refilled.append(field_)
    return refilled


async def _choose(
    target: Page | Frame,
    field: FormField,
    answerer: Answerer,
    job: JobTarget | None,
    *,
    reviewed: bool = False,
) -> FormField:
    """A combobox answered without its options: open its menu, fit the answer, click it.

    Its options exist only while the menu is open, so the answer (e.g. "decline", "Yes") is
    fitted to the form's own wording here, by the same rules as any other options. A
    ``reviewed`` value is the option the person approved, picked as it is.
    """
    fitted: list[FormField] = []

    def decide(options: list[str]) -> str | None:
        with_options = field.model_copy(update={"options": options})
        if reviewed and isinstance(field.value, str):
            choice = choose_option(field.value, options)
            if choice is None or choice not in options:
                note = f"the reviewed value {field.value!r} is not among its options"
                fitted.append(with_options.model_copy(update={"note": note}))
                return None
            fitted.append(with_options.model_copy(update={"value": choice}))
            return choice
        answer = answerer.answer(question_of(with_options), job)
        if answer.needs_human or answer.answer not in options:
            fitted.append(with_options.model_copy(update={"note": answer.detail}))
            return None
        fitted.append(with_options.model_copy(update={"value": answer.answer}))
        return answer.answer

    try:
        options, choice = await pick_in_combobox(target, field.name, decide)
    except PlaywrightError as exc:
        options, choice = [], None
        fitted.append(field.model_copy(update={"note": f"could not fill: {exc}".splitlines()[0]}))
    if choice is not None:
        return fitted[-1]
    note = fitted[-1].note if fitted else "its menu did not open, so no option can be chosen"
    return field.model_copy(
        update={
            "options": options,
            "value": None,
            "source": NEEDS_HUMAN if field.required else None,
            "note": note,
        }
    )


async def _answer_open_questions(
    fields: list[FormField], answerer: Answerer, job: JobTarget | None
) -> list[FormField]:
    """Free-text questions nothing else answered go to the model in one call, when there is one."""
    if answerer.tailor.llm is None:
        return fields
    open_ = [i for i, f in enumerate(fields) if f.value is None and f.type in ("textarea", "text")]
    open_ = [i for i in open_ if fields[i].label != fields[i].name]
    if not open_:
        return fields
    answers = await answerer.answer_all([question_of(fields[i]) for i in open_], job)
    for i, answer in zip(open_, answers, strict=True):
        if answer.source == "llm" and answer.answer:
            fields[i] = fields[i].model_copy(
                update={"value": answer.answer, "source": answer.cited, "note": None}
            )
    return fields


def _with_reviewed(field: FormField, reviewed: Mapping[str, FormField]) -> FormField:
    """The field carrying its reviewed value and source, when the person saw one for it."""
    seen = reviewed.get(field.name)
    if seen is None or seen.value is None or field.type == "file":
        return field
    return field.model_copy(update={"value": seen.value, "source": seen.source, "note": seen.note})
