"""Moving through a multi-step form: find a step's "Next", click it, see what the page did.

A step's forward control is the platform's own (``FormHints.next``), else a button that says
next, continue, save and continue or review. A control that says submit, apply or send is
never one, whatever the platform calls it: the only click that sends an application is the
exactly-once submitter's. After a click the page either moves on (a new document, or other
fields in place of the old ones), shows errors (in place, or in the re-rendered step), or does
nothing; `advance` tells which by polling one small snapshot of the page.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Frame, Locator, Page

from adapters.form_hints import FormHints
from forms.waiting import WAIT_FOR

STEP_TIMEOUT_S = 30.0
"""Longer than any step takes to save and load, even with four applications on two cores."""
SETTLE_S = 2.0
"""How long errors shown before the click may stay unchanged before they count as the answer."""
MAX_STEPS = 12

ERRORS = "[aria-invalid=true], .helper-text--error, .error-message, .field-error, [role=alert]"
CONFIRMATION_TEXT = (
    "thank you for applying",
    "thanks for applying",
    "application has been submitted",
    "application was submitted",
    "we have received your application",
    "application received",
    "your application was sent",
)
_NEXT_WORDS = re.compile(
    r"^\s*(?:next|continue|save (?:and|&) continue|next step|review)\s*(?:→|>)?\s*$", re.I
)
_FINAL_WORDS = re.compile(r"\b(?:submit|apply|send)\b", re.I)
_CONTROLS = 'input:not([type=hidden]), select, textarea, button[aria-haspopup="listbox"]'
_KEY = "el.getAttribute('name') || el.getAttribute('data-automation-id') || el.id || ''"

_MARK = """
([mark, errors]) => {
  document.documentElement.dataset.ajobStep = mark;
  document.querySelectorAll(errors).forEach(e => { e.dataset.ajobSeen = mark; });
}
"""
_SNAPSHOT = f"""
([mark, errors, confirmations, keysBefore, waitMs]) => {{
  const shown = (el) => el.getClientRects().length > 0;
  const said = (list) => list.map(e => (e.innerText || '').trim()).filter(Boolean);
  const look = () => {{
    const text = (document.body ? document.body.innerText : '').toLowerCase();
    const visible = [...document.querySelectorAll(errors)].filter(shown);
    return {{
      marked: document.documentElement.dataset.ajobStep === mark,
      ready: document.readyState !== 'loading',
      keys: [...document.querySelectorAll('{_CONTROLS}')].filter(shown)
        .map(el => {_KEY}).join('|'),
      errors: said(visible),
      fresh: said(visible.filter(e => e.dataset.ajobSeen !== mark)),
      confirmed: confirmations.some(c => text.includes(c)),
    }};
  }};
  const news = (now) => !now.marked || now.fresh.length > 0
    || (keysBefore !== null && now.keys !== keysBefore);
  return ({WAIT_FOR})(look, news, waitMs);
}}
"""
"""The page's state, once it shows something new against ``keysBefore`` (another document,
errors that were not there, other fields) or after ``waitMs``: waiting in the
page sees a change within a frame, where a poll from here costs a round trip each time."""
LOOK_MS = 500

_FIELD_ERRORS = f"""
(errors) => {{
  const shown = (el) => el.getClientRects().length > 0;
  const keyOf = (el) => {_KEY};
  const found = {{}};
  for (const el of document.querySelectorAll('{_CONTROLS}')) {{
    if (el.getAttribute('aria-invalid') === 'true' && keyOf(el)) found[keyOf(el)] = '';
  }}
  for (const e of document.querySelectorAll(errors)) {{
    const message = (e.innerText || '').trim();
    if (!message || !shown(e) || e.matches('{_CONTROLS}')) continue;
    for (let node = e.parentElement, d = 0; node && d < 5; node = node.parentElement, d++) {{
      const keys = [...new Set([...node.querySelectorAll('{_CONTROLS}')].map(keyOf))]
        .filter(Boolean);
      if (keys.length === 1) {{ found[keys[0]] = message; break; }}
      if (keys.length > 1) break;
    }}
  }}
  return found;
}}
"""


@dataclass(frozen=True)
class Advance:
    """What the page did after a "Next" click."""

    outcome: Literal["moved", "refused", "sent", "stuck"]
    errors: list[str] = field(default_factory=list)
    new_document: bool = False


async def _label(control: Locator) -> str:
    text = await control.evaluate(
        "el => el.innerText || el.value || el.getAttribute('aria-label') || ''"
    )
    return " ".join(str(text).split())


async def usable(control: Locator) -> bool:
    """Shown and enabled: what a person could click now (a page element that is no form
    control, like a dialog, counts as enabled)."""
    try:
        return await control.is_visible() and await control.is_enabled()
    except PlaywrightError:
        return False


async def find_next(target: Page | Frame, hints: FormHints) -> Locator | None:
    """The visible control that moves to the next step, or None on the last (or only) step."""
    candidates = [target.locator(selector) for selector in hints.next]
    candidates.append(target.get_by_role("button", name=_NEXT_WORDS))
    for found in candidates:
        for i in range(await found.count()):
            control = found.nth(i)
            if not await usable(control):
                continue
            label = await _label(control)
            if label and not _FINAL_WORDS.search(label):
                return control
    return None


async def step_title(target: Page | Frame, hints: FormHints) -> str | None:
    """The current step's name as the page shows it (None: the page names no step)."""
    if not hints.step_title:
        return None
    shown = target.locator(hints.step_title).first
    try:
        if await shown.count():
            return " ".join((await shown.inner_text()).split()) or None
    except PlaywrightError:
        pass
    return None


@dataclass(frozen=True)
class _Snapshot:
    marked: bool
    """Still the document that was marked before the click (no navigation since)."""
    ready: bool
    keys: str
    errors: list[str]
    fresh: list[str]
    """Errors shown since the click (the elements were not there before it)."""
    confirmed: bool


async def _snapshot(
    target: Page | Frame, mark: str, *, after: _Snapshot | None = None, wait: bool = False
) -> _Snapshot | None:
    """The page now, or (``wait``) once it shows something new (other fields than ``after``'s)
    or after `LOOK_MS`; None while the page is navigating."""
    keys = after.keys if after is not None else None
    args = [mark, ERRORS, list(CONFIRMATION_TEXT), keys, LOOK_MS if wait else 0]
    try:
        raw = await target.evaluate(_SNAPSHOT, args)
    except PlaywrightError:
        return None
    return _Snapshot(
        bool(raw["marked"]),
        bool(raw["ready"]),
        str(raw["keys"]),
        [str(e) for e in raw["errors"]],
        [str(e) for e in raw["fresh"]],
        bool(raw["confirmed"]),
    )


async def advance(page: Page, locate: Callable[[Page], Page | Frame], control: Locator) -> Advance:
    """Click ``control`` and wait until the page moved on, refused the step, or gave up.

    ``locate`` finds the frame holding the form again, since a navigation replaces it. Errors
    already on the page before the click (a refused earlier try) only count as the answer when
    shown anew, or when they stay for `SETTLE_S` with nothing else happening.
    """
    mark = str(time.monotonic_ns())
    target = locate(page)
    await target.evaluate(_MARK, [mark, ERRORS])
    before = await _snapshot(target, mark)
    await control.click()
    clicked = time.monotonic()
    while time.monotonic() - clicked < STEP_TIMEOUT_S:
        now = await _snapshot(locate(page), mark, after=before, wait=True)
        if now is None or not now.ready:
            await asyncio.sleep(0.02)
            continue
        if not now.marked:
            await page.wait_for_load_state("domcontentloaded")
            if now.confirmed:
                return Advance("sent", new_document=True)
            if now.errors:
                return Advance("refused", now.errors, new_document=True)
            return Advance("moved", new_document=True)
        if now.fresh:
            return Advance("refused", now.errors)
        if before is not None and now.keys != before.keys:
            return Advance("sent") if now.confirmed else Advance("moved")
        if now.errors and time.monotonic() - clicked > SETTLE_S:
            return Advance("refused", now.errors)
    return Advance("stuck")


async def field_errors(target: Page | Frame) -> dict[str, str]:
    """Field key → the message the page shows for it ("" when only marked invalid)."""
    try:
        found: dict[str, str] = await target.evaluate(_FIELD_ERRORS, ERRORS)
    except PlaywrightError:
        return {}
    return found
