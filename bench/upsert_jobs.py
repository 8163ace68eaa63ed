"""Benchmark: normalise, dedup and upsert synthetic jobs into PostgreSQL.

    .venv/bin/python bench/upsert_jobs.py [--jobs 100000] [--batch 1000] [--workers 2]

Generates Greenhouse-shaped payloads (HTML descriptions of about 2 KB, a fifth of them
re-published on a second platform so dedup has work to do), then times the path a
search takes: adapter parse → Job, dedup against the batch and the database, bulk
upsert, job.discovered events. It runs in a fresh database that it drops afterwards,
and prints jobs/s for the first load (inserts) and a second load (updates). Each worker
runs ANALYZE every few batches, standing in for autovacuum (off on this machine).
With --workers N, N processes each store a shard, as N Celery workers would.

Each line also gives the CPU time per job of the worker processes (Python) and of their
PostgreSQL backends (server, read from /proc when the server runs on this machine): wall
time on a shared VM varies from day to day, and the split says which side to work on.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from adapters.greenhouse import parse_job
from bench.cpu import cpu_seconds
from bench.postgres import add_server_option, scratch_database
from db import migrate
from db.engine import create_db_engine
from db.models import Job as JobRow
from jobs.store import store_jobs

SKILLS = [
    "Python",
    "Go",
    "Rust",
    "PostgreSQL",
    "Redis",
    "Kafka",
    "Kubernetes",
    "Terraform",
    "AWS",
    "GCP",
    "React",
    "TypeScript",
]
TITLES = [
    "Backend Engineer",
    "Data Engineer",
    "Platform Engineer",
    "Site Reliability Engineer",
    "Frontend Engineer",
]
CITIES = [
    "San Francisco, CA",
    "New York, NY",
    "Austin, TX",
    "Berlin, Germany",
    "London, UK",
    "Remote",
]


ANALYZE_EVERY = 10
"""Batches between ANALYZE runs. This machine's PostgreSQL runs without autovacuum, so a table
filled from empty would keep no statistics and its look-ups would turn into sequential scans;
a production server's autovacuum analyses a growing table in the same way."""
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ner",
    "vo",
    "tra",
    "qui",
    "zen",
    "dal",
    "fi",
    "ro",
    "sy",
    "bex",
    "ul",
]


def company_names(count: int, rng: random.Random) -> list[str]:
    """Distinct, varied names: real companies rarely share their first letters in bulk."""
    names: set[str] = set()
    while len(names) < count:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        names.add(f"{word.capitalize()} {rng.choice(['Labs', 'Systems', 'Health', 'AI', 'Bank'])}")
    return sorted(names)


def payloads(count: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    companies = company_names(max(1, count // 50), rng)
    vocabulary = [
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(5000)
    ]
    items = []
    for i in range(count):
        skills = rng.sample(SKILLS, 5)
        paragraphs = [
            f"<p>Company {i % 997} is hiring. You will build {skills[0]} services and own "
            f"{skills[1]} pipelines used by {rng.randint(10, 900)} customers.</p>",
            "<h3>Requirements</h3><ul>"
            + "".join(f"<li>{s} in production</li>" for s in skills)
            + "</ul>",
            f"<p>{' '.join(rng.choice(vocabulary) for _ in range(300))}</p>",
            f"<p>The salary range for this role is ${rng.randint(90, 160)},000 - "
            f"${rng.randint(170, 260)},000 per year.</p>",
        ]
        content = "".join(paragraphs).replace("<", "&lt;").replace(">", "&gt;")
        items.append(
            {
                "id": 4_000_000 + i,
                "title": f"{rng.choice(TITLES)}, {rng.choice(vocabulary).capitalize()} {i}",
                "updated_at": "2026-11-18T09:30:00-05:00",
                "first_published": "2026-11-10T09:30:00-05:00",
                "location": {"name": rng.choice(CITIES)},
                "absolute_url": f"https://boards.greenhouse.io/c{i % 997}/jobs/{4_000_000 + i}",
                "company_name": companies[i % len(companies)],
                "content": content,
                "departments": [],
                "offices": [],
            }
        )
    return items


def process_cpu(pid: int) -> float | None:
    """CPU seconds of process ``pid``; None when it is not on this machine (a remote server)."""
    try:
        return cpu_seconds(pid)
    except OSError:
        return None


def store_shard(args: tuple[str, list[dict[str, Any]], int, str]) -> tuple[float, float | None]:
    """Store one shard on one connection; its (Python, server) CPU seconds."""
    url, items, batch, platform = args
    engine = create_db_engine(url)
    python_started = time.process_time()
    with engine.connect() as connection:
        backend = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
        connection.commit()
        server_started = process_cpu(backend)
        for start in range(0, len(items), batch):
            jobs = [parse_job(item, "bench") for item in items[start : start + batch]]
            if platform != "greenhouse":
                jobs = [j.model_copy(update={"platform": platform, "url": None}) for j in jobs]
            with Session(connection) as session:
                store_jobs(session, jobs)
                session.commit()
                if (start // batch) % ANALYZE_EVERY == ANALYZE_EVERY - 1:
                    session.execute(text("ANALYZE jobs"))
                    session.commit()
        server_ended = process_cpu(backend)
    engine.dispose()
    python = time.process_time() - python_started
    if server_started is None or server_ended is None:
        return python, None
    return python, server_ended - server_started


def run_load(url: str, items: list[dict[str, Any]], batch: int, workers: int, platform: str) -> str:
    """Store ``items`` from ``workers`` processes; a line of jobs/s and CPU per job."""
    shards = [items[i::workers] for i in range(workers)]
    started = time.perf_counter()
    if workers == 1:
        cpus = [store_shard((url, shards[0], batch, platform))]
    else:
        with mp.get_context("spawn").Pool(workers) as pool:
            cpus = pool.map(store_shard, [(url, shard, batch, platform) for shard in shards])
    seconds = time.perf_counter() - started
    python = sum(c[0] for c in cpus) / len(items) * 1e6
    servers = [c[1] for c in cpus]
    server = (
        "server n/a"
        if None in servers
        else f"server {sum(s or 0 for s in servers) / len(items) * 1e6:,.0f} µs"
    )
    return (
        f"{len(items) / seconds:8,.0f} jobs/s  ({seconds:.1f} s; CPU per job: "
        f"Python {python:,.0f} µs, {server})"
    )


def load_options(description: str | None, jobs: int) -> argparse.Namespace:
    """--jobs, --batch, --workers and --server, shared with bench/store_floor.py."""
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--jobs", type=int, default=jobs)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    add_server_option(parser)
    return parser.parse_args()


def main() -> None:
    args = load_options(__doc__, jobs=100_000)

    with scratch_database(args.server, "ajob_bench") as url:
        migrate.upgrade(url)
        items = payloads(args.jobs, seed=1)
        reposted = items[: args.jobs // 5]
        print(
            f"{args.jobs:,} jobs, batches of {args.batch}, "
            f"{args.workers} worker process(es), PostgreSQL"
        )
        first = run_load(url, items, args.batch, args.workers, "greenhouse")
        print(f"first load (insert):         {first}")
        second = run_load(url, items, args.batch, args.workers, "greenhouse")
        print(f"second load (update):        {second}")
        dup = run_load(url, reposted, args.batch, args.workers, "linkedin")
        print(f"cross-platform duplicates:   {dup}")
        engine = create_db_engine(url)
        with engine.connect() as conn:
            rows = conn.scalar(select(func.count()).select_from(JobRow))
        engine.dispose()
        print(f"rows stored: {rows:,} (expected {args.jobs:,}: duplicates merged into sources)")


if __name__ == "__main__":
    main()
