"""Which platform a form belongs to, where on the page it is, and what the engine knows of it.

The URL's host says it first. A form the host does not give away (a careers page on the
company's own domain, the sandbox on loopback) is recognised by its DOM fingerprint, for the
platforms whose knowledge module gives one (adapters/*_form.py). ``--platform`` wins over both.
"""

from __future__ import annotations

from typing import Final
from urllib.parse import urlsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Frame, Page

from adapters import (
    ashby_form,
    greenhouse_form,
    indeed_form,
    lever_form,
    linkedin_form,
    smartrecruiters_form,
    workday_form,
)
from adapters.form_hints import FormHints

HINTS: Final[dict[str, FormHints]] = {
    hints.platform: hints
    for hints in (
        greenhouse_form.HINTS,
        lever_form.HINTS,
        ashby_form.HINTS,
        smartrecruiters_form.HINTS,
        workday_form.HINTS,
        linkedin_form.HINTS,
        indeed_form.HINTS,
    )
}
GENERIC: Final = FormHints(platform="generic", hosts=(), fingerprint="")
EMBEDDED_FORMS: Final = ("greenhouse.io/embed/job_app",)
"""URLs of iframes that hold a platform's form inside a company's careers page."""


def detect_platform(url: str) -> str:
    """The platform a URL's host names, or "generic"."""
    host = (urlsplit(url).hostname or "").lower()
    for hints in HINTS.values():
        if hints.serves(host):
            return hints.platform
    return "generic"


def form_frame(page: Page) -> Page | Frame:
    """The frame holding the form: a careers page may embed a Greenhouse form in an iframe."""
    for frame in page.frames:
        if any(marker in frame.url for marker in EMBEDDED_FORMS):
            return frame
    return page


def hints_for(platform: str) -> FormHints:
    return HINTS.get(platform, GENERIC)


_FINGERPRINTS = """(pairs) => {
  const found = pairs.find(([, css]) => document.querySelector(css));
  return found ? found[0] : null;
}"""


async def platform_of_page(target: Page | Frame) -> str | None:
    """The platform whose fingerprint the page matches, if any (one look at the page)."""
    pairs = [[hints.platform, hints.fingerprint] for hints in HINTS.values()]
    try:
        found = await target.evaluate(_FINGERPRINTS, pairs)
    except PlaywrightError:
        return None
    return str(found) if found else None
