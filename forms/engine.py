"""An application in Chromium: open the form, read every field (comboboxes' menus included),
answer each from the candidate file and the screening-answer service, fill it as a person
would, keep a full-page screenshot, and report every value with its source.

A multi-step form (Workday's pages, a "Next"/"Continue" wizard) is filled step by step: each
visible step is filled, its "Next" clicked, and the errors the page shows are read back; a
step refused once is filled again and retried once (the platform may have dropped a value, or
refuse a first try), then reported. The walk stops at the step whose control sends the
application. A sign-in wall is passed only with the user's stored sign-in for that host, on
platforms whose knowledge says how (forms/signin.py); otherwise it is the person's step.

The only code path that clicks a submit control runs inside a ``Submitter``: the
exactly-once claim of forms/submit.py. Without one, nothing is ever submitted; a dry run
walks every step but never clicks the last one.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Frame, Page

from adapters.browser import BrowserPool
from adapters.form_hints import FormHints
from adapters.ssrf import BlockedUrl, SsrfGuard
from core.config import Settings
from db.enums import ApplicationStatus
from forms.blockers import blockers, expired, probe
from forms.credentials import credentials_for
from forms.filling import Answering, answer_step, fill_step, refill
from forms.mapping import Documents
from forms.model import NEEDS_HUMAN, ApplyReport, FormField
from forms.platforms import detect_platform, form_frame, hints_for, platform_of_page
from forms.reader import read_fields
from forms.sending import send
from forms.signin import sign_in
from forms.steps import (
    MAX_STEPS,
    Advance,
    advance,
    field_errors,
    find_next,
    step_title,
    usable,
)
from forms.submit import Sent, SubmitResult
from forms.waiting import WAIT_FOR
from resumes.answers import Answerer
from resumes.candidate import Candidate
from resumes.target import JobTarget

__all__ = ["Submitter", "apply_form", "detect_platform"]

Submitter = Callable[[Callable[[], Awaitable[Sent]]], Awaitable[SubmitResult]]
"""Wraps the click in the exactly-once claim: ``submit_once`` bound to one application."""

OPEN_TIMEOUT_S = 10.0
"""How long a clicked "Easy Apply" may take to open its dialog or page."""
_OPENED = f"""
([scope, waitMs]) => {{
  const shown = (el) =>
    el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const opened = () => (!!scope && [...document.querySelectorAll(scope)].some(shown))
    || !!document.querySelector('input[type=password]');
  return ({WAIT_FOR})(opened, Boolean, waitMs);
}}
"""
"""Waits in the page (up to ``waitMs``) until the application's dialog or a sign-in shows."""
OPEN_LOOK_MS = 250

APPLY_LINK_JS = """() => {
  const code = document.querySelector("code#applyUrl");
  const kept = code && code.innerHTML.match(/<!--\\s*"?(https?:[^"]*?)"?\\s*-->/);
  if (kept) return new URL(kept[1].replaceAll("&amp;", "&"), location.href).href;
  const said = (a) => `${a.textContent || ""} ${a.getAttribute("aria-label") || ""}`;
  const link = [...document.querySelectorAll("a[href]")].find(
    (a) => /\\bapply\\b/i.test(said(a)) && /^https?:/.test(a.href));
  return link ? link.href : null;
}"""


async def _blockers(target: Page | Frame, page: Page, fields: int) -> list[str]:
    found = blockers(await probe(target), fields=fields)
    if target is not page and not any(b.startswith("captcha") for b in found):
        found += [b for b in blockers(await probe(page), fields=fields) if b.startswith("captcha")]
    return found


async def _look(page: Page, scope: str | None) -> tuple[list[FormField], list[str]]:
    """The form's fields (within ``scope``, when it opens in a dialog) and what blocks the page,
    each blocker once, as the page stands now."""
    target = form_frame(page)
    read = await read_fields(target, scope)
    return read, list(dict.fromkeys(await _blockers(target, page, len(read))))


@dataclass
class _Clock:
    """Where the time of one application went, in seconds (reported as timings_ms)."""

    started: float = field(default_factory=time.perf_counter)
    spent: dict[str, float] = field(default_factory=dict)
    mark: float = 0.0

    def __post_init__(self) -> None:
        self.mark = self.started

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.spent[name] = self.spent.get(name, 0.0) + now - self.mark
        self.mark = now

    def timings(self) -> dict[str, int]:
        self.lap("submit")
        spent = {k: int(self.spent.get(k, 0.0) * 1000) for k in ("load", "read", "fill")}
        spent["screenshot"] = int(self.spent.get("screenshot", 0.0) * 1000)
        spent["submit"] = int(self.spent["submit"] * 1000)
        spent["total"] = int((time.perf_counter() - self.started) * 1000)
        return spent


@dataclass
class _Walk:
    """Where a walk through the form's steps ended."""

    fields: list[FormField] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    shots: list[str] = field(default_factory=list)
    stopped: str | None = None
    """Why the walk ended before the last step (needs a person), if it did."""
    sent: bool = False
    """A "Next" click turned out to send the application (the page confirms it)."""


async def _walk(
    page: Page,
    read: list[FormField],
    found: list[str],
    answering: Answering,
    hints: FormHints,
    screenshots: Path,
    clock: _Clock,
) -> tuple[_Walk, list[str]]:
    """Fill each step and move on, until the step that sends the application (or a stop).

    Returns the walk and the blockers of the page it ended on.
    """
    walk = _Walk()
    for step in range(1, MAX_STEPS + 1):
        target = form_frame(page)
        fields = await answer_step(read, answering, step)
        clock.lap("read")
        fields = await fill_step(target, fields, answering)
        clock.lap("fill")
        unfilled = [f.name for f in fields if f.required and f.value is None]
        nxt = None if unfilled or found else await find_next(target, hints)
        title = await step_title(target, hints)
        if nxt is None:
            walk.fields += fields
            if walk.titles or title:
                walk.titles.append(title or f"Step {step}")
            if unfilled and walk.titles:
                walk.stopped = f"on the {walk.titles[-1]!r} step, " + _why_human(
                    unfilled, [], hints
                )
            return walk, found
        walk.titles.append(title or f"Step {step}")
        walk.shots.append(await _screenshot(page, screenshots / f"step-{step}.jpg", clock))
        moved = await advance(page, form_frame, nxt)
        if moved.outcome == "refused":
            fields = await refill(form_frame(page), fields, answering.documents, moved.new_document)
            retry = await find_next(form_frame(page), hints)
            moved = await advance(page, form_frame, retry) if retry else moved
        clock.lap("load")
        walk.fields += fields
        if moved.outcome != "moved":
            walk.sent = moved.outcome == "sent"
            walk.stopped = await _refused_step(page, walk, moved)
            return walk, found
        read, found = await _look(page, hints.scope)
    walk.stopped = f"the form has more than {MAX_STEPS} steps; finish it yourself"
    return walk, found


async def _refused_step(page: Page, walk: _Walk, moved: Advance) -> str:
    """Why the walk stopped after a "Next" click, with the page's errors on their fields."""
    title = walk.titles[-1]
    if moved.outcome == "sent":
        return (
            f"clicking 'Next' on the {title!r} step sent the application (the page confirms "
            "it); check the platform"
        )
    if moved.outcome == "stuck":
        return f"the {title!r} step did not move on after 'Next'; finish it yourself"
    flagged = await field_errors(form_frame(page))
    for i, field_ in enumerate(walk.fields):
        if field_.step == len(walk.titles) and field_.name in flagged:
            said = flagged[field_.name] or "the form marks it invalid"
            walk.fields[i] = field_.model_copy(update={"note": f"the form says: {said}"})
    shown = "; ".join(dict.fromkeys(moved.errors[:5]))
    return f"the {title!r} step was refused twice; the form shows: {shown}"


async def _screenshot(page: Page, path: Path, clock: _Clock) -> str:
    await asyncio.to_thread(path.parent.mkdir, parents=True, exist_ok=True)
    await page.screenshot(path=str(path), full_page=True, type="jpeg", quality=70)
    clock.lap("screenshot")
    return str(path)


async def apply_form(
    settings: Settings,
    url: str,
    candidate: Candidate,
    documents: Documents,
    *,
    platform: str | None = None,
    screenshots: Path,
    trusted_hosts: Iterable[str] = (),
    answerer: Answerer | None = None,
    job: JobTarget | None = None,
    submitter: Submitter | None = None,
    pool: BrowserPool | None = None,
    reviewed: Mapping[str, FormField] | None = None,
) -> ApplyReport:
    """Fill the form at ``url``; submit it through ``submitter`` only when given and complete.

    ``reviewed`` holds the values a person approved (by field name, from an earlier dry run,
    possibly edited): they are filled as they are, so what is sent is what was shown.

    ``pool`` is a warm, shared browser (one context per application); without one, a
    browser is started for this application alone.

    Without a submitter this is a dry run. With one, the click happens inside it (the
    exactly-once claim), and only when every required field is filled and nothing blocks.
    """
    clock = _Clock()
    report = ApplyReport(platform=platform or detect_platform(url), url=url, status="failed")
    guard = SsrfGuard([*settings.http_allow_hosts, *trusted_hosts])
    try:
        await guard.check(url)
    except BlockedUrl as exc:
        return report.model_copy(update={"reason": exc.message})
    answering = Answering(
        candidate, documents, answerer or Answerer(candidate), job, reviewed or {}
    )
    async with AsyncExitStack() as stack:
        if pool is None:
            pool = await stack.enter_async_context(
                BrowserPool(settings, guard=guard, concurrency=1)
            )
        page = await stack.enter_async_context(pool.page())
        for hop in range(2):
            try:
                response = await page.goto(
                    url, wait_until="domcontentloaded", timeout=settings.http_timeout_s * 1000
                )
            except PlaywrightError as exc:
                return report.model_copy(
                    update={"reason": f"could not open {url}: {str(exc).splitlines()[0]}"}
                )
            clock.lap("load")
            body = page.locator("body")
            text = (await page.inner_text("body")).lower() if await body.count() else ""
            if expired(response.status if response is not None else None, text):
                status = response.status if response is not None else "?"
                return report.model_copy(
                    update={"status": "expired", "reason": f"the posting is gone (HTTP {status})"}
                )
            target = form_frame(page)
            if platform is None and report.platform == "generic":
                found_on_page = await platform_of_page(target)
                if found_on_page:
                    report = report.model_copy(update={"platform": found_on_page})
            read, report.blockers[:] = await _look(page, hints_for(report.platform).scope)
            link = None if read or report.blockers or hop else await _apply_link(page, guard)
            if link is None:
                break
            url = link
            report = report.model_copy(
                update={"url": url, "platform": platform or detect_platform(url)}
            )
        hints = hints_for(report.platform)
        if not read and not report.blockers and await _open(page, hints, guard):
            clock.lap("load")
            read, report.blockers[:] = await _look(page, hints.scope)
        if report.blockers == ["login"] and hints.sign_in is not None:
            host = urlsplit(page.url).netloc
            credentials = credentials_for(settings, report.platform, host)
            if credentials is not None:
                failed = await sign_in(page, hints.sign_in, credentials)
                if failed is not None:
                    shot = await _screenshot(page, screenshots / "form-filled.jpg", clock)
                    reason = f"signing in to {host} with your stored sign-in failed: {failed}"
                    return report.model_copy(
                        update={
                            "status": NEEDS_HUMAN,
                            "reason": reason,
                            "evidence": {"screenshots": [shot], "html": None},
                            "timings_ms": clock.timings(),
                        }
                    )
                read, report.blockers[:] = await _look(page, hints.scope)
        if "login" in report.blockers:
            read = []  # a sign-in form is no part of the application, and holds no answers
        if not read and not report.blockers and not await find_next(form_frame(page), hints):
            return report.model_copy(update={"reason": "the page has no application form"})
        walk, found = await _walk(page, read, report.blockers, answering, hints, screenshots, clock)
        report.blockers[:] = dict.fromkeys(found)
        shot = await _screenshot(page, screenshots / "form-filled.jpg", clock)
        unfilled = [f.name for f in walk.fields if f.required and f.value is None]
        report = report.model_copy(
            update={
                "fields": walk.fields,
                "steps": walk.titles,
                "unfilled_required": unfilled,
                "evidence": {"screenshots": [*walk.shots, shot], "html": None},
            }
        )
        if walk.sent:
            report = report.model_copy(update={"status": "needs_review", "reason": walk.stopped})
        elif walk.stopped:
            report = report.model_copy(update={"status": NEEDS_HUMAN, "reason": walk.stopped})
        elif unfilled or report.blockers:
            report = report.model_copy(
                update={
                    "status": NEEDS_HUMAN,
                    "reason": _why_human(unfilled, report.blockers, hints),
                }
            )
        elif submitter is None:
            report = report.model_copy(update={"status": "filled"})
        else:
            target = form_frame(page)
            result = await submitter(lambda: send(page, target, screenshots, hints))
            report = _settled(report, result)
    return report.model_copy(update={"timings_ms": clock.timings()})


async def _open(page: Page, hints: FormHints, guard: SsrfGuard) -> bool:
    """Click the job page's own "Easy Apply" / "Apply now" control once, as a person would.

    True once something opened: the application's dialog, a page it navigated to, a new tab
    (followed in this page, through the SSRF guard), or a sign-in dialog (a blocker to report).
    """
    for selector in hints.opener:
        control = page.locator(selector).first
        if await control.count() and await usable(control):
            break
    else:
        return False
    before, tabs = page.url, len(page.context.pages)
    await control.click()
    deadline = time.monotonic() + OPEN_TIMEOUT_S
    while time.monotonic() < deadline:
        if len(page.context.pages) > tabs:
            tab = page.context.pages[-1]
            await tab.wait_for_load_state("domcontentloaded")
            url = tab.url
            await tab.close()
            try:
                await guard.check(url)
            except BlockedUrl:
                return False
            await page.goto(url, wait_until="domcontentloaded")
            return True
        if page.url != before:
            await page.wait_for_load_state("domcontentloaded")
            return True
        try:
            if await page.evaluate(_OPENED, [hints.scope, OPEN_LOOK_MS]):
                return True
        except PlaywrightError:
            await asyncio.sleep(0.02)  # the page is navigating
    return False


async def _apply_link(page: Page, guard: SsrfGuard) -> str | None:
    """A job board's page with no form: where its "Apply" link leads, if the guard allows it.

    Aggregators (Remotive, RemoteOK, a careers page) send applicants on to the ATS; a person
    would click through once, and so do we, never further. LinkedIn's logged-out page keeps
    that address in a hidden ``code#applyUrl`` (its "Apply" button only opens a sign-in), and
    it is read there first.
    """
    href = await page.evaluate(APPLY_LINK_JS)
    if not isinstance(href, str) or href == page.url:
        return None
    try:
        await guard.check(href)
    except BlockedUrl:
        return None
    return href


def _why_human(unfilled: list[str], blockers: list[str], hints: FormHints) -> str:
    parts = []
    if unfilled:
        parts.append(f"{len(unfilled)} required field(s) need your answer: {', '.join(unfilled)}")
    if any(b.startswith("captcha") for b in blockers):
        parts.append("the page shows a CAPTCHA; finish it yourself in a headed browser")
    if "login" in blockers:
        parts.append(hints.session or "the page asks you to sign in or create an account first")
    if "verification_code" in blockers:
        parts.append("the page asks for a verification code sent to you")
    return "; ".join(parts)


def _settled(report: ApplyReport, result: SubmitResult) -> ApplyReport:
    sent = result.sent
    evidence = dict(report.evidence)
    if sent is not None:
        evidence["screenshots"] = [
            *(report.evidence.get("screenshots") or []),
            *sent.evidence.get("screenshots", []),
        ]
        evidence["html"] = sent.evidence.get("html")
    statuses: dict[str, str] = {
        ApplicationStatus.SUBMITTED.value: "submitted",
        ApplicationStatus.NEEDS_HUMAN.value: NEEDS_HUMAN,
        ApplicationStatus.NEEDS_REVIEW.value: "needs_review",
    }
    status = statuses.get(str(result.status), "refused")
    return report.model_copy(
        update={
            "status": status,
            "reason": result.reason,
            "submitted": result.status is ApplicationStatus.SUBMITTED,
            "confirmation": sent.confirmation if sent is not None else {},
            "evidence": evidence,
        }
    )
