"""Signed-in members of the boards that apply as the user (LinkedIn, Indeed).

Both keep the member's session in a cookie (LinkedIn's ``li_at``, Indeed's ``PPID``) that a
user's own browser holds, and the engine only ever gets through a Playwright storage-state
file saved from it. The sandbox's session value names the member's email (`token`), so a test
or a person can write such a file (`storage_state`) without a browser; signing in with the
sandbox's published password sets the same cookie. Nothing here is a real secret.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any, Final

from fastapi import Request
from fastapi.responses import RedirectResponse

from sandbox.applications import checks
from sandbox.applications.accounts import SANDBOX_PASSWORD

_PREFIX: Final = "AQEDAS"


def token(email: str) -> str:
    """The session cookie's value for the member signed in as ``email``."""
    return _PREFIX + base64.urlsafe_b64encode(email.encode()).decode().rstrip("=")


def member_of(request: Request, cookie: str) -> str | None:
    """The signed-in member's email from the request's session ``cookie`` (None: logged out)."""
    value = request.cookies.get(cookie, "")
    if not value.startswith(_PREFIX):
        return None
    raw = value.removeprefix(_PREFIX)
    try:
        email = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    return email if checks.EMAIL.match(email) else None


def storage_state(host: str, cookie: str, email: str) -> dict[str, Any]:
    """A Playwright storage state holding the member's ``cookie`` for the sandbox at ``host``."""
    session = {
        "name": cookie,
        "value": token(email),
        "domain": host,
        "path": "/",
        "expires": -1,
        "httpOnly": True,
        "secure": False,
        "sameSite": "Lax",
    }
    return {"cookies": [session], "origins": []}


def signs_in(email: str, password: str) -> bool:
    return bool(checks.EMAIL.match(email.strip())) and password == SANDBOX_PASSWORD


def signed_in(back: str, cookie: str, email: str) -> RedirectResponse:
    """A successful sign-in: back to ``back`` (303) with the member's session ``cookie`` set."""
    response = RedirectResponse(back, status_code=303)
    response.set_cookie(cookie, token(email), httponly=True)
    return response
