"""LinkedIn Easy Apply: the signed-in job page's modal, its steps, and what it accepts.

Easy Apply needs a LinkedIn member. The sandbox's member session is the ``li_at`` cookie, as
LinkedIn's is (see `members`); `storage_state` writes the Playwright storage-state file a user
would save from their own browser. Signing in through the logged-out page's dialog (the
sandbox's published password) sets the same cookie.

Signed in, an Easy Apply posting's page (``/jobs/view/{slug}-{id}``) has the global search box
of the site's header and ``button.jobs-apply-button``, which opens ``.jobs-easy-apply-modal``
(``role=dialog``, "Apply to {company}"). Its steps are drawn in place by ``static/linkedin.js``,
only the current one in the document, as LinkedIn's single-page app does:

1. Contact info: First name, Last name, Phone country code (a select), Mobile phone number,
   Email address (a select of the member's addresses);
2. Resume: "Upload resume" (required, PDF/DOC/DOCX) and an optional cover letter;
3. Additional questions: two required Yes/No radio fieldsets (authorisation, sponsorship), a
   required whole number ("How many years of work experience do you have with {skill}?") and an
   optional "How did you hear about this job?" select;
4. Review: the answers, a "Submit application" button.

The footer's button is "Next" (``aria-label="Continue to next step"``), then "Review" ("Review
your application"), then "Submit application". A step with a missing or malformed answer stays,
each problem in an ``artdeco-inline-feedback--error`` (``role=alert``). Submitting posts every
answer (multipart, keyed by the form elements' URN-derived names, files included) to
``/jobs/view/{id}/easy-apply``; the server checks the same rules, records the application and
the modal shows "Your application was sent to {company}!". Logged out, the page is the public
one, whose "Easy Apply" opens a sign-in dialog. ``?variant=expired`` closes the posting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from fastapi import Request

from sandbox import render
from sandbox.applications import checks, members
from sandbox.applications.assets import inline_script
from sandbox.applications.intake import PostedForm
from sandbox.applications.questions import FieldKind, Option, Question
from sandbox.applications.screening import (
    HEARD_OPTIONS,
    YES_NO,
    screening_questions,
    skill_asked,
)
from sandbox.catalogue import Posting
from sandbox.links import stable_uuid

PLATFORM: Final = "linkedin"
SESSION_COOKIE: Final = "li_at"
FILETYPES: Final = ("pdf", "doc", "docx")
SELECT_PROMPT: Final = "Select an option"
WHOLE_NUMBER: Final = "Enter a whole number between 0 and 99"
MODAL: Final = "jobs-easy-apply-modal"
COUNTRY_CODES: Final = (
    "United States (+1)",
    "Canada (+1)",
    "United Kingdom (+44)",
    "Germany (+49)",
    "France (+33)",
    "Netherlands (+31)",
    "India (+91)",
    "Australia (+61)",
)


def member_of(request: Request) -> str | None:
    """The signed-in member's email (None: logged out)."""
    return members.member_of(request, SESSION_COOKIE)


def storage_state(host: str, email: str) -> dict[str, Any]:
    """A Playwright storage state holding the member's LinkedIn session for ``host``."""
    return members.storage_state(host, SESSION_COOKIE, email)


@dataclass(frozen=True)
class Element:
    """One form element of the modal: the question, and how LinkedIn draws it."""

    question: Question
    component: str
    """LinkedIn's component name, the prefix of the control's id."""
    numeric: bool = False

    @property
    def id(self) -> str:
        return f"{self.component}-{self.question.name}"


def element_name(posting: Posting, key: str) -> str:
    """The posted name of a form element ("firstName", "phone", "authorized", "years"…)."""
    number = int(stable_uuid("linkedin-element", posting.external_id, key)[:8], 16) % 10**10
    return (
        "formElement-urn-li-jobs-applyformcommon-easyApplyFormElement-"
        f"{posting.external_id}-{number}-{key}"
    )


def _element(
    posting: Posting,
    key: str,
    label: str,
    kind: FieldKind,
    component: str,
    *,
    required: bool = True,
    options: tuple[str, ...] = (),
    numeric: bool = False,
    filetypes: tuple[str, ...] = (),
) -> Element:
    question = Question(
        element_name(posting, key),
        label,
        kind,
        required,
        tuple(Option(o, o) for o in options),
        filetypes=filetypes,
    )
    return Element(question, component, numeric)


def steps(posting: Posting, email: str) -> list[tuple[str, list[Element]]]:
    """The modal's steps in order, each with its title and form elements."""
    asked = {s.key: s for s in screening_questions(posting)}
    text, select, radio = (
        "single-line-text-form-component",
        "text-entity-list-form-component",
        "radio-button-form-component",
    )
    return [
        (
            "Contact info",
            [
                _element(posting, "firstName", "First name", "text", text),
                _element(posting, "lastName", "Last name", "text", text),
                _element(
                    posting,
                    "phoneNumber-country",
                    "Phone country code",
                    "select",
                    select,
                    options=COUNTRY_CODES,
                ),
                _element(
                    posting, "phoneNumber-nationalNumber", "Mobile phone number", "text", text
                ),
                _element(posting, "email", "Email address", "select", select, options=(email,)),
            ],
        ),
        (
            "Resume",
            [
                _element(posting, "resume", "Upload resume", "file", "upload", filetypes=FILETYPES),
                _element(
                    posting,
                    "coverLetter",
                    "Upload cover letter",
                    "file",
                    "upload",
                    required=False,
                    filetypes=FILETYPES,
                ),
            ],
        ),
        (
            "Additional questions",
            [
                _element(
                    posting, "authorized", asked["authorized"].text, "select", radio, options=YES_NO
                ),
                _element(
                    posting,
                    "sponsorship",
                    asked["sponsorship"].text,
                    "select",
                    radio,
                    options=YES_NO,
                ),
                _element(
                    posting,
                    "years",
                    f"How many years of work experience do you have with {skill_asked(posting)}?",
                    "text",
                    text,
                    numeric=True,
                ),
                _element(
                    posting,
                    "heard",
                    asked["heard"].text,
                    "select",
                    select,
                    required=False,
                    options=HEARD_OPTIONS,
                ),
            ],
        ),
        ("Review your application", []),
    ]


def field_errors(posting: Posting, email: str, form: PostedForm) -> dict[str, str]:
    """Element name → message, by the rules the modal's script applies."""
    elements = [e for _, step in steps(posting, email) for e in step]
    errors = checks.field_errors([e.question for e in elements], form, lambda q: (q.name, None))
    for element in elements:
        value = form.value(element.question.name)
        if element.numeric and value and not (value.isdigit() and int(value) <= 99):
            errors[element.question.name] = WHOLE_NUMBER
    return errors


# --- drawing ---------------------------------------------------------------------------------


def _label(element: Element) -> str:
    return f'<label for="{element.id}">{render.text(element.question.label)}</label>'


def _control(element: Element) -> str:
    q = element.question
    required = ' required aria-required="true"' if q.required else ""
    if q.kind == "file":
        accept = ",".join(f".{t}" for t in q.filetypes)
        return (
            f'<div class="jobs-document-upload__container">{_label(element)}'
            f'<input id="{element.id}" name="{q.name}" type="file" accept="{accept}" '
            f'class="hidden"{required}><p class="t-12">DOC, DOCX, PDF (2 MB)</p></div>'
        )
    if element.component.startswith("radio"):
        items = "".join(
            f'<div data-test-text-selectable-option="{i}"><input type="radio" '
            f'id="{element.id}-{i}" name="{q.name}" value="{render.text(o.value)}"{required}>'
            f'<label for="{element.id}-{i}">{render.text(o.label)}</label></div>'
            for i, o in enumerate(q.options)
        )
        return (
            f'<fieldset id="{element.id}" '
            'data-test-form-builder-radio-button-form-component="true">'
            "<legend><span data-test-form-builder-radio-button-form-component__title>"
            f"{render.text(q.label)}</span></legend>{items}</fieldset>"
        )
    if q.kind == "select":
        options = "".join(
            f'<option value="{render.text(o.value)}">{render.text(o.label)}</option>'
            for o in q.options
        )
        return (
            f'{_label(element)}<select id="{element.id}" name="{q.name}"{required}>'
            f'<option value="">{SELECT_PROMPT}</option>{options}</select>'
        )
    numeric = ' data-numeric="true"' if element.numeric else ""
    return (
        f'{_label(element)}<input id="{element.id}" name="{q.name}" type="text" '
        f'class="artdeco-text-input--input"{required}{numeric}>'
    )


def _step(number: int, title: str, elements: list[Element]) -> str:
    body = "".join(
        f'<div class="jobs-easy-apply-form-section__grouping" data-field="{e.question.name}">'
        f"{_control(e)}</div>"
        for e in elements
    )
    if not elements:
        body = '<div class="jobs-easy-apply-review" data-review="true"></div>'
    return (
        f'<div class="pb4" data-step="{number}"><h3 class="t-16 t-bold">{render.text(title)}'
        f"</h3>{body}</div>"
    )


def modal(posting: Posting, email: str, action: str) -> str:
    """The Easy Apply dialog, closed: its steps, footer and script."""
    drawn = "".join(
        _step(i, title, elements) for i, (title, elements) in enumerate(steps(posting, email), 1)
    )
    company = render.text(posting.company_name)
    return (
        f'<div class="{MODAL} artdeco-modal" role="dialog" aria-labelledby="jobs-apply-header" '
        f'data-action="{render.text(action)}" hidden>'
        f'<div class="artdeco-modal__header"><h2 id="jobs-apply-header">Apply to {company}</h2>'
        '<button class="artdeco-modal__dismiss" aria-label="Dismiss">×</button></div>'
        '<div class="artdeco-modal__content"><div class="jobs-easy-apply-content">'
        '<progress class="artdeco-completeness-meter-linear__progress-element" max="100" '
        'value="0"></progress>'
        f"<form novalidate>{drawn}</form></div></div>"
        '<footer class="jobs-easy-apply-footer"><div class="display-flex justify-flex-end">'
        '<button type="button" class="artdeco-button--secondary" '
        'aria-label="Back to previous step" hidden>Back</button>'
        '<button type="button" class="artdeco-button--primary" '
        'aria-label="Continue to next step"><span class="artdeco-button__text">Next</span>'
        "</button></div></footer></div>"
        f"{inline_script('linkedin.js')}"
    )


def sign_in_dialog(action: str) -> str:
    """What the logged-out page's "Easy Apply" opens (drawn by the page's script)."""
    return (
        '<template id="sign-in-modal"><div class="contextual-sign-in-modal" role="dialog">'
        "<h2>Sign in to apply</h2>"
        f'<form class="sign-in-form" method="post" action="{render.text(action)}">'
        '<label for="session_key">Email or phone</label>'
        '<input id="session_key" name="session_key" type="text" autocomplete="username">'
        '<label for="session_password">Password</label>'
        '<input id="session_password" name="session_password" type="password" '
        'autocomplete="current-password">'
        '<button type="submit" class="sign-in-form__submit-btn">Sign in</button></form></div>'
        "</template><script>document.querySelector('.sign-up-modal__outlet')"
        ".addEventListener('click', () => document.body.appendChild("
        "document.getElementById('sign-in-modal').content.cloneNode(true)));</script>"
    )


SEARCH_BAR: Final = (
    '<header class="global-nav"><input class="search-global-typeahead__input" '
    'placeholder="Search" aria-label="Search" name="keywords"></header>'
)


def confirmation_html(posting: Posting) -> str:
    """What the modal shows once the application is recorded."""
    return (
        '<div class="jobs-easy-apply-content" data-test-post-apply="true"><h3>Application sent'
        f"</h3><p>Your application was sent to {render.text(posting.company_name)}!</p></div>"
    )
