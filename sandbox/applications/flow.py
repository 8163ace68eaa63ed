"""The request flow every sandbox application form shares: show, judge, record, confirm.

A platform's form (`FormKind`) says only where it lives, how it is drawn and how its posted
names map to questions; this module applies the variants the same way to all of them, so a
captcha or a login wall behaves alike on every form, and records accepted submissions. What
differs between the real platforms and matters to a filler is a field of `FormKind` too: where
an accepted application lands (Lever's ``/thanks``), which CAPTCHA's token every POST must carry
(Lever always runs an invisible hCaptcha), and which field the ``validation`` variant refuses.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from sandbox import render
from sandbox.applications import variants
from sandbox.applications.assets import FORM_CSS
from sandbox.applications.intake import PostedForm, read_form
from sandbox.applications.variants import Captcha, Variant
from sandbox.catalogue import Catalogue, Posting
from sandbox.links import with_query
from sandbox.sources import PAGE_PREFIXES
from sandbox.state import state_of


@dataclass(frozen=True)
class Filled:
    """What a form is drawn with: the values a refused POST carried, and why it was refused."""

    posted: Mapping[str, Sequence[str]] = field(default_factory=dict)
    errors: Mapping[str, str] = field(default_factory=dict)
    """Question name → message."""
    form_error: str | None = None
    """A refusal that is no field's (the captcha's)."""

    @property
    def refused(self) -> bool:
        return bool(self.errors) or self.form_error is not None


DrawForm = Callable[[str, Posting, Variant | None, Filled], str]
"""(root, posting, variant, filled) → the application block of the page."""


def phone_named_phone(posting: Posting) -> str:
    """The phone question's name on forms that call it "phone" (Greenhouse, Lever)."""
    return "phone"


def board_page(root: str, posting: Posting) -> str:
    """The board's page under the platform's page prefix, where an expired posting sends people."""
    return f"{root}{PAGE_PREFIXES[posting.platform]}/{posting.board}"


@dataclass(frozen=True)
class FormKind:
    platform: str
    url: Callable[[str, Posting], str]
    """The page's (and the form's action's) URL without its query, from ROOT and the posting."""
    draw: DrawForm
    errors: Callable[[Posting, PostedForm], dict[str, str]]
    """The refused fields of a POST (question name → message), before the variants speak."""
    confirmation: Callable[[str, Posting], str] | None = None
    """Where an accepted POST is redirected; None: the form's URL + "/confirmation"."""
    captcha: Callable[[Variant | None], Captcha | None] = variants.captcha_of
    """The CAPTCHA whose token every POST must carry under a variant (None: no check)."""
    phone_field: Callable[[Posting], str] = phone_named_phone
    """The question the ``validation`` variant refuses on the first POST."""

    def confirmation_url(self, root: str, posting: Posting) -> str:
        if self.confirmation is not None:
            return self.confirmation(root, posting)
        return f"{self.url(root, posting)}/confirmation"

    def action(self, root: str, posting: Posting, variant: Variant | None) -> str:
        url = self.url(root, posting)
        return with_query(url, variant=variant) if variant else url


def find_posting(catalogue: Catalogue, platform: str, board: str, job_id: str) -> Posting | None:
    posting = catalogue.posting(platform, job_id)
    return posting if posting is not None and posting.board == board else None


def landing_page(
    kind: FormKind,
    request: Request,
    catalogue: Catalogue,
    board: str,
    job_id: str,
    draw: Callable[[str, Posting], tuple[str, str]],
) -> Response:
    """Where an accepted application lands: ``draw(root, posting)`` gives the page's title and
    body; a posting the platform does not have is a 404, as on the form itself."""
    posting = find_posting(catalogue, kind.platform, board, job_id)
    if posting is None:
        return render.not_found_page("Job")
    title, body = draw(render.root_url(request), posting)
    return render.html_response(render.document(title, body))


def page(
    kind: FormKind, request: Request, posting: Posting, application: str, status: int = 200
) -> Response:
    """The job page with ``application`` (the form, or what stands in its place) below it."""
    url = kind.url(render.root_url(request), posting)
    return render.posting_page(
        posting, f"{url}#app", after=application, head=FORM_CSS, status=status
    )


def _opening(
    kind: FormKind, request: Request, catalogue: Catalogue, board: str, job_id: str
) -> tuple[Posting, Variant | None] | Response:
    """The posting and variant of a request, or the answer that ends it before the form."""
    posting = find_posting(catalogue, kind.platform, board, job_id)
    if posting is None:
        return render.not_found_page("Job")
    variant = variants.requested(request)
    if isinstance(variant, Response):
        return variant
    root = render.root_url(request)
    if variant == "expired":
        return variants.expired_page(board_page(root, posting))
    if variant == "login":
        error = variants.LOGIN_FAILED if request.method == "POST" else None
        wall = variants.login_wall(kind.action(root, posting, variant), error)
        return page(kind, request, posting, wall, 401 if error else 200)
    return posting, variant


def _judge(
    kind: FormKind, request: Request, posting: Posting, variant: Variant | None, form: PostedForm
) -> Filled:
    """The form with what refuses it (no errors: accepted)."""
    errors = kind.errors(posting, form)
    captcha = kind.captcha(variant)
    form_error = None
    if captcha is not None and not form.value(captcha.response_field):
        form_error = captcha.refusal
    if variant == "validation" and state_of(request).form_attempts.first(request.url.path):
        errors[kind.phone_field(posting)] = variants.PHONE_REFUSAL
    return Filled(form.fields, errors, form_error)


async def answer(
    kind: FormKind, request: Request, catalogue: Catalogue, board: str, job_id: str
) -> Response:
    """GET: the job page with its empty form (or the variant's page). POST: refuse (400, the
    form re-rendered with its values and errors) or record and redirect (303) to the
    confirmation."""
    opened = _opening(kind, request, catalogue, board, job_id)
    if isinstance(opened, Response):
        return opened
    posting, variant = opened
    root = render.root_url(request)
    if request.method != "POST":
        return page(kind, request, posting, kind.draw(root, posting, variant, Filled()))
    form = await read_form(request)
    judged = _judge(kind, request, posting, variant, form)
    if judged.refused:
        return page(kind, request, posting, kind.draw(root, posting, variant, judged), 400)
    state_of(request).submissions.record(
        platform=kind.platform,
        board=board,
        external_id=job_id,
        path=request.url.path,
        variant=variant,
        fields=form.fields,
        files=form.files,
    )
    return RedirectResponse(kind.confirmation_url(root, posting), status_code=303)
