"""SmartRecruiters Posting API: a paged list, then one detail call per posting for its text.

The company id is the name in jobs.smartrecruiters.com/{company}. The list has no
description, so each kept posting costs a second request (rate-limited like any other).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from adapters.base import SearchQuery, Source, expect
from adapters.job import Job
from adapters.normalize import employment_type, html_to_text, parse_datetime, parse_salary
from db.enums import WorkplaceType

SECTIONS = ("companyDescription", "jobDescription", "qualifications", "additionalInformation")


def parse_job(item: dict[str, Any], detail: dict[str, Any] | None = None) -> Job:
    location = item.get("location") or {}
    place = location.get("fullLocation") or ", ".join(
        str(location[k]).upper() if k == "country" else str(location[k])
        for k in ("city", "region", "country")
        if location.get(k)
    )
    sections = ((detail or {}).get("jobAd") or {}).get("sections") or {}
    html = "".join(
        f"<h3>{sections[key].get('title', '')}</h3>{sections[key].get('text', '')}"
        for key in SECTIONS
        if sections.get(key)
    )
    text = html_to_text(html)
    salary = parse_salary(_pay_line(text))
    if location.get("remote"):
        workplace = WorkplaceType.REMOTE
    elif location.get("hybrid"):
        workplace = WorkplaceType.HYBRID
    else:
        workplace = WorkplaceType.ONSITE if place else WorkplaceType.UNKNOWN
    company = item.get("company") or {}
    return Job(
        platform="smartrecruiters",
        external_id=str(item["id"]),
        title=item["name"],
        company=company.get("name") or company.get("identifier") or "",
        locations=[place] if place else [],
        workplace_type=workplace,
        employment_type=employment_type((item.get("typeOfEmployment") or {}).get("label")),
        **salary.job_fields(),
        description_text=text,
        description_html=html or None,
        url=(detail or {}).get("postingUrl") or item.get("ref"),
        apply_url=(detail or {}).get("applyUrl") or (detail or {}).get("postingUrl"),
        posted_at=parse_datetime(item.get("releasedDate")),
        raw={**item, "detail": detail} if detail else item,
    )


def _pay_line(text: str) -> str | None:
    for line in text.splitlines():
        lowered = line.lower()
        if any(word in lowered for word in ("salary", "pay range", "compensation")) and any(
            ch.isdigit() for ch in line
        ):
            return line
    return None


class SmartRecruiters(Source):
    name = "smartrecruiters"
    label = "SmartRecruiters"
    default_base_url = "https://api.smartrecruiters.com"
    requires_board = True
    board_help = "the company id, as in jobs.smartrecruiters.com/<company>"
    filters_query = True
    page_size = 100

    async def pages(self, query: SearchQuery) -> AsyncIterator[list[Job]]:
        company = query.board or ""
        url = f"{self.base_url}/v1/companies/{company}/postings"
        offset = 0
        while True:
            where = f"GET /v1/companies/{company}/postings (offset {offset})"
            params: dict[str, str | int] = {"offset": offset, "limit": self.page_size}
            if query.query:
                params["q"] = query.query
            payload = await self.fetch_json("GET", url, where=where, board=company, params=params)
            page = expect(payload, dict, self.name, where)
            items = expect(page.get("content"), list, self.name, f"{where} .content")
            details = await asyncio.gather(
                *(self._detail(url, str(item.get("id"))) for item in items[: query.limit])
            )
            pairs = [
                (item, details[i] if i < len(details) else None) for i, item in enumerate(items)
            ]
            yield self.parse_page(pairs, lambda pair: parse_job(*pair), where)
            offset += len(items)
            if not items or offset >= int(page.get("totalFound") or 0):
                return

    async def _detail(self, list_url: str, posting_id: str) -> dict[str, Any]:
        where = f"GET postings/{posting_id}"
        payload = await self.fetch_json("GET", f"{list_url}/{posting_id}", where=where)
        return expect(payload, dict, self.name, where)
