"""``ajob chat`` on a terminal: streamed replies, step lines, approvals, threads that persist."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from sqlalchemy import select
from typer.testing import CliRunner, Result

from cli.chat import chat
from db.enums import ApplicationStatus
from db.models import Application
from sandbox.server import RunningSandbox
from tests.tools.helpers import Installation, installed

NORTHWIND = "find backend jobs on greenhouse:northwind"

app = typer.Typer()
app.command()(chat)


@pytest.fixture
def installation(
    clean_sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Installation]:
    monkeypatch.setenv("COLUMNS", "200")
    with installed(monkeypatch, clean_sandbox) as found:
        yield found


def _chat(*args: str, answers: str = "") -> Result:
    result = CliRunner().invoke(app, list(args), input=answers)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def test_one_message_streams_the_reply_and_the_steps(installation: Installation) -> None:
    result = _chat("--thread", "t1", "--message", NORTHWIND)
    assert result.exit_code == 0
    assert "search: Searched greenhouse:northwind" in result.stdout
    assert "Best matches of the" in result.stdout
    assert "search → search_jobs(query='backend', sources=['greenhouse'], " in result.stderr
    assert "search ← rank_jobs done" in result.stderr


def test_a_thread_continues_in_a_later_command(installation: Installation) -> None:
    _chat("--thread", "t2", "--message", NORTHWIND)
    later = _chat("--thread", "t2", "--message", "show me the best one")
    assert later.exit_code == 0
    assert "search: Staff Backend Engineer at Northwind Labs [" in later.stdout
    fresh = _chat("--thread", "t3", "--message", "show me the best one")
    assert "Which job?" in fresh.stdout


def test_an_application_is_reviewed_on_the_terminal_and_rejected(
    installation: Installation, chromium_path: Path
) -> None:
    _chat("--thread", "t4", "--message", NORTHWIND)
    result = _chat(
        "--thread", "t4", "--message", "apply to the best one", answers="reject\nnot for me\n"
    )
    assert result.exit_code == 0
    assert "review: Staff Backend Engineer at Northwind Labs" in result.stdout
    assert "approve, edit or reject?" in result.stdout
    assert "form_fill: Application" in result.stdout
    assert installation.sandbox.submissions() == []
    with installation.services.sessions() as session:
        status = session.scalar(
            select(Application.status).where(Application.thread_id.is_not(None))
        )
    assert status == ApplicationStatus.SKIPPED


def test_an_unanswered_approval_waits_for_the_next_chat(
    installation: Installation, chromium_path: Path
) -> None:
    _chat("--thread", "t5", "--message", NORTHWIND)
    left = _chat("--thread", "t5", "--message", "apply to the best one")
    assert "not answered; it waits: ajob chat --thread t5" in left.stderr
    assert installation.sandbox.submissions() == []
    resumed = _chat("--thread", "t5", "--message", "list my applications", answers="approve\n")
    assert "thread t5 is waiting for your decision" in resumed.stderr
    assert "submitted" in resumed.stdout
    assert len(installation.sandbox.submissions()) == 1
