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
from forms.blockers import blockers, captcha, expired, probe
from forms.credentials import credentials_for
from forms.mapping import Documents, document_for, map_field, question_of
from forms.model import NEEDS_HUMAN, PREFILLED, ApplyReport, FormField
from forms.platforms import detect_platform, hints_for, platform_of_page
from forms.reader import read_fields
from forms.signin import sign_in
from forms.steps import (
    CONFIRMATION_TEXT,
    ERRORS,
    MAX_STEPS,
    Advance,
    advance,
    field_errors,
    find_next,
    step_title,
)
from forms.submit import Sent, SubmitResult
from forms.widgets import FillError, fill_field, pick_in_combobox
from resumes.answers import Answerer, choose_option
from resumes.candidate import Candidate
from resumes.target import JobTarget

EMBEDDED_FORMS = ("greenhouse.io/embed/job_app",)

__all__ = ["Submitter", "apply_form", "detect_platform"]


def _form_frame(page: Page) -> Page | Frame:
    """The frame holding the form: a careers page may embed a Greenhouse form in an iframe."""
    for frame in page.frames:
        if any(marker in frame.url for marker in EMBEDDED_FORMS):
            return frame
    return page


Submitter = Callable[[Callable[[], Awaitable[Sent]]], Awaitable[SubmitResult]]
"""Wraps the click in the exactly-once claim: ``submit_once`` bound to one application."""

SUBMIT_CONTROLS = (
    "#btn-submit",
    "#submit_app",
    "button[type=submit]",
    "input[type=submit]",
    "button:has-text('Submit application')",
    "button:has-text('Submit')",
)
CONFIRM_TIMEOUT_S = 30.0
APPLY_LINK_JS = """() => {
  const said = (a) => `${a.textContent || ""} ${a.getAttribute("aria-label") || ""}`;
  const link = [...document.querySelectorAll("a[href]")].find(
    (a) => /\\bapply\\b/i.test(said(a)) && /^https?:/.test(a.href));
  return link ? link.href : null;
}"""


async def _choose(
    target: Page | Frame,
    field: FormField,
    answerer: Answerer,
    job: JobTarget | None,
    *,
    reviewed: bool = False,
) -> FormField:
    """A combobox answered without its options: open its menu, fit the answer, click it.

    Its options exist only while the menu is open, so the answer (e.g. "decline", "Yes") is
    fitted to the form's own wording here, by the same rules as any other options. A
    ``reviewed`` value is the option the person approved, picked as it is.
    """
    fitted: list[FormField] = []

    def decide(options: list[str]) -> str | None:
        with_options = field.model_copy(update={"options": options})
        if reviewed and isinstance(field.value, str):
            choice = choose_option(field.value, options)
            if choice is None or choice not in options:
                note = f"the reviewed value {field.value!r} is not among its options"
                fitted.append(with_options.model_copy(update={"note": note}))
                return None
            fitted.append(with_options.model_copy(update={"value": choice}))
            return choice
        answer = answerer.answer(question_of(with_options), job)
        if answer.needs_human or answer.answer not in options:
            fitted.append(with_options.model_copy(update={"note": answer.detail}))
            return None
        fitted.append(with_options.model_copy(update={"value": answer.answer}))
        return answer.answer

    try:
        options, choice = await pick_in_combobox(target, field.name, decide)
    except PlaywrightError as exc:
        options, choice = [], None
        fitted.append(field.model_copy(update={"note": f"could not fill: {exc}".splitlines()[0]}))
    if choice is not None:
        return fitted[-1]
    note = fitted[-1].note if fitted else "its menu did not open, so no option can be chosen"
    return field.model_copy(
        update={
            "options": options,
            "value": None,
            "source": NEEDS_HUMAN if field.required else None,
            "note": note,
        }
    )


async def _answer_open_questions(
    fields: list[FormField], answerer: Answerer, job: JobTarget | None
) -> list[FormField]:
    """Free-text questions nothing else answered go to the model in one call, when there is one."""
    if answerer.tailor.llm is None:
        return fields
    open_ = [i for i, f in enumerate(fields) if f.value is None and f.type in ("textarea", "text")]
    open_ = [i for i in open_ if fields[i].label != fields[i].name]
    if not open_:
        return fields
    answers = await answerer.answer_all([question_of(fields[i]) for i in open_], job)
    for i, answer in zip(open_, answers, strict=True):
        if answer.source == "llm" and answer.answer:
            fields[i] = fields[i].model_copy(
                update={"value": answer.answer, "source": f"llm: {answer.detail}", "note": None}
            )
    return fields


async def _blockers(target: Page | Frame, page: Page, fields: int) -> list[str]:
    found = blockers(await probe(target), fields=fields)
    if target is not page and not any(b.startswith("captcha") for b in found):
        found += [b for b in blockers(await probe(page), fields=fields) if b.startswith("captcha")]
    return found


async def _send(page: Page, target: Page | Frame, evidence_dir: Path, hints: FormHints) -> Sent:
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
    frame = _form_frame(page)
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
class _Answering:
    """Everything that answers a field, fixed for one application."""

    candidate: Candidate
    documents: Documents
    answerer: Answerer
    job: JobTarget | None
    reviewed: Mapping[str, FormField]


async def _fill_step(
    target: Page | Frame, read: list[FormField], answering: _Answering, step: int, clock: _Clock
) -> list[FormField]:
    """Answer and fill the fields of the step on screen; each comes back with its value."""
    a = answering
    fields = [map_field(f, a.candidate, a.documents, a.answerer, a.job) for f in read]
    fields = await _answer_open_questions(fields, a.answerer, a.job)
    fields = [_with_reviewed(f, a.reviewed).model_copy(update={"step": step}) for f in fields]
    clock.lap("read")
    files = _files(fields, a.documents)
    for i, field_ in enumerate(fields):
        if field_.value is None or field_.source in (NEEDS_HUMAN, PREFILLED):
            continue
        if field_.type == "combobox" and isinstance(field_.value, str) and not field_.options:
            fields[i] = await _choose(
                target, field_, a.answerer, a.job, reviewed=field_.name in a.reviewed
            )
            continue
        fields[i] = await _fill_one(target, field_, files)
    clock.lap("fill")
    return fields


def _files(fields: list[FormField], documents: Documents) -> dict[str, str]:
    return {
        f.name: str(document[0])
        for f in fields
        if f.type == "file" and (document := document_for(f, documents))
    }


async def _fill_one(target: Page | Frame, field_: FormField, files: dict[str, str]) -> FormField:
    """The field as filled, or emptied with the reason the control refused its value."""
    try:
        await fill_field(target, field_, files)
    except (FillError, PlaywrightError) as exc:
        return field_.model_copy(
            update={
                "value": None,
                "source": NEEDS_HUMAN if field_.required else None,
                "note": f"could not fill: {str(exc).splitlines()[0]}",
            }
        )
    return field_


async def _refill(
    page: Page, step_fields: list[FormField], documents: Documents, everything: bool
) -> list[FormField]:
    """After a refused step: put the step's answers back where the page shows errors (all of
    them when the step came back as a new page, which loses attached files)."""
    target = _form_frame(page)
    flagged = await field_errors(target)
    files = _files(step_fields, documents)
    refilled = []
    for field_ in step_fields:
        wanted = everything or not flagged or field_.name in flagged
        if wanted and field_.value is not None and field_.source != NEEDS_HUMAN:
            field_ = await _fill_one(target, field_, files)
        refilled.append(field_)
    return refilled


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
    answering: _Answering,
    hints: FormHints,
    screenshots: Path,
    clock: _Clock,
) -> tuple[_Walk, list[str]]:
    """Fill each step and move on, until the step that sends the application (or a stop).

    Returns the walk and the blockers of the page it ended on.
    """
    walk = _Walk()
    for step in range(1, MAX_STEPS + 1):
        target = _form_frame(page)
        fields = await _fill_step(target, read, answering, step, clock)
        unfilled = [f.name for f in fields if f.required and f.value is None]
        nxt = None if unfilled or found else await find_next(target, hints)
        title = await step_title(target, hints)
        if nxt is None:
            walk.fields += fields
            if walk.titles or title:
                walk.titles.append(title or f"Step {step}")
            if unfilled and walk.titles:
                walk.stopped = f"on the {walk.titles[-1]!r} step, " + _why_human(unfilled, [])
            return walk, found
        walk.titles.append(title or f"Step {step}")
        walk.shots.append(await _screenshot(page, screenshots / f"step-{step}.jpg", clock))
        moved = await advance(page, _form_frame, nxt)
        if moved.outcome == "refused":
            fields = await _refill(page, fields, answering.documents, moved.new_document)
            retry = await find_next(_form_frame(page), hints)
            moved = await advance(page, _form_frame, retry) if retry else moved
        clock.lap("load")
        walk.fields += fields
        if moved.outcome != "moved":
            walk.sent = moved.outcome == "sent"
            walk.stopped = await _refused_step(page, walk, moved)
            return walk, found
        read = await read_fields(_form_frame(page))
        found = await _blockers(_form_frame(page), page, len(read))
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
    flagged = await field_errors(_form_frame(page))
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
    answering = _Answering(
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
            target = _form_frame(page)
            if platform is None and report.platform == "generic":
                found_on_page = await platform_of_page(target)
                if found_on_page:
                    report = report.model_copy(update={"platform": found_on_page})
            read = await read_fields(target)
            report.blockers[:] = dict.fromkeys(await _blockers(target, page, len(read)))
            link = None if read or report.blockers or hop else await _apply_link(page, guard)
            if link is None:
                break
            url = link
            report = report.model_copy(
                update={"url": url, "platform": platform or detect_platform(url)}
            )
        hints = hints_for(report.platform)
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
                read = await read_fields(_form_frame(page))
                report.blockers[:] = dict.fromkeys(
                    await _blockers(_form_frame(page), page, len(read))
                )
        if "login" in report.blockers:
            read = []  # a sign-in form is no part of the application, and holds no answers
        if not read and not report.blockers and not await find_next(_form_frame(page), hints):
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
                update={"status": NEEDS_HUMAN, "reason": _why_human(unfilled, report.blockers)}
            )
        elif submitter is None:
            report = report.model_copy(update={"status": "filled"})
        else:
            target = _form_frame(page)
            result = await submitter(lambda: _send(page, target, screenshots, hints))
            report = _settled(report, result)
    return report.model_copy(update={"timings_ms": clock.timings()})


def _with_reviewed(field: FormField, reviewed: Mapping[str, FormField] | None) -> FormField:
    """The field carrying its reviewed value and source, when the person saw one for it."""
    seen = (reviewed or {}).get(field.name)
    if seen is None or seen.value is None or field.type == "file":
        return field
    return field.model_copy(update={"value": seen.value, "source": seen.source, "note": seen.note})


async def _apply_link(page: Page, guard: SsrfGuard) -> str | None:
    """A job board's page with no form: where its "Apply" link leads, if the guard allows it.

    Aggregators (Remotive, RemoteOK, a careers page) send applicants on to the ATS; a person
    would click through once, and so do we, never further.
    """
    href = await page.evaluate(APPLY_LINK_JS)
    if not isinstance(href, str) or href == page.url:
        return None
    try:
        await guard.check(href)
    except BlockedUrl:
        return None
    return href


def _why_human(unfilled: list[str], blockers: list[str]) -> str:
    parts = []
    if unfilled:
        parts.append(f"{len(unfilled)} required field(s) need your answer: {', '.join(unfilled)}")
    if any(b.startswith("captcha") for b in blockers):
        parts.append("the page shows a CAPTCHA; finish it yourself in a headed browser")
    if "login" in blockers:
        parts.append("the page asks you to sign in or create an account first")
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
