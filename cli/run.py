"""``ajob run``: search, rank, then the application graph for the best N matches.

Each application is a checkpointed thread: approvals are asked on the terminal (with the
whole review shown), or left waiting for ``ajob applications approve`` when there is no
terminal. ``--auto-approve`` applies the user's explicit rule (score threshold, no field
needing a person); it never skips a CAPTCHA or a login, which always wait for the person.
"""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from cli.console import err, out, texts
from cli.search import BASE_URL_HELP, BOARD_HELP
from core.config import Settings, get_settings
from core.errors import AjobError, InputError

if TYPE_CHECKING:
    from graphs.application import ApplicationGraph, Outcome
    from tools.runtime import Services


def run(
    candidate: Annotated[
        Path, typer.Option(help="Candidate file: JSON Resume + application + preferences.")
    ],
    source: Annotated[
        list[str], typer.Option("--source", "-s", help="Source to search; repeat for several.")
    ],
    board: Annotated[list[str] | None, typer.Option("--board", "-b", help=BOARD_HELP)] = None,
    base_url: Annotated[list[str] | None, typer.Option("--base-url", help=BASE_URL_HELP)] = None,
    query: Annotated[str | None, typer.Option("--query", "-q", help="Words to search.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Most jobs per source and board.")] = 50,
    max_applications: Annotated[
        int, typer.Option("--max-applications", "-n", min=1, help="Apply to the best N.")
    ] = 3,
    min_match: Annotated[
        int, typer.Option(min=0, max=100, help="Skip jobs matching less than this.")
    ] = 50,
    auto_approve: Annotated[
        bool,
        typer.Option(
            "--auto-approve",
            help="Approve without asking when the match reaches your threshold and every "
            "field is answered.",
        ),
    ] = False,
) -> None:
    """Search, rank, tailor, fill and (after your approval) submit the top matches."""
    from adapters.base import SearchQuery
    from cli.review import can_ask
    from jobs.search import plan_requests
    from resumes.candidate import load_candidate

    settings = get_settings()
    parsed = load_candidate(candidate)
    requests = plan_requests(source, board or [], base_url or [])
    rows = pipeline(
        settings,
        parsed_candidate=parsed,
        candidate_name=candidate.name,
        requests=requests,
        search=SearchQuery(query=query, limit=limit),
        max_applications=max_applications,
        min_match=min_match,
        auto_approve=auto_approve,
        interactive=not auto_approve and can_ask(),
    )
    print_summary(rows)


def pipeline(
    settings: Settings,
    *,
    parsed_candidate: Any,
    candidate_name: str,
    requests: list[Any],
    search: Any,
    max_applications: int,
    min_match: int,
    auto_approve: bool,
    interactive: bool,
) -> list[dict[str, Any]]:
    """The whole run; returns one summary row per application (also used by the demo)."""
    from graphs.application import application_graph
    from jobs.matching import rank_stored_jobs
    from jobs.search import run_search
    from resumes.store import store_candidate
    from tools.runtime import get_services

    trusted = [h for r in requests if r.base_url and (h := _host(r.base_url))]
    if trusted:
        settings = settings.model_copy(
            update={"http_allow_hosts": [*settings.http_allow_hosts, *trusted]}
        )
    services = get_services(settings)
    with services.sessions.begin() as session:
        stored = store_candidate(session, parsed_candidate, source_filename=candidate_name)
        user_id = stored.user.id
    err.print(f"searching {', '.join(r.label for r in requests)}")
    report = asyncio.run(run_search(settings, services.sessions, requests, search, user_id=user_id))
    for summary in report.summaries:
        if summary.failed:
            err.print(f"[red]{escape(f'{summary.source}: {summary.failed}')}[/]")
    if report.all_failed:
        raise InputError("every source failed; nothing to apply to (see the errors above)")
    with services.sessions.begin() as session:
        ranked = rank_stored_jobs(session, parsed_candidate, user_id)
    chosen = [r for r in ranked if r.score >= min_match][:max_applications]
    err.print(
        f"{len(ranked)} jobs ranked; applying to the best {len(chosen)} (match ≥ {min_match})"
    )
    rows: list[dict[str, Any]] = []
    with application_graph(settings) as graph:
        for i, job in enumerate(chosen, start=1):
            err.print(f"[{i}/{len(chosen)}] {job.title} at {job.company} ({job.score}/100)")
            result = apply_one(services, graph, user_id, str(job.job_id), auto_approve, interactive)
            rows.append(summary_row(result))
    return rows


def apply_one(
    services: Services,
    graph: ApplicationGraph,
    user_id: uuid.UUID,
    job_id: str,
    auto_approve: bool,
    interactive: bool,
) -> Outcome:
    """One application thread (thread id = application id), started or resumed.

    A step that fails (a page that will not load) stops this application only: it is reported
    as resumable, and the run goes on to the next job.
    """
    from applications.inputs import prepare
    from cli.applications import drive
    from graphs.application import outcome

    _, thread_id = prepare(services.sessions, user_id, job_id)
    existing = outcome(graph, thread_id)
    payload = None
    if not existing["values"]:
        payload = {"job_id": job_id, "user_id": str(user_id), "auto_approve": auto_approve}
    try:
        return drive(graph, thread_id, payload, interactive=interactive)
    except AjobError as exc:
        err.print(f"[red]{escape(exc.message)}[/]")
        stopped = outcome(graph, thread_id)
        stopped["values"]["status"] = "stopped (resumable)"
        stopped["values"]["result"] = {"reason": exc.message}
        return stopped


def summary_row(result: Outcome) -> dict[str, Any]:
    values = result["values"]
    job = values.get("job") or {}
    shots = ((values.get("result") or {}).get("evidence") or {}).get("screenshots") or []
    return {
        "application_id": values.get("application_id"),
        "job": job.get("title"),
        "company": job.get("company"),
        "platform": job.get("platform"),
        "match": (values.get("match") or {}).get("score"),
        "status": values.get("status") or f"waiting ({(result['interrupt'] or {}).get('kind')})",
        "evidence": shots[-1] if shots else None,
        "tokens": (values.get("usage") or {}).get("tokens", 0),
    }


def print_summary(rows: list[dict[str, Any]]) -> None:
    table = Table(title="applications", title_justify="left")
    for column in ("job", "company", "platform", "match", "status", "evidence", "tokens"):
        table.add_column(column, overflow="fold")
    for r in rows:
        table.add_row(
            *texts(
                r["job"] or "",
                r["company"] or "",
                r["platform"] or "",
                r["match"] if r["match"] is not None else "-",
                r["status"],
                r["evidence"] or "",
                r["tokens"],
            )
        )
    out.print(table)


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).hostname or ""
