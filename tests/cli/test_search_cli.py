"""``ajob search`` and ``ajob jobs`` as a user runs them, against the sandbox."""

from __future__ import annotations

import json
import sqlite3

import pytest

from sandbox.server import RunningSandbox
from tests.helpers import run_ajob

pytestmark = pytest.mark.slow


def test_json_lines_then_jobs_list_and_show(clean_sandbox: RunningSandbox, tmp_path) -> None:
    env = {"AJOB_DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}"}
    result = run_ajob(
        "search", "--source", "remoteok", "--base-url", clean_sandbox.base_url("remoteok"),
        "--limit", "5", "--json", env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 5
    assert {line["status"] for line in lines} == {"new"}
    assert all(line["title"] and line["platform"] == "remoteok" and line["id"] for line in lines)
    assert "search summary" in result.stderr
    listed = run_ajob("jobs", "list", "--json", env=env)
    assert {json.loads(x)["id"] for x in listed.stdout.splitlines()} == {x["id"] for x in lines}
    shown = run_ajob("jobs", "show", f"remoteok:{lines[0]['external_id']}", env=env)
    assert lines[0]["title"] in shown.stdout
    assert "sources: remoteok:" in shown.stdout


def test_an_empty_listing_says_why(clean_sandbox: RunningSandbox, tmp_path) -> None:
    env = {"AJOB_DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}"}
    empty = run_ajob("jobs", "list", env=env)
    assert empty.returncode == 0, empty.stderr
    assert "no jobs stored yet; `ajob search` finds and stores some" in empty.stdout
    stored = run_ajob(
        "search", "--source", "remoteok", "--base-url", clean_sandbox.base_url("remoteok"),
        "--limit", "3", env=env,
    )  # fmt: skip
    assert stored.returncode == 0, stored.stderr
    missed = run_ajob("jobs", "list", "-q", "snorkelling", env=env)
    assert missed.returncode == 0, missed.stderr
    assert "no stored job matches the words 'snorkelling'" in missed.stdout
    assert "jobs 0-0" not in missed.stdout
    bracketed = run_ajob("jobs", "list", "-q", "[/x] [bold]y", env=env)
    assert bracketed.returncode == 0, bracketed.stderr
    assert "the words '[/x] [bold]y'" in bracketed.stdout, "printed as typed, not as markup"
    elsewhere = run_ajob("jobs", "list", "--platform", "lever", env=env)
    assert "no stored job comes from --platform lever" in elsewhere.stdout
    past = run_ajob("jobs", "list", "--offset", "50", env=env)
    assert "no jobs past --offset 50: 3 match" in past.stdout
    listed = run_ajob("jobs", "list", env=env)
    assert "jobs 1-3 of 3" in listed.stdout


def test_unknown_source_lists_the_known_ones(tmp_path) -> None:
    result = run_ajob(
        "search", "--source", "monster", env={"AJOB_DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}"}
    )
    assert result.returncode == 2
    assert "unknown source 'monster'; the sources are: greenhouse, lever, lever_eu" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_failing_source_is_reported_and_the_others_finish(
    clean_sandbox: RunningSandbox, tmp_path
) -> None:
    env = {"AJOB_DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}", "AJOB_HTTP_MAX_RETRIES": "0"}
    result = run_ajob(
        "search", "-s", "greenhouse", "-s", "remotive", "--board", "no-such-board",
        "--base-url", f"greenhouse={clean_sandbox.base_url('greenhouse')}",
        "--base-url", f"remotive={clean_sandbox.base_url('remotive')}", env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "board 'no-such-board' does not exist on greenhouse" in result.stderr
    assert "remotive" in result.stderr


def test_exit_1_when_every_source_failed(clean_sandbox: RunningSandbox, tmp_path) -> None:
    clean_sandbox.add_faults({"platform": "remoteok", "kind": "malformed", "times": 1})
    result = run_ajob(
        "search", "--source", "remoteok", "--base-url", clean_sandbox.base_url("remoteok"),
        env={"AJOB_DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}"},
    )  # fmt: skip
    assert result.returncode == 1
    assert "invalid JSON" in result.stderr
    listed = run_ajob(
        "jobs", "list", "--json", env={"AJOB_DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}"}
    )
    assert listed.stdout == ""


def test_the_ssrf_guard_applies_to_urls_the_operator_did_not_give(tmp_path) -> None:
    env = {
        "AJOB_DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}",
        "AJOB_SOURCE_BASE_URLS": '{"remoteok": "http://10.0.0.1:9"}',
    }
    result = run_ajob("search", "--source", "remoteok", env=env)
    assert result.returncode == 1
    assert "non-public address 10.0.0.1" in result.stderr


def test_rank_scores_stored_jobs_and_keeps_them(clean_sandbox: RunningSandbox, tmp_path) -> None:
    db = tmp_path / "a.db"
    env = {"AJOB_DATABASE_URL": f"sqlite:///{db}"}
    searched = run_ajob(
        "search", "-s", "greenhouse", "-b", "northwind", "-b", "tidewater",
        "--base-url", clean_sandbox.base_url("greenhouse"), env=env,
    )  # fmt: skip
    assert searched.returncode == 0, searched.stderr
    result = run_ajob("jobs", "rank", "--json", "--limit", "5", env=env)
    assert result.returncode == 0, result.stderr
    ranked = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(ranked) == 5
    scores = [item["score"] for item in ranked]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 100 for s in scores)
    assert all(item["reasons"] and item["job_id"] for item in ranked)
    with sqlite3.connect(db) as conn:
        stored = conn.execute(
            "SELECT count(*), min(status), max(status) FROM applications "
            "WHERE match_score IS NOT NULL"
        ).fetchone()
    total = len(clean_sandbox.catalogue.postings("greenhouse", "northwind")) + len(
        clean_sandbox.catalogue.postings("greenhouse", "tidewater")
    )
    assert stored[0] <= total
    assert stored[0] >= total - 2  # reposts on the same board are one job
    assert stored[1] == stored[2] == "discovered"


def test_rank_with_nothing_stored_says_what_to_do(tmp_path) -> None:
    result = run_ajob("jobs", "rank", env={"AJOB_DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}"})
    assert result.returncode == 2
    assert "no stored jobs to rank; run `ajob search` first" in result.stderr
