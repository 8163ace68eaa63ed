"""GET /api/jobs writes its rows straight to JSON (api/jobs_query.py): the same JSON the
``Page[JobSummary]`` model would write."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from api.jobs_query import FIELDS, JobsReader, encode_page
from api.schemas.common import Page
from api.schemas.jobs import JobQuery, JobSummary
from db.engine import create_db_engine
from db.enums import ApplicationStatus, WorkplaceType


def _rows() -> list[tuple[Any, ...]]:
    return [
        (
            uuid.uuid4(),
            "lever",
            "x-1",
            'Backend "Engineer" \u2014 Zürich',
            "Acme",
            ["Berlin", "Remote"],
            WorkplaceType.REMOTE,
            "full_time",
            100000.0,
            150000.5,
            "EUR",
            "year",
            "https://jobs.example/1",
            datetime(2026, 1, 2, 3, 4, 5, 123456, tzinfo=UTC),
            datetime(2026, 1, 3, tzinfo=UTC),
            87.5,
            ApplicationStatus.DISCOVERED,
        ),
        (
            uuid.uuid4(),
            "greenhouse",
            "x-2",
            "Data Engineer",
            "Beta",
            None,
            "onsite",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            datetime(2026, 1, 3, 1, 2, 3, 40, tzinfo=timezone(timedelta(hours=2))),
            None,
            None,
        ),
        (
            uuid.uuid4(),
            "remotive",
            "x-3",
            "SRE",
            "Gamma",
            [],
            "hybrid",
            None,
            1,
            None,
            None,
            None,
            None,
            datetime(2026, 1, 2, 3, 4, 5),
            datetime(2026, 1, 3, 4, 5, 6, 7),
            0.0,
            "applied",
        ),
    ]


def _by_pydantic(
    rows: list[tuple[Any, ...]], query: JobQuery, more: bool, total: int | None
) -> Any:
    items = []
    for row in rows:
        values = dict(zip(FIELDS, row, strict=True))
        values["locations"] = [str(p) for p in values["locations"] or []]
        status = values["application_status"]
        values["application_status"] = getattr(status, "value", status) if status else None
        items.append(JobSummary.model_validate(values))
    page = Page[JobSummary](
        items=items, limit=query.limit, offset=query.offset, has_more=more, total=total
    )
    return json.loads(page.model_dump_json())


def test_encode_page_writes_what_the_model_writes() -> None:
    rows = _rows()
    for query, more, total in (
        (JobQuery(), True, None),
        (JobQuery(limit=3, offset=40, count=True), False, 123),
    ):
        assert json.loads(encode_page(rows, query, more, total)) == _by_pydantic(
            rows, query, more, total
        )


def test_encode_page_of_nothing() -> None:
    query = JobQuery(limit=5)
    assert json.loads(encode_page([], query, False, 0)) == _by_pydantic([], query, False, 0)


@pytest.mark.postgres
def test_the_listing_pool_starts_no_parallel_workers(postgres_url: str) -> None:
    """A parallel worker cost a ``sort=match`` page ~8 ms of the server's time for nothing."""

    async def setting() -> str:
        reader = JobsReader()
        engine = create_db_engine(postgres_url)
        try:
            pool = await reader.pool(engine)
            async with pool.connection() as conn:
                row = await (await conn.execute("SHOW max_parallel_workers_per_gather")).fetchone()
        finally:
            await reader.close()
            engine.dispose()
        assert row is not None
        return str(row[0])

    assert asyncio.run(setting()) == "0"
