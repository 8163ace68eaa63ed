"""The discovery queue's task: search platforms for one user and store each job once.

Running a search twice (a redelivery, a duplicate enqueue) stores nothing twice: the store
upserts on (platform, external id) and merges cross-posts, and ``job.discovered`` events are
written only for new rows. When the search ends, a ``status.updated`` event with
``entity_type="search"`` and the task's id says how each source went, so a client that
enqueued it can stop waiting. A search in which every source failed is retried with backoff:
that is the signature of a network or platform outage, not of a bad request.

Base URLs given to the task are **not** trusted past the SSRF guard (unlike ``ajob search
--base-url`` on one's own machine): on a shared service they come from users. Only the
operator's ``AJOB_SOURCE_BASE_URLS`` hosts and ``AJOB_HTTP_ALLOW_HOSTS`` may be private.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from adapters.base import SearchQuery
from adapters.http import HttpClient
from core.errors import InputError
from db.enums import EventType
from db.models import User
from db.repositories import events
from jobs.search import SearchReport, SourceRequest, plan_requests, run_search
from tools.runtime import Services, get_services, run_sync
from workers.registry import RetryLater, task_uuid


def search_for_user(
    user_id: str,
    sources: Sequence[str] = (),
    boards: Sequence[str] = (),
    base_urls: Sequence[str] = (),
    query: str | None = None,
    location: str | None = None,
    remote: bool | None = None,
    posted_within_days: int | None = None,
    limit: int = 50,
) -> dict[str, Any]:
    """Search ``sources`` (boards as ``SOURCE:BOARD``, base URLs as ``SOURCE=URL``) for a user."""
    services = get_services()
    owner = _user(services, user_id)
    names = list(sources) or [board.split(":", 1)[0] for board in boards if ":" in board]
    if not names:
        raise InputError("say which sources to search (sources, or boards as SOURCE:BOARD)")
    requests = plan_requests(
        names, list(boards), list(base_urls), default_urls=services.settings.source_base_urls
    )
    since = datetime.now(UTC) - timedelta(days=posted_within_days) if posted_within_days else None
    search_query = SearchQuery(
        query=query, location=location, remote=remote, posted_since=since, limit=limit
    )
    report = run_sync(_search(services, requests, search_query, owner))
    summary = _summary(report)
    if report.all_failed:
        reasons = "; ".join(f"{s['source']}: {s['failed']}" for s in summary["sources"])
        raise RetryLater(f"every source failed ({reasons})")
    with services.sessions.begin() as session:
        events.append(
            session,
            EventType.STATUS_UPDATED,
            user_id=owner,
            entity_type="search",
            entity_id=task_uuid(),
            payload={"kind": "search.finished", **summary},
        )
    return summary


async def _search(
    services: Services,
    requests: Sequence[SourceRequest],
    query: SearchQuery,
    owner: uuid.UUID,
) -> SearchReport:
    settings = services.settings
    operator_hosts = {urlsplit(url).hostname or "" for url in settings.source_base_urls.values()}
    http = HttpClient(settings, trusted_hosts=operator_hosts - {""})
    try:
        return await run_search(
            settings, services.sessions, requests, query, user_id=owner, http=http
        )
    finally:
        await http.aclose()


def _user(services: Services, user_id: str) -> uuid.UUID:
    try:
        owner = uuid.UUID(str(user_id))
    except ValueError:
        raise InputError(f"user_id {user_id!r} is not a UUID") from None
    with services.sessions() as session:
        if session.get(User, owner) is None:
            raise InputError(f"no user {owner}")
    return owner


def _summary(report: SearchReport) -> dict[str, Any]:
    sources = [asdict(summary) for summary in report.summaries]
    return {
        "sources": sources,
        "found": sum(s["found"] for s in sources),
        "new": sum(s["new"] for s in sources),
        "failed": [s["source"] for s in sources if s["failed"]],
    }
