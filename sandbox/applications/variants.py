"""Form variants: the situations the apply engine must recognise, chosen by ``?variant=``.

- ``captcha`` (= ``hcaptcha``), ``recaptcha``, ``turnstile``: the form embeds that widget (its
  marker class, an iframe whose URL names the provider, the hidden response field it would
  fill) and the server refuses a POST whose response field is empty. The iframe is served by
  the sandbox (``/_sandbox/captcha/...``); nothing is loaded from the internet, and nothing in
  the sandbox ever produces a token: the engine must stop, never solve.
- ``login``: a "Sign in to apply" wall instead of the form; signing in always fails (401).
- ``validation``: the first POST to a form's URL (since the last reset) is refused with an
  error on the phone field, whatever it holds; the next one is judged normally.
- ``expired``: the page and the POST answer 404, "This job is no longer accepting applications".

The variant travels in the form's action URL, so the POST is judged by the variant it was
served with. An unknown variant is a 400 that lists the known ones.

Some sites (Lever) run an *invisible* hCaptcha on every submission: `invisible_hcaptcha` is its
widget, brought to life by ``static/hcaptcha.js``. Most people never see it: with hCaptcha's
"safe end user" test key the script fills the token and calls the page back; with the
"bot detected" key (the ``captcha`` variant of such a form) it shows a challenge instead, which
nothing in the sandbox ever passes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal, cast, get_args

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sandbox import render
from sandbox.sources import CONTROL_PREFIX

Variant = Literal["captcha", "hcaptcha", "recaptcha", "turnstile", "login", "validation", "expired"]
VARIANTS: Final[tuple[str, ...]] = get_args(Variant)

CAPTCHA_PATH: Final = "/captcha"
"""Under the control prefix: the widgets' iframes."""

PHONE_REFUSAL: Final = "Enter a valid phone number"
EXPIRED_TEXT: Final = "This job is no longer accepting applications"
LOGIN_FAILED: Final = "Invalid email or password."


class UnknownVariant(ValueError):
    pass


@dataclass(frozen=True)
class Captcha:
    name: str
    """As the sites name it in their messages: "hCaptcha", "reCAPTCHA", "Turnstile"."""
    css_class: str
    sitekey: str
    """The provider's published test key: harmless, and recognisable as a site key."""
    frame: str
    """The iframe's path, shaped like the provider's URL (it contains the provider's host)."""
    frame_title: str
    response_field: str
    """The form field the widget fills with its token once solved."""

    @property
    def refusal(self) -> str:
        return f"Please complete the {self.name} and resubmit your application."


CAPTCHAS: Final[dict[str, Captcha]] = {
    "hcaptcha": Captcha(
        "hCaptcha",
        "h-captcha",
        "10000000-ffff-ffff-ffff-000000000001",
        "newassets.hcaptcha.com/captcha/v1/static/hcaptcha.html",
        "Widget containing checkbox for hCaptcha security challenge",
        "h-captcha-response",
    ),
    "recaptcha": Captcha(
        "reCAPTCHA",
        "g-recaptcha",
        "6LeIxAcTAAAAAJcZVRqyHh4xC1ZEsYxKzhVh9Nh",
        "www.google.com/recaptcha/api2/anchor",
        "reCAPTCHA",
        "g-recaptcha-response",
    ),
    "turnstile": Captcha(
        "Turnstile",
        "cf-turnstile",
        "1x00000000000000000000AA",
        "challenges.cloudflare.com/cdn-cgi/challenge-platform/turnstile/if/ov2/av0/rcv0/0",
        "Widget containing a Cloudflare security challenge",
        "cf-turnstile-response",
    ),
}


def parse_variant(raw: str | None) -> Variant | None:
    if raw is None or raw == "":
        return None
    if raw not in VARIANTS:
        raise UnknownVariant(raw)
    return cast(Variant, raw)


def requested(request: Request) -> Variant | Response | None:
    """The request's ``?variant=``, or the 400 page that lists the known ones."""
    raw = request.query_params.get("variant")
    try:
        return parse_variant(raw)
    except UnknownVariant:
        return unknown_variant_page(raw or "")


def captcha_of(variant: Variant | None) -> Captcha | None:
    if variant == "captcha":
        return CAPTCHAS["hcaptcha"]
    return CAPTCHAS.get(variant or "")


def frame_url(root: str, captcha: Captcha, sitekey: str, frame: str) -> str:
    """The sandbox's stand-in for one of the provider's iframes (``frame``: checkbox, …)."""
    return f"{root}{CONTROL_PREFIX}{CAPTCHA_PATH}/{captcha.frame}?sitekey={sitekey}#frame={frame}"


def _response_field(captcha: Captcha) -> str:
    field = render.text(captcha.response_field)
    return (
        f'<textarea id="{field}" name="{field}" class="{field}" style="display: none;"></textarea>'
    )


def captcha_widget(root: str, captcha: Captcha) -> str:
    """The widget as the provider's script leaves it in the page: marker, iframe, empty field."""
    src = frame_url(root, captcha, captcha.sitekey, "checkbox")
    return (
        f'<div class="{captcha.css_class}" data-sitekey="{captcha.sitekey}">'
        f'<iframe src="{render.text(src)}" title="{render.text(captcha.frame_title)}" '
        'width="303" height="78" frameborder="0" scrolling="no"></iframe>'
        f"{_response_field(captcha)}</div>"
    )


INVISIBLE_PASS_SITEKEY: Final = "20000000-ffff-ffff-ffff-000000000002"
"""hCaptcha's published "safe end user" test key: the invisible widget passes unseen."""
INVISIBLE_PASS_TOKEN: Final = "20000000-aaaa-bbbb-cccc-000000000002"
"""The token ``static/hcaptcha.js`` puts in ``h-captcha-response`` when it passes."""
CHALLENGE_SITEKEY: Final = "30000000-ffff-ffff-ffff-000000000003"
"""hCaptcha's published "bot detected" test key: the invisible widget shows a challenge."""


def invisible_hcaptcha(root: str, *, challenge: bool, callback: str) -> str:
    """An invisible hCaptcha as its script leaves it: ``data-size="invisible"``, a hidden iframe,
    the empty response field. ``static/hcaptcha.js`` runs it when the page calls
    ``hcaptcha.execute()``: it passes (and calls ``window[callback](token)``), or, with
    ``challenge``, shows a challenge iframe in a box at the end of ``<body>`` and calls
    nothing."""
    captcha = CAPTCHAS["hcaptcha"]
    sitekey = CHALLENGE_SITEKEY if challenge else INVISIBLE_PASS_SITEKEY
    src = frame_url(root, captcha, sitekey, "checkbox-invisible")
    return (
        f'<div id="h-captcha" class="{captcha.css_class}" data-sitekey="{sitekey}" '
        f'data-size="invisible" data-callback="{render.text(callback)}">'
        f'<iframe src="{render.text(src)}" title="{render.text(captcha.frame_title)}" '
        'frameborder="0" scrolling="no" tabindex="-1" aria-hidden="true" hidden></iframe>'
        f"{_response_field(captcha)}</div>"
    )


def unknown_variant_page(raw: str) -> Response:
    known = ", ".join(VARIANTS)
    body = f"<h1>Unknown variant</h1><p>{render.text(raw)} is not one of: {known}.</p>"
    return render.html_response(render.document("Unknown variant", body), 400)


def expired_page(board_href: str) -> Response:
    body = (
        f'<main class="main job-post job-post--closed"><h1 class="section-header">{EXPIRED_TEXT}'
        f'</h1><p class="body">The job you are looking for is no longer open.</p>'
        f'<p><a class="link" href="{render.text(board_href)}">See open jobs</a></p></main>'
    )
    return render.html_response(render.document(EXPIRED_TEXT, body), 404)


def login_wall(action: str, error: str | None) -> str:
    """What stands where the form would: a sign-in form that never lets anyone in."""
    alert = (
        f'<div id="login-error" class="helper-text helper-text--error" role="alert">'
        f"{render.text(error)}</div>"
        if error
        else ""
    )
    return (
        '<div id="app" class="application login-wall">'
        '<h2 class="section-header">Sign in to apply</h2>'
        "<p>You need an account to apply for this job.</p>"
        f'<form id="login-form" method="post" action="{render.text(action)}">{alert}'
        '<label for="login-email" class="label">Email</label>'
        '<input id="login-email" name="email" type="email" autocomplete="username" required>'
        '<label for="login-password" class="label">Password</label>'
        '<input id="login-password" name="password" type="password" '
        'autocomplete="current-password" required>'
        '<button type="submit" class="btn btn--pill">Sign in</button>'
        '<a class="link" href="#forgot">Forgot password?</a></form></div>'
    )


captcha_frames = APIRouter()


@captcha_frames.get(CAPTCHA_PATH + "/{path:path}")
def captcha_frame(path: str) -> Response:
    """The inside of a widget's iframe: a checkbox that never verifies anyone."""
    name = next((c.name for c in CAPTCHAS.values() if path.startswith(c.frame)), "Captcha")
    body = (
        f'<div class="challenge" data-provider="{render.text(name)}">'
        '<label><input type="checkbox" id="checkbox" aria-checked="false"> I am human</label>'
        f"<p>{render.text(name)} - Privacy - Terms</p></div>"
    )
    return render.html_response(render.document(name, body))
