"""A dry run of an application: open the form in Chromium, fill what the candidate file
answers, keep a full-page screenshot, and report every field. Nothing is submitted.

Submitting needs the exactly-once claim on the application row (ready → submitting,
committed before the click); until that exists the engine has no code path that
clicks a submit control.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Frame, Page

from adapters.browser import BrowserPool
from adapters.embedded import bot_wall
from adapters.ssrf import BlockedUrl, SsrfGuard
from core.config import Settings
from forms.mapping import Documents, map_field
from forms.model import NEEDS_HUMAN, ApplyReport, FormField
from forms.reader import read_fields
from resumes.candidate import Candidate

EXPIRED_TEXT = (
    "no longer accepting applications",
    "job is no longer available",
    "position has been filled",
)
EMBEDDED_FORMS = ("greenhouse.io/embed/job_app",)


def detect_platform(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    for platform in (
        "greenhouse",
        "lever",
        "ashbyhq",
        "smartrecruiters",
        "myworkdayjobs",
        "linkedin",
        "indeed",
    ):
        if platform in host:
            return {"ashbyhq": "ashby", "myworkdayjobs": "workday"}.get(platform, platform)
    return "generic"


def _form_frame(page: Page) -> Page | Frame:
    """The frame holding the form: a careers page may embed a Greenhouse form in an iframe."""
    for frame in page.frames:
        if any(marker in frame.url for marker in EMBEDDED_FORMS):
            return frame
    return page


async def _fill(target: Page | Frame, field: FormField, documents: Documents) -> None:
    locator = target.locator(f'[name="{field.name}"], [id="{field.name}"]').first
    if field.type == "file":
        path = (
            documents.cover_letter
            if field.value == getattr(documents.cover_letter, "name", None)
            else documents.resume
        )
        if path is not None:
            await locator.set_input_files(str(path))
    elif isinstance(field.value, str):
        await locator.fill(field.value)


async def dry_run(
    settings: Settings,
    url: str,
    candidate: Candidate,
    documents: Documents,
    *,
    platform: str | None = None,
    screenshots: Path,
    trusted_hosts: Iterable[str] = (),
) -> ApplyReport:
    """Fill the form at ``url`` without submitting it; the report says what would be sent."""
    started = time.perf_counter()
    report = ApplyReport(platform=platform or detect_platform(url), url=url, status="failed")
    guard = SsrfGuard([*settings.http_allow_hosts, *trusted_hosts])
    try:
        await guard.check(url)
    except BlockedUrl as exc:
        return report.model_copy(update={"reason": exc.message})
    async with BrowserPool(settings, guard=guard, concurrency=1) as pool, pool.page() as page:
        try:
            response = await page.goto(
                url, wait_until="domcontentloaded", timeout=settings.http_timeout_s * 1000
            )
        except PlaywrightError as exc:
            return report.model_copy(
                update={"reason": f"could not open {url}: {str(exc).splitlines()[0]}"}
            )
        loaded = time.perf_counter()
        html = await page.content()
        text = (await page.inner_text("body")).lower() if await page.locator("body").count() else ""
        if (response is not None and response.status in (404, 410)) or any(
            t in text for t in EXPIRED_TEXT
        ):
            status = response.status if response is not None else "?"
            return report.model_copy(
                update={"status": "expired", "reason": f"the posting is gone (HTTP {status})"}
            )
        if bot_wall(html):
            report.blockers.append("captcha")
        target = _form_frame(page)
        fields = [map_field(f, candidate, documents) for f in await read_fields(target)]
        if not fields:
            return report.model_copy(update={"reason": "the page has no application form"})
        for field in fields:
            if field.value is not None and field.source != NEEDS_HUMAN:
                await _fill(target, field, documents)
        filled = time.perf_counter()
        await asyncio.to_thread(screenshots.mkdir, parents=True, exist_ok=True)
        shot = screenshots / "form-filled.png"
        await page.screenshot(path=str(shot), full_page=True)
    unfilled = [f.name for f in fields if f.required and f.value is None]
    needs_human = bool(unfilled or report.blockers)
    reason = None
    if needs_human:
        reason = "; ".join(
            part
            for part in (
                f"{len(unfilled)} required field(s) need your answer: {', '.join(unfilled)}"
                if unfilled
                else "",
                "the page shows a CAPTCHA; finish it yourself in a headed browser"
                if report.blockers
                else "",
            )
            if part
        )
    return report.model_copy(
        update={
            "status": NEEDS_HUMAN if needs_human else "filled",
            "reason": reason,
            "fields": fields,
            "unfilled_required": unfilled,
            "evidence": {"screenshots": [str(shot)], "html": None},
            "timings_ms": {
                "load": int((loaded - started) * 1000),
                "fill": int((filled - loaded) * 1000),
                "total": int((time.perf_counter() - started) * 1000),
            },
        }
    )
