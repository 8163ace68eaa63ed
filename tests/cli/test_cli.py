"""The ``ajob`` command as a user runs it: a real subprocess, real databases."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from db import migrate
from db.engine import create_db_engine
from tests.helpers import run_ajob

pytestmark = pytest.mark.slow


def test_help_lists_the_commands() -> None:
    result = run_ajob("--help")
    assert result.returncode == 0
    for command in ("db", "demo", "serve", "worker", "beat"):
        assert f" {command} " in result.stdout


def test_version() -> None:
    result = run_ajob("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("ajob 0.")


def test_unknown_command_gives_typer_usage() -> None:
    result = run_ajob("frobnicate")
    assert result.returncode == 2
    assert "Usage: ajob" in result.stderr
    assert "No such command 'frobnicate'" in result.stderr


@pytest.mark.parametrize(
    "url",
    ["not a url", "postgresql://postgres@127.0.0.1:1/unreachable"],
    ids=["malformed", "unreachable"],
)
def test_bad_database_url_is_one_line_exit_2(url: str) -> None:
    result = run_ajob("db", "upgrade", env={"AJOB_DATABASE_URL": url})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert "AJOB_DATABASE_URL" in lines[0]
    assert "Traceback" not in result.stderr


def test_debug_shows_the_traceback() -> None:
    result = run_ajob("--debug", "db", "upgrade", env={"AJOB_DATABASE_URL": "not a url"})
    assert result.returncode != 0
    assert "Traceback" in result.stderr


def test_db_upgrade_on_empty_postgres_creates_every_table(
    make_postgres_database: Callable[[], str],
) -> None:
    url = make_postgres_database()
    result = run_ajob("db", "upgrade", env={"AJOB_DATABASE_URL": url})
    assert result.returncode == 0, result.stderr
    head = migrate.head_revision()
    assert f"upgraded empty -> {head}" in result.stdout
    engine = create_db_engine(url)
    try:
        tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert {"users", "resumes", "user_preferences", "jobs", "applications"} <= tables
    assert {"outreach", "events", "llm_usage"} <= tables
    again = run_ajob("db", "current", env={"AJOB_DATABASE_URL": url})
    assert f"at {head}, head {head} (up to date)" in again.stdout


def test_demo_on_the_embedded_default(tmp_path: Path) -> None:
    result = run_ajob("demo", cwd=tmp_path, env={"AJOB_DATABASE_URL": "sqlite:///./data/ajob.db"})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "ajob.db").exists()
    assert "priya.raman@example.org (new user)" in result.stdout
    assert "version 1 (stored)" in result.stdout
    assert "search greenhouse:northwind" in result.stdout
    assert "already found on another platform" in result.stdout
    assert "match #1" in result.stdout
    assert "automatic in the demo" in result.stdout
    assert result.stdout.count("submitted") >= 3
    again = run_ajob(
        "demo", "--json", cwd=tmp_path, env={"AJOB_DATABASE_URL": "sqlite:///./data/ajob.db"}
    )
    report = json.loads(again.stdout)
    assert report["user"]["created"] is False
    assert report["master_resume"] == {**report["master_resume"], "version": 1, "added": False}
    assert report["revision"] == migrate.head_revision()
    assert [(s["source"], s["failed"]) for s in report["search"]] == [
        ("greenhouse", None), ("lever", None), ("remoteok", None), ("remotive", None)
    ]  # fmt: skip
    assert all(s["found"] > 0 for s in report["search"])
    assert sum(s["new"] for s in report["search"]) == 0  # the second run finds nothing new
    scores = [m["score"] for m in report["top_matches"]]
    assert len(scores) == 5
    assert scores == sorted(scores, reverse=True)
    applied = report["applications"]
    assert len(applied) == 3
    assert [a["status"] for a in applied] == ["submitted"] * 3, applied
    assert [a["match"] for a in applied] == scores[:3]
    for a in applied:
        folder = tmp_path / a["folder"]
        assert {p.name for p in folder.iterdir()} >= {"resume.pdf", "cover_letter.pdf"}
        assert (tmp_path / a["evidence"]).is_file()
    engine = create_engine(f"sqlite:///{tmp_path / 'data' / 'ajob.db'}")
    try:
        with engine.connect() as conn:
            attempts = (
                conn.execute(
                    text("SELECT submit_attempts FROM applications WHERE status = 'submitted'")
                )
                .scalars()
                .all()
            )
    finally:
        engine.dispose()
    assert attempts == [1, 1, 1], "the second demo sent nothing again"


def test_demo_with_an_invalid_candidate_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"basics": {"name": "X"}}')
    db = tmp_path / "ajob.db"
    result = run_ajob("demo", "--candidate", str(bad), env={"AJOB_DATABASE_URL": f"sqlite:///{db}"})
    assert result.returncode == 2
    assert "basics.email: Field required" in result.stderr
    assert not db.exists()


def test_worker_without_redis_says_why() -> None:
    result = run_ajob("worker")
    assert result.returncode == 2
    assert "AJOB_REDIS_URL is not set" in result.stderr
