"""RemoteOK: one public JSON feed of remote jobs; the first element is its legal notice.

Every job is remote; salaries are yearly USD, with 0 meaning "not stated".
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from adapters.base import SearchQuery, Source, expect
from adapters.job import Job
from adapters.normalize import Salary, html_to_text, parse_datetime, split_locations
from db.enums import WorkplaceType


def parse_job(item: dict[str, Any]) -> Job | None:
    if "position" not in item and "legal" in item:
        return None
    low = float(item["salary_min"]) if item.get("salary_min") else None
    high = float(item["salary_max"]) if item.get("salary_max") else None
    html = item.get("description") or ""
    return Job(
        platform="remoteok",
        external_id=str(item["id"]),
        title=item["position"],
        company=item["company"],
        locations=split_locations(item.get("location")) or ["Remote"],
        workplace_type=WorkplaceType.REMOTE,
        **(Salary(low, high, "USD", "year") if low or high else Salary()).job_fields(),
        description_text=html_to_text(html),
        description_html=html or None,
        url=item.get("url"),
        apply_url=item.get("apply_url") or item.get("url"),
        posted_at=parse_datetime(item.get("epoch") or item.get("date")),
        raw=item,
    )


class RemoteOk(Source):
    name = "remoteok"
    label = "RemoteOK"
    default_base_url = "https://remoteok.com"

    async def pages(self, query: SearchQuery) -> AsyncIterator[list[Job]]:
        where = "GET /api"
        payload = expect(
            await self.fetch_json("GET", f"{self.base_url}/api", where=where),
            list,
            self.name,
            where,
        )
        yield self.parse_page(payload, parse_job, where)
