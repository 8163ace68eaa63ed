"""Hacker News "Who is hiring?" threads, through the Algolia HN Search API.

Each top-level comment is one company's post, free text whose first line is by
convention "Company | Role | Location | Remote | Full-time | Salary | URL" in any
order. We read only what is stated there; a post whose role we cannot find is
skipped rather than guessed.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import AsyncIterator
from typing import Any

from adapters.base import SearchQuery, Source, expect
from adapters.errors import SourceError
from adapters.job import Job
from adapters.normalize import (
    employment_type,
    html_to_text,
    parse_datetime,
    parse_salary,
    workplace_from_text,
)
from db.enums import WorkplaceType

THREAD_TITLE = re.compile(r"who is hiring", re.IGNORECASE)
ROLE_WORDS = re.compile(
    r"\b(engineer|developer|programmer|designer|scientist|manager|lead|architect|analyst|sre|devops|"
    r"researcher|advocate|specialist|director|head of|founding|cto|vp|intern|consultant|"
    r"administrator|technician|writer|recruiter|marketer|product|qa|tester|support)\b",
    re.IGNORECASE,
)
EMPLOYMENT_WORDS = re.compile(
    r"\b(full[- ]?time|part[- ]?time|contract|intern(ship)?|permanent|freelance)\b", re.I
)
SALARY_HINT = re.compile(r"[$€£]\s?\d|\d+\s?[kK]\b|\b(USD|EUR|GBP)\b|\bequity\b", re.IGNORECASE)
URL = re.compile(r"https?://[^\s|<>\"]+")
WORKPLACE_ONLY = re.compile(r"^\s*(remote|onsite|on-site|hybrid|in[- ]office)\s*$", re.IGNORECASE)
WORKPLACE_SUFFIX = re.compile(
    r"\s*(?:,|-|\(|\|)\s*(remote|onsite|on-site|hybrid)\s*\)?\s*$", re.IGNORECASE
)
TITLE_AT_PLACE = re.compile(
    r"^(?P<title>.+?),\s*(?P<place>[A-Z][A-Za-z.'-]*(?: [A-Z][A-Za-z.'-]*)*,\s*[A-Z]{2})\s*$"
)
"""A role with its US city written after it, "Platform Engineer, Boston, MA": no field of its
own names the place, and the title must not carry it (the same job elsewhere is titled without)."""
PROSE = re.compile(
    r"^(?P<company>[^|]{2,80}?) is hiring (?:an? |for )?(?P<title>[^(.|]{3,100}?)\s*"
    r"(?:\s*\((?P<details>[^)]*)\))*\s*(?:[.!]|$)",
    re.IGNORECASE,
)


def parse_comment(hit: dict[str, Any]) -> Job | None:
    body = hit.get("comment_text") or ""
    first_html = re.split(r"<p>|\n", body, maxsplit=1)[0]
    first = html_lib.unescape(re.sub(r"<[^>]+>", "", first_html)).strip()
    fields = [f.strip() for f in re.split(r"\s[|•]\s|\s\|\||\|", first) if f.strip()]
    if len(fields) < 2 and (prose := PROSE.match(first)):
        details = [d.strip() for d in (prose.group("details") or "").split(",") if d.strip()]
        place = ", ".join(d for d in details if not EMPLOYMENT_WORDS.search(d)) or None
        kinds = [d for d in details if EMPLOYMENT_WORDS.search(d)]
        fields = [prose.group("company"), prose.group("title"), *([place] if place else []), *kinds]
    if len(fields) < 2:
        return None
    company, rest = fields[0], fields[1:]
    title = location = salary = url = None
    employment: str | None = None
    workplace_bits: list[str] = []
    for field in rest:
        if url is None and (found := URL.search(field)):
            url = found.group(0).rstrip(".,)")
        elif EMPLOYMENT_WORDS.search(field) and not ROLE_WORDS.search(field):
            employment = employment or field
        elif SALARY_HINT.search(field) and not ROLE_WORDS.search(field):
            salary = salary or field
        elif WORKPLACE_ONLY.match(field):
            workplace_bits.append(field)
        elif ROLE_WORDS.search(field) and (title is None or location is None):
            if suffix := WORKPLACE_SUFFIX.search(field):
                workplace_bits.append(suffix.group(1))
                field = field[: suffix.start()].strip()
            if location is None and (placed := TITLE_AT_PLACE.match(" ".join(field.split()))):
                field, location = placed.group("title"), placed.group("place")
                workplace_bits.append(location)
            title = field if title is None else f"{title} / {field}"
        elif location is None:
            location = field
            workplace_bits.append(field)
    if title is None:
        return None
    if url is None and (found := URL.search(html_lib.unescape(body))):
        url = found.group(0).rstrip(".,)")
    salary = parse_salary(salary)
    workplace = workplace_from_text(*workplace_bits)
    if workplace is WorkplaceType.UNKNOWN and location:
        workplace = WorkplaceType.ONSITE
    item_url = f"https://news.ycombinator.com/item?id={hit['objectID']}"
    return Job(
        platform="hn",
        external_id=str(hit["objectID"]),
        title=title,
        company=company,
        locations=[location]
        if location
        else (["Remote"] if workplace is WorkplaceType.REMOTE else []),
        workplace_type=workplace,
        employment_type=employment_type(employment),
        **salary.job_fields(),
        description_text=html_to_text(body),
        description_html=body or None,
        url=item_url,
        apply_url=url or item_url,
        posted_at=parse_datetime(hit.get("created_at")),
        raw=hit,
    )


class HackerNews(Source):
    name = "hn"
    label = "Hacker News: Who is hiring?"
    default_base_url = "https://hn.algolia.com"
    board_help = "optional: the thread's story id; default: the latest 'Who is hiring?' thread"
    page_size = 100

    async def pages(self, query: SearchQuery) -> AsyncIterator[list[Job]]:
        story_id = query.board or await self._latest_thread()
        page = 0
        while True:
            where = f"GET /api/v1/search story_{story_id} (page {page})"
            params: dict[str, str | int] = {
                "tags": f"comment,story_{story_id}",
                "hitsPerPage": self.page_size,
                "page": page,
            }
            payload = expect(
                await self.fetch_json(
                    "GET", f"{self.base_url}/api/v1/search", where=where, params=params
                ),
                dict,
                self.name,
                where,
            )
            hits = expect(payload.get("hits"), list, self.name, f"{where} .hits")
            top_level = [h for h in hits if str(h.get("parent_id")) == str(story_id)]
            yield self.parse_page(top_level, parse_comment, where)
            page += 1
            if page >= int(payload.get("nbPages") or 0):
                return

    async def _latest_thread(self) -> str:
        where = "GET /api/v1/search_by_date (whoishiring threads)"
        params: dict[str, str | int] = {"tags": "story,author_whoishiring", "hitsPerPage": 20}
        payload = expect(
            await self.fetch_json(
                "GET", f"{self.base_url}/api/v1/search_by_date", where=where, params=params
            ),
            dict,
            self.name,
            where,
        )
        for hit in payload.get("hits") or []:
            if THREAD_TITLE.search(hit.get("title") or ""):
                return str(hit.get("story_id") or hit["objectID"])
        raise SourceError(self.name, "no 'Who is hiring?' thread found")
