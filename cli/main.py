"""The ``ajob`` application: global options, subcommand registration, error handling."""

from __future__ import annotations

import os
import sys
from importlib.metadata import PackageNotFoundError, version
from typing import Annotated

import typer

from cli import applications as applications_commands
from cli import apply as apply_commands
from cli import chat as chat_commands
from cli import db as db_commands
from cli import demo as demo_commands
from cli import eval as eval_commands
from cli import jobs as jobs_commands
from cli import resume as resume_commands
from cli import run as run_commands
from cli import sandbox as sandbox_commands
from cli import search as search_commands
from cli import service
from cli import session as session_commands
from cli import tailor as tailor_commands
from cli.console import fail_line
from core.config import get_settings
from core.errors import AjobError
from core.logging import configure_logging

app = typer.Typer(
    name="ajob",
    help="AJOB4AGENT: search jobs everywhere, tailor honestly, apply exactly once.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode="rich",
)
app.command("search")(search_commands.search)
app.command("apply")(apply_commands.apply)
app.command("run")(run_commands.run)
app.command("chat")(chat_commands.chat)
app.add_typer(applications_commands.app, name="applications")
app.add_typer(jobs_commands.app, name="jobs")
app.add_typer(resume_commands.app, name="resume")
app.command("tailor")(tailor_commands.tailor)
app.add_typer(db_commands.app, name="db")
app.add_typer(eval_commands.app, name="eval")
app.add_typer(session_commands.app, name="session")
app.command("demo")(demo_commands.demo)
app.command("sandbox")(sandbox_commands.sandbox)
app.command("serve")(service.serve)
app.command("worker")(service.worker)
app.command("beat")(service.beat)


def package_version() -> str:
    try:
        return version("ajob4agent")
    except PackageNotFoundError:
        return "0+unknown"


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"ajob {package_version()}")
        raise typer.Exit()


@app.callback()
def main(
    version_: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show full tracebacks and debug logs.")
    ] = False,
) -> None:
    """Search jobs on many platforms, tailor resumes faithfully, fill forms, submit exactly once."""
    settings = get_settings()
    configure_logging(
        "DEBUG" if debug else settings.log_level,
        settings.log_format,
        production=settings.env == "production",
    )


def _debug_requested() -> bool:
    return "--debug" in sys.argv[1:] or os.environ.get("AJOB_DEBUG", "") not in ("", "0", "false")


def run() -> None:
    """Console-script entry point: no traceback reaches the user unless they ask for it."""
    try:
        app()
    except AjobError as exc:
        if _debug_requested():
            raise
        fail_line(exc.message)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        fail_line("interrupted")
        sys.exit(130)
    except Exception as exc:
        if _debug_requested():
            raise
        fail_line(
            f"unexpected {type(exc).__name__}: {exc} (run again with --debug for the traceback)"
        )
        sys.exit(1)


if __name__ == "__main__":
    run()
