"""The review on a terminal: what will be sent, and the person's approve / edit / reject.

Used by ``ajob run`` and ``ajob applications``. Without a terminal (a pipe, CI) nothing is
asked: the application waits, and the command says how to answer it later.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.syntax import Syntax
from rich.table import Table

from cli.console import out, texts
from core.errors import InputError


def show_interrupt(payload: dict[str, Any]) -> None:
    """Everything the person needs to decide, most important first.

    Every value is printed as it is, never read as rich markup: a form answer, a reason or a
    cover letter may hold square brackets ("[Company]"), which markup would hide or fail on.
    """
    job = payload.get("job") or {}
    title = escape(f"{job.get('title')} at {job.get('company')} ({job.get('platform')})")
    if payload.get("kind") == "needs_human":
        out.print(f"[bold yellow]needs you[/]: {title}")
        out.print(f"  {payload.get('reason')}", markup=False)
        for shot in payload.get("screenshots") or []:
            out.print(f"  screenshot: {shot}", markup=False)
        return
    match = payload.get("match") or {}
    out.print(f"[bold]review[/]: {title}, match {match.get('score')}/100")
    for reason in match.get("reasons") or []:
        out.print(f"  · {reason}", markup=False)
    if payload.get("notice"):
        out.print(f"[yellow]{escape(str(payload['notice']))}[/]")
    table = Table(title="form fields", title_justify="left")
    for column in ("field", "name", "value", "source"):
        table.add_column(column, overflow="fold")
    for f in payload.get("fields") or []:
        value = f.get("value")
        shown = ", ".join(value) if isinstance(value, list) else (value or "")
        marker = "[red]*[/]" if f.get("required") else ""
        table.add_row(
            f"{escape(str(f['label']))}{marker}",
            *texts(f["name"], shown, f.get("source") or ""),
        )
    out.print(table)
    if payload.get("needs_human"):
        out.print(f"[yellow]needs your answer:[/] {escape(', '.join(payload['needs_human']))}")
    if payload.get("resume_diff"):
        out.print("[bold]resume changes[/] (master → tailored)")
        out.print(Syntax(payload["resume_diff"], "diff", word_wrap=True))
    out.print("[bold]cover letter[/]")
    out.print(payload.get("cover_letter") or "", markup=False)
    for name, path in (payload.get("documents") or {}).items():
        out.print(f"{name}: {path}", markup=False)
    for shot in payload.get("screenshots") or []:
        out.print(f"screenshot: {shot}", markup=False)


def can_ask() -> bool:
    return sys.stdin.isatty()


def ask_decision(payload: dict[str, Any]) -> dict[str, Any]:
    """Ask on the terminal; an edit is ``name=value`` pairs or a cover letter file."""
    if payload.get("kind") == "needs_human":
        choice = typer.prompt("retry (after you finished the step) or reject?", default="retry")
        return {"action": "reject" if choice.strip().lower().startswith("rej") else "retry"}
    choice = typer.prompt("approve, edit or reject?", default="approve").strip().lower()
    if choice.startswith("rej"):
        return {"action": "reject", "reason": typer.prompt("why?", default="not for me")}
    if choice.startswith("ed"):
        pairs = typer.prompt("fields to change (name=value; name=value)", default="")
        letter = typer.prompt("cover letter file to use instead (empty: keep)", default="")
        return edit_decision(
            [p for p in pairs.split(";") if p.strip()], Path(letter) if letter else None
        )
    return {"action": "approve"}


def edit_decision(pairs: list[str], cover_letter: Path | None) -> dict[str, Any]:
    """``{"action": "edit", ...}`` from ``name=value`` pairs and an optional letter file."""
    fields: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise InputError(f"{pair!r} is not name=value, e.g. --set phone='+1 415 555 0100'")
        fields[name.strip()] = value.strip()
    decision: dict[str, Any] = {"action": "edit", "fields": fields}
    if cover_letter is not None:
        if not cover_letter.is_file():
            raise InputError(f"the cover letter file {cover_letter} does not exist")
        decision["cover_letter"] = cover_letter.read_text(encoding="utf-8")
    return decision
