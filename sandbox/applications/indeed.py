"""Indeed Apply: the apply flow an Easy Apply job's "Apply now" opens, step by step.

The job page's ``#indeedApplyButton`` leads to ``/smartapply/form/contact-info?jk={id}`` (on
the real site, ``smartapply.indeed.com/beta/indeedapply/form/…``). It needs an Indeed member:
the ``PPID`` cookie (see `members`). Logged out, the flow sends the visitor to a sign-in page
(email and password; the sandbox's published password signs anyone in).

Signed in, the flow is four pages, each a server-rendered form whose "Continue" button
(``button.ia-continueButton``) posts it; the server checks the step (400 and the page again with
its errors, ``role=alert`` under each field), saves it into the member's draft for the job and
redirects to the next:

1. contact-info, "Add your contact information": ``firstName``, ``lastName``, ``phoneNumber``
   (all required) and ``location.city`` ("City, state", optional); the email is the account's;
2. resume, "Add a resume for the employer": ``resume`` (required, PDF/DOC/DOCX);
3. questions, "Answer these questions from the employer": the employer's screener questions,
   each ``q_{id}`` (required Yes/No radios for authorisation and sponsorship, a required years
   of experience number, an optional "How did you hear" select, an optional textarea);
4. review, "Please review your application": the answers and "Submit your application", which
   records the draft as one submission and lands on ``post-apply``: "Your application has been
   submitted!".

A page asked for before the earlier steps are saved redirects to the first one missing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from sandbox import render
from sandbox.applications import checks, members
from sandbox.applications.accounts import Draft
from sandbox.applications.intake import PostedForm, read_form
from sandbox.applications.questions import FieldKind, Option, Question
from sandbox.applications.screening import (
    HEARD_OPTIONS,
    YES_NO,
    screening_questions,
    skill_asked,
)
from sandbox.catalogue import Posting
from sandbox.links import stable_uuid
from sandbox.sources import API_PREFIXES
from sandbox.state import CatalogueDep, state_of
from sandbox.text import slugify

PLATFORM: Final = "indeed"
SESSION_COOKIE: Final = "PPID"
FILETYPES: Final = ("pdf", "doc", "docx")
WHOLE_NUMBER: Final = "Enter a whole number"
REQUIRED: Final = "Answer this question to continue"

pages = APIRouter()


@dataclass(frozen=True)
class Step:
    path: str
    title: str
    questions: tuple[Question, ...]


def member_of(request: Request) -> str | None:
    return members.member_of(request, SESSION_COOKIE)


def question_name(posting: Posting, key: str) -> str:
    """A screener question's posted name ("authorized", "sponsorship", "years", "heard", "why")."""
    return "q_" + stable_uuid("indeed-question", posting.external_id, key)[:12]


def _q(
    name: str,
    label: str,
    kind: FieldKind,
    required: bool,
    options: tuple[str, ...] = (),
    filetypes: tuple[str, ...] = (),
) -> Question:
    return Question(
        name, label, kind, required, tuple(Option(o, o) for o in options), filetypes=filetypes
    )


def steps(posting: Posting) -> tuple[Step, ...]:
    asked = {s.key: s for s in screening_questions(posting)}

    def name(key: str) -> str:
        return question_name(posting, key)

    return (
        Step(
            "contact-info",
            "Add your contact information",
            (
                _q("firstName", "First name", "text", True),
                _q("lastName", "Last name", "text", True),
                _q("phoneNumber", "Phone number", "text", True),
                _q("location.city", "City, state", "text", False),
            ),
        ),
        Step(
            "resume",
            "Add a resume for the employer",
            (_q("resume", "Upload a resume", "file", True, filetypes=FILETYPES),),
        ),
        Step(
            "questions",
            "Answer these questions from the employer",
            (
                _q(name("authorized"), asked["authorized"].text, "select", True, YES_NO),
                _q(name("sponsorship"), asked["sponsorship"].text, "select", True, YES_NO),
                _q(
                    name("years"),
                    f"How many years of {skill_asked(posting)} experience do you have?",
                    "text",
                    True,
                ),
                _q(name("heard"), asked["heard"].text, "select", False, HEARD_OPTIONS),
                _q(name("why"), asked["why"].text, "textarea", False),
            ),
        ),
        Step("review", "Please review your application", ()),
    )


def _errors(posting: Posting, step: Step, draft_form: PostedForm) -> dict[str, str]:
    errors = {
        name: REQUIRED if message == checks.REQUIRED else message
        for name, message in checks.field_errors(
            step.questions, draft_form, lambda q: (q.name, None)
        ).items()
    }
    years = question_name(posting, "years")
    value = draft_form.value(years)
    if step.path == "questions" and value and not value.isdigit():
        errors[years] = WHOLE_NUMBER
    return errors


def flow_url(root: str, page: str, posting: Posting) -> str:
    return f"{root}{API_PREFIXES[PLATFORM]}/smartapply/form/{page}?jk={posting.external_id}"


def apply_url(root: str, posting: Posting) -> str:
    """Where "Apply now" leads: the flow's first page."""
    return flow_url(root, "contact-info", posting)


# --- drawing ---------------------------------------------------------------------------------


def _first(values: Mapping[str, Sequence[str]], name: str) -> str:
    found = [v for v in values.get(name, ()) if v]
    return found[0] if found else ""


def _field(question: Question, values: Mapping[str, Sequence[str]], error: str | None) -> str:
    ident = "input-" + "".join(c if c.isalnum() else "-" for c in question.name)
    invalid = ' aria-invalid="true"' if error else ""
    required = " required" if question.required else ""
    optional = "" if question.required else " (optional)"
    label = f'<label for="{ident}">{render.text(question.label)}{optional}</label>'
    value = render.text(_first(values, question.name))
    if question.kind == "file":
        accept = ",".join(f".{t}" for t in question.filetypes)
        control = (
            f'{label}<input id="{ident}" name="{question.name}" type="file" accept="{accept}"'
            f"{required}{invalid}>"
        )
    elif question.kind == "select" and tuple(o.label for o in question.options) == YES_NO:
        items = "".join(
            f'<label class="ia-Radio"><input type="radio" name="{question.name}" '
            f'value="{o.value}"{" checked" if o.value == value else ""}{required}>'
            f"<span>{o.label}</span></label>"
            for o in question.options
        )
        control = (
            f'<fieldset id="{ident}"{invalid}><legend>{render.text(question.label)}</legend>'
            f"{items}</fieldset>"
        )
    elif question.kind == "select":
        options = "".join(
            f'<option value="{render.text(o.value)}"{" selected" if o.value == value else ""}>'
            f"{render.text(o.label)}</option>"
            for o in question.options
        )
        control = (
            f'{label}<select id="{ident}" name="{question.name}"{required}{invalid}>'
            f'<option value="">Select an option</option>{options}</select>'
        )
    elif question.kind == "textarea":
        control = (
            f'{label}<textarea id="{ident}" name="{question.name}"{required}{invalid}>'
            f"{value}</textarea>"
        )
    else:
        control = (
            f'{label}<input id="{ident}" name="{question.name}" type="text" value="{value}"'
            f"{required}{invalid}>"
        )
    message = f'<div class="ia-FieldError" role="alert">{render.text(error)}</div>' if error else ""
    return f'<div class="ia-Questions-item">{control}{message}</div>'


def _review(posting: Posting, draft: Draft) -> str:
    def answer(q: Question) -> str:
        upload = draft.files.get(q.name)
        return upload.filename if upload else ", ".join(draft.values.get(q.name, [])) or "-"

    rows = "".join(
        f"<dt>{render.text(q.label)}</dt><dd>{render.text(answer(q))}</dd>"
        for step in steps(posting)
        for q in step.questions
    )
    return f'<dl class="ia-Review">{rows}</dl>'


def _page(
    request: Request,
    posting: Posting,
    step: Step,
    member: str,
    draft: Draft,
    values: Mapping[str, Sequence[str]] | None = None,
    errors: Mapping[str, str] | None = None,
    status: int = 200,
) -> Response:
    shown = draft.values if values is None else values
    fields = "".join(_field(q, shown, (errors or {}).get(q.name)) for q in step.questions)
    if step.path == "review":
        fields = _review(posting, draft)
    button = "Submit your application" if step.path == "review" else "Continue"
    action = render.text(flow_url(render.root_url(request), step.path, posting))
    body = (
        '<div class="ia-BasePage"><header class="ia-BasePage-header">'
        f"<span>{render.text(posting.title)} · {render.text(posting.company_name)}</span>"
        f'<span class="ia-Account">{render.text(member)}</span></header>'
        f'<h1 class="ia-BasePage-heading">{render.text(step.title)}</h1>'
        f'<form method="post" action="{action}" enctype="multipart/form-data" novalidate>'
        f'{fields}<button type="submit" class="ia-continueButton">{button}</button></form></div>'
    )
    return render.html_response(render.document(f"{step.title} | Indeed", body), status)


def _sign_in_page(request: Request, posting: Posting, failed: bool = False) -> Response:
    action = render.text(
        f"{render.root_url(request)}{API_PREFIXES[PLATFORM]}/account/login?jk={posting.external_id}"
    )
    alert = '<div role="alert">Wrong email or password</div>' if failed else ""
    body = (
        '<main class="auth-page"><h1>Ready to take the next step?</h1>'
        "<p>Create an account or sign in.</p>"
        f'<form method="post" action="{action}">{alert}'
        '<label for="ifl-InputFormField-3">Email address</label>'
        '<input id="ifl-InputFormField-3" name="__email" type="email" autocomplete="email">'
        '<label for="ifl-InputFormField-7">Password</label>'
        '<input id="ifl-InputFormField-7" name="__password" type="password">'
        '<button type="submit">Sign in</button></form></main>'
    )
    page = render.document("Sign In | Indeed Accounts", body)
    return render.html_response(page, 401 if failed else 200)


def _opened(
    request: Request, catalogue: CatalogueDep, jk: str
) -> tuple[Posting, str, Draft] | Response:
    posting = catalogue.posting(PLATFORM, jk)
    if posting is None or not posting.easy_apply:
        return render.not_found_page("Job")
    member = member_of(request)
    if member is None:
        return RedirectResponse(
            f"{render.root_url(request)}{API_PREFIXES[PLATFORM]}/account/login?jk={jk}",
            status_code=303,
        )
    return posting, member, state_of(request).accounts.draft(f"indeed:{member}", jk)


@pages.get("/smartapply/form/{page}")
@pages.post("/smartapply/form/{page}")
async def apply_page(page: str, jk: str, request: Request, catalogue: CatalogueDep) -> Response:
    """One page of the flow (GET), and its "Continue" (POST)."""
    opened = _opened(request, catalogue, jk)
    if isinstance(opened, Response):
        return opened
    posting, member, draft = opened
    if page == "post-apply":
        return _post_apply(posting)
    flow = steps(posting)
    at = next((i for i, s in enumerate(flow) if s.path == page), None)
    if at is None:
        return render.not_found_page("Page")
    root = render.root_url(request)
    if at > draft.step:
        return RedirectResponse(flow_url(root, flow[draft.step].path, posting), status_code=303)
    step = flow[at]
    if request.method != "POST":
        return _page(request, posting, step, member, draft)
    if step.path == "review":
        return _submit(request, posting, member, draft)
    form = await read_form(request)
    errors = _errors(posting, step, form)
    if errors:
        return _page(request, posting, step, member, draft, form.fields, errors, 400)
    draft.save([q.name for q in step.questions], form.fields, form.files)
    draft.step = max(draft.step, at + 1)
    return RedirectResponse(flow_url(root, flow[at + 1].path, posting), status_code=303)


def _submit(request: Request, posting: Posting, member: str, draft: Draft) -> Response:
    state = state_of(request)
    state.submissions.record(
        platform=PLATFORM,
        board=slugify(posting.company_name),
        external_id=posting.external_id,
        path=request.url.path,
        variant=None,
        fields={"email": [member], **draft.values},
        files=list(draft.files.values()),
    )
    state.accounts.forget_draft(f"indeed:{member}", posting.external_id)
    done = flow_url(render.root_url(request), "post-apply", posting)
    return RedirectResponse(done, status_code=303)


def _post_apply(posting: Posting) -> Response:
    body = (
        '<div class="ia-BasePage ia-PostApply"><h1 class="ia-BasePage-heading">'
        "Your application has been submitted!</h1>"
        f"<p>{render.text(posting.company_name)} will contact you if they would like to move "
        "forward.</p></div>"
    )
    return render.html_response(render.document("Application submitted | Indeed", body))


@pages.get("/account/login")
@pages.post("/account/login")
async def sign_in(jk: str, request: Request, catalogue: CatalogueDep) -> Response:
    """Indeed's sign-in: the sandbox's password signs any email in and sets ``PPID``."""
    posting = catalogue.posting(PLATFORM, jk)
    if posting is None:
        return render.not_found_page("Job")
    if request.method != "POST":
        return _sign_in_page(request, posting)
    form = await read_form(request)
    email = form.value("__email")
    if not members.signs_in(email, form.value("__password")):
        return _sign_in_page(request, posting, failed=True)
    return members.signed_in(apply_url(render.root_url(request), posting), SESSION_COOKIE, email)
