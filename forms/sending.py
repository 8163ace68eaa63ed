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
    for selector in (*hints.submit, *SUBMIT_CONTROLS):
        control = target.locator(selector).first
        if await control.count() and await control.is_visible():
            break
    else:
        return Sent("refused", "the form has no submit control")
    await control.click()
    deadline = time.monotonic() + CONFIRM_TIMEOUT_S
    outcome = Sent("unknown", "no confirmation appeared within 30 s of the click")
    while time.monotonic() < deadline:
        await asyncio.sleep(0.05)
        try:
            seen = await _after_click(page)
        except PlaywrightError:
            continue  # the page is navigating; look again once it has loaded
        if seen is not None:
            outcome = seen
            break
    shot = evidence_dir / "after-submit.jpg"
    html = evidence_dir / "after-submit.html"
    await page.screenshot(path=str(shot), full_page=True, type="jpeg", quality=70)
    await asyncio.to_thread(html.write_text, await page.content(), "utf-8")
    return Sent(
        outcome.outcome,
        outcome.reason,
        outcome.confirmation,
        {"screenshots": [str(shot)], "html": str(html)},
    )


async def _after_click(page: Page) -> Sent | None:
    """What the page shows now: a confirmation, errors, a CAPTCHA, or nothing yet (None)."""
    text = (await page.inner_text("body")).lower()
    if any(t in text for t in CONFIRMATION_TEXT):
        return Sent("confirmed", confirmation={"url": page.url, "text": _confirmation(text)})
    frame = form_frame(page)
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
