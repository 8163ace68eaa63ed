"""Greenhouse Job Board API: every job of one board, with entity-escaped HTML content.

The board token is the name in boards.greenhouse.io/{token}. Salaries are not a
field of this API; when a posting states a pay range in its text we read it there.
The job detail with ``?questions=true`` describes the application form (used by the
apply engine).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

from adapters.base import SearchQuery, Source, expect
from adapters.job import Job
from adapters.normalize import (
    html_to_text,
    parse_datetime,
    parse_salary,
    split_locations,
    unescape_html_entities,
    workplace_from_text,
)

_PAY_SENTENCE = re.compile(
    r"(?:salary|pay|compensation|base)[^.\n]{0,80}?"
    r"((?:[$€£]|USD|EUR|GBP)\s?\d[\d,.]*\s?[kK]?\s*(?:-|–|to)\s*(?:[$€£]|USD|EUR|GBP)?\s?\d[\d,.]*\s?[kK]?"
    r"(?:\s*(?:per|a|/)\s*(?:year|hour|annum))?)",
    re.IGNORECASE,
)
_PAY_WORD = re.compile(r"salary|pay|compensation|base")


def _pay_range(text: str) -> str | None:
    """The pay range a sentence about salary states, as ``_PAY_SENTENCE`` finds it.

    A case-insensitive search of a whole description tries every position (about 100 µs
    for 3 KB); the keywords are looked for in the lower-cased text instead, and the full
    pattern is tried only where one stands.
    """
    lowered = text.lower()
    if len(lowered) != len(text):
        found = _PAY_SENTENCE.search(text)
        return found.group(1) if found else None
    for word in _PAY_WORD.finditer(lowered):
        found = _PAY_SENTENCE.match(text, word.start())
        if found:
            return found.group(1)
    return None


def parse_job(item: dict[str, Any], company_fallback: str = "") -> Job:
    html = unescape_html_entities(item.get("content") or "")
    text = html_to_text(html)
    salary = parse_salary(_pay_range(text))
    location = (item.get("location") or {}).get("name") or ""
    offices = [o.get("location") or o.get("name") for o in item.get("offices") or []]
    return Job(
        platform="greenhouse",
        external_id=str(item["id"]),
        title=item["title"],
        company=item.get("company_name") or company_fallback,
        locations=split_locations(location) or [o for o in offices if o],
        workplace_type=workplace_from_text(location, item["title"]),
        **salary.job_fields(),
        description_text=text,
        description_html=html or None,
        url=item.get("absolute_url"),
        apply_url=item.get("absolute_url"),
        posted_at=parse_datetime(item.get("first_published") or item.get("updated_at")),
        raw=item,
    )


class Greenhouse(Source):
    name = "greenhouse"
    label = "Greenhouse"
    default_base_url = "https://boards-api.greenhouse.io"
    requires_board = True
    board_help = "the board token, as in boards.greenhouse.io/<token>"

    async def pages(self, query: SearchQuery) -> AsyncIterator[list[Job]]:
        board = query.board or ""
        where = f"GET /v1/boards/{board}/jobs"
        url = f"{self.base_url}/v1/boards/{board}/jobs"
        payload = expect(
            await self.fetch_json("GET", url, where=where, board=board, params={"content": "true"}),
            dict,
            self.name,
            where,
        )
        jobs = expect(payload.get("jobs"), list, self.name, f"{where} .jobs")
        yield self.parse_page(jobs, lambda item: parse_job(item, board), where)

    async def job_detail(self, board: str, job_id: str) -> dict[str, Any]:
        """The posting with its application questions (``?questions=true``)."""
        where = f"GET /v1/boards/{board}/jobs/{job_id}"
        url = f"{self.base_url}/v1/boards/{board}/jobs/{job_id}"
        payload = await self.fetch_json(
            "GET", url, where=where, board=board, params={"questions": "true"}
        )
        return expect(payload, dict, self.name, where)
