"""Terminal output shared by the subcommands: results on stdout, messages on stderr."""

from __future__ import annotations

from rich.console import Console

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def fail_line(message: str) -> None:
    """Print a user-facing error as one line on stderr."""
    err.print(f"[bold red]error:[/] {message}", markup=True)
