"""Ashby's hosted application page (jobs.ashbyhq.com/{board}/{id}/application) and what it takes.

Ashby's page is a React app with no ``<form>``: each field is a
``div.ashby-application-form-field-entry[data-field-path]`` under a ``<label class="_heading"
for="{path}">``, and the Submit Application button posts the answers itself (multipart, with
fetch) and swaps the form for a success container, "Thanks for applying", without leaving the
page. The fields come from the posting's form definition (`form_definition`, embedded in the page
as ``window.__appData`` as Ashby's is): the system fields ``_systemfield_name``,
``_systemfield_email``, ``_systemfield_resume`` (file) and ``_systemfield_location`` (a
typeahead over known cities), then custom fields whose paths are UUIDs, deterministic per
posting: Phone, LinkedIn Profile, and the `screening` questions, then the EEO survey.

The widgets are Ashby's as measured on live boards, not the easiest ones to fill:
- a yes/no question (Ashby's ``Boolean``) is two ``button._option`` with ``aria-pressed`` (no
  ``type``, no role) and a ``display: none`` checkbox named after the field; its heading's
  ``for`` names no element. A press is drawn a microtask later; pressing the pressed button lets
  go of it; the checkbox is ticked for Yes only, and a click on it presses Yes. The answer is
  posted as ``true`` or ``false`` (absent when neither is pressed), whatever the checkbox says;
- a single choice (``ValueSelect``) is a react-select combobox (``combobox.js``), posting the
  option's text; the EEO survey's are radio groups whose options are
  ``input#{path}-labeled-radio-{i}`` + ``<label for>``, but whose question labels nothing;
- several choices (``MultiValueSelect``) are checkboxes drawn the same way;
- the resume is a hidden file input behind an "Upload File" button.
Required fields are marked by the heading's ``_required`` class only (the asterisk is CSS), and
the browser checks them before posting (``static/ashby.js``).

``POST`` to the page's own URL takes the multipart body; refused, it answers 400 with the page
re-rendered with errors, which the script copies into the live page; accepted, it records the
application and redirects (303) to ``…/application/confirmation``, whose success container the
script shows in place. See `flow` for the shared steps and `variants` for ``?variant=``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sandbox import render
from sandbox.applications import checks, flow, variants, widgets
from sandbox.applications.assets import inline_script
from sandbox.applications.flow import Filled, FormKind
from sandbox.applications.intake import PostedForm
from sandbox.applications.questions import FieldKind, Option, Question
from sandbox.applications.screening import YES_NO, screening_questions
from sandbox.applications.variants import Variant
from sandbox.applications.widgets import flag
from sandbox.catalogue import Posting
from sandbox.links import ats_apply_url, job_url, stable_uuid
from sandbox.state import CatalogueDep
from sandbox.vocabulary import PLACES

PLATFORM: Final = "ashby"

pages = APIRouter()

FILETYPES: Final = ("pdf", "doc", "docx", "odt", "rtf", "txt")
DECLINE: Final = "Decline to self-identify"
EEO_TITLE: Final = "U.S. Equal Employment Opportunity Information"
LOCATIONS: Final = tuple(f"{p.city}, {p.region_name}, {p.country_name}" for p in PLACES.values())
EEO_FIELDS: Final = (
    ("_systemfield_eeoc_gender", "Gender", ("Male", "Female", "Non-binary", DECLINE)),
    (
        "_systemfield_eeoc_race",
        "Race",
        (
            "Hispanic or Latino",
            "White",
            "Black or African American",
            "Asian",
            "Native Hawaiian or Other Pacific Islander",
            "American Indian or Alaska Native",
            "Two or More Races",
            DECLINE,
        ),
    ),
    (
        "_systemfield_eeoc_veteran_status",
        "Veteran Status",
        ("I am a protected veteran", "I am not a protected veteran", DECLINE),
    ),
    (
        "_systemfield_eeoc_disability_status",
        "Disability Status",
        (
            "Yes, I have a disability, or have had one in the past",
            "No, I do not have a disability and have not had one in the past",
            "I do not want to answer",
        ),
    ),
)
_SCREENING_TYPES: Final = {
    "yes_no": "Boolean",
    "choice": "ValueSelect",
    "long_text": "LongText",
    "multi_choice": "MultiValueSelect",
}
_KINDS: Final[dict[str, FieldKind]] = {
    "String": "text",
    "Email": "text",
    "Phone": "text",
    "LongText": "textarea",
    "File": "file",
    "Location": "select",
    "Boolean": "select",
    "ValueSelect": "select",
    "MultiValueSelect": "multi_select",
}
"""Ashby's field type → the kind of question the server checks it as."""


@dataclass(frozen=True)
class Field:
    question: Question
    """Named by the field's path, which is also its posted name."""
    ashby_type: str
    """String, Email, Phone, LongText, File, Location, Boolean, ValueSelect, MultiValueSelect."""
    survey: bool = False
    """In the EEO survey section (choices drawn as radios, not a combobox)."""

    @property
    def path(self) -> str:
        return self.question.name


def _field(
    path: str,
    title: str,
    ashby_type: str,
    required: bool,
    options: Sequence[str] = (),
    *,
    survey: bool = False,
) -> Field:
    values = (
        (Option("Yes", "true"), Option("No", "false"))
        if ashby_type == "Boolean"
        else tuple(Option(o, o) for o in options)
    )
    question = Question(
        path,
        title,
        _KINDS[ashby_type],
        required,
        values,
        checkboxes=ashby_type == "MultiValueSelect",
        filetypes=FILETYPES if ashby_type == "File" else (),
        section="eeo" if survey else "main",
        is_email=ashby_type == "Email",
    )
    return Field(question, ashby_type, survey)


def custom_path(posting: Posting, key: str) -> str:
    """The UUID path of one of the posting's custom fields ("phone", "linkedin", "authorized"…)."""
    return stable_uuid("ashby-field", posting.external_id, key)


def form_fields(posting: Posting) -> list[Field]:
    """Every field of the posting's form, in page order."""
    asked = [
        _field(
            custom_path(posting, s.key),
            s.text,
            _SCREENING_TYPES[s.kind],
            s.required,
            () if s.options == YES_NO else s.options,
        )
        for s in screening_questions(posting)
    ]
    return [
        _field("_systemfield_name", "Name", "String", True),
        _field("_systemfield_email", "Email", "Email", True),
        _field(custom_path(posting, "phone"), "Phone", "Phone", False),
        _field("_systemfield_resume", "Resume", "File", True),
        _field("_systemfield_location", "Location", "Location", False, LOCATIONS),
        _field(custom_path(posting, "linkedin"), "LinkedIn Profile", "String", False),
        *asked,
        *(_field(p, t, "ValueSelect", False, o, survey=True) for p, t, o in EEO_FIELDS),
    ]


def _entry_json(posting: Posting, field: Field) -> dict[str, Any]:
    question = field.question
    data: dict[str, Any] = {"path": field.path, "title": question.label, "type": field.ashby_type}
    if field.ashby_type in ("ValueSelect", "MultiValueSelect"):
        data["selectableValues"] = [{"label": o.label, "value": o.value} for o in question.options]
    entry_id = stable_uuid("ashby-entry", posting.external_id, field.path)
    return {"id": entry_id, "isRequired": question.required, "field": data}


def form_definition(posting: Posting) -> dict[str, Any]:
    """The form as Ashby's posting data describes it: sections of field entries."""
    fields = form_fields(posting)
    return {
        "id": stable_uuid("ashby-form", posting.external_id),
        "sections": [
            {
                "title": None,
                "fieldEntries": [_entry_json(posting, f) for f in fields if not f.survey],
            },
            {
                "title": EEO_TITLE,
                "fieldEntries": [_entry_json(posting, f) for f in fields if f.survey],
            },
        ],
    }


# --- drawing ---------------------------------------------------------------------------------

_INPUT_TYPES: Final = {"String": "text", "Email": "email", "Phone": "tel"}
_CHECKED_AS: Final = {"String": "text", "Email": "email", "Phone": "text", "LongText": "textarea"}
"""A typed field's ``data-kind``, which says how static/fieldcheck.js checks it."""
_PLACEHOLDERS: Final = {
    "String": "Type here...",
    "Email": "hello@example.com...",
    "Phone": "1-415-555-1234...",
    "LongText": "Type here...",
}


def _first(posted: Mapping[str, Sequence[str]], name: str) -> str:
    values = [v for v in posted.get(name, ()) if v]
    return values[0] if values else ""


def _heading(question: Question) -> str:
    css = "_heading _required" if question.required else "_heading"
    name, label = render.text(question.name), render.text(question.label)
    return f'<label class="{css}" for="{name}">{label}</label>'


def _text_control(field: Field, value: str) -> str:
    path = render.text(field.path)
    placeholder = _PLACEHOLDERS[field.ashby_type]
    if field.ashby_type == "LongText":
        return (
            f'<textarea id="{path}" name="{path}" class="_textarea" placeholder="{placeholder}">'
            f"{render.text(value)}</textarea>"
        )
    return (
        f'<input id="{path}" name="{path}" type="{_INPUT_TYPES[field.ashby_type]}" '
        f'class="_input" placeholder="{placeholder}" value="{render.text(value)}">'
    )


def _file_control(field: Field) -> str:
    path = render.text(field.path)
    accept = ",".join(f".{t}" for t in field.question.filetypes)
    return (
        '<div class="_container ashby-application-form-file-input">'
        f'<button type="button" class="_button" data-upload="{path}">Upload File</button>'
        '<span class="_instructions">or drag and drop here</span>'
        f'<p class="_filename" data-filename="{path}" hidden></p>'
        f'<input id="{path}" name="{path}" type="file" class="visually-hidden" tabindex="-1" '
        f'accept="{accept}"></div>'
    )


def _yes_no(field: Field, value: str) -> str:
    """Two toggle buttons and the hidden checkbox Ashby keeps beside them (ticked for Yes)."""
    buttons = "".join(
        f'<button class="_option" aria-pressed="{flag(value == o.value)}" '
        f'data-option="{o.label.lower()}">{o.label}</button>'
        for o in field.question.options
    )
    ticked = " checked" if value == "true" else ""
    return (
        f'<div class="_container _yesno ashby-application-form-input-yesno">{buttons}'
        f'<input type="checkbox" class="_input" tabindex="-1" name="{render.text(field.path)}"'
        f"{ticked}></div>"
    )


def _choices(field: Field, posted: Mapping[str, Sequence[str]], kind: str) -> str:
    """Radios (a survey question) or checkboxes, each option with its own ``<label for>``."""
    path = render.text(field.path)
    picked = set(posted.get(field.path, ()))
    items = "".join(
        f'<span class="_option"><input type="{kind}" id="{path}-labeled-{kind}-{i}" '
        f'name="{path}" value="{render.text(o.value)}"{" checked" if o.value in picked else ""}>'
        f'<label for="{path}-labeled-{kind}-{i}">{render.text(o.label)}</label></span>'
        for i, o in enumerate(field.question.options)
    )
    return f'<div class="_container _{kind}Group">{items}</div>'


def _control(
    field: Field, posted: Mapping[str, Sequence[str]], error: str | None
) -> tuple[str, str]:
    """The entry's inner markup and its ``data-kind`` (what static/fieldcheck.js checks)."""
    question = field.question
    value = _first(posted, field.path)
    match field.ashby_type:
        case "String" | "Email" | "Phone" | "LongText":
            kind = _CHECKED_AS[field.ashby_type]
            return _heading(question) + _text_control(field, value), kind
        case "File":
            return _heading(question) + _file_control(field), "file"
        case "Boolean":
            return _heading(question) + _yes_no(field, value), "yesno"
        case "MultiValueSelect":
            return _heading(question) + _choices(field, posted, "checkbox"), "checkbox"
        case _ if field.survey:
            return _heading(question) + _choices(field, posted, "radio"), "radio"
        case _:
            chosen = [o for o in question.options if o.value == value]
            return widgets.combobox(question, chosen, error), "combobox"


def _entry(field: Field, filled: Filled) -> str:
    error = filled.errors.get(field.path)
    inner, kind = _control(field, filled.posted, error)
    message = (
        f'<p id="{render.text(field.path)}-error" class="_error ashby-application-form-field-error"'
        f' role="alert">{render.text(error)}</p>'
        if error
        else ""
    )
    return (
        f'<div class="_fieldEntry ashby-application-form-field-entry" '
        f'data-field-path="{render.text(field.path)}" data-kind="{kind}" '
        f'data-required="{flag(field.question.required)}">{inner}{message}</div>'
    )


_CSS: Final = """<style>
.ashby-application-form-container{max-width:720px;margin:2rem auto;font-family:sans-serif}
.ashby-application-form-field-entry{margin:1.25rem 0}
._heading{display:block;font-weight:600;margin-bottom:.35rem}
._required::after{content:"*";color:#e03a3a;margin-left:.2rem}
._yesno ._option[aria-pressed=true]{background:#4b3bff;color:#fff}
._yesno ._input{display:none}
._option{margin-right:.5rem}
._error,.ashby-application-form-failure{color:#b00020;margin:.25rem 0}
</style>"""


def application_form(root: str, posting: Posting, variant: Variant | None, filled: Filled) -> str:
    """The application tab: the form's entries, its data and its scripts."""
    fields = form_fields(posting)
    banner = ""
    if filled.refused:
        message = filled.form_error or "Your form needs corrections"
        banner = (
            '<div id="form-error" class="_failure ashby-application-form-failure" role="alert">'
            f"{render.text(message)}</div>"
        )
    captcha = variants.captcha_of(variant)
    widget = variants.captcha_widget(root, captcha) if captcha else ""
    main = "".join(_entry(f, filled) for f in fields if not f.survey)
    survey = "".join(_entry(f, filled) for f in fields if f.survey)
    app_data = {
        "posting": {"id": posting.external_id, "title": posting.title},
        "organization": {"name": posting.company_name},
        "applicationForm": form_definition(posting),
    }
    comboboxes = [
        f.question for f in fields if not f.survey and f.ashby_type in ("ValueSelect", "Location")
    ]
    return (
        f'{_CSS}<div id="app" class="ashby-job-posting-right-pane">'
        '<div class="ashby-application-form-container" '
        f'data-action="{render.text(ASHBY.action(root, posting, variant))}">{banner}'
        f'<div class="ashby-application-form-section-container">{main}</div>'
        '<div class="ashby-application-form-section-container ashby-survey-form-container">'
        f'<h2 class="ashby-application-form-section-header">{EEO_TITLE}</h2>'
        '<p class="ashby-application-form-section-description">Completing this survey is '
        "voluntary; your answers are kept apart from your application.</p>"
        f"{survey}</div>{widget}"
        '<button type="submit" class="ashby-application-form-submit-button _button">'
        "Submit Application</button></div></div>"
        f"<script>window.__appData = {render.script_json(app_data)};</script>"
        f"{widgets.combobox_options(comboboxes)}"
        f"{inline_script('combobox.js')}{inline_script('fieldcheck.js')}"
        f"{inline_script('ashby.js')}"
    )


def _errors(posting: Posting, form: PostedForm) -> dict[str, str]:
    questions = [f.question for f in form_fields(posting)]
    return checks.field_errors(questions, form, lambda q: (q.name, None))


ASHBY: Final = FormKind(
    PLATFORM,
    ats_apply_url,
    application_form,
    _errors,
    phone_field=lambda posting: custom_path(posting, "phone"),
)


@pages.get("/{board}/{job_id}/application")
@pages.post("/{board}/{job_id}/application")
async def application_page(
    board: str, job_id: str, request: Request, catalogue: CatalogueDep
) -> Response:
    """The job's application tab (GET), and where its script posts the answers (POST)."""
    return await flow.answer(ASHBY, request, catalogue, board, job_id)


def _success(root: str, posting: Posting) -> tuple[str, str]:
    body = (
        '<div class="ashby-application-form-success-container" role="status">'
        '<h2 class="_title">Thanks for applying</h2>'
        f"<p>Your application for {render.text(posting.title)} at "
        f"{render.text(posting.company_name)} was submitted. We will reach out if there is a "
        "match.</p>"
        f'<a class="_link" href="{render.text(job_url(root, posting))}">Back to the job</a></div>'
    )
    return f"{posting.title} @ {posting.company_name}", body


@pages.get("/{board}/{job_id}/application/confirmation")
def confirmation(board: str, job_id: str, request: Request, catalogue: CatalogueDep) -> Response:
    """What a no-script client lands on; the page's script shows its container in place."""
    return flow.landing_page(ASHBY, request, catalogue, board, job_id, _success)
