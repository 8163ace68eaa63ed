"""Benchmark: fill and submit sandbox application forms, exactly once each, with a warm browser.

    .venv/bin/python bench/apply.py [--applications 16] [--concurrency 1 2 4]

Each application is a different Greenhouse posting of the sandbox (job page with its form,
react-select comboboxes, EEO section, resume upload), applied to by the sample candidate
through the same path as ``ajob apply --submit``: the job read from its page, the
application row approved and claimed in SQLite, every field filled, the real submit button
clicked, the confirmation read. No model is used. Prints the median seconds per
application and applications per second at each concurrency (targets: median ≤ 1.0 s and
≥ 1.5 applications/s on 2 cores), and how many submissions the sandbox recorded.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from adapters.browser import BrowserPool
from core.config import Settings
from db import migrate
from db.engine import create_db_engine, session_factory
from forms.mapping import Documents
from forms.service import apply
from resumes.candidate import load_candidate, sample_candidate_path
from sandbox.server import RunningSandbox, serve_sandbox
from sandbox.sources import PAGE_PREFIXES

MEDIAN_TARGET_S = 1.0
RATE_TARGET = 1.5


async def run(sandbox: RunningSandbox, count: int, concurrency: int, offset: int) -> None:
    postings = sandbox.catalogue.postings("greenhouse")[offset : offset + count]
    settings = Settings(
        http_allow_hosts=["127.0.0.1"], http_rate_per_host=1000, http_burst_per_host=200
    )
    candidate = load_candidate(sample_candidate_path())
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        migrate.upgrade(url)
        engine = create_db_engine(url)
        sessions = session_factory(engine)
        resume = Path(tmp) / "resume.pdf"
        resume.write_bytes(b"%PDF-1.4\n%%EOF\n")
        slots = asyncio.Semaphore(concurrency)
        seconds: list[float] = []
        statuses: dict[str, int] = {}
        phases: dict[str, list[int]] = {}
        before = len(sandbox.submissions("greenhouse"))
        async with BrowserPool(settings, concurrency=concurrency) as pool:
            await pool.browser()

            async def one(i: int) -> None:
                posting = postings[i]
                path = f"/{posting.board}/jobs/{posting.external_id}"
                page = f"{sandbox.url}{PAGE_PREFIXES['greenhouse']}{path}"
                async with slots:
                    started = time.perf_counter()
                    report = await apply(
                        settings, sessions, page, candidate, Documents(resume=resume),
                        submit=True, screenshots=Path(tmp) / f"e{i}", pool=pool,
                    )  # fmt: skip
                    seconds.append(time.perf_counter() - started)
                    for key, value in report.timings_ms.items():
                        phases.setdefault(key, []).append(value)
                    statuses[report.status] = statuses.get(report.status, 0) + 1

            started = time.perf_counter()
            await asyncio.gather(*(one(i) for i in range(len(postings))))
            wall = time.perf_counter() - started
        engine.dispose()
        recorded = len(sandbox.submissions("greenhouse")) - before
    median = statistics.median(seconds)
    p90 = statistics.quantiles(seconds, n=10)[-1]
    rate = len(postings) / wall
    verdict = "meets" if median <= MEDIAN_TARGET_S and rate >= RATE_TARGET else "MISSES"
    print(
        f"concurrency {concurrency}: {len(postings)} applications in {wall:.1f} s = "
        f"{rate:.2f}/s, median {median:.2f} s (p90 {p90:.2f} s); "
        f"statuses {statuses}; sandbox recorded {recorded} submissions: {verdict} the targets"
    )
    medians = ", ".join(f"{k} {statistics.median(v):.0f}" for k, v in phases.items())
    print(f"  median ms per phase: {medians}")


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--applications", type=int, default=16)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 2, 4])
    args = parser.parse_args()
    with serve_sandbox() as sandbox:
        offset = 0
        for concurrency in args.concurrency:
            await run(sandbox, args.applications, concurrency, offset)
            offset += args.applications


if __name__ == "__main__":
    asyncio.run(main())
