from __future__ import annotations

import io
import json
import logging
import sys

import pytest
import structlog
from pydantic import SecretStr

from core.logging import REDACTED, configure_logging, get_logger


@pytest.fixture(autouse=True)
def _reset_logging():
    yield
    structlog.reset_defaults()
    logging.getLogger().handlers.clear()


def test_json_logs_redact_secrets_at_any_depth(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", "json")
    get_logger("test").info(
        "calling model",
        api_key="sk-live-abc",
        model="gpt-4o-mini",
        headers={"Authorization": "Bearer xyz", "Accept": "json"},
        smtp=[{"password": "hunter2"}],
        key=SecretStr("s3cret"),
    )
    line = capsys.readouterr().err.strip().splitlines()[-1]
    record = json.loads(line)
    assert record["event"] == "calling model"
    assert record["model"] == "gpt-4o-mini"
    assert record["api_key"] == REDACTED
    assert record["headers"] == {"Authorization": REDACTED, "Accept": "json"}
    assert record["smtp"] == [{"password": REDACTED}]
    assert record["key"] == REDACTED
    for secret in ("sk-live-abc", "xyz", "hunter2", "s3cret"):
        assert secret not in line


def test_standard_library_loggers_are_rendered_too(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", "json")
    logging.getLogger("somelib").warning("disk %s", "full")
    record = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert record["event"] == "disk full"
    assert record["level"] == "warning"
    assert record["logger"] == "somelib"


def test_auto_format_is_json_in_production(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", "auto", production=True)
    get_logger("test").info("started")
    assert json.loads(capsys.readouterr().err.strip().splitlines()[-1])["event"] == "started"


def test_console_format_is_not_json(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", "console")
    get_logger("test").info("hello", token="abc123")
    err = capsys.readouterr().err
    assert "hello" in err
    assert "abc123" not in err
    with pytest.raises(json.JSONDecodeError):
        json.loads(err.strip().splitlines()[-1])


def test_logs_go_to_the_stderr_of_the_moment_not_a_closed_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """pytest and CliRunner swap stderr and close the old one; a late log must still land."""
    first = io.StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    configure_logging("INFO", "json")
    first.close()
    second = io.StringIO()
    monkeypatch.setattr(sys, "stderr", second)
    get_logger("test").warning("after the swap")
    assert json.loads(second.getvalue().strip())["event"] == "after the swap"


def test_logs_stay_on_an_open_stderr_when_another_takes_its_place(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Celery worker puts a proxy that logs what it is given in sys.stderr's place: writing
    there would feed each record back into logging."""
    first = io.StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    configure_logging("INFO", "json")
    proxy = io.StringIO()
    monkeypatch.setattr(sys, "stderr", proxy)
    get_logger("test").warning("still here")
    assert json.loads(first.getvalue().strip())["event"] == "still here"
    assert proxy.getvalue() == ""
