"""``ajob demo``: the end-to-end run on the embedded default (SQLite, no broker, no API key).

Migrate, load the sample candidate, search the local sandbox of platform replicas, rank, then
run the application graph for the best matches: tailor, fill the real form in Chromium,
approve (automatically in the demo, by the explicit auto-approve rule, and it says so),
submit exactly once, keep the evidence. Run it again and nothing is sent twice.
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

from cli.console import err, out
from core.config import get_settings

if TYPE_CHECKING:
    from sandbox.server import RunningSandbox
    from tools.runtime import Services

DEMO_APPLICATIONS = 3
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


class DemoApplication(BaseModel):
    application_id: str | None
    job: str | None
    company: str | None
    platform: str | None
    match: int | None
    status: str
    evidence: str | None
    tokens: int
    folder: str | None


class DemoReport(BaseModel):
    database: str
    revision: str | None
    candidate: str
    user: DemoUser
    master_resume: DemoResume
    preferences: DemoPreferences
    search: list[DemoSource]
    top_matches: list[DemoMatch]
    approval: str
    applications: list[DemoApplication]


def demo(
    candidate: Annotated[
        Path | None,
        typer.Option(
            help="Candidate file (JSON Resume + application + preferences). [default: sample]"
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON report.")] = False,
) -> None:
    """Run the whole pipeline against the local sandbox: search, rank, tailor, fill, submit."""
    from db import migrate
    from db.engine import display_url
    from jobs.matching import rank_stored_jobs
    from resumes.candidate import load_candidate, sample_candidate_path
    from resumes.store import store_candidate
    from sandbox.server import serve_sandbox
    from tools.runtime import get_services

    path = candidate or sample_candidate_path()
    parsed = load_candidate(path)
    settings = get_settings()
    revision = migrate.upgrade(settings.database_url)
    with serve_sandbox() as sandbox:
        # The sandbox is on loopback, which the SSRF guard refuses unless trusted by name.
        host = sandbox.url.split("//", 1)[1].split(":", 1)[0]
        settings = settings.model_copy(
            update={"http_allow_hosts": [*settings.http_allow_hosts, host]}
        )
        services = get_services(settings)
        with services.sessions.begin() as session:
            stored = store_candidate(session, parsed, source_filename=path.name)
            user_id = stored.user.id
            report = DemoReport(
                database=display_url(settings.database_url),
                revision=revision,
                candidate=str(path),
                user=DemoUser(
                    id=str(user_id), email=stored.user.email, created=stored.user_created
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
                search=[],
                top_matches=[],
                approval=(
                    "automatic in the demo: the auto-approve rule (match ≥ "
                    f"{stored.preferences.auto_approve_min_score}, every field answered) "
                    "stands in for you; `ajob run` asks you instead"
                ),
                applications=[],
            )
        report.search = _search_sandbox(services, user_id, sandbox)
        with services.sessions.begin() as session:
            ranked = rank_stored_jobs(session, parsed, user_id)
        report.top_matches = [
            DemoMatch(score=r.score, title=r.title, company=r.company, why=r.reasons[:2])
            for r in ranked[:5]
        ]
        report.applications = _apply(services, user_id, [str(r.job_id) for r in ranked])

    if as_json:
        typer.echo(report.model_dump_json())
    else:
        _print_report(report)


def _apply(services: Services, user_id: uuid.UUID, ranked: list[str]) -> list[DemoApplication]:
    """The application graph for the best matches, approved by the rule, never asking."""
    from cli.run import apply_one, summary_row
    from graphs.application import application_graph

    applications = []
    with application_graph(services.settings) as graph:
        for i, job_id in enumerate(ranked[:DEMO_APPLICATIONS], start=1):
            err.print(f"applying {i}/{min(DEMO_APPLICATIONS, len(ranked))}…")
            result = apply_one(services, graph, user_id, job_id, True, interactive=False)
            row = summary_row(result)
            folder = (result["values"].get("package") or {}).get("folder")
            applications.append(DemoApplication(**row, folder=folder))
    return applications


def _search_sandbox(
    services: Services, user_id: uuid.UUID, sandbox: RunningSandbox
) -> list[DemoSource]:
    """Search the local platform replicas (no internet needed) and store what they list."""
    from adapters.base import SearchQuery
    from jobs.search import SourceRequest, run_search

    requests = [SourceRequest(s, b, sandbox.base_url(s)) for s, b in DEMO_SOURCES]
    report = asyncio.run(
        run_search(
            services.settings, services.sessions, requests, SearchQuery(limit=200), user_id=user_id
        )
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
    table.add_row("approval", report.approval)
    out.print(table)
    applied = Table(title="applications", title_justify="left")
    for column in ("job", "company", "platform", "match", "status", "evidence", "tokens"):
        applied.add_column(column, overflow="fold")
    for a in report.applications:
        applied.add_row(
            a.job or "", a.company or "", a.platform or "", str(a.match or "-"), a.status,
            a.evidence or "", str(a.tokens),
        )  # fmt: skip
    out.print(applied)
