"""Writing a page of job rows: INSERT … ON CONFLICT (platform, external_id) DO UPDATE.

On PostgreSQL the postings the look-up did not find are COPied straight into ``jobs``, in a
savepoint: they are new unless another worker stored one of them since, and then the
savepoint is rolled back and they take the general path. That path COPies the rows into a
temporary table and writes them by one ``INSERT … SELECT … ON CONFLICT … RETURNING``: an
executemany runs the statement once per row, binding its 26 parameters and starting the
executor each time, and then needs a second look-up for the ids. The straight COPY saves the
temporary table's write and the speculative insertion: 50 to 150 µs of server per new job
(docs/ARCHITECTURE.md, "Storing jobs fast"). SQLite keeps the executemany.

JSON is written with orjson, for the content hash and the COPY alike: the standard library's
encoder cost about 125 µs a job, a fifth of a first load's Python time (the raw payload holds
the whole description again).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import datetime
from enum import Enum
from typing import Any, cast

import orjson
import xxhash
from psycopg import Connection
from psycopg.errors import UniqueViolation
from sqlalchemy import (
    ColumnElement,
    Table,
    and_,
    any_,
    column,
    literal,
    literal_column,
    or_,
    select,
    table,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import InstrumentedAttribute, Session

from db.models import Job as JobRow

UPDATED_COLUMNS = (
    "title", "company", "locations", "workplace_type", "employment_type", "salary_min",
    "salary_max", "salary_currency", "salary_period", "description_text", "description_html",
    "search_text", "url", "apply_url", "canonical_url", "canonical_apply_url", "fingerprint",
    "content_simhash", "sources", "posted_at", "expired_at", "raw", "content_hash", "updated_at",
)  # fmt: skip
HASHED_COLUMNS = tuple(
    c for c in UPDATED_COLUMNS if c not in ("sources", "content_hash", "updated_at", "search_text")
)
"""``sources`` is compared as it is: merging a duplicate changes it alone (jobs.store).
``search_text`` is derived from hashed columns, so an unchanged posting is recognised before it
is built (``ROW_FORMAT`` covers a change in how it is derived)."""
ROW_FORMAT = 2
"""Hashed with the columns. Raised when what a row derives from its posting changes (2: the
search document, migration 0005), so each stored posting is rewritten when next seen."""

JOBS = cast(Table, JobRow.__table__)
COLUMNS = tuple(c.name for c in JOBS.columns)
INCOMING = "jobs_incoming"
"""Per connection and emptied at each commit, so pooled connections keep it between pages."""

PostingId = tuple[str, str]


def one_of(
    item: InstrumentedAttribute[Any], values: Iterable[Any], dialect: str
) -> ColumnElement[bool]:
    """``item IN values``; on PostgreSQL one array parameter, ``item = ANY(:values)``.

    An IN list has a placeholder per value, so its statement differs with every page's length:
    the driver parsed a new thousand-placeholder statement for each look-up (about 50 µs a job)
    and the server planned it afresh. The array form is one statement, which psycopg prepares.
    """
    values = list(values)
    if dialect == "postgresql":
        return item == any_(literal(values, ARRAY(item.type)))
    return item.in_(values)


def posting_ids_in(pids: Iterable[PostingId], dialect: str) -> ColumnElement[bool]:
    """(platform, external_id) IN pids, written as one ``one_of(external_id, …)`` per platform.

    A row-value IN list of a thousand pairs plans as a thousand-branch OR; this form is one
    scan of the unique index per platform.
    """
    by_platform: dict[str, list[str]] = {}
    for platform, external_id in pids:
        by_platform.setdefault(platform, []).append(external_id)
    return or_(
        *(
            and_(JobRow.platform == platform, one_of(JobRow.external_id, ids, dialect))
            for platform, ids in by_platform.items()
        )
    )


def json_text(value: Any) -> str:
    """``value`` as JSON; the standard library writes what orjson refuses (an int beyond 64
    bits), with anything else it cannot encode as its ``str``."""
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
    except orjson.JSONEncodeError:
        return json.dumps(value, default=str)


def content_hash(row: dict[str, Any]) -> str:
    """A digest of what an upsert of ``row`` would write, but its sources and updated_at."""
    return xxhash.xxh3_128_hexdigest(
        json_text([ROW_FORMAT, *(row[name] for name in HASHED_COLUMNS)])
    )


def merged_sources(current: str, incoming: str) -> str:
    """SQL for the sources in ``current`` followed by those in ``incoming`` it lacks (by
    platform and external id), as ``jobs.store.merge_sources`` merges them (PostgreSQL).

    Merged in the statement, not in Python from the value a look-up read: an UPDATE (or ON
    CONFLICT DO UPDATE) that waited for another worker's write to the row evaluates it again
    on the row as that worker left it, so two workers merging copies into one row at once both
    keep theirs. Merged in Python, the later write dropped the earlier one's source.
    """
    return (
        "(SELECT coalesce(jsonb_agg(source ORDER BY position), '[]'::jsonb) FROM ("
        "SELECT DISTINCT ON (source->>'platform', source->>'external_id') source, position"
        f" FROM jsonb_array_elements(coalesce({current}, '[]'::jsonb) || {incoming})"
        " WITH ORDINALITY AS s(source, position)"
        " ORDER BY source->>'platform', source->>'external_id', position) AS merged)"
    )


def _on_conflict_update(statement: Any, merge_in_sql: bool) -> Any:
    """DO UPDATE on the posting's key, skipped when nothing changed.

    A posting seen again unchanged (the usual case for a repeated search) is left alone:
    rewriting it would re-index the row, full-text index included, for nothing. The hash
    says so; comparing the columns themselves read every stored description back from
    TOAST, and a repeated load of 100,000 jobs slowed as the table grew (by how much was not
    measured under the same load, so no figure is claimed).
    """
    values = {name: statement.excluded[name] for name in UPDATED_COLUMNS}
    if merge_in_sql:
        values["sources"] = literal_column(merged_sources("jobs.sources", "excluded.sources"))
    return statement.on_conflict_do_update(
        index_elements=["platform", "external_id"],
        set_=values,
        where=or_(
            JOBS.c.content_hash.is_distinct_from(statement.excluded.content_hash),
            JOBS.c.sources.is_distinct_from(statement.excluded.sources),
        ),
    )


_EXECUTEMANY = _on_conflict_update(sqlite_insert(JOBS), merge_in_sql=False)
"""Without RETURNING, one cached statement the driver runs for every row."""
_INCOMING = table(INCOMING, *(column(name) for name in COLUMNS))
_FROM_INCOMING = _on_conflict_update(
    pg_insert(JOBS).from_select(
        COLUMNS,
        select(*_INCOMING.c).order_by(_INCOMING.c.platform, _INCOMING.c.external_id),
    ),
    merge_in_sql=True,
).returning(JOBS.c.id, JOBS.c.platform, JOBS.c.external_id)
_PREPARE_INCOMING = (
    f"CREATE TEMPORARY TABLE IF NOT EXISTS {INCOMING} (LIKE jobs INCLUDING COMPRESSION)"
    " ON COMMIT DELETE ROWS",
    f"TRUNCATE {INCOMING}",
)
"""Compressed as jobs' columns are, so INSERT … SELECT moves the values without recompressing;
emptied before each batch, since a page of several batches is one transaction and a later
batch must not write an earlier one's rows again (over a row since taken over or folded)."""
_COPY_INCOMING = f"COPY {INCOMING} ({', '.join(COLUMNS)}) FROM STDIN"
_COPY_JOBS = f"COPY jobs ({', '.join(COLUMNS)}) FROM STDIN"
_MERGE_SOURCES = text(
    "UPDATE jobs SET sources = "
    + merged_sources("jobs.sources", "CAST(:sources AS jsonb)")
    + ", updated_at = :updated_at WHERE id = :id"
)


def lock_rows(session: Session, ids: Iterable[uuid.UUID]) -> None:
    """Lock rows ``ids`` for this transaction, in id order (PostgreSQL; SQLite has one writer).

    For a page that rewrites some rows one by one (a takeover) before merging sources into
    them and others: each statement locks rows in id order, but two in a row start again from
    the lowest, so another worker merging into the same rows could deadlock with this one.
    Locking them all first, in one order, leaves only waiting.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    session.execute(
        select(JobRow.id)
        .where(one_of(JobRow.id, ids, "postgresql"))
        .order_by(JobRow.id)
        .with_for_update()
    )


def merge_sources_into(
    session: Session, merges: dict[uuid.UUID, list[dict[str, Any]]], now: datetime
) -> None:
    """Add ``merges[id]`` to row ``id``'s sources, rows in id order: concurrent pages then lock
    shared rows in one order and cannot deadlock."""
    if not merges:
        return
    in_sql = session.get_bind().dialect.name == "postgresql"
    session.execute(
        _MERGE_SOURCES if in_sql else update(JobRow),
        [
            {"id": i, "sources": json_text(s) if in_sql else s, "updated_at": now}
            for i, s in sorted(merges.items())
        ],
    )


def upsert_rows(
    session: Session, rows: list[dict[str, Any]], fresh: set[PostingId]
) -> dict[PostingId, uuid.UUID]:
    """Write ``rows`` (dicts keyed by column, ``content_hash`` included); return the id each
    written posting has now.

    ``fresh`` are the postings written under a new id. Their ids are checked rather than
    assumed: when another worker stored the same posting between our look-up and our
    write, the row keeps that worker's id. A posting that was already stored keeps its id.

    Rows are written in (platform, external_id) order, so two workers writing overlapping
    pages take the unique index's entries in the same order and wait for each other instead
    of deadlocking (which would abort one page).
    """
    if not rows:
        return {}
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        rows = sorted(rows, key=_posting)
        ids = _copy_new(session, [r for r in rows if _posting(r) in fresh])
        ids.update(_copy_and_insert(session, [r for r in rows if _posting(r) not in ids]))
    else:
        session.execute(_EXECUTEMANY, rows)
        ids = {}
    unknown = fresh - ids.keys()
    if unknown:
        found = session.execute(
            select(JobRow.id, JobRow.platform, JobRow.external_id).where(
                posting_ids_in(unknown, dialect)
            )
        )
        ids.update({(r.platform, r.external_id): r.id for r in found})
    return ids


def _posting(row: dict[str, Any]) -> PostingId:
    return (row["platform"], row["external_id"])


def _copy_new(session: Session, rows: list[dict[str, Any]]) -> dict[PostingId, uuid.UUID]:
    """COPY ``rows`` (postings not stored at the look-up) into ``jobs``; their ids, or none
    when one of them was stored meanwhile (the savepoint is then rolled back)."""
    if not rows:
        return {}
    try:
        with session.begin_nested():
            _copy(session, _COPY_JOBS, rows)
    except UniqueViolation:
        return {}
    return {_posting(row): row["id"] for row in rows}


def _copy_and_insert(session: Session, rows: list[dict[str, Any]]) -> dict[PostingId, uuid.UUID]:
    if not rows:
        return {}
    _copy(session, _COPY_INCOMING, rows, prepare=_PREPARE_INCOMING)
    written = session.execute(_FROM_INCOMING)
    return {(r.platform, r.external_id): r.id for r in written}


def _copy(
    session: Session, statement: str, rows: list[dict[str, Any]], prepare: Iterable[str] = ()
) -> None:
    driver = cast(Connection[Any], session.connection().connection.driver_connection)
    with driver.cursor() as cursor:
        for step in prepare:
            cursor.execute(step)
        with cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([_copy_value(row[name]) for name in COLUMNS])


def _copy_value(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json_text(value)
    if isinstance(value, Enum):
        return value.value
    return value
