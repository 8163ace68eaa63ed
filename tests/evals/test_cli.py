"""``ajob eval`` as a person runs it: a real process, one-line errors with exit 2, a saved run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.evals.helpers import dataset_copy
from tests.helpers import run_ajob


def one_line_error(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: ")
    return lines[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--suite", "nope"],
            "unknown suite 'nope'; the known suites are: tailoring, cover_letter, answers, "
            "routing, matching, injection, all",
        ),
        (["--suite", "routing", "--repeat", "0"], "--repeat must be at least 1, got 0"),
        (["--provider", "gpt"], "unknown provider 'gpt'; use offline or openai"),
        (
            ["--suite", "tailoring", "--provider", "offline", "--prompt-version", "2"],
            "--prompt-version needs --provider openai",
        ),
    ],
    ids=["unknown-suite", "repeat", "provider", "prompt-version-offline"],
)
def test_bad_options_are_one_line_and_exit_2(args: list[str], message: str, tmp_path: Path) -> None:
    result = run_ajob("eval", "run", *args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in one_line_error(result.stderr)
    assert not (tmp_path / "evals").exists()


def test_a_malformed_dataset_line_is_named_and_nothing_runs(tmp_path: Path) -> None:
    good = '{"id": "rt-a", "message": "rank my jobs", "expect": {"agents": ["search"]}}'
    bad = '{"id": "rt-b", "message": "hi", "expect": {"agents": ["searching"]}}'
    folder = dataset_copy(tmp_path, "routing", [good, bad])
    result = run_ajob("eval", "run", "--suite", "routing", "--datasets", str(folder), cwd=tmp_path)
    assert result.returncode == 2
    line = one_line_error(result.stderr)
    assert "datasets/routing.jsonl:2: expect.agents.0: Input should be 'search'" in line
    assert not (tmp_path / "evals" / "runs").exists()


def test_an_offline_run_prints_a_table_and_saves_the_run(tmp_path: Path) -> None:
    result = run_ajob(
        "eval", "run", "--suite", "routing", "--provider", "offline",
        "--case", "rt-chain-*", "--label", "cli",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    [folder] = (tmp_path / "evals" / "runs").iterdir()
    assert folder.name.endswith("-cli")
    assert "4/4" in result.stderr, "the progress bar"
    assert "routing_accuracy" in result.stdout
    assert f"saved evals/runs/{folder.name}/run.json" in result.stdout
    record = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    assert record["command"] == [
        "ajob", "eval", "run", "--suite", "routing", "--provider", "offline",
        "--case", "rt-chain-*", "--label", "cli",
    ]  # fmt: skip
    assert sorted(c["case_id"] for c in record["cases"]) == [
        "rt-chain-rank-letter",
        "rt-chain-search-outreach",
        "rt-chain-tailor-apply",
        "rt-chain-three",
    ]
    assert (folder / "report.html").is_file()
