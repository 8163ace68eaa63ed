"""``ajob resume import``: any resume file to a JSON Resume document, stored as a master version."""

from __future__ import annotations

import asyncio
import json
import uuid
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from cli.console import err, out
from core.config import get_settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from llm.usage import UsageLedger

Provider = Literal["offline", "openai"]

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
    llm: Annotated[
        Provider | None,
        typer.Option(
            help="openai: let the model repair the parse (checked against the file's text); "
            "offline: parse only. [default: AJOB_LLM_PROVIDER]"
        ),
    ] = None,
) -> None:
    """Turn a resume file into a JSON Resume document and store it as a master resume."""
    from llm.provider import make_llm
    from llm.usage import UsageLedger
    from resumes.candidate import parse_candidate
    from resumes.cleanup import clean_up
    from resumes.importing import import_resume

    settings = get_settings()
    imported = import_resume(file)
    ledger = UsageLedger()
    client = make_llm(settings, llm, ledger=ledger)
    cleaned = False
    if client is not None and imported.text:
        result = asyncio.run(clean_up(imported, client))
        imported, cleaned = result.imported, result.applied
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
                user, resume, _, added = store_master(
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
                user_id = user.id
            record_usage(engine, ledger, user_id)
        finally:
            engine.dispose()
    for warning in imported.warnings:
        err.print(f"warning: {warning}", markup=False)
    if as_json:
        typer.echo(json.dumps(imported.document, ensure_ascii=False, indent=2))
        return
    doc = imported.document
    basics = doc.get("basics", {})
    how = imported.source_format + (", repaired by the model" if cleaned else "")
    out.print(
        f"{basics.get('name')} <{basics.get('email')}> from {file.name} ({how})", markup=False
    )
    for section in ("work", "education", "skills", "certificates", "projects"):
        out.print(f"  {section:13} {len(doc.get(section) or [])}")
    if stored:
        out.print(stored)


def record_usage(engine: Engine, ledger: UsageLedger, user_id: uuid.UUID) -> None:
    """The model calls made before the user was known, written to llm_usage under that user."""
    from db.engine import session_factory
    from llm.usage import UsageContext, database_sink

    write = database_sink(session_factory(engine))
    for record in ledger.records:
        write(replace(record, context=UsageContext(user_id=user_id)))
