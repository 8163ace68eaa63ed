"""Lever Postings API, on the global host and the EU one (lever_eu).

The site is the name in jobs.lever.co/{site}. Lists are paged with skip/limit.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, ClassVar

from adapters.base import SearchQuery, Source, expect
from adapters.job import Job, SalaryPeriod
from adapters.normalize import (
    Salary,
    employment_type,
    html_to_text,
    parse_datetime,
    workplace_from_text,
    workplace_from_value,
)
from db.enums import WorkplaceType

_INTERVALS: dict[str, SalaryPeriod] = {
    "per-year-salary": "year",
    "per-month-salary": "month",
    "per-week-salary": "week",
    "per-day-wage": "day",
    "per-hour-wage": "hour",
}


def parse_job(item: dict[str, Any], platform: str, site: str) -> Job:
    categories = item.get("categories") or {}
    locations = categories.get("allLocations") or (
        [categories["location"]] if categories.get("location") else []
    )
    salary = item.get("salaryRange") or {}
    lists_html = "".join(
        f"<h3>{section.get('text', '')}</h3><ul>{section.get('content', '')}</ul>"
        for section in item.get("lists") or []
    )
    html = (item.get("description") or "") + lists_html + (item.get("additional") or "")
    workplace = workplace_from_value(item.get("workplaceType"))
    if workplace is WorkplaceType.UNKNOWN:
        workplace = workplace_from_text(" ".join(locations))
    return Job(
        platform=platform,
        external_id=str(item["id"]),
        title=item["text"],
        company=site,
        locations=locations,
        workplace_type=workplace,
        employment_type=employment_type(categories.get("commitment")),
        **Salary(
            salary.get("min"),
            salary.get("max"),
            salary.get("currency"),
            _INTERVALS.get(salary.get("interval") or ""),
        ).job_fields(),
        description_text=html_to_text(html),
        description_html=html or None,
        url=item.get("hostedUrl"),
        apply_url=item.get("applyUrl") or item.get("hostedUrl"),
        posted_at=parse_datetime(item.get("createdAt")),
        raw=item,
    )


class Lever(Source):
    name: ClassVar[str] = "lever"
    label = "Lever"
    default_base_url: ClassVar[str] = "https://api.lever.co"
    requires_board = True
    board_help = "the site name, as in jobs.lever.co/<site>"
    page_size = 100

    async def pages(self, query: SearchQuery) -> AsyncIterator[list[Job]]:
        site = query.board or ""
        url = f"{self.base_url}/v0/postings/{site}"
        skip = 0
        while True:
            where = f"GET /v0/postings/{site} (skip {skip})"
            params = {"mode": "json", "skip": skip, "limit": self.page_size}
            payload = await self.fetch_json("GET", url, where=where, board=site, params=params)
            items = expect(payload, list, self.name, where)
            yield self.parse_page(items, lambda item: parse_job(item, self.name, site), where)
            if len(items) < self.page_size:
                return
            skip += len(items)


class LeverEu(Lever):
    name = "lever_eu"
    label = "Lever (EU)"
    default_base_url = "https://api.eu.lever.co"
