"""Multi-step forms in general: steps swapped in place, errors shown in place, a "Next" that sends.

Workday's replica moves from page to page; these forms change step inside one document, as
single-page apps do, and say nothing about their platform, so only the generic rules apply.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from core.config import Settings
from forms.engine import apply_form
from forms.mapping import Documents
from resumes.candidate import load_candidate, sample_candidate_path
from tests.helpers import LocalServer

pytestmark = pytest.mark.browser

WIZARD = b"""<!doctype html><html><head><title>Apply - Acme</title></head><body>
<form id="f" method="post" action="/submit">
<section id="s1"><h2>Contact</h2>
<label for="fn">First name*</label><input id="fn" name="first_name" required>
<label for="em">Email*</label><input id="em" name="email" type="email" required>
<p id="err" role="alert" hidden></p>
<button type="button" id="next">Next</button></section>
<section id="s2" hidden><h2>Details</h2>
<label for="ph">Phone</label><input id="ph" name="phone">
<button type="submit">Submit application</button></section>
</form>
<script>
let tries = 0;
document.getElementById('next').addEventListener('click', () => {
  const err = document.getElementById('err');
  err.hidden = true; err.textContent = '';
  document.getElementById('em').removeAttribute('aria-invalid');
  tries += 1;
  if (tries === 1) {
    setTimeout(() => {
      err.textContent = 'Please confirm your email'; err.hidden = false;
      document.getElementById('em').setAttribute('aria-invalid', 'true');
    }, 30);
    return;
  }
  document.getElementById('s1').hidden = true;
  document.getElementById('s2').hidden = false;
});
</script></body></html>"""

SENDS_ON_CONTINUE = b"""<!doctype html><html><body>
<form method="post" action="/done"><label for="fn">First name*</label>
<input id="fn" name="first_name" required><button type="submit">Continue</button></form>
</body></html>"""


def _html(body: bytes) -> tuple[int, dict[str, str], bytes]:
    return 200, {"Content-Type": "text/html"}, body


async def test_an_in_place_wizard_is_walked_and_never_submitted(
    tmp_path: Path, chromium_path: Path
) -> None:
    with LocalServer({("GET", "/apply"): lambda q, b: _html(WIZARD)}) as server:
        report = await apply_form(
            Settings(http_allow_hosts=["127.0.0.1"]),
            f"{server.url}/apply",
            load_candidate(sample_candidate_path()),
            Documents(),
            screenshots=tmp_path,
        )
        assert server.requests == [("GET", "/apply")]
    assert report.status == "filled", report.reason
    assert report.steps == ["Step 1", "Step 2"]
    steps = {f.name: (f.step, f.value) for f in report.fields}
    assert steps == {
        "first_name": (1, "Priya"),
        "email": (1, "priya.raman@example.org"),
        "phone": (2, "+1 415 555 0199"),
    }


async def test_a_next_that_sends_the_application_is_reported_for_review(
    tmp_path: Path, chromium_path: Path
) -> None:
    thanks = b"<html><body><h1>Thank you for applying!</h1></body></html>"
    routes = {
        ("GET", "/apply"): lambda q, b: _html(SENDS_ON_CONTINUE),
        ("POST", "/done"): lambda q, b: _html(thanks),
    }
    with LocalServer(routes) as server:
        report = await apply_form(
            Settings(http_allow_hosts=["127.0.0.1"]),
            f"{server.url}/apply",
            load_candidate(sample_candidate_path()),
            Documents(),
            screenshots=tmp_path,
        )
    assert report.status == "needs_review"
    assert "sent the application" in (report.reason or "")
    assert report.submitted is False
