"""``ajob jobs``: read what the searches stored."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from cli.console import out, texts
from core.config import get_settings
from core.errors import InputError

if TYPE_CHECKING:
    from db.models import Job as JobRow
    from jobs.matching import RankedJob

app = typer.Typer(help="Read stored jobs.", no_args_is_help=True)

FIELDS = (
    ("id", "id"),
    ("where", "locations"),
    ("workplace", "workplace_type"),
    ("type", "employment_type"),
    ("posted", "posted_at"),
    ("url", "url"),
    ("apply", "apply_url"),
)


def _row_dict(row: JobRow) -> dict[str, Any]:
    from jobs.store import row_to_job

    return {
        "id": str(row.id),
        **row_to_job(row).public_dict(),
        "sources": row.sources,
        "created_at": row.created_at.isoformat(),
    }


@app.command("list")
def list_(
    query: Annotated[
        str | None,
        typer.Option(
            "--query",
            "-q",
            help="Words to find in the title, company, places, skills named and the "
            "description's opening.",
        ),
    ] = None,
    platform: Annotated[
        str | None, typer.Option(help="Only jobs first stored from this source.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per job.")] = False,
) -> None:
    """List stored jobs, newest first."""
    from db.engine import create_db_engine, session_factory
    from db.migrate import ensure_schema
    from db.repositories.jobs import list_jobs

    url = get_settings().database_url
    ensure_schema(url)
    engine = create_db_engine(url)
    try:
        with session_factory(engine)() as session:
            rows, total = list_jobs(session, q=query, platform=platform, limit=limit, offset=offset)
            if as_json:
                for row in rows:
                    typer.echo(json.dumps(_row_dict(row)))
                return
            if not rows:
                out.print(_nothing_listed(query, platform, offset, total), markup=False)
                return
            title = f"jobs {offset + 1}-{offset + len(rows)} of {total}"
            table = Table(title=title, title_justify="left")
            for column in ("id", "title", "company", "where", "platforms"):
                table.add_column(column, overflow="fold")
            for row in rows:
                platforms = sorted(
                    {str(s.get("platform")) for s in row.sources or []} or {row.platform}
                )
                where = ", ".join(row.locations or []) or row.workplace_type.value
                table.add_row(*texts(row.id, row.title, row.company, where, ", ".join(platforms)))
            out.print(table)
    finally:
        engine.dispose()


def _nothing_listed(query: str | None, platform: str | None, offset: int, total: int) -> str:
    """Why a listing is empty, and what to do about it."""
    if total:
        return f"no jobs past --offset {offset}: {total} match; try a smaller --offset"
    if query:
        also = f" and --platform {platform}" if platform else ""
        return (
            f"no stored job matches the words {query!r}{also}; search reads the title, company, "
            "places, skills named and the description's opening (`ajob jobs list` shows them all)"
        )
    if platform:
        return f"no stored job comes from --platform {platform} (`ajob jobs list` shows them all)"
    return "no jobs stored yet; `ajob search` finds and stores some (`make demo` shows how)"


@app.command()
def show(
    reference: Annotated[str, typer.Argument(help="Job id, or PLATFORM:EXTERNAL_ID.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Show one stored job in full."""
    from db.engine import create_db_engine, session_factory
    from db.migrate import ensure_schema
    from db.repositories.jobs import get_job

    url = get_settings().database_url
    ensure_schema(url)
    engine = create_db_engine(url)
    try:
        with session_factory(engine)() as session:
            row = get_job(session, reference)
            if row is None:
                raise InputError(f"no stored job {reference!r}; `ajob jobs list` shows the ids")
            data = _row_dict(row)
    finally:
        engine.dispose()
    if as_json:
        typer.echo(json.dumps(data))
    else:
        _print_job(data)


def _print_job(data: dict[str, Any]) -> None:
    out.print(f"[bold]{escape(data['title'])}[/] at [bold]{escape(data['company'])}[/]")
    for label, key in FIELDS:
        value = data.get(key)
        if value:
            out.print(f"{label:>10}: {', '.join(value) if isinstance(value, list) else value}")
    if data.get("salary_min") or data.get("salary_max"):
        low, high = data.get("salary_min") or "?", data.get("salary_max") or "?"
        unit = f"{data.get('salary_currency') or ''} / {data.get('salary_period') or '?'}"
        out.print(f"{'salary':>10}: {low}-{high} {unit}")
    sources = ", ".join(f"{s.get('platform')}:{s.get('external_id')}" for s in data["sources"])
    out.print(f"{'sources':>10}: {sources}")
    out.print()
    out.print(str(data.get("description_text") or "(no description)"))


@app.command()
def rank(
    candidate: Annotated[
        Path | None,
        typer.Option(
            help="Candidate file: JSON Resume + application + preferences. [default: sample]"
        ),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many of the best to show.")] = 20,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per job, best first.")
    ] = False,
) -> None:
    """Score every stored job for the candidate (0-100, with reasons) and keep the scores."""
    from db.engine import create_db_engine, session_factory, session_scope
    from db.migrate import ensure_schema
    from jobs.matching import rank_stored_jobs
    from resumes.candidate import load_candidate, sample_candidate_path
    from resumes.store import store_candidate

    url = get_settings().database_url
    path = candidate or sample_candidate_path()
    parsed = load_candidate(path)
    ensure_schema(url)
    engine = create_db_engine(url)
    try:
        with session_scope(session_factory(engine)) as session:
            user = store_candidate(session, parsed, source_filename=path.name).user
            ranked = rank_stored_jobs(session, parsed, user.id)
    finally:
        engine.dispose()
    if not ranked:
        raise InputError("no stored jobs to rank; run `ajob search` first")
    best = ranked[:limit]
    if as_json:
        for item in best:
            typer.echo(json.dumps({**asdict(item), "job_id": str(item.job_id)}))
        return
    out.print(
        ranked_table(best, f"best {len(best)} of {len(ranked)} jobs for {parsed.basics.name}")
    )


def ranked_table(ranked: list[RankedJob], title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("score", "title", "company", "where", "why"):
        table.add_column(column, overflow="fold", justify="right" if column == "score" else "left")
    for item in ranked:
        why = "; ".join(item.reasons[:3])
        table.add_row(*texts(item.score, item.title, item.company, item.where, why))
    return table
