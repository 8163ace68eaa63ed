"""The application graph at scale's settings: PostgreSQL for the data and the checkpoints."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest
from langgraph.types import Command

from core.config import get_settings
from db import migrate
from db.engine import postgres_conninfo
from graphs.application import application_graph, run
from sandbox.server import RunningSandbox
from tests.installation import install
from tools.runtime import reset_services

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.postgres]


def test_a_thread_waits_in_postgres_across_processes_and_submits_once(
    make_postgres_database: Callable[[], str],
    clean_sandbox: RunningSandbox,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = make_postgres_database()
    migrate.upgrade(url)
    monkeypatch.setenv("AJOB_DATABASE_URL", url)
    monkeypatch.setenv("AJOB_HTTP_ALLOW_HOSTS", "127.0.0.1")
    get_settings.cache_clear()
    reset_services()
    installed = install(clean_sandbox)
    settings = installed.services.settings

    with application_graph(settings) as graph:
        waiting = run(graph, "pg-1", {"job_id": installed.job_ids[0]})
    assert waiting["interrupt"] is not None
    conninfo = postgres_conninfo(url)
    assert conninfo is not None
    with psycopg.connect(conninfo) as conn:
        row = conn.execute(
            "SELECT count(*) FROM checkpoints WHERE thread_id = %s", ("pg-1",)
        ).fetchone()
    assert row is not None
    assert row[0] > 0, "the checkpoints are in PostgreSQL, not in a local file"
    assert not (settings.data_dir / "checkpoints.sqlite3").exists()

    reset_services()  # as a new process would: new engine, new pool, same database
    with application_graph(get_settings()) as graph:
        done = run(graph, "pg-1", Command(resume={"action": "approve"}))
    assert done["values"]["status"] == "submitted"
    assert len(clean_sandbox.submissions()) == 1
