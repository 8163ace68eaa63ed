"""The runner: failing cases are recorded and the run goes on; repeats; the saved run and its
HTML report; and checks that do fail when the product's output is not what a case expects."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from core.errors import ConfigError, InputError
from evals.evaluate import evaluate
from evals.prompt_versions import resolve
from evals.records import REPORT_FILE, load_run
from evals.runner import Runner, RunOptions
from llm.prompts import load_prompt
from tests.evals.helpers import dataset_copy, offline_settings, run

NORTHWIND = {"id": "tl-good", "job": "be-northwind", "expect": {"min_coverage": 1.0}}
NO_TEXT = {
    "id": "tl-no-text",
    "job": {"id": "x", "title": "Engineer", "company": "Acme", "description": "Apply now."},
}
IMPOSSIBLE = {"id": "tl-wrong", "job": "be-northwind", "expect": {"must_not_mention": ["Python"]}}


def test_a_failing_case_is_recorded_and_the_run_goes_on(tmp_path: Path) -> None:
    lines = [json.dumps(case) for case in (NO_TEXT, NORTHWIND, IMPOSSIBLE)]
    record = run(
        ["tailoring"],
        offline_settings(tmp_path),
        datasets=dataset_copy(tmp_path, "tailoring", lines),
    )
    by_id = {c.case_id: c for c in record.cases}
    assert by_id["tl-good"].status == "passed"
    assert by_id["tl-no-text"].status == "error"
    assert by_id["tl-no-text"].error is not None
    assert "has no description to tailor to" in by_id["tl-no-text"].error
    assert by_id["tl-wrong"].status == "failed"
    assert by_id["tl-wrong"].failures == ["keywords the candidate lacks appear: Python"]
    summary = record.summaries["tailoring"]
    assert (summary.passed, summary.failed, summary.errors) == (1, 1, 1)
    assert summary.metrics["unsupported_keywords"].value == 1
    assert summary.metrics["keyword_coverage"].n == 2


def test_routing_checks_fail_on_a_wrong_expectation(tmp_path: Path) -> None:
    lines = [
        '{"id": "rt-wrong-agent", "message": "rank my jobs", "expect": {"agents": ["resume"]}}',
        '{"id": "rt-wrong-tool", "message": "rank my jobs", "expect": {"agents": ["search"], '
        '"tools": [{"name": "list_jobs"}]}}',
    ]
    record = run(
        ["routing"], offline_settings(tmp_path), datasets=dataset_copy(tmp_path, "routing", lines)
    )
    by_id = {c.case_id: c for c in record.cases}
    assert by_id["rt-wrong-agent"].scores["routing_accuracy"] == 0.0
    assert by_id["rt-wrong-agent"].failures == ["routed to ['search'], expected ['resume']"]
    assert by_id["rt-wrong-tool"].scores == {
        "routing_accuracy": 1.0,
        "first_agent_accuracy": 1.0,
        "trajectory_match": 0.0,
    }
    assert record.summaries["routing"].metrics["routing_accuracy"].value == 0.5


def test_repeat_runs_every_case_n_times(tmp_path: Path) -> None:
    record = run(
        ["routing"],
        offline_settings(tmp_path),
        cases=["rt-rank", "rt-greeting"],
        repeat=3,
        concurrency=2,
    )
    seen = sorted((c.case_id, c.repeat) for c in record.cases)
    assert seen == [(case, r) for case in ("rt-greeting", "rt-rank") for r in range(3)]
    assert record.summaries["routing"].cases == 6
    assert record.repeat == 3


def test_evaluate_saves_the_run_and_a_self_contained_html_report(tmp_path: Path) -> None:
    options = RunOptions(
        suites=["routing", "matching"],
        provider="offline",
        settings=offline_settings(tmp_path),
        cases=["rt-chain-*", "mt-sample-*"],
        label="Smoke Test",
    )
    record, folder = evaluate(options, tmp_path / "runs")
    assert re.fullmatch(r"\d{8}T\d{6}Z-smoke-test", folder.name)
    assert folder.parent == tmp_path / "runs"
    saved = load_run(folder)
    assert saved.model_dump() == record.model_dump()
    assert saved.git_commit is not None
    assert len(saved.git_commit) == 40
    html = (folder / REPORT_FILE).read_text(encoding="utf-8")
    for outside in ("<script", " src=", "<link", "@import"):
        assert outside not in html
    metrics = [m for s in record.summaries.values() for m in s.metrics.values() if m.n]
    assert html.count('<div class="chart">') == len(metrics)
    assert html.count("<details>") == len(record.cases)
    for case in record.cases:
        assert case.case_id in html
    assert "ndcg_at_10: " in html
    assert "routing_accuracy: " in html


def test_the_openai_provider_needs_a_key_before_anything_runs(tmp_path: Path) -> None:
    options = RunOptions(suites=["routing"], provider="openai", settings=offline_settings(tmp_path))
    with pytest.raises(ConfigError, match="the openai provider needs an API key"):
        Runner(options)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (["7"], "prompt 'tailor_resume' has no version 7: prompts/tailor_resume.md is version 1"),
        (["agent_search=2"], "--prompt-version names agent_search, which the suites chosen"),
        (["1", "2"], "give one bare --prompt-version; use NAME=VERSION for more"),
        (["tailor_resume="], "--prompt-version 'tailor_resume=': write VERSION or NAME=VERSION"),
    ],
)
def test_prompt_versions_that_cannot_be_found_are_refused(
    values: list[str], message: str, tmp_path: Path
) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        resolve(
            {"tailoring": ("tailor_resume", "candidate_context")},
            values,
            provider="openai",
            variants=tmp_path,
        )


def test_the_current_version_needs_no_variant_file(tmp_path: Path) -> None:
    current = load_prompt("tailor_resume")
    overrides, uses = resolve(
        {"tailoring": ("tailor_resume", "candidate_context")},
        [current.version],
        provider="openai",
        variants=tmp_path,
    )
    assert overrides == []
    assert uses["tailoring"][0].sha256 == current.sha256
    assert uses["tailoring"][0].source.endswith("prompts/tailor_resume.md")
