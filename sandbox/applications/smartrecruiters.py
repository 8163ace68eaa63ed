"""SmartRecruiters' one-click apply page and what it accepts.

The posting's ``applyUrl`` (``jobs.smartrecruiters.com/oneclick-ui/company/{company}/
publication/{uuid}?dcr_ci={company}``; the posting page ``/{company}/{id}-{slug}`` links to
it) is one form. Its controls carry SmartRecruiters' ``data-test`` hooks and are named as its
public form fields: "Personal information" (``firstName``, ``lastName``, ``email``, the same
address again in ``emailConfirmation``, ``location``, ``phoneNumber``), the ``resume`` upload,
"Your profiles" (``linkedin``, ``website``), the "Message to the Hiring Team"
(``hiringManagerMessage``), the screening questions (each ``questions[{id}]``, an id per
posting: two required Yes/No radio groups, a dropdown, a textarea, a checkbox group), the
voluntary EEO selects (``eeo[gender]``, ``eeo[race]``, ``eeo[veteran]``, ``eeo[disability]``)
and the required privacy consent (``consent``, posted "true"). The live page builds these from
web components, some companies' pages put the questions on a second screen behind
``footer-next``; the replica keeps one page of plain controls, which is what a filler meets
once those are rendered.

``footer-submit`` posts the form (multipart, to the page's own URL). Refused, the page comes
back (400) with the errors under the fields and the values kept, files excepted; the server
also refuses two different email addresses. Accepted, the application is recorded and the
browser redirected (303) to ``…/confirmation``: "Thank you for applying!". See `flow` for the
shared steps and `variants` for ``?variant=``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sandbox import render
from sandbox.applications import checks, flow, variants
from sandbox.applications.flow import Filled, FormKind
from sandbox.applications.intake import PostedForm
from sandbox.applications.questions import FieldKind, Option, Question
from sandbox.applications.screening import YES_NO, screening_questions
from sandbox.applications.variants import Variant
from sandbox.catalogue import Catalogue, Posting
from sandbox.links import stable_uuid
from sandbox.sources import PAGE_PREFIXES
from sandbox.state import CatalogueDep

PLATFORM: Final = "smartrecruiters"
FILETYPES: Final = ("pdf", "doc", "docx", "odt", "rtf", "txt")
DECLINE: Final = "I don't wish to answer"
EMAILS_DIFFER: Final = "Email addresses do not match"
CONSENT: Final = (
    "I have read the Privacy Policy and agree to the processing of my personal data for this "
    "application."
)

pages = APIRouter()


def _text(name: str, label: str, *, required: bool = False, email: bool = False) -> Question:
    return Question(name, label, "text", required, is_email=email)


PERSONAL: Final = (
    _text("firstName", "First name", required=True),
    _text("lastName", "Last name", required=True),
    _text("email", "Email", required=True, email=True),
    _text("emailConfirmation", "Confirm your email", required=True, email=True),
    _text("location", "Location"),
    _text("phoneNumber", "Phone number", required=True),
)
RESUME: Final = Question("resume", "Resume", "file", True, filetypes=FILETYPES)
PROFILES: Final = (_text("linkedin", "LinkedIn profile"), _text("website", "Website"))
MESSAGE: Final = Question("hiringManagerMessage", "Message to the Hiring Team", "textarea", False)
EEO: Final = tuple(
    Question(name, label, "select", False, tuple(Option(o, o) for o in options), section="eeo")
    for name, label, options in (
        ("eeo[gender]", "Gender", ("Female", "Male", DECLINE)),
        (
            "eeo[race]",
            "Race/Ethnicity",
            (
                "American Indian or Alaska Native",
                "Asian",
                "Black or African American",
                "Hispanic or Latino",
                "Native Hawaiian or Other Pacific Islander",
                "White",
                "Two or more races",
                DECLINE,
            ),
        ),
        (
            "eeo[veteran]",
            "Veteran status",
            ("I am a protected veteran", "I am not a protected veteran", DECLINE),
        ),
        (
            "eeo[disability]",
            "Disability status",
            (
                "Yes, I have a disability (or previously had a disability)",
                "No, I do not have a disability",
                DECLINE,
            ),
        ),
    )
)
CONSENT_FIELD: Final = Question("consent", CONSENT, "select", True, (Option(CONSENT, "true"),))
_DATA_TEST: Final = {
    "firstName": "personal-info-first-name-input",
    "lastName": "personal-info-last-name-input",
    "email": "personal-info-email-input",
    "emailConfirmation": "personal-info-email-confirm-input",
    "location": "personal-info-location",
    "phoneNumber": "personal-info-phone-input",
    "resume": "resume-upload-input",
    "linkedin": "web-profiles-linkedin",
    "website": "web-profiles-website",
    "hiringManagerMessage": "hiring-manager-message-text",
    "consent": "consent-box",
}
_SCREENING_KINDS: Final[dict[str, FieldKind]] = {
    "yes_no": "select",
    "choice": "select",
    "long_text": "textarea",
    "multi_choice": "multi_select",
}


def question_name(posting: Posting, key: str) -> str:
    """A screening question's posted name ("authorized", "sponsorship", "heard", "why"…)."""
    return f"questions[{stable_uuid('smartrecruiters-question', posting.external_id, key)}]"


def screening(posting: Posting) -> list[Question]:
    return [
        Question(
            question_name(posting, s.key),
            s.text,
            _SCREENING_KINDS[s.kind],
            s.required,
            tuple(Option(o, o) for o in s.options),
            checkboxes=s.kind == "multi_choice",
            section="custom",
        )
        for s in screening_questions(posting)
    ]


def form_fields(posting: Posting) -> list[Question]:
    """Every field the server checks, in page order, named as posted."""
    return [*PERSONAL, RESUME, *PROFILES, MESSAGE, *screening(posting), *EEO, CONSENT_FIELD]


def publication_url(root: str, posting: Posting) -> str:
    """The one-click apply page of ``posting`` without its query."""
    publication = stable_uuid("smartrecruiters", posting.external_id)
    board = posting.board or ""
    return f"{root}{PAGE_PREFIXES[PLATFORM]}/oneclick-ui/company/{board}/publication/{publication}"


# --- drawing ---------------------------------------------------------------------------------

_MARK: Final = '<span class="sr-required" aria-hidden="true">*</span>'


def _first(posted: Mapping[str, Sequence[str]], name: str) -> str:
    values = [v for v in posted.get(name, ()) if v]
    return values[0] if values else ""


def _id(question: Question) -> str:
    return "sr-" + "".join(c if c.isalnum() else "-" for c in question.name).strip("-")


def _wrap(question: Question, inner: str, error: str | None) -> str:
    message = (
        f'<p class="error-message" id="{_id(question)}-error" role="alert">{render.text(error)}</p>'
        if error
        else ""
    )
    test = _DATA_TEST.get(question.name)
    hook = f' data-test="{test}"' if test else ""
    return f'<div class="sr-field"{hook}>{inner}{message}</div>'


def _aria(question: Question, error: str | None) -> str:
    invalid = ' aria-invalid="true"' if error else ""
    return f' aria-required="{"true" if question.required else "false"}"{invalid}'


def _label(question: Question) -> str:
    mark = _MARK if question.required else ""
    return f'<label for="{_id(question)}">{render.text(question.label)}{mark}</label>'


def _input(question: Question, posted: Mapping[str, Sequence[str]], error: str | None) -> str:
    name, value = render.text(question.name), render.text(_first(posted, question.name))
    kind = "email" if question.is_email else "tel" if question.name == "phoneNumber" else "text"
    if question.kind == "textarea":
        control = (
            f'<textarea id="{_id(question)}" name="{name}" rows="5"{_aria(question, error)} '
            'placeholder="Let the company know about your interest working there">'
            f"{value}</textarea>"
        )
    else:
        control = (
            f'<input id="{_id(question)}" name="{name}" type="{kind}" value="{value}"'
            f"{_aria(question, error)}>"
        )
    return _wrap(question, _label(question) + control, error)


def _resume(question: Question, error: str | None) -> str:
    accept = ",".join(f".{t}" for t in question.filetypes)
    control = (
        '<div class="sr-upload"><span class="sr-upload-hint">Choose a file or drop it here'
        "</span>"
        f'<input id="{_id(question)}" name="resume" type="file" accept="{accept}"'
        f"{_aria(question, error)}></div>"
    )
    return _wrap(question, _label(question) + control, error)


def _choices(question: Question, posted: Mapping[str, Sequence[str]], error: str | None) -> str:
    """Radios (a yes/no question) or checkboxes, each with its own ``<label for>``."""
    kind = "checkbox" if question.kind == "multi_select" else "radio"
    picked = set(posted.get(question.name, ()))
    mark = _MARK if question.required else ""
    base = _id(question)
    items = "".join(
        f'<span class="sr-option"><input type="{kind}" id="{base}-{i}" '
        f'name="{render.text(question.name)}" value="{render.text(o.value)}"'
        f"{' checked' if o.value in picked else ''}>"
        f'<label for="{base}-{i}">{render.text(o.label)}</label></span>'
        for i, o in enumerate(question.options)
    )
    inner = (
        f'<fieldset id="{base}"{_aria(question, error)}><legend>{render.text(question.label)}'
        f"{mark}</legend>{items}</fieldset>"
    )
    return _wrap(question, inner, error)


def _select(question: Question, posted: Mapping[str, Sequence[str]], error: str | None) -> str:
    value = _first(posted, question.name)
    options = "".join(
        f'<option value="{render.text(o.value)}"{" selected" if o.value == value else ""}>'
        f"{render.text(o.label)}</option>"
        for o in question.options
    )
    control = (
        f'<select id="{_id(question)}" name="{render.text(question.name)}"'
        f'{_aria(question, error)}><option value="">Select an option</option>{options}</select>'
    )
    return _wrap(question, _label(question) + control, error)


def _consent(posted: Mapping[str, Sequence[str]], error: str | None) -> str:
    question = CONSENT_FIELD
    checked = " checked" if "true" in posted.get("consent", ()) else ""
    control = (
        f'<input id="{_id(question)}" name="consent" type="checkbox" value="true"{checked}'
        f'{_aria(question, error)}><label for="{_id(question)}">{render.text(CONSENT)}'
        f"{_MARK}</label>"
    )
    return _wrap(question, control, error)


def _field(question: Question, filled: Filled) -> str:
    error = filled.errors.get(question.name)
    if question is CONSENT_FIELD:
        return _consent(filled.posted, error)
    if question.kind == "file":
        return _resume(question, error)
    if question.kind == "multi_select" or tuple(o.label for o in question.options) == YES_NO:
        return _choices(question, filled.posted, error)
    if question.kind == "select":
        return _select(question, filled.posted, error)
    return _input(question, filled.posted, error)


def _section(title: str, questions: Sequence[Question], filled: Filled, test: str) -> str:
    return (
        f'<section class="sr-section" data-test="{test}"><h3>{render.text(title)}</h3>'
        f"{''.join(_field(q, filled) for q in questions)}</section>"
    )


_CSS: Final = """<style>
.sr-form{max-width:720px;margin:2rem auto;font-family:sans-serif}
.sr-field{margin:1rem 0}.sr-field label{display:block;font-weight:600}
.sr-option label{display:inline;font-weight:400;margin-right:1rem}
.sr-required{color:#c00;margin-left:.2rem}.error-message{color:#b00020;margin:.25rem 0}
</style>"""


def application_form(root: str, posting: Posting, variant: Variant | None, filled: Filled) -> str:
    """The one-click apply block: the form, its sections and the footer."""
    banner = ""
    if filled.refused:
        message = filled.form_error or "Please review the highlighted fields."
        banner = (
            f'<div id="form-error" class="error-message" role="alert">{render.text(message)}</div>'
        )
    captcha = variants.captcha_of(variant)
    widget = variants.captcha_widget(root, captcha) if captcha else ""
    action = render.text(ONE_CLICK.action(root, posting, variant))
    return (
        f'{_CSS}<div id="app" class="sr-form"><h2>Apply to {render.text(posting.company_name)}'
        "</h2>"
        f'<form id="application-form" data-test="application-form" method="post" '
        f'action="{action}" enctype="multipart/form-data" novalidate>{banner}'
        f"{_section('Personal information', PERSONAL, filled, 'personal-info')}"
        f"{_section('Resume', (RESUME,), filled, 'resume')}"
        f"{_section('Your profiles', PROFILES, filled, 'web-profiles')}"
        f"{_section('Message to the Hiring Team', (MESSAGE,), filled, 'hiring-manager')}"
        f"{_section('Preliminary questions', screening(posting), filled, 'questions')}"
        f"{_section('Voluntary self-identification', EEO, filled, 'eeo')}"
        f"{_field(CONSENT_FIELD, filled)}{widget}"
        '<footer class="sr-footer"><button type="submit" data-test="footer-submit" '
        'class="button button--primary">Submit</button></footer></form></div>'
    )


def _errors(posting: Posting, form: PostedForm) -> dict[str, str]:
    errors = checks.field_errors(form_fields(posting), form, lambda q: (q.name, None))
    first, second = form.value("email").lower(), form.value("emailConfirmation").lower()
    if first and second and first != second and "emailConfirmation" not in errors:
        errors["emailConfirmation"] = EMAILS_DIFFER
    return errors


ONE_CLICK: Final = FormKind(
    PLATFORM, publication_url, application_form, _errors, phone_field=lambda _: "phoneNumber"
)


def _posting(catalogue: Catalogue, company: str, publication: str) -> Posting | None:
    return next(
        (
            p
            for p in catalogue.postings(PLATFORM, company)
            if stable_uuid(PLATFORM, p.external_id) == publication
        ),
        None,
    )


@pages.get("/oneclick-ui/company/{company}/publication/{publication}")
@pages.post("/oneclick-ui/company/{company}/publication/{publication}")
async def apply_page(
    company: str, publication: str, request: Request, catalogue: CatalogueDep
) -> Response:
    """The one-click apply page (GET), and the form's action (POST)."""
    posting = _posting(catalogue, company, publication)
    if posting is None:
        return render.not_found_page("Publication")
    return await flow.answer(ONE_CLICK, request, catalogue, company, posting.external_id)


def _thanks(root: str, posting: Posting) -> tuple[str, str]:
    body = (
        '<main class="sr-form" data-test="application-confirmation">'
        "<h1>Thank you for applying!</h1>"
        f"<p>Your application for {render.text(posting.title)} has been successfully "
        f"submitted to {render.text(posting.company_name)}.</p>"
        f'<a href="{render.text(flow.board_page(root, posting))}">See other jobs</a></main>'
    )
    return f"{posting.company_name} - Application submitted", body


@pages.get("/oneclick-ui/company/{company}/publication/{publication}/confirmation")
def confirmation(
    company: str, publication: str, request: Request, catalogue: CatalogueDep
) -> Response:
    posting = _posting(catalogue, company, publication)
    if posting is None:
        return render.not_found_page("Publication")
    return flow.landing_page(ONE_CLICK, request, catalogue, company, posting.external_id, _thanks)
