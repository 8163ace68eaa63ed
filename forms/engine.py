"""An application in Chromium: open the form, read every field (comboboxes' menus included),
answer each from the candidate file and the screening-answer service, fill it as a person
would, keep a full-page screenshot, and report every value with its source.

The only code path that clicks a submit control runs inside a ``Submitter``: the
exactly-once claim of forms/submit.py. Without one, nothing is ever submitted.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from contextlib import AsyncExitStack
from pathlib import Path
from urllib.parse import urlsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Frame, Page

from adapters.browser import BrowserPool
from adapters.ssrf import BlockedUrl, SsrfGuard
from core.config import Settings
from db.enums import ApplicationStatus
from forms.blockers import blockers, captcha, expired, probe
from forms.mapping import Documents, document_for, map_field, question_of
from forms.model import NEEDS_HUMAN, ApplyReport, FormField
from forms.reader import read_fields
from forms.submit import Sent, SubmitResult
from forms.widgets import FillError, fill_field, pick_in_combobox
from resumes.answers import Answerer, choose_option
from resumes.candidate import Candidate
from resumes.target import JobTarget

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
CONFIRMATION_TEXT = (
    "thank you for applying",
    "thanks for applying",
    "application has been submitted",
    "application was submitted",
    "we have received your application",
    "application received",
)
ERRORS = "[aria-invalid=true], .helper-text--error, .error-message, .field-error, [role=alert]"
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


async def _send(page: Page, target: Page | Frame, evidence_dir: Path) -> Sent:
    """Click the page's own submit control, then read what the page says happened."""
    for selector in SUBMIT_CONTROLS:
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
    started = time.perf_counter()
    report = ApplyReport(platform=platform or detect_platform(url), url=url, status="failed")
    guard = SsrfGuard([*settings.http_allow_hosts, *trusted_hosts])
    try:
        await guard.check(url)
    except BlockedUrl as exc:
        return report.model_copy(update={"reason": exc.message})
    answerer = answerer or Answerer(candidate)
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
            loaded = time.perf_counter()
            body = page.locator("body")
            text = (await page.inner_text("body")).lower() if await body.count() else ""
            if expired(response.status if response is not None else None, text):
                status = response.status if response is not None else "?"
                return report.model_copy(
                    update={"status": "expired", "reason": f"the posting is gone (HTTP {status})"}
                )
            target = _form_frame(page)
            fields = [
                map_field(f, candidate, documents, answerer, job) for f in await read_fields(target)
            ]
            report.blockers[:] = dict.fromkeys(await _blockers(target, page, len(fields)))
            link = None if fields or report.blockers or hop else await _apply_link(page, guard)
            if link is None:
                break
            url = link
            report = report.model_copy(
                update={"url": url, "platform": platform or detect_platform(url)}
            )
        fields = await _answer_open_questions(fields, answerer, job)
        fields = [_with_reviewed(f, reviewed) for f in fields]
        read = time.perf_counter()
        if not fields and not report.blockers:
            return report.model_copy(update={"reason": "the page has no application form"})
        files = {
            f.name: str(document[0])
            for f in fields
            if f.type == "file" and (document := document_for(f, documents))
        }
        for i, field in enumerate(fields):
            if field.value is None or field.source == NEEDS_HUMAN:
                continue
            if field.type == "combobox" and isinstance(field.value, str) and not field.options:
                fields[i] = await _choose(
                    target, field, answerer, job, reviewed=field.name in (reviewed or {})
                )
                continue
            try:
                await fill_field(target, field, files)
            except (FillError, PlaywrightError) as exc:
                fields[i] = field.model_copy(
                    update={
                        "value": None,
                        "source": NEEDS_HUMAN if field.required else None,
                        "note": f"could not fill: {str(exc).splitlines()[0]}",
                    }
                )
        filled = time.perf_counter()
        await asyncio.to_thread(screenshots.mkdir, parents=True, exist_ok=True)
        shot = screenshots / "form-filled.jpg"
        await page.screenshot(path=str(shot), full_page=True, type="jpeg", quality=70)
        shot_taken = time.perf_counter()
        unfilled = [f.name for f in fields if f.required and f.value is None]
        report = report.model_copy(
            update={
                "fields": fields,
                "unfilled_required": unfilled,
                "evidence": {"screenshots": [str(shot)], "html": None},
            }
        )
        if unfilled or report.blockers:
            report = report.model_copy(
                update={"status": NEEDS_HUMAN, "reason": _why_human(unfilled, report.blockers)}
            )
        elif submitter is None:
            report = report.model_copy(update={"status": "filled"})
        else:
            result = await submitter(lambda: _send(page, target, screenshots))
            report = _settled(report, result)
    return report.model_copy(
        update={
            "timings_ms": {
                "load": int((loaded - started) * 1000),
                "read": int((read - loaded) * 1000),
                "fill": int((filled - read) * 1000),
                "screenshot": int((shot_taken - filled) * 1000),
                "submit": int((time.perf_counter() - shot_taken) * 1000),
                "total": int((time.perf_counter() - started) * 1000),
            }
        }
    )


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
