"""Messages and table cells are printed as they are, even with square brackets in them."""

from __future__ import annotations

import pytest
from rich.table import Table

from cli.console import fail_line, out, texts


def test_an_error_line_keeps_its_brackets(capsys: pytest.CaptureFixture[str]) -> None:
    fail_line("malformed payload from greenhouse: .jobs[3].title [/x] is not a string")
    assert "error: malformed payload from greenhouse: .jobs[3].title [/x] is not a string" in (
        capsys.readouterr().err
    )


def test_cells_are_text_not_markup(capsys: pytest.CaptureFixture[str]) -> None:
    table = Table()
    for column in ("title", "score"):
        table.add_column(column)
    table.add_row(*texts("[Remote] Engineer [/bold]", 81))
    out.print(table)
    shown = capsys.readouterr().out
    assert "[Remote] Engineer [/bold]" in shown
    assert "81" in shown
