"""What stops an application cleanly: CAPTCHAs, login walls, verification codes, a closed posting.

Each is recognised from the page as it stands, never worked around: the report says which
blocker it is and the person finishes that step in a headed browser.
"""

from __future__ import annotations

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


async def captcha(target: Page | Frame) -> str | None:
    """The CAPTCHA the page shows, by name; an invisible one counts only once it challenges."""
    for name, selector in _CAPTCHAS.items():
        found = target.locator(selector)
        for i in range(await found.count()):
            element = found.nth(i)
            if await element.get_attribute("data-size") == "invisible":
                continue
            if await element.is_visible():
                return name
    return None


async def login_wall(target: Page | Frame, *, fields: int) -> bool:
    """A password box with (almost) nothing else to fill: sign-in or account creation."""
    passwords = await target.locator("input[type=password]").count()
    return passwords > 0 and fields <= 3


def verification(text: str) -> bool:
    return any(marker in text for marker in _VERIFICATION)


def expired(status: int | None, text: str) -> bool:
    return status in (404, 410) or any(marker in text for marker in EXPIRED_TEXT)
