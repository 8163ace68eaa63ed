"""Terminal output shared by the subcommands: results on stdout, messages on stderr."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.text import Text

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def fail_line(message: str) -> None:
    """Print a user-facing error as one line on stderr."""
    err.print(f"[bold red]error:[/] {escape(message)}", markup=True)


def texts(*values: object) -> list[Text]:
    """Table cells shown as they are: job titles, form answers and error messages may hold
    square brackets ("[Remote] Engineer"), which rich would read as markup, hide or fail on."""
    return [Text(str(value)) for value in values]
