"""Blockers come from what the page shows: an invisible CAPTCHA that never challenges is none."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.config import Settings
from forms.engine import apply_form
from forms.mapping import Documents
from resumes.candidate import load_candidate, sample_candidate_path
from tests.helpers import LocalServer

FORM = """<!doctype html><html><head><title>{title}</title>
<script src="https://js.hcaptcha.com/1/api.js" async></script></head><body>
<form><label for="n">Full name*</label><input id="n" name="name" required>
<label for="e">Email*</label><input id="e" name="email" type="email" required>
{extra}<button type="button" id="btn-submit">Submit application</button></form></body></html>"""

CASES = {
    "invisible": ('<div class="h-captcha" data-size="invisible" data-sitekey="x"></div>', []),
    "visible": (
        '<div class="h-captcha" data-sitekey="x" style="width:300px;height:80px"></div>',
        ["captcha:hcaptcha"],
    ),
    "turnstile": (
        '<div class="cf-turnstile" style="width:300px;height:65px"></div>',
        ["captcha:turnstile"],
    ),
    "code": ("<p>Enter the code we sent to your email to continue.</p>", ["verification_code"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
async def test_what_blocks_and_what_does_not(
    case: str, tmp_path: Path, chromium_path: Path
) -> None:
    extra, expected = CASES[case]
    page = FORM.format(title="Apply", extra=extra).encode()
    with LocalServer(
        {("GET", "/apply"): lambda q, b: (200, {"Content-Type": "text/html"}, page)}
    ) as server:
        report = await apply_form(
            Settings(http_allow_hosts=["127.0.0.1"]),
            f"{server.url}/apply",
            load_candidate(sample_candidate_path()),
            Documents(),
            screenshots=tmp_path,
        )
    assert report.blockers == expected
    assert report.status == ("needs_human" if expected else "filled")


async def test_a_login_wall_is_handed_to_the_person(tmp_path: Path, chromium_path: Path) -> None:
    page = b"""<html><body><h1>Sign in to apply</h1><form><label for=u>Email</label>
    <input id=u name=email><label for=p>Password</label><input id=p name=password type=password>
    <button>Sign in</button></form></body></html>"""
    with LocalServer(
        {("GET", "/login"): lambda q, b: (200, {"Content-Type": "text/html"}, page)}
    ) as server:
        report = await apply_form(
            Settings(http_allow_hosts=["127.0.0.1"]),
            f"{server.url}/login",
            load_candidate(sample_candidate_path()),
            Documents(),
            screenshots=tmp_path,
        )
    assert report.blockers == ["login"]
    assert "sign in" in (report.reason or "")
