"""The hot path of ``GET /api/jobs``: a page of jobs as ready-to-send JSON bytes.

On PostgreSQL the page is read on the event loop through an async psycopg pool (autocommit:
one round trip, no BEGIN/ROLLBACK, no trip to a worker thread; psycopg prepares a statement
the server sees often). The SQL text is the repository's own statement
(db/repositories/user_jobs.py), compiled once per filter shape and sort. SQLite keeps the
synchronous repository call, in a worker thread.

Either way the rows are written straight to JSON: every column already has the type the
schema (``Page[JobSummary]``) declares, so validating each row again would only cost time.
``encode_page`` writes exactly what that model would (tests/api/test_jobs_fast_path.py).
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from enum import Enum
from functools import lru_cache
from typing import Any

import psycopg
from fastapi import FastAPI
from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool
from sqlalchemy import Dialect, Engine

from api.schemas.jobs import JobQuery
from db.repositories import user_jobs

FIELDS = (
    "id",
    "platform",
    "external_id",
    "title",
    "company",
    "locations",
    "workplace_type",
    "employment_type",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "url",
    "posted_at",
    "created_at",
    "match_score",
    "application_status",
)
"""The columns of ``user_jobs._page_statement``, in order: the fields of ``JobSummary``."""

POOL_MAX = 10
_ZERO = timedelta(0)
_dumps = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode


# ---- JSON ------------------------------------------------------------------------------------


def _datetime(value: datetime) -> str:
    """As pydantic writes it: ISO 8601, ``Z`` for UTC."""
    text = value.isoformat()
    if value.utcoffset() == _ZERO:
        return text[:-6] + "Z"
    return text


def _value(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _row(row: Sequence[Any]) -> dict[str, Any]:
    item = dict(zip(FIELDS, row, strict=True))
    item["id"] = str(item["id"])
    item["locations"] = [str(place) for place in item["locations"] or []]
    item["workplace_type"] = _value(item["workplace_type"])
    for key in ("salary_min", "salary_max", "match_score"):
        if item[key] is not None:
            item[key] = float(item[key])
    for key in ("posted_at", "created_at"):
        if item[key] is not None:
            item[key] = _datetime(item[key])
    status = item["application_status"]
    item["application_status"] = _value(status) if status else None
    return item


def encode_page(
    rows: Sequence[Sequence[Any]], query: JobQuery, more: bool, total: int | None
) -> bytes:
    """The JSON body of ``Page[JobSummary]`` for these rows (columns in ``FIELDS`` order)."""
    page = {
        "items": [_row(row) for row in rows],
        "limit": query.limit,
        "offset": query.offset,
        "has_more": more,
        "total": total,
    }
    return _dumps(page).encode()


# ---- the query -------------------------------------------------------------------------------


def filters_of(query: JobQuery) -> user_jobs.JobFilters:
    return user_jobs.JobFilters(
        q=query.q,
        platform=query.platform,
        company=query.company,
        workplace_type=query.workplace,
        min_score=query.min_score,
    )


def page_sync(engine: Engine, user_id: uuid.UUID, query: JobQuery) -> bytes:
    """The page through SQLAlchemy (SQLite, or any engine): run it in a worker thread."""
    with engine.connect() as connection:
        rows, more, total = user_jobs.list_for_user(
            connection,
            user_id,
            filters_of(query),
            sort=query.sort,
            limit=query.limit,
            offset=query.offset,
            count=query.count,
        )
        return encode_page([tuple(row) for row in rows], query, more, total)


@lru_cache(maxsize=256)
def _sql(
    dialect: Dialect, shape: user_jobs.Shape, sort: user_jobs.Sort, count: bool
) -> tuple[str, dict[str, Any]]:
    """The statement's PostgreSQL text and its constant parameters, once per shape."""
    statement = (
        user_jobs._count_statement(shape, sort) if count else user_jobs._page_statement(shape, sort)
    )
    compiled = statement.compile(dialect=dialect)
    constants = {k: v for k, v in compiled.params.items() if v is not None}
    return str(compiled), constants


def _pg_params(user_id: uuid.UUID, query: JobQuery) -> tuple[user_jobs.Shape, dict[str, Any]]:
    """The same shape and parameters ``user_jobs.list_for_user`` uses on PostgreSQL."""
    words = (query.q or "").split()
    params: dict[str, Any] = {
        "user_id": user_id,
        "limit": query.limit + 1,
        "offset": query.offset,
        "q": " ".join(words),
    }
    if query.platform:
        params["platform"] = query.platform
    if query.company:
        params["company"] = query.company.lower()
    if query.workplace is not None:
        params["workplace"] = query.workplace.value
    if query.min_score is not None:
        params["min_score"] = query.min_score
    shape: user_jobs.Shape = (
        "postgresql",
        1 if words else 0,
        bool(query.platform),
        bool(query.company),
        query.workplace is not None,
        query.min_score is not None,
    )
    return shape, params


async def page_async(
    pool: AsyncConnectionPool[AsyncConnection[tuple[Any, ...]]],
    dialect: Dialect,
    user_id: uuid.UUID,
    query: JobQuery,
) -> bytes:
    """The page on the event loop. A connection the server dropped (a restart) is thrown away
    by the pool; the read, which changes nothing, is then tried once more on a fresh one."""
    shape, params = _pg_params(user_id, query)
    try:
        rows, total = await _read(pool, dialect, shape, params, query)
    except psycopg.OperationalError:
        rows, total = await _read(pool, dialect, shape, params, query)
    more = len(rows) > query.limit
    return encode_page(rows[: query.limit], query, more, total)


async def _read(
    pool: AsyncConnectionPool[AsyncConnection[tuple[Any, ...]]],
    dialect: Dialect,
    shape: user_jobs.Shape,
    params: dict[str, Any],
    query: JobQuery,
) -> tuple[list[tuple[Any, ...]], int | None]:
    sql, constants = _sql(dialect, shape, query.sort, False)
    async with pool.connection() as connection:
        cursor = await connection.execute(sql, constants | params)
        rows = await cursor.fetchall()
        if not query.count:
            return rows, None
        count_sql, count_constants = _sql(dialect, shape, query.sort, True)
        cursor = await connection.execute(count_sql, count_constants | params)
        found = await cursor.fetchone()
        return rows, int(found[0]) if found and found[0] is not None else 0


# ---- the pool --------------------------------------------------------------------------------


NO_PARALLEL_WORKERS = "-c max_parallel_workers_per_gather=0"
"""A page is at most a few hundred rows: starting a parallel worker for one costs more than it
saves. With 100,000 ranked jobs the planner chose one for ``sort=match`` (whose best score is
shared by ~1,000 jobs), and a page took ~11.6 ms of the server instead of ~3.5–4.8."""


class JobsReader:
    """One per app: the async pool on PostgreSQL, opened at the first request (the database
    may not be usable when the app starts) and closed when the app stops."""

    def __init__(self) -> None:
        self._pool: AsyncConnectionPool[AsyncConnection[tuple[Any, ...]]] | None = None
        self._lock = asyncio.Lock()

    async def pool(self, engine: Engine) -> AsyncConnectionPool[AsyncConnection[tuple[Any, ...]]]:
        if self._pool is not None:
            return self._pool
        async with self._lock:
            if self._pool is None:
                conninfo = engine.url.set(drivername="postgresql").render_as_string(
                    hide_password=False
                )
                pool: AsyncConnectionPool[AsyncConnection[tuple[Any, ...]]] = AsyncConnectionPool(
                    conninfo,
                    min_size=1,
                    max_size=POOL_MAX,
                    kwargs={
                        "autocommit": True,
                        "connect_timeout": 5,
                        "options": NO_PARALLEL_WORKERS,
                    },
                    open=False,
                    name="ajob-jobs",
                )
                await pool.open(wait=True, timeout=10)
                self._pool = pool
            return self._pool

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None


READER_KEY = "jobs_reader"


def reader_of(app: FastAPI) -> JobsReader:
    reader: JobsReader | None = getattr(app.state, READER_KEY, None)
    if reader is None:
        reader = JobsReader()
        setattr(app.state, READER_KEY, reader)
    return reader


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Joined to the app's lifespan by ``include_router``: closes the pool at shutdown."""
    try:
        yield
    finally:
        reader: JobsReader | None = getattr(app.state, READER_KEY, None)
        if reader is not None:
            await reader.close()
