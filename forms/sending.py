"""The one click that sends an application, and what the page says afterwards.

`send` runs only inside the exactly-once submitter (forms/submit.py): it clicks the page's own
submit control (the platform's, else the usual ones), waits for a confirmation, errors or a
CAPTCHA, and keeps the page after the click (screenshot and HTML) as evidence.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Frame, Page

from adapters.form_hints import FormHints
from forms.blockers import captcha
from forms.platforms import form_frame
from forms.steps import CONFIRMATION_TEXT, ERRORS
from forms.submit import Sent
from forms.waiting import WAIT_FOR

SUBMIT_CONTROLS = (
    "#btn-submit",
    "#submit_app",
    "button[type=submit]",
    "input[type=submit]",
    "button:has-text('Submit application')",
    "button:has-text('Submit')",
)
CONFIRM_TIMEOUT_S = 30.0


async def send(page: Page, target: Page | Frame, evidence_dir: Path, hints: FormHints) -> Sent:
    """Click the page's own submit control, then read what the page says happened."""
    candidates = [target.locator(selector).first for selector in (*hints.submit, *SUBMIT_CONTROLS)]
    counts = await asyncio.gather(*(c.count() for c in candidates))  # one round trip, not six
    for candidate, count in zip(candidates, counts, strict=True):
        if count and await candidate.is_visible():
            control = candidate
            break
    else:
        return Sent("refused", "the form has no submit control")
    await control.click()
    deadline = time.monotonic() + CONFIRM_TIMEOUT_S
    outcome = Sent("unknown", "no confirmation appeared within 30 s of the click")
    while time.monotonic() < deadline:
        try:
            seen = await _after_click(page)
        except PlaywrightError:
            await asyncio.sleep(0.05)
            continue  # the page is navigating; look again once it has loaded
        if seen is not None:
            outcome = seen
            break
    shot = evidence_dir / "after-submit.jpg"
    html = evidence_dir / "after-submit.html"
    _, content = await asyncio.gather(
        page.screenshot(path=str(shot), full_page=True, type="jpeg", quality=70), page.content()
    )
    await asyncio.to_thread(html.write_text, content, "utf-8")
    return Sent(
        outcome.outcome,
        outcome.reason,
        outcome.confirmation,
        {"screenshots": [str(shot)], "html": str(html)},
    )


_SETTLED = f"""
([confirmations, errors, sameFrame, waitMs]) => {{
  const look = () => {{
    const text = (document.body ? document.body.innerText : '').toLowerCase();
    if (confirmations.some((c) => text.includes(c))) return {{text, errors: []}};
    if (!sameFrame) return null;
    const said = [...document.querySelectorAll(errors)]
      .map((e) => (e.innerText || '').trim()).filter(Boolean);
    return said.length ? {{text: null, errors: said}} : null;
  }};
  return ({WAIT_FOR})(look, Boolean, waitMs);
}}
"""
"""Waits in the page (up to ``waitMs``) for a confirmation, or errors in the form's own
document, and says which: one call instead of a poll of three every 50 ms."""
LOOK_MS = 500


async def _after_click(page: Page) -> Sent | None:
    """What the page shows now or within half a second: a confirmation, errors, a CAPTCHA,
    or nothing yet (None)."""
    frame = form_frame(page)
    seen = await page.evaluate(_SETTLED, [list(CONFIRMATION_TEXT), ERRORS, frame is page, LOOK_MS])
    if seen is not None and seen["text"] is not None:
        text = seen["text"]
        return Sent("confirmed", confirmation={"url": page.url, "text": _confirmation(text)})
    errors = seen["errors"] if seen is not None else []
    if frame is not page:  # the form is in an iframe: its errors are read there
        errors = [e.strip() for e in await frame.locator(ERRORS).all_inner_texts() if e.strip()]
    if errors:
        return Sent("refused", "the form shows: " + "; ".join(errors[:5]))
    name = await captcha(frame)
    if name:
        return Sent("refused", f"a {name} CAPTCHA appeared after the click; finish it yourself")
    return None


def _confirmation(text: str) -> str:
    for marker in CONFIRMATION_TEXT:
        at = text.find(marker)
        if at >= 0:
            return " ".join(text[at : at + 200].split())
    return ""
