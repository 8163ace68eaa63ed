"""LinkedIn, through its logged-out job search fragment and public job pages.

The search answers HTML fragments of 10 cards; the description and, for jobs that
apply off-site, the direct apply URL come from each job's page. LinkedIn rate-limits
one IP after about ten pages and answers bots with HTTP 999: we stop and say so
(real use needs the user's own session or a proxy; see the README).
"""

from __future__ import annotations

import asyncio
import html as html_lib
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import lxml.html

from adapters.base import SearchQuery, Source
from adapters.errors import MalformedPayload, SourceBlocked
from adapters.job import Job
from adapters.normalize import (
    employment_type,
    html_to_text,
    parse_datetime,
    parse_salary,
    workplace_from_text,
)
from db.enums import WorkplaceType

PAGE = 10
BLOCKED_STATUS = frozenset({403, 999})
_URN = re.compile(r"urn:li:jobPosting:(\d+)")
_APPLY_URL = re.compile(r'<code id="applyUrl"[^>]*>\s*<!--\s*"?(.*?)"?\s*-->', re.DOTALL)


def _text(node: Any, selector: str) -> str:
    found = node.cssselect(selector)
    return " ".join(found[0].text_content().split()) if found else ""


def parse_cards(fragment: str) -> list[dict[str, Any]]:
    """The search fragment's cards as dicts: id, url, title, company, location, salary, date."""
    if not fragment.strip():
        return []
    root = lxml.html.fragment_fromstring(fragment, create_parent="ul")
    cards: list[dict[str, Any]] = []
    for card in root.cssselect("[data-entity-urn], .base-card"):
        urn = _URN.search(card.get("data-entity-urn") or "")
        link = card.cssselect("a.base-card__full-link")
        href = link[0].get("href") if link else None
        job_id = (
            urn.group(1) if urn else (re.search(r"-(\d+)(?:\?|$)", href or "") or [None, None])[1]
        )
        time_node = card.cssselect("time")
        cards.append(
            {
                "id": job_id,
                "url": href,
                "title": _text(card, ".base-search-card__title"),
                "company": _text(card, ".base-search-card__subtitle"),
                "location": _text(card, ".job-search-card__location"),
                "salary": _text(card, ".job-search-card__salary-info") or None,
                "date": time_node[0].get("datetime") if time_node else None,
            }
        )
    return cards


def parse_job_page(page: str) -> dict[str, Any]:
    """Description HTML, criteria (employment type, seniority) and the off-site apply URL."""
    root = lxml.html.document_fromstring(page)
    markup = root.cssselect(".show-more-less-html__markup")
    criteria = {
        _text(item, ".description__job-criteria-subheader"): _text(
            item, ".description__job-criteria-text"
        )
        for item in root.cssselect(".description__job-criteria-item")
    }
    apply = _APPLY_URL.search(page)
    return {
        "description_html": lxml.html.tostring(markup[0], encoding="unicode") if markup else "",
        "criteria": criteria,
        "apply_url": html_lib.unescape(apply.group(1)).strip() if apply else None,
    }


def to_job(card: dict[str, Any], detail: dict[str, Any]) -> Job:
    salary = parse_salary(card.get("salary"))
    location = card.get("location") or ""
    html = detail.get("description_html") or ""
    url = (card.get("url") or "").split("?")[0] or None
    workplace = workplace_from_text(location, card.get("title"))
    return Job(
        platform="linkedin",
        external_id=str(card["id"]),
        title=card["title"],
        company=card["company"],
        locations=[location] if location else [],
        workplace_type=workplace if location else WorkplaceType.UNKNOWN,
        employment_type=employment_type((detail.get("criteria") or {}).get("Employment type")),
        **salary.job_fields(),
        description_text=html_to_text(html),
        description_html=html or None,
        url=url,
        apply_url=detail.get("apply_url") or url,
        posted_at=parse_datetime(card.get("date")),
        raw={"card": card, "criteria": detail.get("criteria") or {}},
    )


class LinkedIn(Source):
    name = "linkedin"
    label = "LinkedIn"
    default_base_url = "https://www.linkedin.com"
    filters_query = True

    async def pages(self, query: SearchQuery) -> AsyncIterator[list[Job]]:
        start = 0
        while True:
            where = f"GET /jobs-guest/jobs/api/seeMoreJobPostings/search (start {start})"
            fragment = await self._get(
                f"{self.base_url}/jobs-guest/jobs/api/seeMoreJobPostings/search",
                where,
                params=self._params(query, start),
            )
            try:
                cards = [c for c in parse_cards(fragment) if c["id"] and c["title"]]
            except (ValueError, TypeError) as exc:
                raise MalformedPayload(self.name, f"{where}: {exc}") from None
            if not cards:
                return
            cards = cards[: max(query.limit - start, 0)] or cards
            details = await asyncio.gather(*(self._detail(card) for card in cards))
            pairs = list(zip(cards, details, strict=True))
            yield self.parse_page(pairs, lambda pair: to_job(*pair), where)
            start += PAGE

    def _params(self, query: SearchQuery, start: int) -> dict[str, str | int]:
        params: dict[str, str | int] = {
            "keywords": query.query or "",
            "location": query.location or "",
            "start": start,
        }
        if query.remote:
            params["f_WT"] = 2
        if query.posted_since:
            seconds = int((datetime.now(UTC) - query.posted_since).total_seconds())
            params["f_TPR"] = f"r{max(seconds, 3600)}"
        return params

    async def _get(self, url: str, where: str, **kwargs: Any) -> str:
        response = await self.http.get(url, **kwargs)
        if response.status_code in BLOCKED_STATUS:
            raise SourceBlocked(
                self.name,
                f"{where}: LinkedIn refused the request (HTTP {response.status_code}); "
                "use your own session (AJOB_BROWSER_STORAGE_STATE) or a proxy",
            )
        self._check_status(response.status_code, where, None)
        return response.text

    async def _detail(self, card: dict[str, Any]) -> dict[str, Any]:
        path = urlsplit(card.get("url") or "").path
        suffix = path.split("/jobs/view/", 1)[1] if "/jobs/view/" in path else str(card["id"])
        page = await self._get(f"{self.base_url}/jobs/view/{suffix}", f"GET /jobs/view/{suffix}")
        return parse_job_page(page)
