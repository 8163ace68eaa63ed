"""``ajob sandbox``: serve the local replica of the job platforms, for demos and manual testing.

It prints ROOT and each source's base URL (what to pass as ``--base-url`` or put in
``AJOB_SOURCE_BASE_URLS``), then serves until Ctrl-C. It binds loopback only unless ``--public``
is given, because anyone who can reach it can change its fault rules.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Annotated

import typer
from rich import box
from rich.table import Table

from cli.console import out
from core.errors import InputError

if TYPE_CHECKING:
    from sandbox.catalogue import Catalogue

LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def sources_table(catalogue: Catalogue, root: str) -> Table:
    """Each source's base URL (whole, never wrapped, so it can be copied) and its boards."""
    from sandbox.app import sources_overview

    rows = sources_overview(catalogue, root)
    table = Table(title=f"Sandbox sources (seed {catalogue.seed})", box=box.SIMPLE)
    table.add_column("source", no_wrap=True)
    table.add_column("posts", justify="right", no_wrap=True)
    table.add_column("base URL", no_wrap=True, min_width=max(len(r["base_url"]) for r in rows))
    table.add_column("boards")
    for row in rows:
        boards = ", ".join(row["boards"]) or "-"
        table.add_row(row["source"], str(row["postings"]), row["base_url"], boards)
    return table


def sandbox(
    host: Annotated[
        str, typer.Option(help="Interface to bind; must be loopback unless --public is given.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8700,
    seed: Annotated[
        int, typer.Option(help="Catalogue seed; the same seed always serves the same jobs.")
    ] = 7,
    public: Annotated[
        bool,
        typer.Option(
            "--public", help="Allow a non-loopback --host (anyone reaching it can inject faults)."
        ),
    ] = False,
) -> None:
    """Serve the sandbox: local replicas of 13 job platforms with a generated job catalogue."""
    if not public and not is_loopback(host):
        raise InputError(
            f"--host {host} is not a loopback address; the sandbox has no authentication and "
            "lets any client change its faults, so pass --public to expose it anyway"
        )
    import uvicorn

    from sandbox.app import create_app
    from sandbox.catalogue import build_catalogue

    catalogue = build_catalogue(seed)
    shown_host = f"[{host}]" if ":" in host and not host.startswith("[") else host
    root = f"http://{shown_host}:{port}"
    out.print(f"Sandbox ROOT: {root}")
    out.print(
        f"{len(catalogue.distinct_jobs)} distinct jobs, {len(catalogue.all_postings())} postings; "
        f"faults and request log under {root}/_sandbox/"
    )
    out.print(sources_table(catalogue, root))
    uvicorn.run(create_app(catalogue), host=host.strip("[]"), port=port, log_level="info")
