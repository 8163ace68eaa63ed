"""Every source adapter against its sandbox replica, in the platform's real format."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.base import SearchQuery, SourceContext
from adapters.browser import BrowserPool
from adapters.errors import BoardNotFound, MalformedPayload, SourceBlocked, SourceError
from adapters.http import HttpClient
from adapters.job import Job
from adapters.registry import known_sources, source_class
from core.config import Settings
from core.errors import InputError
from db.enums import WorkplaceType
from sandbox.server import RunningSandbox

BOARD_SOURCES = {
    "greenhouse": ("northwind", "northwind"),
    "lever": ("parallax", "parallax"),
    "lever_eu": ("brightwell", "brightwell"),
    "ashby": ("helixbio", "helixbio"),
    "smartrecruiters": ("meridian", "meridian"),
    "workday": ("granitebank/External", "granitebank"),
}
HTTP_FEEDS = ("remoteok", "remotive", "linkedin")
BROWSER_SOURCES = ("indeed", "glassdoor", "wellfound")


async def _collect(
    sandbox: RunningSandbox,
    settings: Settings,
    name: str,
    query: SearchQuery,
    browser: BrowserPool | None = None,
) -> list[Job]:
    async with HttpClient(settings) as http:
        source = source_class(name)(
            SourceContext(settings, http, browser, {name: sandbox.base_url(name)})
        )
        return [job async for page in source.search(query) for job in page]


def _check_records(jobs: list[Job], name: str) -> None:
    assert all(job.platform == name for job in jobs)
    assert len({job.external_id for job in jobs}) == len(jobs)
    for job in jobs:
        assert job.title
        assert job.company
        assert job.url
        assert job.description_text
        assert job.posted_at is not None


@pytest.mark.parametrize("name", sorted(BOARD_SOURCES))
async def test_ats_source_reads_every_posting_of_a_board(
    name: str, clean_sandbox: RunningSandbox, sandbox_settings: Settings
) -> None:
    board, catalogue_board = BOARD_SOURCES[name]
    jobs = await _collect(
        clean_sandbox, sandbox_settings, name, SearchQuery(board=board, limit=1000)
    )
    expected = clean_sandbox.catalogue.postings(name, catalogue_board)
    assert len(jobs) == len(expected)
    _check_records(jobs, name)
    assert any(job.salary_min for job in jobs) or name in ("smartrecruiters", "workday")


@pytest.mark.parametrize("name", HTTP_FEEDS)
async def test_feeds_read_every_posting(
    name: str, clean_sandbox: RunningSandbox, sandbox_settings: Settings
) -> None:
    jobs = await _collect(clean_sandbox, sandbox_settings, name, SearchQuery(limit=1000))
    assert len(jobs) == len(clean_sandbox.catalogue.postings(name))
    _check_records(jobs, name)


async def test_hn_reads_the_latest_who_is_hiring_thread(
    clean_sandbox: RunningSandbox, sandbox_settings: Settings
) -> None:
    jobs = await _collect(clean_sandbox, sandbox_settings, "hn", SearchQuery(limit=1000))
    latest = clean_sandbox.catalogue.postings("hn", "49638349")
    assert len(jobs) == len(latest)
    assert all(job.title and job.company for job in jobs)
    assert any(job.workplace_type is WorkplaceType.REMOTE for job in jobs)


@pytest.mark.parametrize("name", BROWSER_SOURCES)
async def test_browser_sources_read_the_embedded_json(
    name: str, clean_sandbox: RunningSandbox, sandbox_settings: Settings, chromium_path: Path
) -> None:
    settings = sandbox_settings.model_copy(update={"browser_path": chromium_path})
    async with BrowserPool(settings) as browser:
        jobs = await _collect(clean_sandbox, settings, name, SearchQuery(limit=1000), browser)
    assert len(jobs) == len(clean_sandbox.catalogue.postings(name))
    _check_records(jobs, name)


async def test_indeed_captcha_stops_the_source(
    clean_sandbox: RunningSandbox, sandbox_settings: Settings, chromium_path: Path
) -> None:
    clean_sandbox.add_faults({"platform": "indeed", "kind": "blocked", "times": 5})
    settings = sandbox_settings.model_copy(update={"browser_path": chromium_path})
    async with BrowserPool(settings) as browser:
        with pytest.raises(SourceBlocked, match="CAPTCHA or bot check"):
            await _collect(clean_sandbox, settings, "indeed", SearchQuery(), browser)


async def test_query_and_limit(clean_sandbox: RunningSandbox, sandbox_settings: Settings) -> None:
    jobs = await _collect(
        clean_sandbox, sandbox_settings, "remoteok", SearchQuery(query="engineer", limit=3)
    )
    assert len(jobs) == 3
    assert all("engineer" in f"{j.title} {j.description_text}".lower() for j in jobs)


async def test_unknown_board_names_the_board(
    clean_sandbox: RunningSandbox, sandbox_settings: Settings
) -> None:
    with pytest.raises(BoardNotFound, match="board 'no-such-company' does not exist on greenhouse"):
        await _collect(
            clean_sandbox, sandbox_settings, "greenhouse", SearchQuery(board="no-such-company")
        )


async def test_malformed_payload_names_source_and_reason(
    clean_sandbox: RunningSandbox, sandbox_settings: Settings
) -> None:
    clean_sandbox.add_faults({"platform": "lever", "kind": "malformed", "times": 1})
    with pytest.raises(
        MalformedPayload, match=r"^lever: GET /v0/postings/parallax \(skip 0\): invalid JSON"
    ):
        await _collect(clean_sandbox, sandbox_settings, "lever", SearchQuery(board="parallax"))


async def test_429_with_retry_after_is_retried(
    clean_sandbox: RunningSandbox, sandbox_settings: Settings
) -> None:
    clean_sandbox.add_faults(
        {"platform": "remotive", "kind": "status", "status": 429, "retry_after": 0, "times": 2}
    )
    jobs = await _collect(clean_sandbox, sandbox_settings, "remotive", SearchQuery(limit=1000))
    assert len(jobs) == len(clean_sandbox.catalogue.postings("remotive"))
    statuses = [r.status for r in clean_sandbox.requests("remotive")]
    assert statuses == [429, 429, 200]


async def test_board_sources_need_a_board(
    sandbox_settings: Settings, clean_sandbox: RunningSandbox
) -> None:
    with pytest.raises(SourceError, match=r"needs --board \(the board token"):
        await _collect(clean_sandbox, sandbox_settings, "greenhouse", SearchQuery())


def test_unknown_source_lists_the_known_ones() -> None:
    with pytest.raises(InputError) as caught:
        source_class("monster")
    assert caught.value.message.startswith(
        "unknown source 'monster'; the sources are: greenhouse, lever"
    )
    assert len(known_sources()) == 13
