"""Indeed's public search pages, read in a real browser.

Results are the JSON Indeed embeds as ``window.mosaic.providerData["mosaic-provider-jobcards"]``;
only a snippet of each description is there (the full text needs one page per job,
which Indeed throttles hard). Indeed blocks bots with a CAPTCHA: we stop and say so.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from adapters.base import SearchQuery
from adapters.browser_source import BrowserSource
from adapters.embedded import assigned_json, dig
from adapters.job import Job, SalaryPeriod
from adapters.normalize import (
    employment_type,
    html_to_text,
    parse_datetime,
    parse_salary,
    workplace_from_text,
)
from db.enums import WorkplaceType

TARGET = 'window.mosaic.providerData["mosaic-provider-jobcards"]'
PAGE = 10
_PERIODS: dict[str, SalaryPeriod] = {
    "yearly": "year",
    "monthly": "month",
    "weekly": "week",
    "daily": "day",
    "hourly": "hour",
}


def _taxonomy(item: dict[str, Any], label: str) -> list[str]:
    for group in item.get("taxonomyAttributes") or []:
        if group.get("label") == label:
            return [a.get("label", "") for a in group.get("attributes") or []]
    return []


def parse_result(item: dict[str, Any], base_url: str) -> Job:
    extracted = item.get("extractedSalary") or {}
    snippet = item.get("salarySnippet") or {}
    salary = parse_salary(snippet.get("text"))
    if extracted:
        salary = salary._replace(
            minimum=extracted.get("min", salary.minimum),
            maximum=extracted.get("max", salary.maximum),
            period=_PERIODS.get(extracted.get("type") or "", salary.period),
        )
    salary = salary._replace(currency=snippet.get("currency") or salary.currency)
    location = item.get("formattedLocation") or ""
    workplace = workplace_from_text(location, " ".join(_taxonomy(item, "remote")))
    if item.get("remoteLocation") and workplace is WorkplaceType.UNKNOWN:
        workplace = WorkplaceType.REMOTE
    job_types = _taxonomy(item, "job-types")
    link = item.get("viewJobLink") or f"/viewjob?jk={item['jobkey']}"
    html = item.get("snippet") or ""
    return Job(
        platform="indeed",
        external_id=str(item["jobkey"]),
        title=item.get("displayTitle") or item["title"],
        company=item["company"],
        locations=[location] if location else [],
        workplace_type=workplace,
        employment_type=employment_type(job_types[0] if job_types else None),
        **salary.job_fields(),
        description_text=html_to_text(html),
        description_html=html or None,
        url=f"{base_url}{link}" if link.startswith("/") else link,
        apply_url=item.get("thirdPartyApplyUrl")
        or (f"{base_url}{link}" if link.startswith("/") else link),
        posted_at=parse_datetime(item.get("pubDate")),
        raw=item,
    )


class Indeed(BrowserSource):
    name = "indeed"
    label = "Indeed"
    default_base_url = "https://www.indeed.com"

    def page_url(self, query: SearchQuery, page: int) -> str:
        days = None
        if query.posted_since:
            days = max(1, (datetime.now(UTC) - query.posted_since).days)
        params = {
            "q": query.query,
            "l": query.location,
            "start": page * PAGE,
            "fromage": days,
            "sc": "0kf:attr(DSQF7);" if query.remote else None,
        }
        return f"{self.base_url}/jobs?{self.query_string(params)}"

    def parse(self, html: str, where: str) -> tuple[list[Job], bool]:
        data = assigned_json(html, TARGET, self.name, where)
        results = dig(data, "metaData", "mosaicProviderJobCardsModel", "results")
        if not isinstance(results, list):
            return [], False
        jobs = self.parse_page(results, lambda item: parse_result(item, self.base_url), where)
        return jobs, len(results) >= PAGE
