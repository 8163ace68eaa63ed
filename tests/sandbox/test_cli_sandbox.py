"""``ajob sandbox`` (cli/sandbox.py): loopback only unless --public, then prints and serves."""

from __future__ import annotations

from typing import Any

import pytest
import typer
import uvicorn
from typer.testing import CliRunner

from cli.sandbox import sandbox
from core.errors import InputError


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    def fake_run(app: object, **kwargs: Any) -> None:
        calls.append({"app": app, **kwargs})

    monkeypatch.setattr(uvicorn, "run", fake_run)
    return calls


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "example.com", "::"])
def test_refuses_a_non_loopback_host(host: str, served: list[dict[str, Any]]) -> None:
    with pytest.raises(InputError) as error:
        sandbox(host=host, port=8700, seed=7, public=False)
    assert error.value.exit_code == 2
    assert "\n" not in error.value.message
    assert "--public" in error.value.message
    assert served == []


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_serves_on_loopback(
    host: str, served: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    sandbox(host=host, port=8711, seed=7, public=False)
    assert len(served) == 1
    assert served[0]["port"] == 8711
    printed = capsys.readouterr().out
    root = f"http://[{host}]:8711" if ":" in host else f"http://{host}:8711"
    assert f"Sandbox ROOT: {root}" in printed
    assert f"{root}/greenhouse" in printed
    assert "northwind" in printed


def test_public_allows_any_host(served: list[dict[str, Any]]) -> None:
    sandbox(host="0.0.0.0", port=8712, seed=3, public=True)
    assert served[0]["host"] == "0.0.0.0"
    assert served[0]["app"].state.sandbox.catalogue.seed == 3


def test_is_a_typer_command(served: list[dict[str, Any]]) -> None:
    app = typer.Typer()
    app.command()(sandbox)
    runner = CliRunner()
    help_text = runner.invoke(app, ["--help"]).output
    for option in ("--host", "--port", "--seed", "--public"):
        assert option in help_text
    refused = runner.invoke(app, ["--host", "0.0.0.0"])
    assert isinstance(refused.exception, InputError)
    ok = runner.invoke(app, ["--port", "8713", "--seed", "9"])
    assert ok.exit_code == 0, ok.output
    assert served[-1]["port"] == 8713
