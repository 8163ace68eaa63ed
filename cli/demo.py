"""``ajob demo``: the end-to-end run on the embedded default (SQLite, no broker, no API key).

It does every step that exists so far (migrate, load the candidate, search the local sandbox
of platform replicas, rank, tailor a resume and cover letter for the best match) and says
plainly which steps are still to come.
The database and resume modules are imported inside the command to keep ``ajob --help`` fast.
"""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from pydantic import BaseModel
from rich.table import Table

from cli.console import out
from core.config import get_settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from resumes.candidate import Candidate
    from resumes.target import JobTarget

PENDING_STEPS = ("fill", "approve", "submit")
DEMO_SOURCES = (
    ("greenhouse", "northwind"),
    ("lever", "parallax"),
    ("remoteok", None),
    ("remotive", None),
)
"""What the demo searches in the sandbox: two ATS boards and two feeds that republish them."""


class DemoSource(BaseModel):
    source: str
    board: str | None
    found: int
    new: int
    duplicates: int
    failed: str | None


class DemoMatch(BaseModel):
    score: int
    title: str
    company: str
    why: list[str]


class DemoUser(BaseModel):
    id: str
    email: str
    created: bool


class DemoResume(BaseModel):
    id: str
    version: int
    added: bool
    positions: int
    skills: int


class DemoPreferences(BaseModel):
    titles: list[str]
    locations: list[str]
    remote: str
    salary_min: int | None
    auto_approve: bool


class DemoTailoring(BaseModel):
    title: str
    company: str
    provider: str
    coverage_before: float
    coverage_after: float
    changes: int
    violations_caught: int
    folder: str


class DemoReport(BaseModel):
    database: str
    revision: str | None
    candidate: str
    user: DemoUser
    master_resume: DemoResume
    preferences: DemoPreferences
    search: list[DemoSource]
    top_matches: list[DemoMatch]
    tailored: DemoTailoring | None
    not_yet_built: list[str]


def demo(
    candidate: Annotated[
        Path | None,
        typer.Option(
            help="Candidate file (JSON Resume + application + preferences). [default: sample]"
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON report.")] = False,
) -> None:
    """Run the pipeline on the embedded default: migrate, load the candidate, report."""
    from db import migrate
    from db.engine import create_db_engine, display_url, session_factory, session_scope
    from db.repositories.jobs import get_job
    from jobs.matching import rank_stored_jobs
    from jobs.store import row_to_job
    from resumes.candidate import load_candidate, sample_candidate_path
    from resumes.store import store_candidate
    from resumes.target import JobTarget

    settings = get_settings()
    path = candidate or sample_candidate_path()
    parsed = load_candidate(path)

    revision = migrate.upgrade(settings.database_url)
    engine = create_db_engine(settings.database_url)
    try:
        sessions = session_factory(engine)
        with session_scope(sessions) as session:
            stored = store_candidate(session, parsed, source_filename=path.name)
        user_id = stored.user.id
        searched = _search_sandbox(sessions, user_id)
        with session_scope(sessions) as session:
            ranked = rank_stored_jobs(session, parsed, user_id)
            report = DemoReport(
                database=display_url(settings.database_url),
                revision=revision,
                candidate=str(path),
                user=DemoUser(
                    id=str(stored.user.id), email=stored.user.email, created=stored.user_created
                ),
                master_resume=DemoResume(
                    id=str(stored.resume.id),
                    version=stored.resume.version,
                    added=stored.resume_added,
                    positions=len(parsed.work),
                    skills=sum(len(s.keywords) or 1 for s in parsed.skills),
                ),
                preferences=DemoPreferences(
                    titles=stored.preferences.titles,
                    locations=stored.preferences.locations,
                    remote=stored.preferences.remote.value,
                    salary_min=stored.preferences.salary_min,
                    auto_approve=stored.preferences.auto_approve,
                ),
                search=searched,
                top_matches=[
                    DemoMatch(score=r.score, title=r.title, company=r.company, why=r.reasons[:2])
                    for r in ranked[:5]
                ],
                tailored=None,
                not_yet_built=list(PENDING_STEPS),
            )
            best = get_job(session, str(ranked[0].job_id)) if ranked else None
            target = JobTarget.from_job(row_to_job(best)) if best is not None else None
        if target is not None:
            report.tailored = _tailor(parsed, target, sessions, user_id)
    finally:
        engine.dispose()

    if as_json:
        typer.echo(report.model_dump_json())
    else:
        _print_report(report)


def _tailor(
    candidate: Candidate,
    target: JobTarget,
    sessions: sessionmaker[Session],
    user_id: uuid.UUID,
) -> DemoTailoring:
    """Tailor the resume and write the cover letter for the best match, with their PDFs.

    With a model configured, its calls are recorded in llm_usage under the candidate.
    """
    from llm.provider import make_llm
    from llm.usage import UsageContext, UsageLedger, database_sink
    from resumes.package import build_package, folder_name

    settings = get_settings()
    folder = settings.data_dir / "applications" / folder_name(target)
    ledger = UsageLedger(sink=database_sink(sessions))
    client = make_llm(settings, ledger=ledger, context=UsageContext(user_id=user_id))
    report = asyncio.run(
        build_package(candidate, target, folder, settings=settings, llm=client, ledger=ledger)
    )
    return DemoTailoring(
        title=target.title,
        company=target.company,
        provider=report.provider,
        coverage_before=report.keyword_coverage["before"]["ratio"],
        coverage_after=report.keyword_coverage["after"]["ratio"],
        changes=len(report.changes),
        violations_caught=len(report.violations_caught),
        folder=str(folder),
    )


def _search_sandbox(sessions: sessionmaker[Session], user_id: uuid.UUID) -> list[DemoSource]:
    """Search the local platform replicas (no internet needed) and store what they list."""
    from adapters.base import SearchQuery
    from jobs.search import SourceRequest, run_search
    from sandbox.server import serve_sandbox

    with serve_sandbox() as sandbox:
        requests = [SourceRequest(s, b, sandbox.base_url(s)) for s, b in DEMO_SOURCES]
        report = asyncio.run(
            run_search(get_settings(), sessions, requests, SearchQuery(limit=200), user_id=user_id)
        )
    return [
        DemoSource(
            source=s.source,
            board=s.board,
            found=s.found,
            new=s.new,
            duplicates=s.duplicates,
            failed=s.failed,
        )
        for s in report.summaries
    ]


def _print_report(report: DemoReport) -> None:
    user, resume, prefs = report.user, report.master_resume, report.preferences
    table = Table(title="ajob demo", show_header=False, title_justify="left")
    table.add_column("step", style="bold")
    table.add_column("what happened")
    table.add_row("database", f"{report.database} migrated to revision {report.revision}")
    who = "new user" if user.created else "existing user"
    table.add_row("candidate", f"{user.email} ({who}) from {report.candidate}")
    stored = "stored" if resume.added else "unchanged, not stored again"
    contents = f"{resume.positions} positions, {resume.skills} skills"
    table.add_row("master resume", f"version {resume.version} ({stored}): {contents}")
    table.add_row(
        "preferences",
        "; ".join(
            [
                f"titles {', '.join(prefs.titles) or '-'}",
                f"locations {', '.join(prefs.locations) or '-'}",
                f"remote {prefs.remote}",
                f"salary min {prefs.salary_min or '-'}",
                f"auto-approve {'on' if prefs.auto_approve else 'off'}",
            ]
        ),
    )
    for s in report.search:
        label = f"search {s.source}" + (f":{s.board}" if s.board else "")
        result = (
            f"failed: {s.failed}"
            if s.failed
            else (f"{s.found} jobs ({s.new} new, {s.duplicates} already found on another platform)")
        )
        table.add_row(label, result)
    for rank, m in enumerate(report.top_matches, start=1):
        table.add_row(
            f"match #{rank}", f"{m.score}/100 {m.title} at {m.company}: {'; '.join(m.why)}"
        )
    if report.tailored is not None:
        t = report.tailored
        table.add_row(
            "tailored",
            f"resume + cover letter for {t.title} at {t.company} ({t.provider}): keyword coverage "
            f"{t.coverage_before:.0%} → {t.coverage_after:.0%}, {t.changes} changes, written to "
            f"{t.folder}",
        )
    table.add_row("still to come", ", ".join(report.not_yet_built) + " (see the open issues)")
    out.print(table)
