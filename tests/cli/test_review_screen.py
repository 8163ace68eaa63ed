"""The review screen prints every value as it is: brackets are text, not rich markup."""

from __future__ import annotations

import pytest

from cli.review import show_interrupt


def test_values_with_square_brackets_are_shown_as_they_are(
    capsys: pytest.CaptureFixture[str],
) -> None:
    show_interrupt(
        {
            "kind": "review",
            "job": {"title": "[Remote] Engineer", "company": "Acme [/x]", "platform": "lever"},
            "match": {"score": 81, "reasons": ["matches [bold] 7 of 9 skills"]},
            "notice": "check [Company]",
            "fields": [
                {
                    "label": "Links [optional]",
                    "name": "urls[0]",
                    "value": "[none]",
                    "source": "resume [links]",
                    "required": True,
                },
            ],
            "needs_human": ["[visa]"],
            "cover_letter": "Dear [Hiring Manager], I build [/red] things.",
        }
    )
    shown = capsys.readouterr().out
    for text in (
        "[Remote] Engineer at Acme [/x] (lever)",
        "matches [bold] 7 of 9 skills",
        "check [Company]",
        "Links [optional]",
        "urls[0]",
        "[none]",
        "resume [links]",
        "needs your answer: [visa]",
        "Dear [Hiring Manager], I build [/red] things.",
    ):
        assert text in shown
