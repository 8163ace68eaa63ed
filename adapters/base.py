"""The interface every job source implements, and the filtering they share.

A source yields pages of normalised jobs. A page is parsed all or nothing: when its
payload has the wrong shape the source raises MalformedPayload and nothing of that
page is stored, while the pages before it stand. Sources whose platform cannot
filter by query, location, remote or date get those filters applied here.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, ClassVar, TypeVar

from pydantic import ValidationError

from adapters.browser import BrowserPool
from adapters.errors import BoardNotFound, MalformedPayload, SourceError
from adapters.http import HttpClient
from adapters.job import Job
from core.config import Settings
from db.enums import WorkplaceType

T = TypeVar("T")


@dataclass(frozen=True)
class SearchQuery:
    query: str | None = None
    location: str | None = None
    remote: bool | None = None
    posted_since: datetime | None = None
    limit: int = 50
    board: str | None = None

    def with_board(self, board: str | None) -> SearchQuery:
        return replace(self, board=board)

    def terms(self) -> list[str]:
        return [t for t in re.split(r"\W+", (self.query or "").lower()) if t]


@dataclass
class SourceContext:
    """What a source needs to run: settings, the shared HTTP client, the browser pool."""

    settings: Settings
    http: HttpClient
    browser: BrowserPool | None = None
    base_urls: dict[str, str] = field(default_factory=dict)
    """Per-source base URLs given for this run (the CLI's --base-url), over the settings."""


class Source(ABC):
    name: ClassVar[str]
    label: ClassVar[str]
    default_base_url: ClassVar[str]
    requires_board: ClassVar[bool] = False
    board_help: ClassVar[str] = ""
    filters_query: ClassVar[bool] = False
    """True when the platform itself applies the query, so we don't filter again."""
    uses_browser: ClassVar[bool] = False
    page_size: ClassVar[int] = 100

    def __init__(self, ctx: SourceContext) -> None:
        self.ctx = ctx
        self.http = ctx.http
        base = (
            ctx.base_urls.get(self.name)
            or ctx.settings.source_base_urls.get(self.name)
            or self.default_base_url
        )
        self.base_url = base.rstrip("/")

    @abstractmethod
    def pages(self, query: SearchQuery) -> AsyncIterator[list[Job]]:
        """Yield the platform's results page by page, normalised."""

    async def search(self, query: SearchQuery) -> AsyncIterator[list[Job]]:
        """Pages that match ``query``, stopping once ``query.limit`` jobs were yielded."""
        if self.requires_board and not query.board:
            raise SourceError(self.name, f"needs --board ({self.board_help})")
        yielded = 0
        async for page in self.pages(query):
            kept = [job for job in page if matches(job, query, check_terms=not self.filters_query)]
            kept = kept[: max(0, query.limit - yielded)]
            yielded += len(kept)
            if kept:
                yield kept
            if yielded >= query.limit:
                return

    async def fetch_json(
        self, method: str, url: str, *, where: str, board: str | None = None, **kwargs: Any
    ) -> Any:
        """A JSON document, with the platform's 404 for a board turned into BoardNotFound."""
        response = await self.http.request(method, url, **kwargs)
        self._check_status(response.status_code, where, board)
        try:
            return response.json()
        except ValueError as exc:
            raise MalformedPayload(self.name, f"{where}: invalid JSON ({exc})") from None

    async def fetch_text(
        self, url: str, *, where: str, board: str | None = None, **kwargs: Any
    ) -> str:
        response = await self.http.get(url, **kwargs)
        self._check_status(response.status_code, where, board)
        return response.text

    def _check_status(self, status: int, where: str, board: str | None) -> None:
        if status == 404 and board:
            raise BoardNotFound(self.name, board)
        if status >= 400:
            raise SourceError(self.name, f"{where}: HTTP {status}")

    def parse_page(
        self, items: Iterable[T], parse: Callable[[T], Job | None], where: str
    ) -> list[Job]:
        """Parse every item of a page, or raise MalformedPayload naming the first bad one."""
        jobs: list[Job] = []
        for index, item in enumerate(items):
            try:
                job = parse(item)
            except (KeyError, TypeError, ValueError, AttributeError, ValidationError) as exc:
                detail = _short_error(exc)
                raise MalformedPayload(self.name, f"{where}, item {index}: {detail}") from None
            if job is not None:
                jobs.append(job)
        return jobs


def _short_error(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        return f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"
    if isinstance(exc, KeyError):
        return f"missing field {exc.args[0]!r}"
    return f"{type(exc).__name__}: {exc}"


def expect(payload: Any, kind: type[T], source: str, where: str) -> T:
    """Check a payload's top-level type before reading it, with a message naming the page."""
    if not isinstance(payload, kind):
        raise MalformedPayload(
            source, f"{where}: expected a JSON {kind.__name__}, got {type(payload).__name__}"
        )
    return payload


def matches(job: Job, query: SearchQuery, *, check_terms: bool = True) -> bool:
    """Client-side filters, for platforms that cannot filter themselves."""
    if query.posted_since and job.posted_at and job.posted_at < query.posted_since:
        return False
    if query.remote is True and job.workplace_type not in (
        WorkplaceType.REMOTE,
        WorkplaceType.HYBRID,
    ):
        return False
    if query.remote is False and job.workplace_type is WorkplaceType.REMOTE:
        return False
    if query.location and not query.remote:
        wanted = query.location.lower().split(",")[0].strip()
        places = " | ".join(job.locations).lower()
        if wanted and wanted not in places and job.workplace_type is not WorkplaceType.REMOTE:
            return False
    if check_terms and query.terms():
        text = f"{job.title} {job.company} {job.description_text}".lower()
        words = set(re.split(r"\W+", text))
        if not all(term in words or term in text for term in query.terms()):
            return False
    return True
