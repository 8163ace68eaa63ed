"""Remotive: a public JSON API of remote jobs, with a free-text salary field."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from adapters.base import SearchQuery, Source, expect
from adapters.job import Job
from adapters.normalize import employment_type, html_to_text, parse_datetime, parse_salary
from db.enums import WorkplaceType


def parse_job(item: dict[str, Any]) -> Job:
    salary = parse_salary(item.get("salary"))
    html = item.get("description") or ""
    location = (item.get("candidate_required_location") or "").strip()
    return Job(
        platform="remotive",
        external_id=str(item["id"]),
        title=item["title"],
        company=item["company_name"],
        locations=[f"Remote ({location})" if location else "Remote"],
        workplace_type=WorkplaceType.REMOTE,
        employment_type=employment_type(item.get("job_type")),
        **salary.job_fields(),
        description_text=html_to_text(html),
        description_html=html or None,
        url=item.get("url"),
        apply_url=item.get("url"),
        posted_at=parse_datetime(item.get("publication_date")),
        raw=item,
    )


class Remotive(Source):
    name = "remotive"
    label = "Remotive"
    default_base_url = "https://remotive.com"

    async def pages(self, query: SearchQuery) -> AsyncIterator[list[Job]]:
        where = "GET /api/remote-jobs"
        params: dict[str, str | int] = {"limit": max(query.limit, 1) * 2}
        if query.query:
            params["search"] = query.query
        payload = expect(
            await self.fetch_json(
                "GET", f"{self.base_url}/api/remote-jobs", where=where, params=params
            ),
            dict,
            self.name,
            where,
        )
        jobs = expect(payload.get("jobs"), list, self.name, f"{where} .jobs")
        yield self.parse_page(jobs, parse_job, where)
