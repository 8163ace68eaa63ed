"""Wellfound (AngelList Talent) search pages, read in a real browser from their Apollo cache.

The page's ``__NEXT_DATA__`` holds a normalised Apollo cache: startups reference their
job listings by ``__ref``; we join them back into one record per job.
"""

from __future__ import annotations

from typing import Any

from adapters.base import SearchQuery
from adapters.browser_source import BrowserSource
from adapters.embedded import dig, next_data
from adapters.job import Job
from adapters.normalize import employment_type, html_to_text, parse_datetime, parse_salary
from db.enums import WorkplaceType


def parse_listing(listing: dict[str, Any], company: str, base_url: str) -> Job:
    salary = parse_salary((listing.get("compensation") or "").split("•")[0])
    locations = [str(name) for name in listing.get("locationNames") or []]
    remote = bool(listing.get("remote"))
    html = listing.get("description") or ""
    url = f"{base_url}/jobs/{listing['id']}-{listing.get('slug') or ''}".rstrip("-")
    return Job(
        platform="wellfound",
        external_id=str(listing["id"]),
        title=listing["title"],
        company=company,
        locations=locations or (["Remote"] if remote else []),
        workplace_type=WorkplaceType.REMOTE
        if remote
        else (WorkplaceType.ONSITE if locations else WorkplaceType.UNKNOWN),
        employment_type=employment_type(listing.get("jobType")),
        **salary.job_fields(),
        description_text=html_to_text(html),
        description_html=html or None,
        url=url,
        apply_url=url,
        posted_at=parse_datetime(listing.get("liveStartAt")),
        raw=listing,
    )


def joined_listings(cache: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    """(listing, company name) pairs, in the order the startups list them."""
    pairs: list[tuple[dict[str, Any], str]] = []
    seen: set[str] = set()
    for entry in cache.values():
        if not isinstance(entry, dict) or not str(entry.get("__typename", "")).startswith(
            "Startup"
        ):
            continue
        for ref in entry.get("highlightedJobListings") or []:
            key = ref.get("__ref") if isinstance(ref, dict) else None
            if key and key in cache and key not in seen:
                seen.add(key)
                pairs.append((cache[key], entry.get("name") or entry.get("slug") or ""))
    return pairs


class Wellfound(BrowserSource):
    name = "wellfound"
    label = "Wellfound"
    default_base_url = "https://wellfound.com"

    def page_url(self, query: SearchQuery, page: int) -> str:
        params = {
            "query": query.query,
            "location": query.location,
            "remote": "true" if query.remote else None,
            "page": page + 1,
        }
        return f"{self.base_url}/jobs?{self.query_string(params)}"

    def parse(self, html: str, where: str) -> tuple[list[Job], bool]:
        cache = dig(next_data(html, self.name, where), "props", "pageProps", "apolloState", "data")
        if not isinstance(cache, dict):
            return [], False
        pairs = joined_listings(cache)
        jobs = self.parse_page(
            pairs, lambda pair: parse_listing(pair[0], pair[1], self.base_url), where
        )
        root = cache.get("ROOT_QUERY") or {}
        page_count = _find_number(root, "pageCount")
        page = _find_number(root, "page")
        more = page_count is not None and page is not None and page < page_count
        return jobs, more


def _find_number(value: Any, key: str) -> int | None:
    if isinstance(value, dict):
        if isinstance(value.get(key), int):
            return int(value[key])
        for child in value.values():
            found = _find_number(child, key)
            if found is not None:
                return found
    if isinstance(value, list):
        for child in value:
            found = _find_number(child, key)
            if found is not None:
                return found
    return None
