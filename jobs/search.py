"""Searching many sources at once: fan out, normalise, store page by page, summarise.

Each source runs concurrently; a failing source is recorded with its reason and the
others go on. Writes are serialised (one page at a time, in a worker thread) because
SQLite has one writer and because each page's dedup must see the pages stored
before it, whichever source they came from.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx
from psycopg.errors import DeadlockDetected, SerializationFailure
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from tenacity import retry, retry_if_exception, stop_after_attempt, wait_random

from adapters.base import SearchQuery, Source, SourceContext
from adapters.browser import BrowserPool
from adapters.errors import SourceError
from adapters.http import HttpClient, RetryableStatus
from adapters.job import Job
from adapters.registry import known_sources, source_class
from adapters.ssrf import BlockedUrl
from core.config import Settings
from core.errors import ConfigError, InputError
from core.logging import get_logger
from db.engine import session_scope
from jobs.store import StoredJob, store_jobs

log = get_logger(__name__)

PAGE_ATTEMPTS = 3
"""Tries at storing one page that PostgreSQL keeps choosing as a deadlock's victim."""


@dataclass(frozen=True)
class SourceRequest:
    """One source to search: its name, the board on it, and an optional base URL."""

    source: str
    board: str | None = None
    base_url: str | None = None

    @property
    def label(self) -> str:
        return f"{self.source}:{self.board}" if self.board else self.source


def _split_named(
    values: Sequence[str], separator: str, known: set[str]
) -> tuple[dict[str, list[str]], list[str]]:
    """Values of the form NAME<sep>VALUE for a known source name, and the plain rest."""
    named: dict[str, list[str]] = {}
    plain: list[str] = []
    for value in values:
        prefix, sep, rest = value.partition(separator)
        key = prefix.lower().replace("-", "_")
        if sep and key in known:
            named.setdefault(key, []).append(rest)
        else:
            plain.append(value)
    return named, plain


def plan_requests(
    sources: Sequence[str],
    boards: Sequence[str],
    base_urls: Sequence[str],
    *,
    default_urls: Mapping[str, str] | None = None,
) -> list[SourceRequest]:
    """Expand sources, boards (``SOURCE:BOARD``) and base URLs into one request per board.

    ``default_urls`` (the settings' ``source_base_urls``) fill in a source given no URL, so
    its host is trusted like one named on the command line.
    """
    names = list(dict.fromkeys(source_class(s).name for s in sources))
    known = set(known_sources())
    named_boards, plain_boards = _split_named(boards, ":", known)
    named_urls, plain_urls = _split_named(base_urls, "=", known)
    if len(plain_urls) > 1 or (plain_urls and len(names) > 1):
        raise InputError(
            "with several sources, give --base-url as SOURCE=URL "
            "(e.g. lever=http://127.0.0.1:8700/lever)"
        )
    requests: list[SourceRequest] = []
    for name in names:
        cls = source_class(name)
        fallback = (default_urls or {}).get(name)
        url = [*named_urls.get(name, []), *plain_urls, fallback][0]
        own: list[str | None] = list(
            named_boards.get(name) or (plain_boards if cls.requires_board else [])
        )
        for board in own or [None]:
            requests.append(SourceRequest(name, board, url))
    return requests


@dataclass
class SourceSummary:
    source: str
    board: str | None
    found: int = 0
    new: int = 0
    updated: int = 0
    duplicates: int = 0
    failed: str | None = None

    def count(self, stored: Sequence[StoredJob]) -> None:
        self.found += len(stored)
        for item in stored:
            if item.outcome == "new":
                self.new += 1
            elif item.outcome == "updated":
                self.updated += 1
            else:
                self.duplicates += 1


@dataclass
class SearchCallbacks:
    """Hooks for a caller that shows progress or streams results (the CLI, a worker)."""

    on_start: Callable[[SourceRequest], None] = lambda _request: None
    on_stored: Callable[[SourceRequest, list[StoredJob]], None] = lambda _r, _s: None
    on_done: Callable[[SourceRequest, SourceSummary], None] = lambda _r, _s: None


@dataclass
class SearchReport:
    summaries: list[SourceSummary] = field(default_factory=list)

    @property
    def all_failed(self) -> bool:
        return bool(self.summaries) and all(s.failed for s in self.summaries)


def failure_reason(exc: BaseException) -> str:
    """One line a user can act on, whatever went wrong inside a source."""
    if isinstance(exc, SourceError):
        return exc.reason
    if isinstance(exc, BlockedUrl):
        return exc.message
    if isinstance(exc, RetryableStatus):
        return f"{exc} (gave up after retries)"
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out talking to {exc.request.url.host}" if exc.request else "timed out"
    if isinstance(exc, httpx.HTTPError):
        return f"network error: {exc}" if str(exc) else f"network error: {type(exc).__name__}"
    if isinstance(exc, ConfigError):
        return exc.message
    return f"unexpected {type(exc).__name__}: {exc}"


async def run_search(
    settings: Settings,
    sessions: sessionmaker[Session],
    requests: Sequence[SourceRequest],
    query: SearchQuery,
    *,
    user_id: uuid.UUID | None = None,
    callbacks: SearchCallbacks | None = None,
    http: HttpClient | None = None,
) -> SearchReport:
    """Search every requested source and store what they return."""
    callbacks = callbacks or SearchCallbacks()
    sources = [(request, source_class(request.source)) for request in requests]
    trusted = {urlsplit(r.base_url).hostname or "" for r in requests if r.base_url}
    own_http = http is None
    client = http or HttpClient(settings, trusted_hosts=trusted)
    browser = (
        BrowserPool(settings, guard=client.guard)
        if any(cls.uses_browser for _, cls in sources)
        else None
    )
    write_lock = asyncio.Lock()
    report = SearchReport()

    async def one(request: SourceRequest, cls: type[Source]) -> SourceSummary:
        summary = SourceSummary(request.source, request.board)
        callbacks.on_start(request)
        base_urls = {cls.name: request.base_url} if request.base_url else {}
        source = cls(SourceContext(settings, client, browser, base_urls))
        try:
            async for page in source.search(query.with_board(request.board)):
                async with write_lock:
                    stored = await asyncio.to_thread(_store_page, sessions, page, user_id)
                summary.count(stored)
                callbacks.on_stored(request, stored)
        except Exception as exc:
            summary.failed = failure_reason(exc)
            log.warning("source failed", source=request.label, reason=summary.failed)
            if not isinstance(exc, SourceError | httpx.HTTPError | BlockedUrl | RetryableStatus):
                log.debug("source traceback", source=request.label, exc_info=exc)
        callbacks.on_done(request, summary)
        return summary

    try:
        report.summaries = list(await asyncio.gather(*(one(r, cls) for r, cls in sources)))
    finally:
        if browser is not None:
            await browser.close()
        if own_http:
            await client.aclose()
    return report


def _lost_a_lock_race(exc: BaseException) -> bool:
    """PostgreSQL aborted the transaction to break a deadlock, or a serialization conflict."""
    return isinstance(exc, OperationalError) and isinstance(
        exc.orig, DeadlockDetected | SerializationFailure
    )


@retry(
    retry=retry_if_exception(_lost_a_lock_race),
    stop=stop_after_attempt(PAGE_ATTEMPTS),
    wait=wait_random(0.05, 0.5),
    reraise=True,
)
def _store_page(
    sessions: sessionmaker[Session], page: list[Job], user_id: uuid.UUID | None
) -> list[StoredJob]:
    """Store one page in one transaction; again if PostgreSQL aborted it to break a deadlock.

    Each step of storing (upserts, takeovers, source merges) locks rows in one order, but a
    page's steps, and its batches, can still cross another worker's. The page is written
    whole or not at all, so trying it again is safe; the other worker has finished by then.
    """
    with session_scope(sessions) as session:
        return store_jobs(session, page, user_id=user_id)
