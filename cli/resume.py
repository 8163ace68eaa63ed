"""``ajob resume import``: any resume file to a JSON Resume document, stored as a master version."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from cli.console import err, out
from core.config import get_settings

app = typer.Typer(no_args_is_help=True, help="Import and manage master resumes.")


@app.command("import")
def import_(
    file: Annotated[
        Path, typer.Argument(help="A resume: .json/.yaml (JSON Resume), .pdf, .docx, .md or .txt.")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the JSON Resume document instead of a summary.")
    ] = False,
    store: Annotated[
        bool, typer.Option("--store/--no-store", help="Store it as the user's next master version.")
    ] = True,
) -> None:
    """Turn a resume file into a JSON Resume document and store it as a master resume."""
    from resumes.candidate import parse_candidate
    from resumes.importing import import_resume

    imported = import_resume(file)
    candidate = parse_candidate(imported.document, source=str(file))
    stored = ""
    if store:
        from db.engine import create_db_engine, session_factory, session_scope
        from db.migrate import ensure_schema
        from resumes.store import store_master

        url = get_settings().database_url
        ensure_schema(url)
        engine = create_db_engine(url)
        try:
            with session_scope(session_factory(engine)) as session:
                _, resume, _, added = store_master(
                    session,
                    candidate,
                    source_format=imported.source_format,
                    source_filename=file.name,
                )
                stored = (
                    f"stored as master version {resume.version}"
                    if added
                    else f"unchanged: same as master version {resume.version}"
                )
        finally:
            engine.dispose()
    for warning in imported.warnings:
        err.print(f"warning: {warning}", markup=False)
    if as_json:
        typer.echo(json.dumps(imported.document, ensure_ascii=False, indent=2))
        return
    doc = imported.document
    basics = doc.get("basics", {})
    out.print(
        f"{basics.get('name')} <{basics.get('email')}> from {file.name} ({imported.source_format})",
        markup=False,
    )
    for section in ("work", "education", "skills", "certificates", "projects"):
        out.print(f"  {section:13} {len(doc.get(section) or [])}")
    if stored:
        out.print(stored)
