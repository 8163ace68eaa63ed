"""Response helpers the replicas share: JSON and HTML responses, pages, embedded JSON, paging.

Every replica builds its answers from these, so they differ only in what the real platforms
differ in (field names, markup), never in how escaping or slicing is done.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING, Any, TypeVar

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

if TYPE_CHECKING:
    from sandbox.model import Posting

T = TypeVar("T")


def root_url(request: Request) -> str:
    """The sandbox's ROOT as this client reached it (no trailing slash)."""
    return str(request.base_url).rstrip("/")


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse(content=data, status_code=status, headers=headers)


def html_response(content: str, status: int = 200) -> Response:
    return HTMLResponse(content=content, status_code=status)


def text(value: str) -> str:
    """Escape text for HTML content and attribute values."""
    return escape(value, quote=True)


def document(title: str, body: str, *, head: str = "", lang: str = "en") -> str:
    """A whole HTML page."""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{text(title)}</title>\n{head}</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def script_json(data: Any) -> str:
    """JSON that is safe inside a <script> element (no "</script>" or "<!--" can appear)."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return raw.replace("</", "<\\/").replace("<!--", "<\\!--")


def json_script(data: Any, *, script_id: str) -> str:
    """A ``<script type="application/json">`` element, as Next.js embeds __NEXT_DATA__."""
    return f'<script id="{script_id}" type="application/json">{script_json(data)}</script>'


def posting_page(
    posting: Posting, apply_href: str | None, *, after: str = "", head: str = "", status: int = 200
) -> Response:
    """An ATS posting's own page, as each ATS replica serves it.

    ``after`` is markup placed after the job's ``<main>`` (an application form), outside it so
    that readers of the job's text do not take the form for part of the description.
    """
    return html_response(
        job_page(
            title=posting.title,
            company=posting.company_name,
            location=posting.job.location_label,
            description_html=posting.job.description_html,
            apply_href=apply_href,
            platform=posting.platform,
            after=after,
            head=head,
        ),
        status,
    )


def job_page(
    *,
    title: str,
    company: str,
    location: str,
    description_html: str,
    apply_href: str | None,
    platform: str,
    after: str = "",
    head: str = "",
) -> str:
    """A minimal human-facing job page: enough to read the job and find where to apply."""
    apply = ""
    if apply_href:
        link = (
            f'<a id="apply" class="apply-button" href="{text(apply_href)}">Apply for this job</a>'
        )
        apply = f"<p>{link}</p>"
    body = (
        f'<main class="job-page" data-platform="{text(platform)}">\n'
        f'<h1 class="job-title">{text(title)}</h1>\n'
        f'<p class="company-name">{text(company)}</p>\n'
        f'<p class="location">{text(location)}</p>\n'
        f'<div class="job-description">{description_html}</div>\n{apply}\n</main>{after}'
    )
    return document(f"{title} - {company}", body, head=head)


def not_found_page(what: str) -> Response:
    return html_response(document("Page not found", f"<h1>{text(what)} not found</h1>"), 404)


def window(items: Sequence[T], offset: int, limit: int) -> list[T]:
    """``items[offset:offset + limit]`` with negative numbers read as zero."""
    offset, limit = max(0, offset), max(0, limit)
    return list(items[offset : offset + limit])


def page_count(total: int, per_page: int) -> int:
    return (total + per_page - 1) // per_page if per_page > 0 else 0


def logo_response(name: str) -> Response:
    """A small square SVG whose colour depends on ``name``: the sandbox's every company logo."""
    colour = zlib.crc32(name.encode()) & 0xFFFFFF
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">'
        f'<rect width="64" height="64" fill="#{colour:06x}"/></svg>'
    )
    return Response(svg, media_type="image/svg+xml")
