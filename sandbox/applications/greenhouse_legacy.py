"""Greenhouse's legacy boards.greenhouse.io form: Rails names, plain selects, no script.

Many company career pages still embed this older form. Its fields are named the Rails way:
``job_application[first_name]``, ``job_application[resume]`` (file) and
``job_application[resume_text]``, each custom question as
``job_application[answers_attributes][N][text_value]`` (or, for a choice,
``[answer_selected_options_attributes][0][question_option_id]``; ``[][question_option_id]``
checkboxes for several) next to a hidden ``[question_id]``, and the EEOC answers as
``job_application[gender]`` and so on. Choices are plain ``<select>`` elements, the submit is
``#submit_app``, and checks are made by the server only. Served at
``/legacy/{board}/jobs/{id}`` under the Greenhouse page prefix, with the same questions,
variants and submission log as the job-boards form.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sandbox import render
from sandbox.applications import checks, flow, variants
from sandbox.applications.flow import Filled, FormKind
from sandbox.applications.greenhouse import PLATFORM, form_fields
from sandbox.applications.intake import PostedForm
from sandbox.applications.questions import Question
from sandbox.applications.variants import Variant
from sandbox.applications.widgets import flag
from sandbox.catalogue import Posting
from sandbox.sources import PAGE_PREFIXES
from sandbox.state import CatalogueDep

pages = APIRouter()

PREFIX: Final = "job_application"


def legacy_url(root: str, posting: Posting) -> str:
    return f"{root}{PAGE_PREFIXES[PLATFORM]}/legacy/{posting.board}/jobs/{posting.external_id}"


def _custom_index(questions: Sequence[Question]) -> dict[str, int]:
    custom = [q for q in questions if q.section == "custom"]
    return {q.name: i for i, q in enumerate(custom)}


def posted_names(question: Question, index: int | None) -> tuple[str, str | None]:
    """The names ``question`` is posted under: its value, and a file's typed alternative."""
    if index is None:
        manual = f"{PREFIX}[{question.text_alternative}]" if question.text_alternative else None
        return f"{PREFIX}[{question.name}]", manual
    answer = f"{PREFIX}[answers_attributes][{index}]"
    if question.kind == "select":
        return f"{answer}[answer_selected_options_attributes][0][question_option_id]", None
    if question.kind == "multi_select":
        return f"{answer}[answer_selected_options_attributes][][question_option_id]", None
    return f"{answer}[text_value]", None


def _dom_id(posted: str) -> str:
    """Rails' id for a name: "job_application[answers_attributes][0][text_value]" →
    "job_application_answers_attributes_0_text_value"."""
    return posted.replace("[]", "").replace("][", "_").replace("[", "_").replace("]", "")


def _control_id(question: Question, index: int | None) -> str:
    """Main fields keep Greenhouse's short ids (first_name, resume); the rest are Rails ids."""
    if index is None and question.section == "main":
        return question.name
    return _dom_id(posted_names(question, index)[0])


def _errors(posting: Posting, form: PostedForm) -> dict[str, str]:
    questions = form_fields(posting)
    index = _custom_index(questions)
    return checks.field_errors(questions, form, lambda q: posted_names(q, index.get(q.name)))


def _first(posted: Mapping[str, Sequence[str]], name: str) -> str:
    values = [v for v in posted.get(name, ()) if v]
    return values[0] if values else ""


def _control(
    question: Question, index: int | None, posted: Mapping[str, Sequence[str]], invalid: bool
) -> str:
    name, manual = posted_names(question, index)
    ident = _control_id(question, index)
    attrs = (
        f'id="{ident}" name="{render.text(name)}" aria-invalid="{flag(invalid)}" '
        f'aria-required="{flag(question.required)}"'
    )
    value = _first(posted, name)
    match question.kind:
        case "select":
            options = "".join(
                f'<option value="{render.text(o.value)}"'
                f"{' selected' if o.value == value else ''}>{render.text(o.label)}</option>"
                for o in question.options
            )
            return f'<select {attrs}><option value="">Please select</option>{options}</select>'
        case "multi_select":
            picked = set(posted.get(name, ()))
            return "".join(
                f'<label class="checkbox"><input type="checkbox" name="{render.text(name)}" '
                f'value="{render.text(o.value)}"{" checked" if o.value in picked else ""}> '
                f"{render.text(o.label)}</label>"
                for o in question.options
            )
        case "file":
            accept = ",".join(f".{t}" for t in question.filetypes)
            typed = ""
            if manual:
                alt = _dom_id(manual).removeprefix(f"{PREFIX}_")
                typed = (
                    f'<label for="{alt}" class="paste">or paste</label><textarea id="{alt}" '
                    f'name="{render.text(manual)}">{render.text(_first(posted, manual))}</textarea>'
                )
            return f'<input type="file" {attrs} accept="{accept}">{typed}'
        case "textarea":
            return f"<textarea {attrs}>{render.text(value)}</textarea>"
        case _:
            return f'<input type="text" {attrs} maxlength="255" value="{render.text(value)}">'


def _field(
    question: Question, index: int | None, posted: Mapping[str, Sequence[str]], error: str | None
) -> str:
    ident = _control_id(question, index)
    mark = ' <span class="asterisk">*</span>' if question.required else ""
    label = f'<label for="{ident}">{render.text(question.label)}{mark}</label>'
    if question.kind == "multi_select":
        label = f"<legend>{render.text(question.label)}{mark}</legend>"
    hidden = ""
    if index is not None:
        number = question.name.removeprefix("question_")
        hidden = (
            f'<input type="hidden" name="{PREFIX}[answers_attributes][{index}][question_id]" '
            f'value="{render.text(number)}">'
        )
    message = (
        f'<span id="{ident}_error" class="field-error-msg error" role="alert">'
        f"{render.text(error)}</span>"
        if error
        else ""
    )
    tag = "fieldset" if question.kind == "multi_select" else "div"
    classes = "field field-error" if error else "field"
    control = _control(question, index, posted, bool(error))
    return f'<{tag} class="{classes}">{label}{control}{hidden}{message}</{tag}>'


def legacy_form(root: str, posting: Posting, variant: Variant | None, filled: Filled) -> str:
    """The ``#application`` block of a legacy boards page."""
    questions = form_fields(posting)
    index = _custom_index(questions)

    def block(section: str) -> str:
        return "".join(
            _field(q, index.get(q.name), filled.posted, filled.errors.get(q.name))
            for q in questions
            if q.section == section
        )

    flash = ""
    if filled.refused:
        text = filled.form_error or "Please complete all required fields."
        flash = f'<div id="error_flash" class="error" role="alert">{render.text(text)}</div>'
    captcha = variants.captcha_of(variant)
    widget = variants.captcha_widget(root, captcha) if captcha else ""
    return (
        '<div id="app"><div id="application"><h2>Apply for this Job</h2>'
        f'<form id="application_form" method="post" enctype="multipart/form-data" '
        f'action="{render.text(LEGACY.action(root, posting, variant))}">{flash}'
        f'<div id="main_fields">{block("main")}</div>'
        f'<div id="custom_fields">{block("custom")}</div>'
        f'<div id="eeoc_fields"><h3>U.S. Equal Employment Opportunity information</h3>'
        f"{block('eeoc')}</div>{widget}"
        '<input type="submit" id="submit_app" class="button" value="Submit Application">'
        "</form></div></div>"
    )


LEGACY: Final = FormKind(PLATFORM, legacy_url, legacy_form, _errors)


@pages.get("/legacy/{board}/jobs/{job_id}")
@pages.post("/legacy/{board}/jobs/{job_id}")
async def legacy_page(
    board: str, job_id: str, request: Request, catalogue: CatalogueDep
) -> Response:
    """The job with its legacy form (GET), and the form's action (POST)."""
    return await flow.answer(LEGACY, request, catalogue, board, job_id)


@pages.get("/legacy/{board}/jobs/{job_id}/confirmation")
def legacy_confirmation(
    board: str, job_id: str, request: Request, catalogue: CatalogueDep
) -> Response:
    return flow.landing_page(LEGACY, request, catalogue, board, job_id, _received)


def _received(root: str, posting: Posting) -> tuple[str, str]:
    body = (
        '<div id="application_confirmation"><h1>Thank you for applying.</h1>'
        f"<p>Your application has been received. {render.text(posting.company_name)} will "
        "review it and contact you if there is a fit.</p></div>"
    )
    return "Application submitted", body
