"""One job posting from its URL: the page's schema.org JobPosting, else its visible text.

Careers pages and ATS job pages (Ashby, Workable, Greenhouse, Lever…) embed a
``JobPosting`` in JSON-LD for search engines; it is the most stable thing on the page.
Pages without one still give a title (the first ``<h1>``), a company (``og:site_name``
or an element named like one) and the text of the main content. A URL that answers JSON
is read as a normalised Job. Fetching goes through the shared HTTP client, so the SSRF
guard, rate limits and retries apply.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, cast
from urllib.parse import urlsplit

import lxml.html

from adapters.embedded import raise_if_blocked
from adapters.errors import SourceError
from adapters.http import HttpClient
from adapters.job import Job
from adapters.normalize import (
    employment_type,
    html_to_text,
    parse_datetime,
    workplace_from_text,
    workplace_from_value,
)
from core.config import Settings

PLATFORM = "web"


def _postings(value: Any) -> list[dict[str, Any]]:
    """Every JobPosting object in a JSON-LD value (bare, in a list or in an @graph)."""
    if isinstance(value, list):
        return [p for item in value for p in _postings(item)]
    if not isinstance(value, dict):
        return []
    if "@graph" in value:
        return _postings(value["@graph"])
    kind = value.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return [value] if "JobPosting" in kinds else []


def _name(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("name") or "")
    return str(value or "")


def _locations(value: Any) -> list[str]:
    places = value if isinstance(value, list) else [value]
    found = []
    for place in places:
        address = place.get("address") if isinstance(place, dict) else None
        if isinstance(address, dict):
            parts = [
                _name(address.get(k))
                for k in ("addressLocality", "addressRegion", "addressCountry")
                if address.get(k)
            ]
            if parts:
                found.append(", ".join(parts))
    return found


def url_id(url: str) -> str:
    """A stable id for a posting known only by its URL."""
    return hashlib.sha256(url.encode()).hexdigest()[:16]


def unread_job(url: str) -> Job:
    """A job whose page could not be read: enough to hold an application to it.

    Its title names the whole address: two unread postings on one host are two jobs, never
    one (a shared title would make the store take the second for the first, and refuse its
    application as already sent).
    """
    parts = urlsplit(url)
    host = parts.hostname or "unknown"
    return Job(
        platform=PLATFORM,
        external_id=url_id(url),
        title=f"Application at {host}{parts.path.rstrip('/')}",
        company=host,
        url=url,
        apply_url=url,
    )


def _external_id(url: str, posting: dict[str, Any]) -> str:
    identifier = posting.get("identifier")
    value = identifier.get("value") if isinstance(identifier, dict) else identifier
    return str(value) if value else url_id(url)


def from_json_ld(url: str, posting: dict[str, Any]) -> Job:
    description_html = str(posting.get("description") or "")
    kinds = posting.get("employmentType")
    kind = kinds[0] if isinstance(kinds, list) and kinds else kinds
    remote = str(posting.get("jobLocationType") or "")
    return Job(
        platform=PLATFORM,
        external_id=_external_id(url, posting),
        title=str(posting.get("title") or "").strip() or "Untitled job",
        company=_name(posting.get("hiringOrganization")).strip() or urlsplit(url).hostname or "?",
        locations=_locations(posting.get("jobLocation")),
        workplace_type=workplace_from_value("remote" if "TELECOMMUTE" in remote.upper() else None),
        employment_type=employment_type(str(kind) if kind else None),
        description_text=html_to_text(description_html),
        description_html=description_html or None,
        url=url,
        apply_url=url,
        posted_at=parse_datetime(posting.get("datePosted")),
        raw={"json_ld": posting},
    )


BOARD_COMPANY = (".topcard__org-name-link", '[data-testid="inlineHeader-companyName"]')
"""Where job boards (LinkedIn, Indeed) name the hiring company: their ``og:site_name`` is the
board's own name, never the employer's."""
PAGE_COMPANY = ('meta[property="og:site_name"]', '[class*="company"]')


def _first_text(root: lxml.html.HtmlElement, *selectors: str) -> str:
    for selector in selectors:
        for node in root.cssselect(selector):
            element = cast(lxml.html.HtmlElement, node)
            text = element.get("content") if element.tag == "meta" else element.text_content()
            if text and text.strip():
                return " ".join(text.split())
    return ""


def parse_posting_page(url: str, page: str) -> Job:
    """A Job from a posting's HTML, preferring its JSON-LD JobPosting.

    A CAPTCHA on the page only stops us when there is nothing else to read: Lever's posting
    pages carry an invisible hCaptcha that guards the application's submit, not the job.
    """
    root = lxml.html.document_fromstring(page)
    for script in root.cssselect('script[type="application/ld+json"]'):
        try:
            postings = _postings(json.loads(script.text or "null"))
        except json.JSONDecodeError:
            continue
        if postings:
            return from_json_ld(url, postings[0])
    heading = _first_text(root, "h1")
    if not heading:
        raise_if_blocked(page, PLATFORM, url)
    title = heading or _first_text(root, "title")
    company = _first_text(root, *BOARD_COMPANY, *PAGE_COMPANY) or (urlsplit(url).hostname or "?")
    main = (root.cssselect("main") or root.cssselect("body") or [root])[0]
    for junk in main.cssselect("script, style, nav, header, footer"):
        cast(lxml.html.HtmlElement, junk).drop_tree()
    text = html_to_text(lxml.html.tostring(main, encoding="unicode"))
    if not title:
        raise SourceError(PLATFORM, f"{url} has no job title (no JobPosting, no <h1>)")
    return Job(
        platform=PLATFORM,
        external_id=url_id(url),
        title=title,
        company=company,
        workplace_type=workplace_from_text(text[:2000]),
        description_text=text,
        url=url,
        apply_url=url,
        raw={},
    )


async def fetch_posting(url: str, settings: Settings) -> Job:
    """GET ``url`` (the user named it, so its host is trusted) and read one job from it."""
    async with HttpClient(settings, trusted_hosts=[urlsplit(url).hostname or ""]) as client:
        response = await client.get(url, headers={"Accept": "text/html,application/json"})
    if response.status_code >= 400:
        raise SourceError(PLATFORM, f"{url} answered HTTP {response.status_code}")
    if "json" in response.headers.get("content-type", ""):
        data = response.json()
        if isinstance(data, dict) and {"platform", "external_id"} <= data.keys():
            return Job.model_validate(data)
        postings = _postings(data)
        if postings:
            return from_json_ld(url, postings[0])
        raise SourceError(PLATFORM, f"{url} answered JSON that is neither a Job nor a JobPosting")
    return parse_posting_page(url, response.text)
