"""``ajob apply``: fill a real application form in Chromium and report every value and its source.

``--dry-run`` (the default) never clicks submit. ``--submit`` is the person's approval: the
application row is claimed (ready → submitting, committed) before the one click, so running
it twice, or fifty times at once, sends the application once.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import typer
from rich.table import Table

from cli.console import out, texts
from core.config import get_settings
from core.errors import InputError


def apply(
    url: Annotated[str, typer.Argument(help="The job's application page.")],
    candidate: Annotated[
        Path, typer.Option(help="Candidate file: JSON Resume + application + preferences.")
    ],
    resume: Annotated[Path | None, typer.Option(help="Resume file to attach (PDF, DOCX).")] = None,
    cover_letter: Annotated[
        Path | None, typer.Option("--cover-letter", help="Cover letter file to attach.")
    ] = None,
    platform: Annotated[
        str | None, typer.Option(help="Force the platform instead of detecting it.")
    ] = None,
    submit: Annotated[
        bool, typer.Option("--submit/--dry-run", help="Submit, or only fill (the default).")
    ] = False,
    screenshots: Annotated[
        Path | None, typer.Option(help="Where to keep screenshots. [default: DATA_DIR/evidence]")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the report as one JSON object.")
    ] = False,
) -> None:
    """Fill an application form and show every value and its source; --submit sends it once."""
    from db.engine import create_db_engine, session_factory
    from db.migrate import ensure_schema
    from forms.mapping import Documents
    from forms.service import apply as apply_to
    from resumes.candidate import load_candidate

    if urlsplit(url).scheme not in ("http", "https"):
        raise InputError(f"{url!r} is not an http(s) URL of an application page")
    for label, path in (("--resume", resume), ("--cover-letter", cover_letter)):
        if path is not None and not path.is_file():
            raise InputError(f"{label} {path} does not exist")
    if submit and resume is None:
        raise InputError("--submit needs --resume: a form is never sent without your resume")
    settings = get_settings()
    parsed = load_candidate(candidate)
    evidence = screenshots or settings.data_dir / "evidence"
    if submit:
        ensure_schema(settings.database_url)
    engine = create_db_engine(settings.database_url)
    try:
        report = asyncio.run(
            apply_to(
                settings,
                session_factory(engine),
                url,
                parsed,
                Documents(resume=resume, cover_letter=cover_letter),
                submit=submit,
                platform=platform,
                screenshots=evidence,
            )
        )
    finally:
        engine.dispose()
    if as_json:
        typer.echo(json.dumps(report.model_dump(mode="json")))
    else:
        title = f"{report.platform}: {report.status}" + (
            f" ({report.reason})" if report.reason else ""
        )
        if not report.fields:
            out.print(title, markup=False)
        else:
            table = Table(title=title, title_justify="left")
            for column in ("field", "name", "required", "value", "source"):
                table.add_column(column, overflow="fold")
            for f in report.fields:
                value = ", ".join(f.value) if isinstance(f.value, list) else (f.value or "")
                table.add_row(
                    *texts(f.label, f.name, "yes" if f.required else "", value, f.source or "")
                )
            out.print(table)
        if report.blockers:
            out.print(f"blockers: {', '.join(report.blockers)}", markup=False)
        for shot in report.evidence.get("screenshots") or []:
            out.print(f"screenshot: {shot}", markup=False)
    if report.status in ("failed", "expired", "refused", "needs_review"):
        raise typer.Exit(1)
