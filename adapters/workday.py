"""Workday career sites, through the JSON the sites themselves call (``/wday/cxs``).

Workday has no global host: the base URL is the tenant's, e.g.
https://acme.wd5.myworkdayjobs.com, and the board is ``tenant/site``. The list is
paged by offset and reports its total only on the first page; each posting's text
needs a detail call. Applying needs a candidate account per tenant (apply engine).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from adapters.base import SearchQuery, Source, expect
from adapters.errors import SourceError
from adapters.job import Job
from adapters.normalize import (
    employment_type,
    html_to_text,
    parse_datetime,
    parse_relative_age,
    workplace_from_text,
    workplace_from_value,
)
from db.enums import WorkplaceType


def parse_job(item: dict[str, Any], detail: dict[str, Any], tenant: str) -> Job:
    info = detail.get("jobPostingInfo") or {}
    locations = [info.get("location") or item.get("locationsText") or ""]
    locations += list(info.get("additionalLocations") or [])
    workplace = workplace_from_value(info.get("remoteType"))
    if workplace is WorkplaceType.UNKNOWN:
        workplace = workplace_from_text(" ".join(locations))
    html = info.get("jobDescription") or ""
    external_url: str | None = info.get("externalUrl")
    posted = parse_datetime(info.get("startDate")) or parse_relative_age(
        info.get("postedOn") or item.get("postedOn") or ""
    )
    return Job(
        platform="workday",
        external_id=str(info.get("jobReqId") or info.get("id") or item["externalPath"]),
        title=info.get("title") or item["title"],
        company=(detail.get("hiringOrganization") or {}).get("name") or tenant,
        locations=[loc for loc in locations if loc],
        workplace_type=workplace,
        employment_type=employment_type(info.get("timeType")),
        description_text=html_to_text(html),
        description_html=html or None,
        url=external_url,
        apply_url=f"{external_url}/apply" if external_url else None,
        posted_at=posted,
        raw={"posting": item, "detail": detail},
    )


class Workday(Source):
    name = "workday"
    label = "Workday"
    default_base_url = ""
    requires_board = True
    board_help = "tenant/site, with --base-url https://<tenant>.wd<N>.myworkdayjobs.com"
    filters_query = True
    page_size = 20

    async def pages(self, query: SearchQuery) -> AsyncIterator[list[Job]]:
        if not self.base_url:
            raise SourceError(
                self.name, "needs --base-url https://<tenant>.wd<N>.myworkdayjobs.com"
            )
        tenant, _, site = (query.board or "").partition("/")
        if not tenant or not site:
            raise SourceError(self.name, f"board must be tenant/site, got {query.board!r}")
        root = f"{self.base_url}/wday/cxs/{tenant}/{site}"
        offset, total = 0, None
        while True:
            where = f"POST /wday/cxs/{tenant}/{site}/jobs (offset {offset})"
            body = {
                "appliedFacets": {},
                "limit": self.page_size,
                "offset": offset,
                "searchText": query.query or "",
            }
            payload = await self.fetch_json(
                "POST", f"{root}/jobs", where=where, board=query.board, json=body
            )
            page = expect(payload, dict, self.name, where)
            items = expect(page.get("jobPostings"), list, self.name, f"{where} .jobPostings")
            if total is None:
                total = int(page.get("total") or 0)
            details = await asyncio.gather(
                *(self._detail(root, str(i.get("externalPath"))) for i in items)
            )
            pairs = list(zip(items, details, strict=True))
            yield self.parse_page(pairs, lambda pair: parse_job(pair[0], pair[1], tenant), where)
            offset += len(items)
            if not items or offset >= total:
                return

    async def _detail(self, root: str, path: str) -> dict[str, Any]:
        where = f"GET {path}"
        return expect(
            await self.fetch_json("GET", f"{root}{path}", where=where), dict, self.name, where
        )
