"""Benchmark: fill and submit sandbox application forms, exactly once each, with a warm browser.

    .venv/bin/python bench/apply.py [--platforms greenhouse lever ...] [--applications 8]
                                    [--concurrency 1 2 4]

Every form the engine submits today is covered (``--platforms``, all by default): Greenhouse's
job-boards page (react-select comboboxes, EEO section, resume upload), its legacy boards form,
Lever (question cards, unlabelled EEO selects, the invisible hCaptcha), Ashby (aria-pressed
buttons, a fetch submit), SmartRecruiters' one-click form, Workday (signed in with a stored
sign-in, five steps), LinkedIn's Easy Apply modal and Indeed's apply flow (both with a saved
member session, as ``ajob session save`` writes one; only postings whose "years with <skill>"
question the resume answers, since the others rightly stop for the person). Each application is
a different posting, applied to by the sample candidate (with the consents and "worked here
before?" only a person can answer in its answer bank, as tests/forms/answered.py has them)
through the same path as ``ajob apply --submit``: the job read from its page (Workday's from the
search that found it, as its apply page is the account wall), the application row approved and
claimed in SQLite, every field filled, the real submit control clicked, the confirmation read
and the evidence kept. No model is used.

Workday's jobs are stored first as its search reads them, outside the timing: its apply page
is the account wall, which names no job.

Per platform and overall, at each concurrency: the median seconds per application, the
applications per second (targets: median ≤ 1.0 s and ≥ 1.5 applications/s on 2 cores), the
median of each phase of the report's ``timings_ms``, and whether every application was
submitted and recorded exactly once by the sandbox. Platforms run one after the other at each
concurrency, each batch with a database of its own, so a rate is that platform's alone.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pydantic import SecretStr

from adapters import workday
from adapters.browser import BrowserPool
from adapters.job import Job
from core.config import Settings
from db import migrate
from db.engine import create_db_engine, session_factory
from forms.mapping import Documents
from forms.model import ApplyReport
from forms.service import apply
from jobs.store import store_jobs
from resumes.answers import Answerer, Question
from sandbox.applications import members
from sandbox.applications.accounts import SANDBOX_PASSWORD
from sandbox.applications.greenhouse_legacy import legacy_url
from sandbox.applications.indeed import SESSION_COOKIE as INDEED_SESSION
from sandbox.applications.linkedin import storage_state
from sandbox.applications.log import Submission
from sandbox.applications.screening import skill_asked
from sandbox.catalogue import Posting
from sandbox.links import ats_apply_url, job_url
from sandbox.platforms.workday import detail_json, summary_json
from sandbox.server import RunningSandbox, serve_sandbox
from tests.forms.answered import answered_candidate, resume_file

MEDIAN_TARGET_S = 1.0
RATE_TARGET = 1.5
WORKDAY_LOGIN = {
    "username": SecretStr("priya.raman@example.org"),
    "password": SecretStr(SANDBOX_PASSWORD),
}


@dataclass(frozen=True)
class Form:
    """One sandbox form the engine submits: whose postings, and the URL a person applies at."""

    catalogue: str
    url: Callable[[str, Posting], str]
    reverse: bool = False
    """Take the postings from the end: the legacy form shares Greenhouse's postings."""
    searched: Callable[[str, Posting], Job] | None = None
    """The job as the platform's search reads it, stored before the clock starts, when its
    apply page cannot tell the job (see the module's docstring)."""
    easy_apply: bool = False
    """Boards' own applications (LinkedIn's Easy Apply, Indeed Apply): only postings whose
    years-of-experience question the resume answers are taken."""


def _workday_job(root: str, posting: Posting) -> Job:
    return workday.parse_job(summary_json(posting), detail_json(root, posting), posting.board or "")


FORMS: dict[str, Form] = {
    "greenhouse": Form("greenhouse", ats_apply_url),
    "greenhouse_legacy": Form("greenhouse", legacy_url, reverse=True),
    "lever": Form("lever", ats_apply_url),
    "ashby": Form("ashby", ats_apply_url),
    "smartrecruiters": Form("smartrecruiters", ats_apply_url),
    "workday": Form("workday", ats_apply_url, searched=_workday_job),
    "linkedin": Form("linkedin", job_url, easy_apply=True),
    "indeed": Form("indeed", job_url, easy_apply=True),
}
MEMBER = "priya.raman@example.org"


@dataclass
class Batch:
    """One platform's applications at one concurrency."""

    platform: str
    concurrency: int
    seconds: list[float] = field(default_factory=list)
    phases: dict[str, list[int]] = field(default_factory=dict)
    statuses: Counter[str] = field(default_factory=Counter)
    reasons: list[str] = field(default_factory=list)
    wall: float = 0.0
    wanted: int = 0
    recorded_once: int = 0
    recorded_extra: int = 0
    """Submissions recorded beyond one per posting of the batch (never expected)."""
    results: list[tuple[Posting, ApplyReport]] = field(default_factory=list)
    """Each posting applied to, with the engine's report, in the order they finished."""
    sent: list[Submission] = field(default_factory=list)
    """What the sandbox recorded during the batch."""


def postings(sandbox: RunningSandbox, form: Form, count: int, offset: int) -> list[Posting]:
    """``count`` postings of different jobs from ``offset``, wrapping around (each batch has
    a database of its own). A repost is left out: it is the same job, which the product
    rightly refuses to apply to twice."""
    every = [p for p in sandbox.catalogue.postings(form.catalogue) if not p.is_repost]
    if form.easy_apply:
        answerer = Answerer(answered_candidate())
        every = [
            p
            for p in every
            if p.easy_apply
            and not answerer.answer(
                Question(text=f"How many years of {skill_asked(p)} experience do you have?")
            ).needs_human
        ]
    every = every[::-1] if form.reverse else every
    return [every[(offset + i) % len(every)] for i in range(min(count, len(every)))]


def member_sessions(folder: Path) -> Path:
    """The saved browser session of a member of LinkedIn and Indeed on the sandbox."""
    state = storage_state("127.0.0.1", MEMBER)
    state["cookies"] += members.storage_state("127.0.0.1", INDEED_SESSION, MEMBER)["cookies"]
    path = folder / "browser-state.json"
    path.write_text(json.dumps(state), encoding="utf-8")
    return path


def settings_for(platform: str, sessions_file: Path | None = None) -> Settings:
    stored = {"127.0.0.1": WORKDAY_LOGIN} if platform == "workday" else {}
    return Settings(
        http_allow_hosts=["127.0.0.1"],
        http_rate_per_host=1000,
        http_burst_per_host=200,
        platform_credentials=stored,
        browser_storage_state=sessions_file,
    )


async def run_batch(
    sandbox: RunningSandbox,
    pool: BrowserPool,
    concurrency: int,
    platform: str,
    count: int,
    offset: int,
) -> Batch:
    form = FORMS[platform]
    chosen = postings(sandbox, form, count, offset)
    urls = [form.url(sandbox.url, p) for p in chosen]
    settings = settings_for(platform)
    candidate = answered_candidate()
    batch = Batch(platform, concurrency, wanted=len(chosen))
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/bench.db"
        migrate.upgrade(db)
        engine = create_db_engine(db)
        sessions = session_factory(engine)
        if form.searched is not None:
            found = [
                form.searched(sandbox.url, p).model_copy(update={"apply_url": u})
                for p, u in zip(chosen, urls, strict=True)
            ]
            with sessions.begin() as session:
                store_jobs(session, found)
        documents = Documents(resume=resume_file(Path(tmp)))
        slots = asyncio.Semaphore(batch.concurrency)
        last_id = max((s.id for s in sandbox.submissions()), default=0)

        async def one(i: int) -> None:
            async with slots:
                started = time.perf_counter()
                report = await apply(
                    settings, sessions, urls[i], candidate, documents,
                    submit=True, screenshots=Path(tmp) / f"e{i}", pool=pool,
                )  # fmt: skip
                batch.seconds.append(time.perf_counter() - started)
            for key, value in report.timings_ms.items():
                batch.phases.setdefault(key, []).append(value)
            batch.statuses[report.status] += 1
            batch.results.append((chosen[i], report))
            if report.status != "submitted":
                batch.reasons.append(f"{urls[i]}: {report.status}: {report.reason}")

        started = time.perf_counter()
        await asyncio.gather(*(one(i) for i in range(len(chosen))))
        batch.wall = time.perf_counter() - started
        engine.dispose()
    batch.sent = [s for s in sandbox.submissions() if s.id > last_id]
    sent = Counter(s.external_id for s in batch.sent)
    wanted = Counter(p.external_id for p in chosen)
    batch.recorded_once = sum(1 for key in wanted if sent.get(key) == wanted[key])
    batch.recorded_extra = sum(sent.values()) - sum(wanted.values())
    return batch


def _line(name: str, seconds: list[float], wall: float, phases: dict[str, list[int]]) -> str:
    median = statistics.median(seconds)
    p90 = statistics.quantiles(seconds, n=10)[-1] if len(seconds) > 1 else median
    parts = ", ".join(
        f"{k} {statistics.median(v):.0f}" for k, v in phases.items() if k != "total"
    )  # fmt: skip
    return (
        f"  {name:<18} {len(seconds):>3} in {wall:5.1f} s = {len(seconds) / wall:4.2f}/s, "
        f"median {median:.2f} s (p90 {p90:.2f}); ms: {parts}"
    )


def report_batches(concurrency: int, batches: list[Batch]) -> tuple[float, float, bool]:
    """Print one concurrency's batches; return (median s, applications/s, all sent once)."""
    print(f"concurrency {concurrency}:")
    for b in batches:
        once = b.recorded_once == b.wanted and b.recorded_extra == 0
        submitted = b.statuses["submitted"]
        print(
            _line(b.platform, b.seconds, b.wall, b.phases)
            + f"; submitted {submitted}/{b.wanted}, recorded once {b.recorded_once}/{b.wanted}"
            + ("" if once else f" (+{b.recorded_extra} extra)")
        )
        for reason in b.reasons:
            print(f"    not submitted: {reason}")
    seconds = [s for b in batches for s in b.seconds]
    wall = sum(b.wall for b in batches)
    phases: dict[str, list[int]] = {}
    for b in batches:
        for k, v in b.phases.items():
            phases.setdefault(k, []).extend(v)
    print(_line("all", seconds, wall, phases))
    every = all(
        b.statuses["submitted"] == b.wanted == b.recorded_once and b.recorded_extra == 0
        for b in batches
    )
    median, rate = statistics.median(seconds), len(seconds) / wall
    verdict = "meets" if median <= MEDIAN_TARGET_S and rate >= RATE_TARGET else "MISSES"
    total = sum(b.wanted for b in batches)
    print(
        f"  => median {median:.2f} s, {rate:.2f} applications/s: {verdict} the targets; "
        f"every one of {total} submitted and recorded once: {'yes' if every else 'NO'}"
    )
    return median, rate, every


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--platforms", nargs="+", choices=list(FORMS), default=list(FORMS))
    parser.add_argument("--applications", type=int, default=8, help="per platform")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 2, 4])
    args = parser.parse_args()
    summary: list[tuple[int, float, float, bool]] = []
    with serve_sandbox() as sandbox, tempfile.TemporaryDirectory() as folder:
        browsing = settings_for("workday", member_sessions(Path(folder)))
        for round_, concurrency in enumerate(args.concurrency):
            async with BrowserPool(browsing, concurrency=concurrency) as pool:
                await pool.browser()
                batches = [
                    await run_batch(
                        sandbox,
                        pool,
                        concurrency,
                        name,
                        args.applications,
                        round_ * args.applications,
                    )
                    for name in args.platforms
                ]
            summary.append((concurrency, *report_batches(concurrency, batches)))
    print("summary: concurrency, median s per application, applications/s, all sent once")
    for concurrency, median, rate, every in summary:
        print(f"  {concurrency}: {median:.2f} s, {rate:.2f}/s, {'yes' if every else 'NO'}")


if __name__ == "__main__":
    asyncio.run(main())
