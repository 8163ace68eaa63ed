"""Benchmark: the most new jobs per second PostgreSQL alone stores here, with no Python work.

    .venv/bin/python bench/store_floor.py [--jobs 20000] [--batch 1000] [--workers 2]

bench/upsert_jobs.py's first load shares two cores between the workers' Python and their
PostgreSQL backends. This script asks what the server's half costs on its own: it stores the
rows the real pipeline produced (the same ``jobs`` rows and ``job.discovered`` events, made
once by ``jobs.store.store_jobs``) by plain COPY from ``--workers`` connections, ``--batch``
rows per transaction, into a freshly migrated database. No parsing, no dedup, no look-ups:
its jobs/s is a ceiling that no tuning of the Python side can pass with this schema on this
server. It prints that ceiling for the schema as migrated, then without the full-text index
(``ix_jobs_fts``) and without the stored full-text column too (``search_vector``, whose
``to_tsvector`` runs on every insert), to show what full-text search costs per new job.
"""

from __future__ import annotations

import multiprocessing as mp
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg

from bench.cpu import cpu_seconds
from bench.postgres import psycopg_url, scratch_database
from bench.upsert_jobs import load_options, payloads, store_shard
from db import migrate

TABLES = ("jobs", "events")

Rows = dict[str, tuple[list[str], list[bytes]]]
"""Per table: the columns COPY writes, and one line of COPY text per row."""

VARIANTS: dict[str, list[str]] = {
    "schema as migrated": [],
    "search_vector kept, its GIN index dropped": ["DROP INDEX ix_jobs_fts"],
    "without search_vector and its GIN index": ["ALTER TABLE jobs DROP COLUMN search_vector"],
}


@contextmanager
def migrated_database(server: str) -> Iterator[str]:
    with scratch_database(server, "ajob_floor") as url:
        migrate.upgrade(url)
        yield url


def stored_columns(conn: psycopg.Connection, table: str) -> list[str]:
    """The columns COPY can write: every one but the generated."""
    rows = conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
        "AND is_generated = 'NEVER' ORDER BY ordinal_position",
        (table,),
    ).fetchall()
    return [row[0] for row in rows]


def pipeline_rows(url: str, jobs: int) -> Rows:
    """Store ``jobs`` synthetic jobs through the real pipeline; each table's columns and lines."""
    store_shard((url, payloads(jobs, seed=1), 1000, "greenhouse"))
    out: Rows = {}
    with psycopg.connect(psycopg_url(url)) as conn:
        for table in TABLES:
            columns = stored_columns(conn, table)
            data = bytearray()
            with conn.cursor().copy(f"COPY {table} ({', '.join(columns)}) TO STDOUT") as copy:
                for chunk in copy:
                    data += chunk
            out[table] = (columns, bytes(data).splitlines(keepends=True))
    return out


def load_share(
    args: tuple[str, Rows, int],
) -> tuple[float, float, float]:
    """COPY one share of the rows, a batch of jobs and as many events per transaction.

    Returns when it began and ended (wall clock, so that the pool's start-up is not timed)
    and the backend's CPU seconds.
    """
    url, rows, batch = args
    with psycopg.connect(psycopg_url(url)) as conn:
        backend = conn.execute("SELECT pg_backend_pid()").fetchone()
        conn.commit()
        assert backend is not None
        began, started = time.time(), cpu_seconds(backend[0])
        count = len(rows["jobs"][1])
        for start in range(0, count, batch):
            with conn.transaction():
                for table, (columns, lines) in rows.items():
                    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
                    with conn.cursor().copy(statement) as copy:
                        copy.write(b"".join(lines[start : start + batch]))
        return began, time.time(), cpu_seconds(backend[0]) - started


def shares(rows: Rows, workers: int) -> list[Rows]:
    return [
        {table: (columns, lines[i::workers]) for table, (columns, lines) in rows.items()}
        for i in range(workers)
    ]


def main() -> None:
    args = load_options(__doc__, jobs=20_000)

    with migrated_database(args.server) as source:
        rows = pipeline_rows(source, args.jobs)
    jobs, events = len(rows["jobs"][1]), len(rows["events"][1])
    if jobs != events:
        raise SystemExit(f"expected one job.discovered event per job, got {events} for {jobs}")
    print(
        f"{jobs:,} jobs and their events made by the pipeline; COPY from {args.workers} "
        f"connection(s), batches of {args.batch}, PostgreSQL only"
    )
    for label, statements in VARIANTS.items():
        with migrated_database(args.server) as target:
            with psycopg.connect(psycopg_url(target), autocommit=True) as conn:
                for statement in statements:
                    conn.execute(statement)
            work = [(target, share, args.batch) for share in shares(rows, args.workers)]
            with mp.get_context("spawn").Pool(args.workers) as pool:
                timings = pool.map(load_share, work)
        seconds = max(t[1] for t in timings) - min(t[0] for t in timings)
        cpu = sum(t[2] for t in timings)
        print(
            f"{label + ':':42} {jobs / seconds:8,.0f} jobs/s  ({seconds:.1f} s; server CPU per "
            f"job {cpu / jobs * 1e6:,.0f} µs)"
        )


if __name__ == "__main__":
    main()
