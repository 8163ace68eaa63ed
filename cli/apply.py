"""``ajob apply``: fill a real application form in Chromium and report every value and its source.

Only dry runs exist so far. ``--submit`` is refused: submitting needs the exactly-once
claim on the application row, which arrives with the rest of the apply engine.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import typer
from rich.table import Table

from cli.console import out
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
    """Fill an application form (dry run) and show every field's value and where it came from."""
    from forms.engine import dry_run
    from forms.mapping import Documents
    from resumes.candidate import load_candidate

    if submit:
        raise InputError(
            "--submit is not available yet: submitting needs the exactly-once claim (issue 5); "
            "use --dry-run to fill the form without sending it"
        )
    if urlsplit(url).scheme not in ("http", "https"):
        raise InputError(f"{url!r} is not an http(s) URL of an application page")
    for label, path in (("--resume", resume), ("--cover-letter", cover_letter)):
        if path is not None and not path.is_file():
            raise InputError(f"{label} {path} does not exist")
    settings = get_settings()
    parsed = load_candidate(candidate)
    report = asyncio.run(
        dry_run(
            settings,
            url,
            parsed,
            Documents(resume=resume, cover_letter=cover_letter),
            platform=platform,
            screenshots=screenshots or settings.data_dir / "evidence",
            trusted_hosts=[urlsplit(url).hostname or ""],
        )
    )
    if as_json:
        typer.echo(json.dumps(report.model_dump(mode="json")))
    else:
        table = Table(
            title=f"{report.platform}: {report.status}"
            + (f" ({report.reason})" if report.reason else ""),
            title_justify="left",
        )
        for column in ("field", "name", "required", "value", "source"):
            table.add_column(column, overflow="fold")
        for f in report.fields:
            value = ", ".join(f.value) if isinstance(f.value, list) else (f.value or "")
            table.add_row(f.label, f.name, "yes" if f.required else "", value, f.source or "")
        out.print(table)
        for shot in report.evidence.get("screenshots") or []:
            out.print(f"screenshot: {shot}")
    if report.status in ("failed", "expired"):
        raise typer.Exit(1)
