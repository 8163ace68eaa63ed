"""``ajob search``: search many sources at once and store each job once.

On a terminal each source shows its progress on stderr; ``--json`` prints one JSON
object per job on stdout as it is stored. A per-source summary always ends the run.
The command exits non-zero only when every source failed.
"""

from __future__ import annotations

import asyncio
import json
import re
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from cli.console import err, texts
from core.config import get_settings
from core.errors import InputError

if TYPE_CHECKING:
    from jobs.search import SearchReport, SourceRequest, SourceSummary
    from jobs.store import StoredJob

BOARD_HELP = (
    "Board on the platform: Greenhouse token, Lever site, Ashby board, SmartRecruiters "
    "company, or tenant/site for Workday. SOURCE:BOARD targets one source."
)
BASE_URL_HELP = (
    "API root or site URL instead of the real platform's (a sandbox, a proxy). With several "
    "sources, name each: greenhouse=http://127.0.0.1:8700/greenhouse."
)


def parse_since(value: str | None) -> datetime | None:
    """``7d``, ``24h``, ``2w`` or a date (``2026-11-01``) → an aware UTC datetime."""
    if not value:
        return None
    found = re.fullmatch(r"(\d+)\s*([hdw])", value.strip().lower())
    if found:
        hours = {"h": 1, "d": 24, "w": 168}[found.group(2)] * int(found.group(1))
        return datetime.now(UTC) - timedelta(hours=hours)
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(
            f"--since {value!r} is not a period or a date; use e.g. 7d, 24h or 2026-11-01"
        ) from None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def search(
    source: Annotated[
        list[str], typer.Option("--source", "-s", help="Source to search; repeat for several.")
    ],
    board: Annotated[list[str] | None, typer.Option("--board", "-b", help=BOARD_HELP)] = None,
    query: Annotated[
        str | None, typer.Option("--query", "-q", help="Words the job must mention.")
    ] = None,
    location: Annotated[
        str | None, typer.Option("--location", "-l", help="A place, e.g. Berlin.")
    ] = None,
    remote: Annotated[
        bool | None, typer.Option("--remote/--no-remote", help="Only remote, or only not remote.")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Posted within 24h, 7d, 2w, or since a date.")
    ] = None,
    limit: Annotated[
        int, typer.Option(min=1, max=100_000, help="Most jobs per source and board.")
    ] = 50,
    base_url: Annotated[list[str] | None, typer.Option("--base-url", help=BASE_URL_HELP)] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per job on stdout.")
    ] = False,
) -> None:
    """Search job sources and store every job once (cross-platform duplicates are merged)."""
    from adapters.base import SearchQuery
    from db.engine import create_db_engine, session_factory
    from db.migrate import ensure_schema
    from jobs.search import SearchCallbacks, plan_requests, run_search

    settings = get_settings()
    requests = plan_requests(source, board or [], base_url or [])
    search_query = SearchQuery(
        query=query, location=location, remote=remote, posted_since=parse_since(since), limit=limit
    )
    ensure_schema(settings.database_url)
    engine = create_db_engine(settings.database_url)
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.fields[status]}"),
        TimeElapsedColumn(),
        console=err,
        disable=not err.is_terminal,
    )
    tasks: dict[SourceRequest, TaskID] = {}
    counts: dict[SourceRequest, int] = {}

    def on_start(request: SourceRequest) -> None:
        tasks[request] = progress.add_task(request.label, total=None, status="searching")

    def on_stored(request: SourceRequest, stored: list[StoredJob]) -> None:
        counts[request] = counts.get(request, 0) + len(stored)
        progress.update(tasks[request], status=f"{counts[request]} jobs")
        if as_json:
            for item in stored:
                record = {**item.job.public_dict(), "id": str(item.job_id), "status": item.outcome}
                typer.echo(json.dumps(record))

    def on_done(request: SourceRequest, summary: SourceSummary) -> None:
        if summary.failed:
            status = f"[red]failed[/]: {escape(summary.failed)}"
        else:
            status = f"[green]done[/]: {summary.found} jobs"
        progress.update(tasks[request], status=status, total=1, completed=1)

    callbacks = SearchCallbacks(on_start, on_stored, on_done)
    try:
        with progress:
            report = asyncio.run(
                run_search(
                    settings, session_factory(engine), requests, search_query, callbacks=callbacks
                )
            )
    finally:
        engine.dispose()
    _print_summary(report)
    if report.all_failed:
        raise typer.Exit(1)


def _print_summary(report: SearchReport) -> None:
    table = Table(title="search summary", title_justify="left")
    table.add_column("source")
    table.add_column("board")
    for column in ("found", "new", "updated", "duplicates"):
        table.add_column(column, justify="right")
    table.add_column("result", overflow="fold")
    for s in report.summaries:
        result = f"[red]failed: {escape(s.failed)}[/]" if s.failed else "[green]ok[/]"
        counts = (str(s.found), str(s.new), str(s.updated), str(s.duplicates))
        table.add_row(*texts(s.source, s.board or "-", *counts), result)
    err.print(table)
