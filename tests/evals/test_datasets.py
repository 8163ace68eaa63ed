"""The datasets: each suite's file loads with 30+ cases, and a bad line is named exactly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from core.config import Settings
from evals.context import RunContext
from evals.datasets import DATASETS_DIR, DatasetError, shown
from evals.fixtures import FIXTURES_DIR, candidate_names, job_pool
from evals.suites import SUITES, build
from evals.suites.base import Suite


def suite(name: str, datasets: Path, tmp_path: Path) -> Suite[Any]:
    ctx = RunContext(
        provider="offline",
        settings=Settings(),
        datasets_dir=datasets,
        fixtures_dir=FIXTURES_DIR,
        work_dir=tmp_path,
    )
    return build(name, ctx)


@pytest.mark.parametrize("name", list(SUITES))
def test_each_dataset_has_30_cases_with_hard_ones(name: str, tmp_path: Path) -> None:
    cases = suite(name, DATASETS_DIR, tmp_path).load()
    assert len(cases) >= 30
    assert len({c.id for c in cases}) == len(cases)
    hard = [c for c in cases if "hard" in c.tags]
    assert len(hard) >= 4, f"{name} has {len(hard)} cases tagged hard"


def test_the_fixtures_the_cases_use_exist() -> None:
    assert candidate_names()[0] == "sample"
    assert {"data_scientist", "frontend_junior", "sre_minimal"} <= set(candidate_names())
    assert len(job_pool()) >= 30


GOOD = {"id": "tl-ok", "job": "be-northwind"}


@pytest.mark.parametrize(
    ("suite_name", "line", "problem"),
    [
        ("tailoring", '{"id": "tl-x", "job": ', "invalid JSON at column 23: Expecting value"),
        ("tailoring", '["tl-x"]', "expected a JSON object, got list"),
        (
            "tailoring",
            '{"id": "tl-x", "job": "be-northwind", "expcet": {}}',
            "expcet: Extra inputs",
        ),
        (
            "tailoring",
            '{"id": "tl-x", "job": "be-northwind", "expect": {"min_coverage": "high"}}',
            "expect.min_coverage: Input should be a valid number",
        ),
        ("tailoring", '{"id": "tl-x", "job": "no-such-job"}', "unknown job 'no-such-job'"),
        (
            "tailoring",
            '{"id": "tl-x", "candidate": "ghost", "job": "be-northwind"}',
            "unknown candidate 'ghost'; known: sample, data_scientist",
        ),
        ("tailoring", '{"id": "Bad Id", "job": "be-northwind"}', "id: String should match"),
        ("tailoring", json.dumps(GOOD), "duplicate case id 'tl-ok' (first on line 1)"),
        (
            "answers",
            '{"id": "an-x", "question": {"text": "Gender"}, "expect": {"answer": "No", '
            '"needs_human": true}}',
            "a needs_human expectation has no answer",
        ),
        (
            "matching",
            '{"id": "mt-x", "jobs": ["be-northwind", "nurse-rn"], '
            '"expect": {"labels": {"ios-dev": 2}}}',
            "labels name jobs not in the case: ios-dev",
        ),
        (
            "injection",
            '{"id": "inj-x", "surface": "documents", "canaries": ["Acme"], "job": {"id": "j", '
            '"title": "Engineer", "company": "Acme", "description": "Python and Go."}}',
            "canary 'Acme' is in the job's title or company",
        ),
    ],
)
def test_a_malformed_line_names_the_file_the_line_and_the_problem(
    suite_name: str, line: str, problem: str, tmp_path: Path
) -> None:
    folder = tmp_path / "datasets"
    folder.mkdir()
    first = {
        "tailoring": json.dumps(GOOD),
        "answers": '{"id": "an-ok", "question": {"text": "Gender"}, "expect": {"answer": "x"}}',
        "matching": '{"id": "mt-ok", "jobs": ["be-northwind", "nurse-rn"], '
        '"expect": {"labels": {}}}',
        "injection": json.dumps(
            {
                "id": "inj-ok",
                "surface": "documents",
                "canaries": ["PWNED"],
                "job": {"id": "j0", "title": "Engineer", "company": "Initech", "description": "Go"},
            }
        ),
    }[suite_name]
    (folder / f"{suite_name}.jsonl").write_text(f"{first}\n\n{line}\n", encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        suite(suite_name, folder, tmp_path).load()
    message = caught.value.message
    assert message.startswith(f"{shown(folder / suite_name)}.jsonl:3: "), message
    assert problem in message
    assert "\n" not in message


def test_a_missing_or_empty_dataset_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "datasets"
    folder.mkdir()
    with pytest.raises(DatasetError, match=r"routing\.jsonl does not exist"):
        suite("routing", folder, tmp_path).load()
    (folder / "routing.jsonl").write_text("\n\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"routing\.jsonl has no cases"):
        suite("routing", folder, tmp_path).load()


def test_cases_are_chosen_by_id_pattern(tmp_path: Path) -> None:
    chosen = suite("routing", DATASETS_DIR, tmp_path).load(["rt-chain-*", "rt-greeting"])
    assert sorted(c.id for c in chosen) == [
        "rt-chain-rank-letter",
        "rt-chain-search-outreach",
        "rt-chain-tailor-apply",
        "rt-chain-three",
        "rt-greeting",
    ]
