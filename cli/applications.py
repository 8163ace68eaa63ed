"""``ajob applications``: list, show, approve, reject and resume application threads.

Each application is one thread of the checkpointed application graph (thread id on its row),
so these commands work from any process, after any crash: they resume the thread where its
last checkpoint left it.
"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from cli.console import err, out, texts
from cli.review import ask_decision, can_ask, edit_decision, show_interrupt
from core.errors import InputError

if TYPE_CHECKING:
    from graphs.application import ApplicationGraph, Outcome
    from tools.runtime import Services

app = typer.Typer(help="Applications: list, show, approve, reject, resume.", no_args_is_help=True)

IdArgument = Annotated[str, typer.Argument(help="Application id (or its first 8 characters).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]


def resolve(services: Services, reference: str) -> tuple[uuid.UUID, str]:
    """(application id, thread id) of the user's application named by an id or an id prefix."""
    from sqlalchemy import String, cast, select

    from db.models import Application

    user_id = services.user_id()
    query = select(Application.id, Application.thread_id).where(Application.user_id == user_id)
    text = reference.strip().lower()
    try:
        query = query.where(Application.id == uuid.UUID(text))
    except ValueError:
        if not re.fullmatch(r"[0-9a-f]{4,8}", text):
            raise InputError(
                f"{reference!r} is not an application id; give the id or its first 8 "
                "characters, as `ajob applications list` shows them"
            ) from None
        # The first 8 hex digits read the same in every backend's text form of a UUID.
        query = query.where(cast(Application.id, String).like(f"{text}%"))
    with services.sessions() as session:
        rows = session.execute(query.limit(2)).all()
    if not rows:
        raise InputError(f"no application {reference!r}: see `ajob applications list`")
    if len(rows) > 1:
        raise InputError(f"{reference!r} names several applications: give more of the id")
    application_id, thread_id = rows[0]
    if thread_id is None:
        raise InputError(
            f"application {application_id} was never run through the application graph; "
            "start it with `ajob run`"
        )
    return application_id, thread_id


def drive(graph: ApplicationGraph, thread_id: str, payload: Any, *, interactive: bool) -> Outcome:
    """Run the thread; at each interrupt ask on the terminal, or leave it waiting."""
    from langgraph.types import Command

    from graphs.application import outcome, run

    result = (
        run(graph, thread_id, payload) if payload is not _PENDING else outcome(graph, thread_id)
    )
    while result["interrupt"] is not None:
        if not interactive:
            waiting = result["interrupt"]
            application_id = waiting.get("application_id") or thread_id
            what = "your approval" if waiting.get("kind") == "approval" else "you"
            err.print(
                f"waiting for {what}: `ajob applications show {application_id}` to review, "
                "then approve, reject or resume --retry"
            )
            break
        show_interrupt(result["interrupt"])
        result = run(graph, thread_id, Command(resume=ask_decision(result["interrupt"])))
    return result


_PENDING = object()


def print_result(result: Outcome, *, as_json: bool) -> None:
    values = result["values"]
    done = {
        k: v
        for k, v in (values.get("result") or {}).items()
        if k in ("status", "reason", "confirmation", "evidence")
    }
    summary: dict[str, Any] = {
        "application_id": values.get("application_id"),
        "job": values.get("job"),
        "status": values.get("status") or ("waiting" if result["interrupt"] else None),
        "waiting_for": (result["interrupt"] or {}).get("kind"),
        "match": (values.get("match") or {}).get("score"),
        "result": done,
    }
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False, default=str))
        return
    status = summary["status"]
    reason = summary["result"].get("reason")
    out.print(
        f"application {summary['application_id']}: {status}" + (f" ({reason})" if reason else "")
    )
    for shot in (summary["result"].get("evidence") or {}).get("screenshots") or []:
        out.print(f"evidence: {shot}")


def _resume(graph: ApplicationGraph, thread_id: str, decision: dict[str, Any]) -> Outcome:
    """Answer the waiting interrupt; an answer the graph could not use is a one-line error."""
    from langgraph.types import Command

    from graphs.application import run

    result = run(graph, thread_id, Command(resume=decision))
    notice = (result["interrupt"] or {}).get("notice")
    if notice:
        raise InputError(notice)
    return result


def _answer(reference: str, decision: dict[str, Any], *, as_json: bool) -> None:

    from graphs.application import application_graph, outcome
    from tools.runtime import get_services

    services = get_services()
    _, thread_id = resolve(services, reference)
    with application_graph(services.settings) as graph:
        waiting = outcome(graph, thread_id)["interrupt"]
        if waiting is None:
            raise InputError(
                f"application {reference} is not waiting for an answer: "
                f"`ajob applications show {reference}`"
            )
        result = _resume(graph, thread_id, decision)
        if decision["action"] == "edit" and result["interrupt"]:
            result = _resume(graph, thread_id, {"action": "approve"})
    print_result(result, as_json=as_json)
    _exit_code(result)


def _exit_code(result: Outcome) -> None:
    status = result["values"].get("status")
    if status in ("failed", "expired", "needs_review", "needs_human"):
        raise typer.Exit(1)


@app.command("list")
def list_(
    status: Annotated[str | None, typer.Option(help="Only this status, e.g. submitted.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Your applications, newest first, with their status and match score."""
    from sqlalchemy import select

    from db.enums import ApplicationStatus
    from db.models import Application, Job
    from tools.runtime import get_services

    services = get_services()
    user_id = services.user_id()
    query = (
        select(Application, Job.title, Job.company, Job.platform)
        .join(Job, Job.id == Application.job_id)
        .where(Application.user_id == user_id)
        .order_by(Application.updated_at.desc())
    )
    if status is not None:
        try:
            query = query.where(Application.status == ApplicationStatus(status))
        except ValueError:
            known = ", ".join(s.value for s in ApplicationStatus)
            raise InputError(f"--status {status!r} is not a status; use one of {known}") from None
    with services.sessions() as session:
        rows = [
            {
                "id": str(a.id),
                "status": a.status.value,
                "match": a.match_score,
                "title": title,
                "company": company,
                "platform": platform,
                "reason": a.status_reason,
                "updated_at": a.updated_at.isoformat(),
                "thread_id": a.thread_id,
            }
            for a, title, company, platform in session.execute(query)
            if a.thread_id is not None or a.status is not ApplicationStatus.DISCOVERED
        ]
    if as_json:
        typer.echo(json.dumps(rows))
        return
    table = Table(title=f"{len(rows)} applications", title_justify="left")
    for column in ("id", "status", "match", "job", "platform", "reason"):
        table.add_column(column, overflow="fold")
    for r in rows:
        match = f"{r['match']:.0f}" if r["match"] is not None else "-"
        job = f"{r['title']} at {r['company']}"
        reason = r["reason"] or ""
        table.add_row(*texts(r["id"][:8], r["status"], match, job, r["platform"], reason))
    out.print(table)


@app.command()
def show(reference: IdArgument, as_json: JsonOption = False) -> None:
    """One application: its status, evidence, and the review while it waits for you."""
    from db.models import Application
    from graphs.application import application_graph, outcome
    from tools.runtime import get_services

    services = get_services()
    application_id, thread_id = resolve(services, reference)
    with services.sessions() as session:
        row = session.get(Application, application_id)
        assert row is not None
        record: dict[str, Any] = {
            "id": str(row.id),
            "status": row.status.value,
            "reason": row.status_reason,
            "match": row.match_score,
            "submitted_at": row.submitted_at.isoformat() if row.submitted_at else None,
            "evidence": row.evidence,
        }
    with application_graph(services.settings) as graph:
        result = outcome(graph, thread_id)
    record["waiting_for"] = result["interrupt"]
    if as_json:
        typer.echo(json.dumps(record, ensure_ascii=False, default=str))
        return
    out.print(f"application {record['id']}: {record['status']} {record['reason'] or ''}")
    if result["interrupt"] is not None:
        show_interrupt(result["interrupt"])
    for key, value in (record["evidence"] or {}).items():
        out.print(f"{key}: {value}")


@app.command()
def approve(
    reference: IdArgument,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help="Change a field first: name=value (repeat for several)."),
    ] = None,
    cover_letter: Annotated[
        Path | None, typer.Option("--cover-letter", help="Use this cover letter text instead.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Approve what the review shows (after your --set edits), and submit it exactly once."""
    decision = (
        edit_decision(set_ or [], cover_letter) if set_ or cover_letter else {"action": "approve"}
    )
    _answer(reference, decision, as_json=as_json)


@app.command()
def reject(
    reference: IdArgument,
    reason: Annotated[str, typer.Option(help="Why, for your records.")] = "rejected by you",
    as_json: JsonOption = False,
) -> None:
    """Do not apply: the application is skipped and nothing is sent."""
    _answer(reference, {"action": "reject", "reason": reason}, as_json=as_json)


@app.command()
def resume(
    reference: IdArgument,
    retry: Annotated[
        bool, typer.Option("--retry", help="You finished the blocking step: try the form again.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Continue an application from its last checkpoint (after a crash, or a blocker).

    A claim left by a run that died mid-submit becomes needs_review: it is never sent again
    without you checking the platform first.
    """
    from langgraph.types import Command

    from forms.submit import recover_interrupted
    from graphs.application import application_graph, outcome
    from tools.runtime import get_services

    services = get_services()
    application_id, thread_id = resolve(services, reference)
    recover_interrupted(services.sessions, lease_s=0, application_id=application_id)
    with application_graph(services.settings) as graph:
        current = outcome(graph, thread_id)
        if current["interrupt"] is not None:
            payload: Any = Command(resume={"action": "retry"}) if retry else _PENDING
        elif not current["values"]:
            raise InputError(f"application {reference} has no checkpoint to resume")
        else:
            payload = None
        result = drive(graph, thread_id, payload, interactive=can_ask())
    print_result(result, as_json=as_json)
    _exit_code(result)
