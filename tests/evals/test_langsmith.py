"""LangSmith upload: nothing is sent without LANGSMITH_API_KEY; with it, one experiment per suite
reaches ``/datasets/upload-experiment`` (a local server standing in for LangSmith)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from evals.evaluate import evaluate
from evals.records import load_run
from evals.runner import RunOptions
from tests.evals.helpers import offline_settings
from tests.helpers import LocalServer

UPLOAD = "/datasets/upload-experiment"


def options(tmp_path: Path) -> RunOptions:
    return RunOptions(
        suites=["routing", "answers"],
        provider="offline",
        settings=offline_settings(tmp_path),
        cases=["rt-rank", "rt-greeting", "an-notice", "an-current-salary"],
        label="upload",
    )


def test_nothing_is_sent_without_a_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LANGSMITH_API_KEY", raising=False)
    record, folder = evaluate(options(tmp_path), tmp_path / "runs")
    assert record.langsmith is None
    assert load_run(folder).langsmith is None


def test_with_a_key_each_suite_is_uploaded_as_an_experiment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bodies: list[dict[str, Any]] = []

    def accept(_query: str, body: bytes) -> tuple[int, dict[str, str], bytes]:
        bodies.append(json.loads(body))
        return 200, {"Content-Type": "application/json"}, b'{"experiment": {}, "dataset": {}}'

    with LocalServer({("POST", UPLOAD): accept}) as server:
        monkeypatch.setenv("LANGSMITH_API_KEY", "ls-test-key")
        monkeypatch.setenv("LANGSMITH_ENDPOINT", server.url)
        monkeypatch.setenv("LANGSMITH_TRACING", "false")
        record, folder = evaluate(options(tmp_path), tmp_path / "runs")
    assert server.count(UPLOAD) == 2
    assert record.langsmith == {
        "uploaded": [f"{record.run_id}-routing", f"{record.run_id}-answers"]
    }
    assert load_run(folder).langsmith == record.langsmith
    routing = next(b for b in bodies if b["dataset_name"] == "ajob-eval-routing")
    assert routing["experiment_name"] == f"{record.run_id}-routing"
    rows = routing["results"]
    assert isinstance(rows, list)
    assert sorted(r["run_name"] for r in rows) == ["routing/rt-greeting", "routing/rt-rank"]
    scores = {s["key"]: s["score"] for s in rows[0]["evaluation_scores"]}
    assert scores["routing_accuracy"] == 1.0
    summary = {s["key"]: s["score"] for s in routing["summary_experiment_scores"]}
    assert summary["routing_accuracy"] == 1.0


def test_a_failed_upload_is_reported_and_the_run_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(_query: str, _body: bytes) -> tuple[int, dict[str, str], bytes]:
        return 403, {}, b'{"detail": "forbidden"}'

    with LocalServer({("POST", UPLOAD): refuse}) as server:
        monkeypatch.setenv("LANGSMITH_API_KEY", "ls-test-key")
        monkeypatch.setenv("LANGSMITH_ENDPOINT", server.url)
        record, folder = evaluate(options(tmp_path), tmp_path / "runs")
    assert record.langsmith is not None
    assert record.langsmith["uploaded"] == []
    assert "403" in record.langsmith["error"]
    assert (folder / "run.json").is_file()
    assert len(load_run(folder).cases) == 4
