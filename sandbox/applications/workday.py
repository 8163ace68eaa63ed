"""Workday's application flow, behind its candidate account, and what it records.

A posting's apply page (``…/{site}/job/{location}/{title}_{id}/apply``, the adapter's
``apply_url``) is the tenant's account wall until the browser has a session: "Sign In"
(``email``, ``password``, ``signInSubmitButton``, an ``errorMessage`` alert when refused) with
"Create Account" beside it. Any email signs in with `accounts.SANDBOX_PASSWORD`, or with the
password of an account created here. Signed in, the application runs at ``…/apply/applyManually``
in Workday's steps (`workday_steps`): each page shows the progress bar
(``progressBarActiveStep``), the step's fields keyed by ``data-automation-id`` (dropdowns are
``button[aria-haspopup=listbox]`` whose options exist only while open), and the footer's
``bottom-navigation-next-button``, "Save and Continue". The page's script (``static/workday.js``)
posts the step with fetch; the server checks it and keeps it in the session's draft, or answers
the errors, which the script shows under their fields. The Review step's same button says
"Submit": the server then records the whole draft (every step's answers and the resume's
SHA-256) as one submission, and the browser lands on ``…/apply/confirmation``.

Variants (``?variant=``, carried from page to page): ``captcha``/``recaptcha``/``turnstile``
put the widget on the sign-in form, which is refused without its token; ``login`` refuses every
sign-in; ``validation`` refuses the first save of My Information (the phone number) since the
last reset; ``expired`` answers 404 everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from sandbox import render
from sandbox.applications import variants
from sandbox.applications.accounts import Draft, Session
from sandbox.applications.assets import inline_script
from sandbox.applications.checks import EMAIL
from sandbox.applications.intake import PostedForm, read_form
from sandbox.applications.variants import Variant
from sandbox.applications.widgets import flag
from sandbox.applications.workday_steps import Field, Step, step_errors, steps
from sandbox.catalogue import Catalogue, Posting
from sandbox.links import WORKDAY_SITE, job_url, with_query, workday_external_path
from sandbox.sources import PAGE_PREFIXES
from sandbox.state import CatalogueDep, state_of

PLATFORM: Final = "workday"
BAD_PASSWORD: Final = "Password must have at least 8 characters."
PASSWORDS_DIFFER: Final = "Passwords do not match."
ACCOUNT_EXISTS: Final = "An account with this email address already exists."
STALE_PAGE: Final = "This page is out of date; it has been reloaded."

pages = APIRouter()


def _cookie(tenant: str) -> str:
    return f"wday-{tenant}"


def _cookie_path(tenant: str) -> str:
    return f"{PAGE_PREFIXES[PLATFORM]}/{tenant}"


def _find(catalogue: Catalogue, tenant: str, site: str, path: str) -> Posting | None:
    company = catalogue.company(tenant)
    if company is None or company.ats != PLATFORM or site != WORKDAY_SITE:
        return None
    wanted = f"/job/{path}"
    return next(
        (p for p in catalogue.postings(PLATFORM, tenant) if workday_external_path(p) == wanted),
        None,
    )


def apply_url(root: str, posting: Posting) -> str:
    return f"{job_url(root, posting)}/apply"


class _Opened:
    """A request's posting, variant and session, once the variant allowed it through."""

    def __init__(
        self, posting: Posting, variant: Variant | None, session: Session | None, token: str
    ) -> None:
        self.posting = posting
        self.variant = variant
        self.session = session
        self.token = token

    def url(self, root: str, tail: str = "") -> str:
        url = apply_url(root, self.posting) + tail
        return with_query(url, variant=self.variant) if self.variant else url


def _open(
    request: Request, catalogue: Catalogue, tenant: str, site: str, path: str
) -> _Opened | Response:
    posting = _find(catalogue, tenant, site, path)
    if posting is None:
        return render.not_found_page("Job")
    variant = variants.requested(request)
    if isinstance(variant, Response):
        return variant
    if variant == "expired":
        board = f"{render.root_url(request)}{_cookie_path(tenant)}/{WORKDAY_SITE}"
        return variants.expired_page(board)
    token = request.cookies.get(_cookie(tenant)) or ""
    session = state_of(request).accounts.session(token, tenant)
    return _Opened(posting, variant, session, token)


def _signed_in(response: Response, tenant: str, token: str) -> Response:
    response.set_cookie(
        _cookie(tenant), token, path=_cookie_path(tenant), httponly=True, samesite="lax"
    )
    return response


# --- the account wall ------------------------------------------------------------------------

_CSS: Final = """<style>
.wd{max-width:760px;margin:2rem auto;font-family:sans-serif}
.wd-field{margin:1rem 0}.wd-field>label,.wd-field legend{display:block;font-weight:600}
.wd-required{color:#c00;text-decoration:none;margin-left:.2rem}
.wd-error{color:#b00020;margin:.25rem 0}
[data-automation-id=progressBar]{display:flex;gap:1rem;list-style:none;padding:0}
[data-automation-id=progressBarActiveStep]{font-weight:700}
button[aria-haspopup=listbox]{min-width:16rem;text-align:left}
[role=listbox]{list-style:none;margin:0;padding:0;border:1px solid #999;background:#fff;
position:absolute;z-index:10;min-width:16rem}
[role=option]{padding:.3rem .6rem;cursor:pointer}[role=option]:hover{background:#e8eefc}
.wd-dropdown{position:relative}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(1px,1px,1px,1px)}
</style>"""
_MARK: Final = '<abbr class="wd-required" title="required">*</abbr>'


def _page(title: str, posting: Posting, body: str, data: Mapping[str, object]) -> str:
    header = (
        f'<header><h2 data-automation-id="jobPostingHeader">{render.text(posting.title)}</h2>'
        f"<p>{render.text(posting.company_name)}</p></header>"
    )
    script = (
        f'<script id="wd-page" type="application/json">{render.script_json(data)}</script>'
        f"{inline_script('workday.js')}"
    )
    return render.document(title, f'<div class="wd">{header}{body}</div>{script}', head=_CSS)


def _sign_in_page(root: str, opened: _Opened) -> Response:
    captcha = variants.captcha_of(opened.variant)
    widget = variants.captcha_widget(root, captcha) if captcha else ""
    body = (
        '<div data-automation-id="signInContent">'
        '<h2 data-automation-id="signInHeader">Sign In</h2>'
        '<div class="wd-field"><label for="input-1">Email Address' + _MARK + "</label>"
        '<input type="email" id="input-1" data-automation-id="email" autocomplete="username" '
        'aria-required="true"></div>'
        '<div class="wd-field"><label for="input-2">Password' + _MARK + "</label>"
        '<input type="password" id="input-2" data-automation-id="password" '
        'autocomplete="current-password" aria-required="true"></div>'
        f"{widget}"
        '<button type="button" data-automation-id="signInSubmitButton">Sign In</button>'
        '<p><button type="button" data-automation-id="forgotPasswordLink">Forgot your password?'
        "</button></p>"
        "<p>Don't have an account yet? "
        '<button type="button" data-automation-id="createAccountLink">Create Account</button></p>'
        "</div>"
        '<template id="wd-create-account"><div data-automation-id="createAccountContent">'
        '<h2 data-automation-id="createAccountHeader">Create Account</h2>'
        '<div class="wd-field"><label for="input-3">Email Address' + _MARK + "</label>"
        '<input type="email" id="input-3" data-automation-id="email"></div>'
        '<div class="wd-field"><label for="input-4">Password' + _MARK + "</label>"
        '<input type="password" id="input-4" data-automation-id="password"></div>'
        '<div class="wd-field"><label for="input-5">Verify New Password' + _MARK + "</label>"
        '<input type="password" id="input-5" data-automation-id="verifyPassword"></div>'
        '<button type="button" data-automation-id="createAccountSubmitButton">Create Account'
        "</button></div></template>"
    )
    data = {
        "signIn": opened.url(root),
        "createAccount": opened.url(root, "/createAccount"),
        "captchaField": captcha.response_field if captcha else None,
    }
    return render.html_response(_page("Sign In", opened.posting, body, data))


def _answer(body: Mapping[str, object], status: int = 200) -> Response:
    return render.json_response(dict(body), status)


@pages.get("/{tenant}/{site}/job/{path:path}/apply")
def apply_page(
    tenant: str, site: str, path: str, request: Request, catalogue: CatalogueDep
) -> Response:
    """The account wall, or straight on to the application for a signed-in browser."""
    opened = _open(request, catalogue, tenant, site, path)
    if isinstance(opened, Response):
        return opened
    root = render.root_url(request)
    if opened.session is None:
        return _sign_in_page(root, opened)
    return RedirectResponse(opened.url(root, "/applyManually"), status_code=303)


@pages.post("/{tenant}/{site}/job/{path:path}/apply")
async def sign_in(
    tenant: str, site: str, path: str, request: Request, catalogue: CatalogueDep
) -> Response:
    """The sign-in form's fetch: a session cookie and where to go next, or the refusal."""
    opened = _open(request, catalogue, tenant, site, path)
    if isinstance(opened, Response):
        return opened
    form = await read_form(request)
    captcha = variants.captcha_of(opened.variant)
    if captcha is not None and not form.value(captcha.response_field):
        return _answer({"error": captcha.refusal}, 400)
    accounts = state_of(request).accounts
    email, password = form.value("email"), form.value("password")
    if opened.variant == "login" or not accounts.verify(tenant, email, password):
        return _answer({"error": variants.LOGIN_FAILED}, 401)
    token = accounts.open_session(tenant, email)
    next_url = opened.url(render.root_url(request), "/applyManually")
    return _signed_in(_answer({"next": next_url}), tenant, token)


@pages.post("/{tenant}/{site}/job/{path:path}/apply/createAccount")
async def create_account(
    tenant: str, site: str, path: str, request: Request, catalogue: CatalogueDep
) -> Response:
    opened = _open(request, catalogue, tenant, site, path)
    if isinstance(opened, Response):
        return opened
    form = await read_form(request)
    email, password = form.value("email"), form.value("password")
    if not EMAIL.match(email):
        return _answer({"error": "Enter a valid email address."}, 400)
    if len(password) < 8:
        return _answer({"error": BAD_PASSWORD}, 400)
    if password != form.value("verifyPassword"):
        return _answer({"error": PASSWORDS_DIFFER}, 400)
    accounts = state_of(request).accounts
    if not accounts.create(tenant, email, password):
        return _answer({"error": ACCOUNT_EXISTS}, 400)
    token = accounts.open_session(tenant, email)
    next_url = opened.url(render.root_url(request), "/applyManually")
    return _signed_in(_answer({"next": next_url}), tenant, token)


# --- the steps -------------------------------------------------------------------------------


def _saved(draft: Draft, field: Field, session: Session) -> list[str]:
    if field.key in draft.values:
        return draft.values[field.key]
    if field.key == "email":
        return [session.email]
    return [field.default] if field.default else []


def _control(field: Field, n: int, saved: list[str], draft: Draft) -> str:
    """One field's label and control; ``n`` numbers the generated ids, as Workday's are."""
    q, key = field.question, render.text(field.key)
    mark = _MARK if q.required else ""
    label = f'<label for="input-{n}" id="input-{n}-label">{render.text(q.label)}{mark}</label>'
    required = f'aria-required="{flag(q.required)}"'
    value = render.text(saved[0]) if saved else ""
    match field.widget:
        case "text":
            kind = "email" if q.is_email else "tel" if key == "phone-number" else "text"
            return (
                f'{label}<input type="{kind}" id="input-{n}" data-automation-id="{key}" '
                f'{required} value="{value}">'
            )
        case "textarea":
            return (
                f'{label}<textarea id="input-{n}" data-automation-id="{key}" rows="4" {required}>'
                f"{value}</textarea>"
            )
        case "dropdown":
            return (
                f'{label}<div class="wd-dropdown"><button type="button" id="input-{n}" '
                f'data-automation-id="{key}" aria-haspopup="listbox" aria-expanded="false" '
                f'aria-controls="input-{n}-listbox" aria-labelledby="input-{n}-label" {required} '
                f'value="{value}">{value or "Select One"}</button></div>'
            )
        case "file":
            accept = ",".join(f".{t}" for t in q.filetypes)
            upload = draft.files.get(field.key)
            done = (
                '<p data-automation-id="file-upload-successful">Successfully Uploaded: '
                f"{render.text(upload.filename)}</p>"
                if upload
                else ""
            )
            return (
                f'{label}<div data-automation-id="file-upload-drop-zone"><p>Drop file here</p>'
                '<button type="button" data-automation-id="select-files">Select files</button>'
                f'<input type="file" id="input-{n}" data-automation-id="{key}" '
                f'class="visually-hidden" accept="{accept}" {required}></div>{done}'
            )
        case "checkbox":
            checked = " checked" if "true" in saved else ""
            return (
                f'<input type="checkbox" id="input-{n}" data-automation-id="{key}" {required}'
                f'{checked}><label for="input-{n}">{render.text(q.label)}{mark}</label>'
            )
    kind = "radio" if field.widget == "radio" else "checkbox"
    items = "".join(
        f'<div><input type="{kind}" id="input-{n}-{i}" name="{key}" '
        f'value="{render.text(o.value)}"{" checked" if o.value in saved else ""}>'
        f'<label for="input-{n}-{i}">{render.text(o.label)}</label></div>'
        for i, o in enumerate(q.options)
    )
    return (
        f'<fieldset id="input-{n}" {required}><legend>{render.text(q.label)}{mark}</legend>'
        f"{items}</fieldset>"
    )


def _fields(step: Step, draft: Draft, session: Session) -> str:
    out, section = [], None
    for n, field in enumerate(step.fields, start=10):
        if field.section != section:
            section = field.section
            out.append(f"<h3>{render.text(section)}</h3>")
        control = _control(field, n, _saved(draft, field, session), draft)
        out.append(
            f'<div class="wd-field" data-automation-id="formField-{render.text(field.key)}">'
            f"{control}</div>"
        )
    return "".join(out)


def _shown(field: Field, draft: Draft) -> str:
    if field.widget == "file":
        upload = draft.files.get(field.key)
        return upload.filename if upload else ""
    labels = {o.value: o.label for o in field.question.options}
    return ", ".join(labels.get(v, v) for v in draft.values.get(field.key, ()))


def _review(all_steps: Sequence[Step], draft: Draft) -> str:
    sections = "".join(
        f'<section data-automation-id="reviewSection"><h3>{render.text(step.title)}</h3><dl>'
        + "".join(
            f"<dt>{render.text(f.question.label)}</dt><dd>{render.text(_shown(f, draft))}</dd>"
            for f in step.fields
        )
        + "</dl></section>"
        for step in all_steps[:-1]
    )
    return f'<div data-automation-id="reviewPage">{sections}</div>'


def _progress(all_steps: Sequence[Step], current: int) -> str:
    def item(i: int, step: Step) -> str:
        state = "Completed" if i < current else "Active" if i == current else "Inactive"
        aria = ' aria-current="step"' if i == current else ""
        return (
            f'<li data-automation-id="progressBar{state}Step"{aria}>'
            f'<label data-automation-id="stepTitle">{render.text(step.title)}</label>'
            f'<span class="visually-hidden">step {i + 1} of {len(all_steps)}</span></li>'
        )

    return (
        '<ol data-automation-id="progressBar">'
        f"{''.join(item(i, s) for i, s in enumerate(all_steps))}</ol>"
    )


def _step_page(root: str, opened: _Opened, session: Session, draft: Draft) -> Response:
    all_steps = steps(opened.posting)
    current = min(draft.step, len(all_steps) - 1)
    step = all_steps[current]
    last = current == len(all_steps) - 1
    inner = _review(all_steps, draft) if last else _fields(step, draft, session)
    back = (
        '<button type="button" data-automation-id="bottom-navigation-back-button">Back</button>'
        if current
        else ""
    )
    forward = "Submit" if last else "Save and Continue"
    body = (
        f'<div data-automation-id="applyFlowPage">{_progress(all_steps, current)}'
        f'<div data-automation-id="applyFlowStep" data-step="{step.key}">'
        f"<h2>{render.text(step.title)}</h2>{inner}</div>"
        f'<div data-automation-id="pageFooter">{back}<button type="button" '
        f'data-automation-id="bottom-navigation-next-button">{forward}</button></div></div>'
    )
    options = {
        f.key: [o.label for o in f.question.options] for f in step.fields if f.widget == "dropdown"
    }
    data = {"action": opened.url(root, "/applyManually"), "step": step.key, "options": options}
    title = f"{step.title} - {opened.posting.company_name}"
    return render.html_response(_page(title, opened.posting, body, data))


@pages.get("/{tenant}/{site}/job/{path:path}/apply/applyManually")
def step_page(
    tenant: str, site: str, path: str, request: Request, catalogue: CatalogueDep
) -> Response:
    """The step the session's draft is on (the account wall first, when signed out)."""
    opened = _open(request, catalogue, tenant, site, path)
    if isinstance(opened, Response):
        return opened
    root = render.root_url(request)
    if opened.session is None:
        return RedirectResponse(opened.url(root), status_code=303)
    draft = state_of(request).accounts.draft(opened.token, opened.posting.external_id)
    return _step_page(root, opened, opened.session, draft)


def _record(request: Request, opened: _Opened, tenant: str, draft: Draft) -> None:
    state_of(request).submissions.record(
        platform=PLATFORM,
        board=tenant,
        external_id=opened.posting.external_id,
        path=request.url.path,
        variant=opened.variant,
        fields=draft.values,
        files=list(draft.files.values()),
    )


@pages.post("/{tenant}/{site}/job/{path:path}/apply/applyManually")
async def save_step(
    tenant: str, site: str, path: str, request: Request, catalogue: CatalogueDep
) -> Response:
    """A step's fetch: ``action`` next (save and move on), back, or submit (on Review)."""
    opened = _open(request, catalogue, tenant, site, path)
    if isinstance(opened, Response):
        return opened
    root = render.root_url(request)
    here = opened.url(root, "/applyManually")
    if opened.session is None:
        return _answer({"next": opened.url(root)}, 401)
    state = state_of(request)
    draft = state.accounts.draft(opened.token, opened.posting.external_id)
    all_steps = steps(opened.posting)
    step = all_steps[min(draft.step, len(all_steps) - 1)]
    form = await read_form(request)
    if form.value("step") != step.key:
        return _answer({"next": here, "message": STALE_PAGE}, 409)
    action = form.value("action")
    if action == "back":
        draft.step = max(0, draft.step - 1)
        return _answer({"next": here})
    if step.key == "review":
        if action != "submit":
            return _answer({"next": here, "message": STALE_PAGE}, 409)
        _record(request, opened, tenant, draft)
        state.accounts.forget_draft(opened.token, opened.posting.external_id)
        return _answer({"next": opened.url(root, "/confirmation")})
    errors = _step_errors(request, opened, step, form, draft)
    if errors:
        return _answer({"errors": errors, "message": "Errors Found"}, 400)
    draft.save([f.key for f in step.fields], form.fields, form.files)
    draft.step += 1
    return _answer({"next": here})


def _step_errors(
    request: Request, opened: _Opened, step: Step, form: PostedForm, draft: Draft
) -> dict[str, str]:
    errors = step_errors(step, form, list(draft.files))
    first_try = f"{request.url.path}#{step.key}"
    if (
        opened.variant == "validation"
        and step.key == "my-information"
        and state_of(request).form_attempts.first(first_try)
    ):
        errors["phone-number"] = variants.PHONE_REFUSAL
    return errors


@pages.get("/{tenant}/{site}/job/{path:path}/apply/confirmation")
def confirmation(
    tenant: str, site: str, path: str, request: Request, catalogue: CatalogueDep
) -> Response:
    posting = _find(catalogue, tenant, site, path)
    if posting is None:
        return render.not_found_page("Job")
    body = (
        '<div data-automation-id="applicationSubmitted"><h2>Application Submitted</h2>'
        f"<p>Thank you for applying to {render.text(posting.company_name)}. Your application "
        f"for {render.text(posting.title)} has been submitted.</p>"
        f'<a href="{render.text(job_url(render.root_url(request), posting))}">Back to the job'
        "</a></div>"
    )
    data: dict[str, object] = {}
    return render.html_response(_page("Application Submitted", posting, body, data))
