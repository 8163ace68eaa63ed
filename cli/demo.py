"""``ajob demo``: the end-to-end run on the embedded default (SQLite, no broker, no API key).

It does every step that exists so far and says plainly which steps are still to come.
The database and resume modules are imported inside the command to keep ``ajob --help`` fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from pydantic import BaseModel
from rich.table import Table

from cli.console import out
from core.config import get_settings

PENDING_STEPS = ("search", "rank", "tailor", "fill", "approve", "submit")


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


class DemoReport(BaseModel):
    database: str
    revision: str | None
    candidate: str
    user: DemoUser
    master_resume: DemoResume
    preferences: DemoPreferences
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
    from resumes.candidate import load_candidate, sample_candidate_path
    from resumes.store import store_candidate

    settings = get_settings()
    path = candidate or sample_candidate_path()
    parsed = load_candidate(path)

    revision = migrate.upgrade(settings.database_url)
    engine = create_db_engine(settings.database_url)
    try:
        with session_scope(session_factory(engine)) as session:
            stored = store_candidate(session, parsed, source_filename=path.name)
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
                not_yet_built=list(PENDING_STEPS),
            )
    finally:
        engine.dispose()

    if as_json:
        typer.echo(report.model_dump_json())
    else:
        _print_report(report)


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
    table.add_row("still to come", ", ".join(report.not_yet_built) + " (see the open issues)")
    out.print(table)
