"""The whole search against the sandbox: 13 sources, one database, each job stored once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from adapters.base import SearchQuery
from core.config import Settings
from db import migrate
from db.engine import create_db_engine, session_factory
from db.models import Event
from db.models import Job as JobRow
from jobs.search import SearchCallbacks, SourceRequest, run_search
from sandbox.server import RunningSandbox


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A fresh database per test: these tests count every row in it."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'search.db'}"
    else:
        make: Callable[[], str] = request.getfixturevalue("make_postgres_database")
        url = make()
    migrate.upgrade(url)
    engine = create_db_engine(url)
    yield engine
    engine.dispose()


def _requests(sandbox: RunningSandbox) -> list[SourceRequest]:
    requests: list[SourceRequest] = []
    for source, url in sandbox.base_urls().items():
        boards: list[str | None] = list(sandbox.catalogue.boards(source))
        if source == "workday":
            boards = [f"{b}/External" for b in boards]
        for board in boards or [None]:
            requests.append(SourceRequest(source, board, url))
    return requests


ATS = {"greenhouse", "lever", "lever_eu", "ashby", "smartrecruiters", "workday"}


async def test_every_source_every_job_once(
    engine: Engine, clean_sandbox: RunningSandbox, sandbox_settings: Settings, chromium_path: Path
) -> None:
    """ATS boards first, then the aggregators: exactly the catalogue's distinct jobs remain."""
    settings = sandbox_settings.model_copy(update={"browser_path": chromium_path})
    requests = _requests(clean_sandbox)
    stored: list[str] = []
    callbacks = SearchCallbacks(
        on_stored=lambda request, page: stored.extend(s.outcome for s in page)
    )
    sessions = session_factory(engine)
    query = SearchQuery(limit=10_000)
    first = await run_search(
        settings, sessions, [r for r in requests if r.source in ATS], query, callbacks=callbacks
    )
    then = await run_search(
        settings, sessions, [r for r in requests if r.source not in ATS], query, callbacks=callbacks
    )

    summaries = first.summaries + then.summaries
    assert [(s.source, s.board, s.failed) for s in summaries if s.failed] == []
    catalogue = clean_sandbox.catalogue
    assert (
        sum(s.found for s in summaries)
        == len(stored)
        == sum(len(catalogue.postings(p)) for p in clean_sandbox.base_urls())
    )
    with engine.connect() as conn:
        rows = conn.scalar(select(func.count()).select_from(JobRow))
        discovered = conn.scalar(
            select(func.count()).select_from(Event).where(Event.type == "job.discovered")
        )
        sources = [len(s) for s in conn.scalars(select(JobRow.sources))]
    assert rows == catalogue.expected_distinct(clean_sandbox.base_urls())
    assert discovered == rows == stored.count("new")
    assert max(sources) >= 4  # an ATS posting plus three or more aggregators


async def test_all_sources_at_once_store_each_job_once(
    engine: Engine, clean_sandbox: RunningSandbox, sandbox_settings: Settings, chromium_path: Path
) -> None:
    """Concurrent sources: whatever order they answer in, each job is stored once (copies
    stored apart before the posting that links them are folded into one)."""
    settings = sandbox_settings.model_copy(update={"browser_path": chromium_path})
    report = await run_search(
        settings, session_factory(engine), _requests(clean_sandbox), SearchQuery(limit=10_000)
    )
    assert not any(s.failed for s in report.summaries)
    expected = clean_sandbox.catalogue.expected_distinct(clean_sandbox.base_urls())
    with engine.connect() as conn:
        rows = conn.scalar(select(func.count()).select_from(JobRow)) or 0
    assert rows == expected


async def test_one_failing_source_does_not_stop_the_others(
    engine: Engine, clean_sandbox: RunningSandbox, sandbox_settings: Settings
) -> None:
    clean_sandbox.add_faults(
        {"platform": "remotive", "kind": "status", "status": 500, "times": 100}
    )
    requests = [
        SourceRequest("remotive", None, clean_sandbox.base_url("remotive")),
        SourceRequest("remoteok", None, clean_sandbox.base_url("remoteok")),
        SourceRequest("greenhouse", "does-not-exist", clean_sandbox.base_url("greenhouse")),
    ]
    report = await run_search(
        sandbox_settings, session_factory(engine), requests, SearchQuery(limit=1000)
    )
    by_source = {s.source: s for s in report.summaries}
    assert by_source["remotive"].failed is not None
    assert "HTTP 500" in by_source["remotive"].failed
    assert (
        by_source["greenhouse"].failed
        == "board 'does-not-exist' does not exist on greenhouse (HTTP 404)"
    )
    assert by_source["remoteok"].failed is None
    assert by_source["remoteok"].found == len(clean_sandbox.catalogue.postings("remoteok"))
    assert not report.all_failed
