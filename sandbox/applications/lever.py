"""Lever's hosted apply page (jobs.lever.co/{site}/{id}/apply) and what it accepts.

Modelled on the real page: ``form#application-form``, a multipart POST to the page's own URL,
whose fields are addressed by name: ``resume`` (file), ``name`` (the full name, one field),
``email``, ``phone``, ``location``, ``org`` (current company), ``urls[LinkedIn]``,
``urls[GitHub]``, ``urls[Portfolio]``, ``urls[Other]``; the custom question cards, each answer
posted as ``cards[{cardId}][field{N}]`` next to the card's JSON template in a hidden
``cards[{cardId}][baseTemplate]``; ``eeo[gender]``, ``eeo[race]``, ``eeo[veteran]`` and
``eeo[disability]`` as plain ``<select>``s in Lever's wording; ``comments``; and the marketing
consent (``consent[marketing]``: a hidden "0", then the checkbox's "1"). A choice is posted as
its option's text, as Lever posts it.

How it reads matters to a filler as much as what it posts, so it reads as Lever's does: a main
field's text sits in a wrapping ``<label>`` (no ``for``, no id on the control) with a ``✱`` for
required; a card's question is a ``div.application-label`` that labels nothing, its options
``label > input + span.application-answer-alternative`` (so a reader that only follows labels
finds "Yes" where the question is), text answers carry only a "Type your response" placeholder,
and the EEO selects have no label at all. The questions come from `screening` (two required
yes/no cards, a dropdown, a textarea, a checkbox group).

The visible submit, ``#btn-submit``, is ``type="button"``: its click checks the required fields
(``static/lever.js``), then runs the invisible hCaptcha (`variants.invisible_hcaptcha`), whose
callback submits the form. The server refuses a POST without an ``h-captcha-response`` token;
refused, the page comes back (400) with the errors under the fields and the values kept, files
excepted (a full-page POST: the browser must attach them again); accepted, the application is
recorded and the browser is redirected (303) to ``/{site}/{id}/thanks``, "Application
submitted!". In the ``captcha`` variant the invisible widget carries hCaptcha's "bot detected"
test key, so the click shows a challenge and posts nothing; ``recaptcha`` and ``turnstile`` put
that visible widget in its place. Both regions (jobs.lever.co, jobs.eu.lever.co) serve the form
under their own page prefix and record it under their own platform.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sandbox import render
from sandbox.applications import checks, flow, variants
from sandbox.applications.assets import inline_script
from sandbox.applications.flow import Filled, FormKind
from sandbox.applications.intake import PostedForm
from sandbox.applications.questions import FieldKind, Option, Question
from sandbox.applications.screening import Screening, screening_questions
from sandbox.applications.variants import Captcha, Variant
from sandbox.applications.widgets import flag
from sandbox.catalogue import Posting
from sandbox.links import ats_apply_url, job_url, stable_uuid
from sandbox.sources import platform_for_path
from sandbox.state import CatalogueDep

pages = APIRouter()

FILETYPES: Final = ("pdf", "doc", "docx", "txt", "rtf", "odt")
DECLINE: Final = "Decline to self-identify"
CAPTCHA_CALLBACK: Final = "onHCaptchaSubmit"


def _text(name: str, label: str, *, required: bool = False, email: bool = False) -> Question:
    return Question(name, label, "text", required, is_email=email)


def _select(name: str, label: str, options: Sequence[str]) -> Question:
    return Question(
        name, label, "select", False, tuple(Option(o, o) for o in options), section="eeo"
    )


MAIN: Final = (
    Question("resume", "Resume/CV", "file", True, filetypes=FILETYPES),
    _text("name", "Full name", required=True),
    _text("email", "Email", required=True, email=True),
    _text("phone", "Phone"),
    _text("location", "Current location"),
    _text("org", "Current company"),
)
LINKS: Final = (
    _text("urls[LinkedIn]", "LinkedIn URL"),
    _text("urls[GitHub]", "GitHub URL"),
    _text("urls[Portfolio]", "Portfolio URL"),
    _text("urls[Other]", "Other website"),
)
EEO: Final = (
    _select("eeo[gender]", "Gender", ("Male", "Female", DECLINE)),
    _select(
        "eeo[race]",
        "Race",
        (
            "Hispanic or Latino",
            "White (Not Hispanic or Latino)",
            "Black or African American (Not Hispanic or Latino)",
            "Native Hawaiian or Other Pacific Islander (Not Hispanic or Latino)",
            "Asian (Not Hispanic or Latino)",
            "American Indian or Alaska Native (Not Hispanic or Latino)",
            "Two or More Races (Not Hispanic or Latino)",
            DECLINE,
        ),
    ),
    _select("eeo[veteran]", "Veteran status", ("I am a veteran", "I am not a veteran", DECLINE)),
    _select(
        "eeo[disability]",
        "Disability status",
        (
            "Yes, I have a disability, or have had one in the past",
            "No, I do not have a disability and have not had one in the past",
            "I do not want to answer",
        ),
    ),
)
COMMENTS: Final = Question("comments", "Additional information", "textarea", False)

_CARD_TYPES: Final[dict[str, tuple[str, FieldKind]]] = {
    "yes_no": ("multiple-choice", "select"),
    "choice": ("dropdown", "select"),
    "long_text": ("textarea", "textarea"),
    "multi_choice": ("multiple-select", "multi_select"),
}
"""A screening question's kind → (Lever's card field type, the question's kind)."""
_CARDS: Final = (
    ("authorization", "Work authorization", ("authorized", "sponsorship")),
    ("questions", "A few more questions", ("heard", "why", "skills")),
)
"""Each card: a key for its id, its title, and the screening questions it asks, in order."""


@dataclass(frozen=True)
class CardField:
    question: Question
    """Named as posted: ``cards[{cardId}][field{N}]``."""
    lever_type: str
    """Lever's field type: multiple-choice, multiple-select, dropdown, textarea."""


@dataclass(frozen=True)
class Card:
    id: str
    title: str
    template: dict[str, Any]
    """The card as Lever describes it, posted back as ``cards[{id}][baseTemplate]``."""
    fields: tuple[CardField, ...]

    @property
    def template_name(self) -> str:
        return f"cards[{self.id}][baseTemplate]"

    @property
    def template_json(self) -> str:
        return json.dumps(self.template, separators=(",", ":"))


def _card(posting: Posting, key: str, title: str, asked: list[Screening]) -> Card:
    card_id = stable_uuid("lever-card", posting.external_id, key)
    fields, described = [], []
    for index, screening in enumerate(asked):
        lever_type, kind = _CARD_TYPES[screening.kind]
        question = Question(
            f"cards[{card_id}][field{index}]",
            screening.text,
            kind,
            screening.required,
            tuple(Option(o, o) for o in screening.options),
            checkboxes=kind == "multi_select",
            section="custom",
        )
        fields.append(CardField(question, lever_type))
        entry: dict[str, Any] = {
            "type": lever_type,
            "text": screening.text,
            "description": "",
            "required": screening.required,
            "id": stable_uuid("lever-field", card_id, str(index)),
        }
        if screening.options:
            entry["options"] = [{"text": o} for o in screening.options]
        described.append(entry)
    template = {"id": card_id, "text": title, "description": "", "fields": described}
    return Card(card_id, title, template, tuple(fields))


def cards(posting: Posting) -> list[Card]:
    """The posting's question cards, ids and all, deterministic per posting."""
    by_key = {s.key: s for s in screening_questions(posting)}
    return [_card(posting, key, title, [by_key[k] for k in keys]) for key, title, keys in _CARDS]


def form_fields(posting: Posting) -> list[Question]:
    """Every field the server checks, in page order, named as posted."""
    asked = [f.question for card in cards(posting) for f in card.fields]
    return [*MAIN, *LINKS, *asked, *EEO, COMMENTS]


# --- drawing ---------------------------------------------------------------------------------

_REQUIRED_MARK: Final = '<span class="required">&#10033;</span>'
_DATA_QA: Final = {
    "name": "name-input",
    "email": "email-input",
    "phone": "phone-input",
    "location": "location-input",
    "org": "org-input",
}
_KIND_OF_TYPE: Final = {
    "multiple-choice": "radio",
    "multiple-select": "checkbox",
    "dropdown": "select",
    "textarea": "textarea",
}
"""Lever's field type → the ``data-kind`` static/fieldcheck.js reads."""


def _mark(question: Question) -> str:
    return _REQUIRED_MARK if question.required else ""


def _values(posted: Mapping[str, Sequence[str]], name: str) -> list[str]:
    return [v for v in posted.get(name, ()) if v]


def _first(posted: Mapping[str, Sequence[str]], name: str) -> str:
    values = _values(posted, name)
    return values[0] if values else ""


def _required(question: Question) -> str:
    return " required" if question.required else ""


def _question(question: Question, kind: str, inner: str, error: str | None, css: str) -> str:
    """``li.application-question`` with what the page's script reads, and the field's error."""
    classes = f"{css} application-question--error" if error else css
    message = f'<div class="error-message" role="alert">{render.text(error)}</div>' if error else ""
    return (
        f'<li class="{classes}" data-field="{render.text(question.name)}" data-kind="{kind}" '
        f'data-required="{flag(question.required)}">{inner}{message}</li>'
    )


def _resume_control(question: Question) -> str:
    accept = ",".join(f".{t}" for t in question.filetypes)
    return (
        '<a class="visible-resume-upload postings-btn template-btn-utility">'
        '<span class="filename"></span><span class="default-label">ATTACH RESUME/CV</span>'
        '<input class="application-file-input invisible-resume-upload" data-qa="input-resume" '
        f'id="resume-upload-input" name="resume" type="file" tabindex="-1" accept="{accept}"'
        f"{_required(question)}></a>"
    )


def _main_field(question: Question, posted: Mapping[str, Sequence[str]], error: str | None) -> str:
    """A contact or link field: its text and control inside one wrapping ``<label>``."""
    name = render.text(question.name)
    if question.kind == "file":
        control, kind, css = _resume_control(question), "file", "application-question resume"
    else:
        qa = _DATA_QA.get(question.name)
        extra = f' data-qa="{qa}"' if qa else ""
        if question.name == "location":
            extra += ' id="location-input" class="location-input" maxlength="100"'
        kind = "email" if question.is_email else "text"
        control = (
            f'<input type="{kind}" name="{name}"{extra} '
            f'value="{render.text(_first(posted, question.name))}"{_required(question)}>'
        )
        css = "application-question"
    inner = (
        f'<label><div class="application-label">{render.text(question.label)}'
        f'{_mark(question)}</div><div class="application-field">{control}</div></label>'
    )
    return _question(question, kind, inner, error, css)


def _choices(question: Question, posted: Mapping[str, Sequence[str]], kind: str) -> str:
    """Radios or checkboxes: ``label > input + span.application-answer-alternative``."""
    picked = set(_values(posted, question.name))
    required = _required(question) if kind == "radio" else ""
    items = "".join(
        f'<li><label><input type="{kind}" name="{render.text(question.name)}" '
        f'value="{render.text(o.value)}"{required}{" checked" if o.value in picked else ""}>'
        f'<span class="application-answer-alternative">{render.text(o.label)}</span>'
        "</label></li>"
        for o in question.options
    )
    qa = "multiple-choice" if kind == "radio" else "checkboxes"
    return f'<ul data-qa="{qa}">{items}</ul>'


def _dropdown(question: Question, posted: Mapping[str, Sequence[str]], placeholder: str) -> str:
    value = _first(posted, question.name)
    options = "".join(
        f'<option value="{render.text(o.value)}"{" selected" if o.value == value else ""}>'
        f"{render.text(o.label)}</option>"
        for o in question.options
    )
    return (
        f'<select name="{render.text(question.name)}"{_required(question)}>'
        f'<option value="">{placeholder}</option>{options}</select>'
    )


def _card_control(field: CardField, posted: Mapping[str, Sequence[str]]) -> str:
    question = field.question
    kind = _KIND_OF_TYPE[field.lever_type]
    if kind in ("radio", "checkbox"):
        return _choices(question, posted, kind)
    if kind == "select":
        dropdown = _dropdown(question, posted, "Select...")
        return f'<div class="application-dropdown">{dropdown}</div>'
    return (
        f'<textarea class="card-field-input" name="{render.text(question.name)}" '
        f'placeholder="Type your response"{_required(question)}>'
        f"{render.text(_first(posted, question.name))}</textarea>"
    )


def _unlabelled(
    question: Question, kind: str, control: str, error: str | None, *, card: str | None
) -> str:
    """A card question or an EEO select: its text in a ``div`` that labels nothing."""
    width = " full-width" if card else ""
    required = " required-field" if question.required else ""
    inner = (
        f'<div class="application-label{width}{f" {card}" if card else ""}">'
        f'<div class="text">{render.text(question.label)}{_mark(question)}</div></div>'
        f'<div class="application-field{width}{required}">{control}</div>'
    )
    css = "application-question custom-question" if card else "application-question"
    return _question(question, kind, inner, error, css)


def _card_section(card: Card, filled: Filled) -> str:
    items = "".join(
        _unlabelled(
            f.question,
            _KIND_OF_TYPE[f.lever_type],
            _card_control(f, filled.posted),
            filled.errors.get(f.question.name),
            card=f.lever_type,
        )
        for f in card.fields
    )
    return (
        '<div class="section page-centered application-form" data-qa="additional-cards">'
        f'<h4 data-qa="card-name">{render.text(card.title)}</h4>'
        f'<input type="hidden" name="{render.text(card.template_name)}" '
        f'value="{render.text(card.template_json)}"><ul>{items}</ul></div>'
    )


def _eeo_section(filled: Filled) -> str:
    items = "".join(
        _unlabelled(
            q,
            "select",
            _dropdown(q, filled.posted, "Select ..."),
            filled.errors.get(q.name),
            card=None,
        )
        for q in EEO
    )
    return (
        '<div class="section page-centered application-form" data-qa="eeo-section">'
        "<h4>U.S. Equal Employment Opportunity information "
        '<span class="eeo-note">(Completion is voluntary and will not subject you to adverse '
        "treatment)</span></h4><p>We value a diverse workforce. To help us comply with "
        "reporting requirements, you may tell us about yourself below. Your answers are "
        "optional, kept apart from your application, and have no effect on it.</p>"
        f"<ul>{items}</ul></div>"
    )


def _closing_sections(posting: Posting, filled: Filled) -> str:
    """Additional information (``comments``) and the marketing consent."""
    comments = render.text(_first(filled.posted, COMMENTS.name))
    consent = " checked" if "1" in filled.posted.get("consent[marketing]", ()) else ""
    return (
        '<div class="section page-centered application-form">'
        '<label for="additional-information"><h4>Additional information</h4></label>'
        '<div class="application-additional"><textarea id="additional-information" '
        'name="comments" placeholder="Add a cover letter or anything else you want to share.">'
        f"{comments}</textarea></div></div>"
        '<div class="section page-centered application-form" data-qa="consent-section">'
        '<ul><li class="application-question"><div class="application-field full-width"><label>'
        '<input type="hidden" name="consent[marketing]" value="0">'
        f'<input type="checkbox" name="consent[marketing]" value="1"{consent}>'
        f'<span class="application-answer-alternative">{render.text(posting.company_name)} '
        "may contact me about future job opportunities for up to 2 years.</span>"
        "</label></div></li></ul></div>"
    )


def _captcha(root: str, variant: Variant | None) -> str:
    """The invisible hCaptcha Lever always runs, or the visible widget a variant asks for."""
    visible = variants.captcha_of(variant)
    if visible is None or visible.name == "hCaptcha":
        challenge = visible is not None
        return variants.invisible_hcaptcha(root, challenge=challenge, callback=CAPTCHA_CALLBACK)
    return variants.captcha_widget(root, visible)


_CSS: Final = """<style>
.application-page ul{list-style:none;padding:0}
.application-question{margin:1rem 0}.application-label{font-weight:600}
.required{color:#e03a3a;margin-left:.25rem}
.visible-resume-upload{position:relative;display:inline-block;padding:.5rem 1rem;
border:1px solid #ccc;cursor:pointer}
.invisible-resume-upload{position:absolute;inset:0;width:100%;height:100%;opacity:0;
cursor:pointer}
.error-message,.application-error{color:#b00020;margin:.25rem 0}
.application-question--error input,.application-question--error select{border-color:#b00020}
</style>"""


def application_form(root: str, posting: Posting, variant: Variant | None, filled: Filled) -> str:
    """The apply page's block: the form, its styles and its scripts."""
    banner = ""
    if filled.refused:
        message = filled.form_error or "Please correct the errors below and try again."
        banner = (
            '<div id="form-error" class="application-error" role="alert">'
            f"{render.text(message)}</div>"
        )

    def main(questions: Sequence[Question]) -> str:
        return "".join(_main_field(q, filled.posted, filled.errors.get(q.name)) for q in questions)

    return (
        f'{_CSS}<div id="app" class="application-page">'
        '<form id="application-form" method="POST" enctype="multipart/form-data" '
        f'action="{render.text(KINDS[posting.platform].action(root, posting, variant))}">'
        f"{banner}"
        '<div class="section page-centered application-form"><h4>Submit your application</h4>'
        f"<ul>{main(MAIN)}</ul></div>"
        '<div class="section page-centered application-form"><h4>Links</h4>'
        f"<ul>{main(LINKS)}</ul></div>"
        f"{''.join(_card_section(c, filled) for c in cards(posting))}"
        f"{_eeo_section(filled)}{_closing_sections(posting, filled)}"
        f"{_captcha(root, variant)}"
        '<div class="section page-centered application-form last-section-apply">'
        '<button id="btn-submit" type="button" class="postings-btn template-btn-submit" '
        'data-qa="btn-submit">Submit application</button></div></form></div>'
        f"{inline_script('hcaptcha.js')}{inline_script('fieldcheck.js')}"
        f"{inline_script('lever.js')}"
    )


def _errors(posting: Posting, form: PostedForm) -> dict[str, str]:
    return checks.field_errors(form_fields(posting), form, lambda q: (q.name, None))


def thanks_url(root: str, posting: Posting) -> str:
    """Where Lever sends a person once the application is in."""
    return f"{job_url(root, posting)}/thanks"


def _always_hcaptcha(variant: Variant | None) -> Captcha | None:
    """Every Lever POST needs a token: the variant's widget's, else the invisible hCaptcha's."""
    return variants.captcha_of(variant) or variants.CAPTCHAS["hcaptcha"]


KINDS: Final = {
    platform: FormKind(
        platform,
        ats_apply_url,
        application_form,
        _errors,
        confirmation=thanks_url,
        captcha=_always_hcaptcha,
    )
    for platform in ("lever", "lever_eu")
}


def _kind(request: Request) -> FormKind:
    return KINDS[platform_for_path(request.url.path) or "lever"]


@pages.get("/{site}/{posting_id}/apply")
@pages.post("/{site}/{posting_id}/apply")
async def apply_page(
    site: str, posting_id: str, request: Request, catalogue: CatalogueDep
) -> Response:
    """The apply page with its form (GET), and the form's action (POST)."""
    return await flow.answer(_kind(request), request, catalogue, site, posting_id)


def _thanks(root: str, posting: Posting) -> tuple[str, str]:
    body = (
        '<div class="content-wrapper"><div class="section-wrapper page-full-width">'
        '<div class="section page-centered application-confirmation" '
        'data-qa="application-confirmation">'
        '<h3 data-qa="msg-submit-success">Application submitted!</h3>'
        f"<p>Thank you for applying to {render.text(posting.company_name)}. We have received "
        f"your application for {render.text(posting.title)} and will be in touch.</p>"
        f'<a class="postings-link" href="{render.text(flow.board_page(root, posting))}">'
        "See more open positions</a></div></div></div>"
    )
    return f"{posting.company_name} - Thanks", body


@pages.get("/{site}/{posting_id}/thanks")
def thanks(site: str, posting_id: str, request: Request, catalogue: CatalogueDep) -> Response:
    """Lever's "Application submitted!" page, where an accepted application lands."""
    return flow.landing_page(_kind(request), request, catalogue, site, posting_id, _thanks)
