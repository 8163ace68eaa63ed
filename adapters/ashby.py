"""Ashby Posting API: one board's jobs in one response, with structured compensation.

It answers slowly and rate-limits; give api.ashbyhq.com a lower rate in
AJOB_HTTP_HOST_RATES if a board is large.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from adapters.base import SearchQuery, Source, expect
from adapters.job import Job, SalaryPeriod
from adapters.normalize import (
    Salary,
    employment_type,
    html_to_text,
    parse_datetime,
    parse_salary,
    workplace_from_value,
)
from db.enums import WorkplaceType

_INTERVALS: dict[str, SalaryPeriod] = {
    "1 YEAR": "year",
    "1 MONTH": "month",
    "1 WEEK": "week",
    "1 DAY": "day",
    "1 HOUR": "hour",
}


def _salary(comp: dict[str, Any] | None) -> Salary:
    if not comp:
        return Salary()
    for part in comp.get("summaryComponents") or []:
        if part.get("compensationType") == "Salary":
            return Salary(
                part.get("minValue"),
                part.get("maxValue"),
                part.get("currencyCode"),
                _INTERVALS.get(part.get("interval") or ""),
            )
    return parse_salary(comp.get("compensationTierSummary"))


def parse_job(item: dict[str, Any], board: str) -> Job:
    salary = _salary(item.get("compensation"))
    locations = [item["location"]] if item.get("location") else []
    locations += [s["location"] for s in item.get("secondaryLocations") or [] if s.get("location")]
    workplace = workplace_from_value(item.get("workplaceType"))
    if workplace is WorkplaceType.UNKNOWN and item.get("isRemote"):
        workplace = WorkplaceType.REMOTE
    html = item.get("descriptionHtml") or ""
    return Job(
        platform="ashby",
        external_id=str(item["id"]),
        title=item["title"],
        company=board,
        locations=locations,
        workplace_type=workplace,
        employment_type=employment_type(item.get("employmentType")),
        **salary.job_fields(),
        description_text=item.get("descriptionPlain") or html_to_text(html),
        description_html=html or None,
        url=item.get("jobUrl"),
        apply_url=item.get("applyUrl") or item.get("jobUrl"),
        posted_at=parse_datetime(item.get("publishedAt")),
        raw=item,
    )


class Ashby(Source):
    name = "ashby"
    label = "Ashby"
    default_base_url = "https://api.ashbyhq.com"
    requires_board = True
    board_help = "the board name, as in jobs.ashbyhq.com/<board>"

    async def pages(self, query: SearchQuery) -> AsyncIterator[list[Job]]:
        board = query.board or ""
        where = f"GET /posting-api/job-board/{board}"
        url = f"{self.base_url}/posting-api/job-board/{board}"
        payload = expect(
            await self.fetch_json(
                "GET", url, where=where, board=board, params={"includeCompensation": "true"}
            ),
            dict,
            self.name,
            where,
        )
        items = expect(payload.get("jobs"), list, self.name, f"{where} .jobs")
        listed = [item for item in items if item.get("isListed", True)]
        yield self.parse_page(listed, lambda item: parse_job(item, board), where)
