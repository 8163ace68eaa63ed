"""Comparing two runs: metric deltas in the right direction, the cases that moved, and the gate
(``ajob eval compare --metric M --max-regression X`` exits 1 past the threshold)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from core.errors import InputError
from evals.compare import compare
from evals.evaluate import evaluate
from evals.records import RunRecord, load_run, save_run
from evals.runner import RunOptions
from tests.evals.helpers import offline_settings


@pytest.fixture
def runs(tmp_path: Path) -> tuple[Path, Path]:
    """A real offline run, and a copy of it in which one case got worse."""
    options = RunOptions(
        suites=["routing", "tailoring"],
        provider="offline",
        settings=offline_settings(tmp_path),
        cases=["rt-rank", "rt-greeting", "rt-show-it", "tl-sample-northwind", "tl-fe-lumina"],
        label="before",
    )
    before, folder_a = evaluate(options, tmp_path / "runs")
    after = worse(before)
    folder_b = tmp_path / "runs" / "after"
    save_run(after, folder_b)
    return folder_a, folder_b


def worse(record: RunRecord) -> RunRecord:
    after = record.model_copy(deep=True)
    after.run_id = "after"
    case = next(c for c in after.cases if c.case_id == "rt-show-it")
    case.status, case.failures = "failed", ["routed to ['resume'], expected ['search']"]
    case.scores["routing_accuracy"] = 0.0
    routing = after.summaries["routing"].metrics["routing_accuracy"]
    routing.value = 2 / 3
    violations = after.summaries["tailoring"].metrics["faithfulness_violations"]
    violations.value = 2.0
    return after


def test_deltas_follow_each_metric_s_direction(runs: tuple[Path, Path]) -> None:
    result = compare(load_run(runs[0]), load_run(runs[1]))
    routing = result.metric("routing.routing_accuracy")
    assert routing.before == 1.0
    assert routing.delta == pytest.approx(-1 / 3, abs=1e-6)
    assert routing.regression == pytest.approx(1 / 3, abs=1e-6)
    violations = result.metric("faithfulness_violations")
    assert (violations.before, violations.after, violations.regression) == (0, 2.0, 2.0)
    held = result.metric("tailoring.roles_kept")
    assert (held.delta, held.regression, held.improvement) == (0.0, 0.0, 0.0)
    assert [(c.suite, c.case_id, c.before, c.after) for c in result.regressed] == [
        ("routing", "rt-show-it", 1.0, 0.0)
    ]
    assert result.regressed[0].why == "routed to ['resume'], expected ['search']"
    assert result.improved == []
    swapped = compare(load_run(runs[1]), load_run(runs[0]))
    assert [c.case_id for c in swapped.improved] == ["rt-show-it"]
    assert swapped.metric("routing_accuracy").improvement == pytest.approx(1 / 3, abs=1e-6)


def test_an_ambiguous_or_unknown_metric_is_refused(runs: tuple[Path, Path]) -> None:
    result = compare(load_run(runs[0]), load_run(runs[1]))
    with pytest.raises(InputError, match="no metric 'nope' in both runs; they share: routing"):
        result.metric("nope")


def invoke(*args: str) -> tuple[int, str, str]:
    done = CliRunner().invoke(app, ["eval", "compare", *args])
    return done.exit_code, done.stdout, done.stderr


def test_the_gate_exits_1_past_the_threshold_and_0_within_it(runs: tuple[Path, Path]) -> None:
    a, b = (str(p) for p in runs)
    code, stdout, stderr = invoke(a, b, "--metric", "routing_accuracy", "--max-regression", "0.2")
    assert code == 1
    assert "routing.routing_accuracy moved 0.3333 the wrong way (allowed 0.2)" in stderr
    assert "rt-show-it: passed 100% → 0%" in stdout
    code, _, stderr = invoke(
        a, b, "--metric", "routing.routing_accuracy", "--max-regression", "0.4"
    )
    assert code == 0
    assert "within 0.4" in stderr
    code, _, _ = invoke(b, a, "--metric", "routing_accuracy")
    assert code == 0, "an improvement is not a regression"
    code, _, _ = invoke(a, b, "--metric", "tailoring.faithfulness_violations")
    assert code == 1, "a count that rises has regressed"


def test_compare_finds_runs_by_label_and_prints_json(runs: tuple[Path, Path]) -> None:
    runs_dir = str(runs[0].parent)
    code, stdout, _ = invoke("before", "after", "--runs-dir", runs_dir, "--json")
    assert code == 0
    data = json.loads(stdout)
    assert data["before"] == runs[0].name
    assert data["regressed"][0]["case_id"] == "rt-show-it"
    assert {m["metric"] for m in data["metrics"]} >= {"routing.routing_accuracy"}
