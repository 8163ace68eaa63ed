"""Tailored resumes and cover letters as HTML, Markdown and PDF.

A resume is read by a parser before a person sees it, so the layout is one column
of real text under the headings parsers look for, in the order a recruiter reads.
The PDF is printed by the same Chromium the rest of the system drives, from HTML
that loads nothing: the content comes from the candidate file and from a model,
so the page runs no scripts and every network request it makes is refused.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape
from playwright.async_api import Browser, PdfMargins, Route, async_playwright

from adapters.browser import launch_chromium
from core.config import Settings
from core.errors import InputError
from core.files import write_bytes_atomic
from resumes.candidate import Basics, Location, Profile, parse_candidate

PAGE_FORMATS = ("Letter", "A4")
PDF_MARGIN: PdfMargins = {"top": "0.55in", "bottom": "0.55in", "left": "0.65in", "right": "0.65in"}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class LetterContent:
    """What a cover letter says; the letter's layout and greeting come from the template."""

    basics: Mapping[str, Any]
    company: str
    role: str
    paragraphs: Sequence[str]
    recipient: str | None = None
    date: datetime.date | None = None
    """The date line; today when not given."""


@dataclass(frozen=True)
class ContactItem:
    """One entry of the contact line: the text shown, and where it links, if anywhere."""

    text: str
    href: str | None = None


def resume_html(document: Mapping[str, Any]) -> str:
    """The resume as a self-contained HTML page, ready to print."""
    return _render("resume.html.j2", **_resume_context(document))


def resume_markdown(document: Mapping[str, Any]) -> str:
    """The same resume in Markdown, for review and for pasting into plain-text forms."""
    return _render("resume.md.j2", **_resume_context(document))


def cover_letter_html(letter: LetterContent) -> str:
    """The cover letter as a self-contained HTML page, ready to print."""
    return _render("cover_letter.html.j2", **_letter_context(letter))


def cover_letter_markdown(letter: LetterContent) -> str:
    """The cover letter in Markdown, for review and for text boxes on application forms."""
    return _render("cover_letter.md.j2", **_letter_context(letter))


async def html_to_pdf(
    html: str,
    out: Path,
    *,
    browser: Browser | None = None,
    settings: Settings | None = None,
    page_format: str = "Letter",
) -> Path:
    """Print ``html`` to ``out`` with headless Chromium.

    Callers rendering many documents pass one shared ``browser``; otherwise one is
    launched for this call and closed again.
    """
    page_format = _page_format(page_format)
    if browser is not None:
        pdf = await _print_pdf(browser, html, page_format)
    else:
        async with async_playwright() as playwright:
            own = await launch_chromium(playwright, settings or Settings())
            try:
                pdf = await _print_pdf(own, html, page_format)
            finally:
                await own.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(out, pdf)
    return out


def _page_format(name: str) -> str:
    for known in PAGE_FORMATS:
        if name.lower() == known.lower():
            return known
    raise InputError(f"page format {name!r} is not supported; use one of {', '.join(PAGE_FORMATS)}")


async def _print_pdf(browser: Browser, html: str, page_format: str) -> bytes:
    """A fresh context per document, so no state carries from one candidate's PDF to the next."""
    context = await browser.new_context(java_script_enabled=False, service_workers="block")
    try:
        await context.route("**/*", _refuse_request)
        page = await context.new_page()
        await page.set_content(html, wait_until="load")
        return await page.pdf(
            format=page_format, margin=PDF_MARGIN, print_background=True, tagged=True
        )
    finally:
        await context.close()


async def _refuse_request(route: Route) -> None:
    if route.request.url.startswith("data:"):
        await route.continue_()
    else:
        await route.abort("blockedbyclient")


@cache
def _environment(kind: str) -> Environment:
    """HTML autoescapes; Markdown escapes every value it prints except Markup (its autolinks)."""
    html = kind == "html"
    env = Environment(
        loader=PackageLoader("resumes", "templates"),
        autoescape=html,
        finalize=None if html else _markdown_escape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        dates=date_range,
        month=format_month,
        paragraphs=split_paragraphs,
        link=_html_link if html else _markdown_link,
    )
    return env


def _render(template: str, **context: Any) -> str:
    if template.endswith(".html.j2"):
        return _environment("html").get_template(template).render(**context)
    text = _environment("md").get_template(template).render(**context)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _resume_context(document: Mapping[str, Any]) -> dict[str, Any]:
    resume = parse_candidate(dict(document), source="resume document")
    return {"resume": resume, "contact": contact_lines(resume.basics)}


def _letter_context(letter: LetterContent) -> dict[str, Any]:
    basics = parse_candidate({"basics": dict(letter.basics)}, source="cover letter basics").basics
    date = letter.date or datetime.date.today()
    recipient = letter.recipient.strip() if letter.recipient else ""
    return {
        "basics": basics,
        "contact": contact_lines(basics, links=False),
        "company": letter.company,
        "role": letter.role,
        "paragraphs": [" ".join(p.split()) for p in letter.paragraphs if p.strip()],
        "recipient": recipient or "Hiring Team",
        "greeting": recipient or f"Hiring Team at {letter.company}",
        "date_line": f"{date:%B} {date.day}, {date.year}",
    }


def contact_lines(basics: Basics, *, links: bool = True) -> list[list[ContactItem]]:
    """Email, phone and place on one line, then (for a resume) web links, all as visible text."""
    personal = [ContactItem(basics.email, _safe_href(f"mailto:{basics.email}"))]
    if basics.phone:
        personal.append(ContactItem(basics.phone))
    place = format_location(basics.location)
    if place:
        personal.append(ContactItem(place))
    web = [_profile_item(profile) for profile in basics.profiles] if links else []
    if links and basics.url:
        web.insert(0, _link_item(basics.url))
    return [line for line in (personal, web) if line]


def _link_item(url: str) -> ContactItem:
    return ContactItem(short_url(url), _safe_href(url))


def _profile_item(profile: Profile) -> ContactItem:
    if profile.url:
        return _link_item(profile.url)
    return ContactItem(f"{profile.network}: {profile.username or ''}".rstrip(": "))


def _safe_href(url: str) -> str | None:
    """Only web and mail links become links; a ``javascript:`` URL stays visible text."""
    return url if _SAFE_URL.match(url) else None


def short_url(url: str) -> str:
    """The URL as people write it: no scheme, no ``www.``, no trailing slash."""
    return re.sub(r"^(https?://)?(www\.)?", "", url.strip(), flags=re.I).rstrip("/")


def format_location(location: Location | None) -> str:
    """City, region and country; a street address has no place on a resume sent to strangers."""
    if location is None:
        return ""
    parts = (location.city, location.region, location.countryCode)
    return ", ".join(part for part in parts if part)


def format_month(value: str | None) -> str:
    """A JSON Resume date as "Mar 2021" (or "2021" when only the year is known)."""
    if not value:
        return ""
    year, _, rest = value.partition("-")
    month = rest[:2]
    if month.isdigit() and 1 <= int(month) <= 12:
        return f"{MONTHS[int(month) - 1]} {year}"
    return year


def date_range(start: str | None, end: str | None) -> str:
    """Like "Mar 2021 – Present": a start without an end is ongoing; an end alone is one date."""
    if not start:
        return format_month(end)
    return f"{format_month(start)} – {format_month(end) or 'Present'}"


def split_paragraphs(text: str | None) -> list[str]:
    """Paragraphs separated by blank lines, each folded onto one line."""
    if not text:
        return []
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>~]|&(?=#?\w+;))")
_MARKDOWN_BLOCK_START = re.compile(r"^([#+\-=]|\d+[.)])(?=\s|$)")
_SAFE_URL = re.compile(r"^(https?://|mailto:)[^\s<>]+$", re.I)


def _markdown_escape(value: Any) -> Any:
    """Values print as the text they are, never as Markdown or raw HTML."""
    if value is None or isinstance(value, Markup):
        return value
    text = " ".join(str(value).split())
    text = _MARKDOWN_INLINE.sub(r"\\\1", text)
    return _MARKDOWN_BLOCK_START.sub(r"\\\1", text)


def _markdown_link(url: str) -> str:
    """A Markdown autolink for a plain web or mail URL; anything odder stays escaped text."""
    return Markup(f"<{url}>") if _safe_href(url) else url


def _html_link(url: str) -> Markup:
    """A link whose visible text is the short URL, so the text layer carries the address too."""
    href = _safe_href(url)
    if href is None:
        return escape(url)
    return Markup('<a href="{}">{}</a>').format(href, short_url(url))
