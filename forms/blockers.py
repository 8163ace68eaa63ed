"""What stops an application cleanly: CAPTCHAs, login walls, verification codes, a closed posting.

Each is recognised from the page as it stands, never worked around: the report says which
blocker it is and the person finishes that step in a headed browser.
"""

from __future__ import annotations

from dataclasses import dataclass

from playwright.async_api import Frame, Page

EXPIRED_TEXT = (
    "no longer accepting applications",
    "job is no longer available",
    "position has been filled",
    "this job has expired",
)

_CAPTCHAS = {
    "hcaptcha": ".h-captcha, iframe[src*='hcaptcha'], [data-hcaptcha-widget-id]",
    "recaptcha": ".g-recaptcha, iframe[src*='recaptcha']",
    "turnstile": (
        ".cf-turnstile, iframe[src*='challenges.cloudflare.com'], iframe[src*='turnstile']"
    ),
}
_VERIFICATION = ("verification code", "enter the code we sent", "verify your email")
_BOT_CHECK = ("just a moment...", "additional verification required", "attention required")

_PROBE = """
(captchas) => {
  const shown = (el) => !el.closest('[data-size="invisible"]')
    && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  let captcha = null;
  for (const [name, selector] of Object.entries(captchas)) {
    if ([...document.querySelectorAll(selector)].some(shown)) { captcha = name; break; }
  }
  return {
    captcha,
    passwords: document.querySelectorAll('input[type=password]').length,
    challenge: !!document.querySelector('#challenge-form'),
    title: document.title.toLowerCase(),
    text: (document.body ? document.body.innerText : '').toLowerCase().slice(0, 20000),
  };
}
"""


@dataclass(frozen=True)
class Probe:
    """What one look at the page finds: read in a single round trip to the browser."""

    captcha: str | None
    passwords: int
    challenge: bool
    title: str
    text: str


async def probe(target: Page | Frame) -> Probe:
    raw = await target.evaluate(_PROBE, _CAPTCHAS)
    return Probe(raw["captcha"], raw["passwords"], raw["challenge"], raw["title"], raw["text"])


async def captcha(target: Page | Frame) -> str | None:
    """The CAPTCHA the page shows, by name; an invisible one counts only once it challenges."""
    return (await probe(target)).captcha


def blockers(seen: Probe, *, fields: int) -> list[str]:
    """Every reason to hand this page to a person, from one probe of it."""
    found = []
    if seen.captcha:
        found.append(f"captcha:{seen.captcha}")
    elif seen.challenge or any(
        marker in seen.title or marker in seen.text[:500] for marker in _BOT_CHECK
    ):
        found.append("captcha:bot-check")
    if seen.passwords > 0 and fields <= 3:
        found.append("login")
    if any(marker in seen.text for marker in _VERIFICATION):
        found.append("verification_code")
    return found


def expired(status: int | None, text: str) -> bool:
    return status in (404, 410) or any(marker in text for marker in EXPIRED_TEXT)
