"""``ajob tailor``: a tailored resume, a cover letter, their PDFs and a report for one job."""

from __future__ import annotations

import asyncio
import json
import sys
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.table import Table

from cli.console import err, out, texts
from core.config import get_settings

if TYPE_CHECKING:
    from llm.usage import UsageSink
    from resumes.candidate import Candidate
    from resumes.package import PackageReport
    from resumes.target import JobTarget

Provider = Literal["offline", "openai"]


def tailor(
    job: Annotated[
        str,
        typer.Option(
            help="The job: a JSON file (a Job or a JSON Resume job), a text file, a URL, or -."
        ),
    ],
    candidate: Annotated[
        Path | None,
        typer.Option(
            help="Candidate file: JSON Resume + application + preferences. [default: sample]"
        ),
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", help="Where to write the files. [default: ./out/<company>-<title>]"),
    ] = None,
    llm: Annotated[
        Provider | None,
        typer.Option(
            help="offline (extractive, no network) or openai. [default: AJOB_LLM_PROVIDER]"
        ),
    ] = None,
    pdf: Annotated[bool, typer.Option("--pdf/--no-pdf", help="Render the PDFs.")] = True,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the report as one JSON object.")
    ] = False,
) -> None:
    """Tailor the resume and write a cover letter for one job, never inventing a fact."""
    from resumes.candidate import load_candidate, sample_candidate_path
    from resumes.package import folder_name
    from resumes.target import load_job

    settings = get_settings()
    parsed = load_candidate(candidate or sample_candidate_path())
    stdin = sys.stdin.read() if job == "-" else None
    target = asyncio.run(load_job(job, settings, stdin=stdin))
    target.require_description()
    destination = out_dir or Path("out") / folder_name(target)
    if not as_json:
        err.print(f"tailoring for {target.title} at {target.company} …", markup=False)
    report = asyncio.run(
        _run(parsed, target, destination, llm or settings.effective_llm_provider, pdf)
    )
    if as_json:
        typer.echo(json.dumps(report.model_dump(mode="json")))
    else:
        _print(report)


async def _run(
    candidate: Candidate, target: JobTarget, destination: Path, provider: Provider, pdf: bool
) -> PackageReport:
    from llm.provider import make_llm
    from llm.usage import UsageContext, UsageLedger
    from resumes.package import build_package

    settings = get_settings()
    ledger, context = UsageLedger(), UsageContext()
    if provider == "openai":
        user_id, sink = _usage_sink(candidate)
        ledger, context = UsageLedger(sink=sink), UsageContext(user_id=user_id)
    client = make_llm(settings, provider, ledger=ledger, context=context)
    return await build_package(
        candidate, target, destination, settings=settings, llm=client, ledger=ledger, pdf=pdf
    )


def _usage_sink(candidate: Candidate) -> tuple[uuid.UUID, UsageSink]:
    """Model calls are recorded in llm_usage under the candidate's user."""
    from db.engine import create_db_engine, session_factory, session_scope
    from db.migrate import ensure_schema
    from llm.usage import database_sink
    from resumes.store import store_master

    url = get_settings().database_url
    ensure_schema(url)
    factory = session_factory(create_db_engine(url))
    with session_scope(factory) as session:
        user, _, _, _ = store_master(
            session, candidate, source_format="json-resume", source_filename=None
        )
        user_id = user.id
    return user_id, database_sink(factory)


def _print(report: PackageReport) -> None:
    before = report.keyword_coverage["before"]
    after = report.keyword_coverage["after"]
    out.print(
        f"keyword coverage {before['ratio']:.0%} → {after['ratio']:.0%} "
        f"({len(after['covered'])} of {len(report.keywords)} of the job's keywords)"
    )
    if after["missing"]:
        out.print(f"not in the master, so not claimed: {', '.join(after['missing'])}", markup=False)
    table = Table(title="changes", title_justify="left")
    for column in ("section", "change", "why"):
        table.add_column(column)
    for change in report.changes:
        table.add_row(*texts(change["section"], change["action"], change["detail"]))
    out.print(table)
    caught = report.violations_caught
    if caught:
        out.print(f"the validator rejected {len(caught)} claim(s) from the model; see report.json")
    out.print(
        f"resume: {report.resume_method}, cover letter: {report.cover_letter_method}, "
        f"provider {report.provider}"
        + (
            f", {report.usage['total_tokens']} tokens, ${report.usage['cost_usd']:.4f}"
            if report.provider != "offline"
            else ""
        )
    )
    for name, path in report.files.items():
        out.print(f"  {name:17} {path}", markup=False)
