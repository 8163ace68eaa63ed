"""Glassdoor's public search pages, read in a real browser from their ``__NEXT_DATA__``.

Each listing carries a few description fragments, not the whole text. Glassdoor shows
bots a Cloudflare check; we stop there and say so.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from adapters.base import SearchQuery
from adapters.browser_source import BrowserSource
from adapters.embedded import dig, next_data
from adapters.job import Job, SalaryPeriod
from adapters.normalize import Salary, workplace_from_text
from db.enums import WorkplaceType

_PERIODS: dict[str, SalaryPeriod] = {
    "ANNUAL": "year",
    "MONTHLY": "month",
    "HOURLY": "hour",
    "DAILY": "day",
}


def parse_listing(item: dict[str, Any], base_url: str) -> Job:
    view = item["jobview"]
    header, job = view["header"], view["job"]
    pay = header.get("payPeriodAdjustedPay") or {}
    salary = (
        Salary(
            pay.get("p10"),
            pay.get("p90"),
            header.get("payCurrency"),
            _PERIODS.get(header.get("payPeriod") or ""),
        )
        if pay
        else Salary()
    )
    remote = bool(header.get("remoteWorkTypes"))
    location = header.get("locationName") or ""
    workplace = WorkplaceType.REMOTE if remote else workplace_from_text(location)
    if workplace is WorkplaceType.UNKNOWN and location:
        workplace = WorkplaceType.ONSITE
    fragments = job.get("descriptionFragmentsText") or []
    link = header.get("seoJobLink") or header.get("jobLink") or ""
    age = header.get("ageInDays")
    return Job(
        platform="glassdoor",
        external_id=str(job["listingId"]),
        title=job.get("jobTitleText") or header["jobTitleText"],
        company=(header.get("employer") or {}).get("name") or header["employerNameFromSearch"],
        locations=[location] if location else [],
        workplace_type=workplace,
        **salary.job_fields(),
        description_text="\n".join(fragments),
        url=f"{base_url}{link}" if link.startswith("/") else link or None,
        apply_url=f"{base_url}{link}" if link.startswith("/") else link or None,
        posted_at=datetime.now(UTC) - timedelta(days=int(age)) if age is not None else None,
        raw=item,
    )


class Glassdoor(BrowserSource):
    name = "glassdoor"
    label = "Glassdoor"
    default_base_url = "https://www.glassdoor.com"

    def page_url(self, query: SearchQuery, page: int) -> str:
        days = None
        if query.posted_since:
            days = max(1, (datetime.now(UTC) - query.posted_since).days)
        params = {
            "sc.keyword": query.query,
            "locKeyword": query.location,
            "p": page + 1,
            "fromAge": days,
            "remoteWorkType": 1 if query.remote else None,
        }
        return f"{self.base_url}/Job/jobs.htm?{self.query_string(params)}"

    def parse(self, html: str, where: str) -> tuple[list[Job], bool]:
        listings = dig(next_data(html, self.name, where), "props", "pageProps", "jobListings")
        items = dig(listings, "jobListings")
        if not isinstance(items, list):
            return [], False
        jobs = self.parse_page(items, lambda item: parse_listing(item, self.base_url), where)
        return jobs, bool(dig(listings, "paginationCursors"))
