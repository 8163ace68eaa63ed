from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

import db.models  # noqa: F401
from db import migrate
from db.base import Base
from db.engine import create_db_engine, session_factory
from db.repositories.jobs import list_jobs

TABLES = {
    "users",
    "resumes",
    "user_preferences",
    "jobs",
    "applications",
    "outreach",
    "events",
    "llm_usage",
    "auth_sessions",
    "chat_threads",
    "tasks",
    "user_secrets",
}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    make: Callable[[], str] = request.getfixturevalue("make_postgres_database")
    return make()


def _tables(url: str) -> set[str]:
    engine = create_db_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade(empty_database_url: str) -> None:
    head = migrate.head_revision()
    assert migrate.upgrade(empty_database_url) == head
    assert _tables(empty_database_url) == TABLES
    assert migrate.downgrade(empty_database_url, "base") is None
    assert _tables(empty_database_url) == set()
    assert migrate.upgrade(empty_database_url) == head
    assert _tables(empty_database_url) == TABLES


def test_migrations_match_the_models(empty_database_url: str) -> None:
    """Autogenerate finds nothing to do: the migrations and the ORM models describe one schema."""
    migrate.upgrade(empty_database_url)
    engine = create_db_engine(empty_database_url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(
                    conn, opts={"compare_type": True, "include_object": migrate.include_object}
                ),
                Base.metadata,
            )
    finally:
        engine.dispose()
    assert diff == []


@pytest.mark.postgres
def test_postgres_has_full_text_index_over_jobs(postgres_url: str) -> None:
    engine = create_db_engine(postgres_url)
    try:
        indexes = {ix["name"] for ix in inspect(engine).get_indexes("jobs")}
    finally:
        engine.dispose()
    assert {"ix_jobs_fts", "ix_jobs_created_at", "ix_jobs_fingerprint"} <= indexes


def test_api_indexes_exist(database_url: str) -> None:
    engine = create_db_engine(database_url)
    try:
        insp = inspect(engine)
        app_ix = {tuple(ix["column_names"]) for ix in insp.get_indexes("applications")}
        job_ix = {tuple(ix["column_names"]) for ix in insp.get_indexes("jobs")}
    finally:
        engine.dispose()
    assert ("user_id", "status") in app_ix
    assert ("created_at",) in job_ix


@pytest.mark.postgres
def test_postgres_jobs_storage_settings(postgres_url: str) -> None:
    """0004: room for HOT updates, lz4 where the server has it; 0005: no statistics on the wide
    text columns."""
    with psycopg.connect(postgres_url) as conn:
        options = conn.execute("SELECT reloptions FROM pg_class WHERE relname = 'jobs'").fetchone()
        enumvals = conn.execute(
            "SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'"
        ).fetchone()
        unfiltered = conn.execute(
            "SELECT attname, attstattarget FROM pg_attribute WHERE attrelid = 'jobs'::regclass"
            " AND attname IN ('description_text', 'description_html', 'raw', 'search_text')"
        ).fetchall()
        methods = {
            row[0]
            for row in conn.execute(
                "SELECT attcompression FROM pg_attribute WHERE attrelid = 'jobs'::regclass"
                " AND attname IN ('description_text', 'description_html', 'raw')"
            )
        }
    assert options is not None
    assert "fillfactor=50" in options[0]
    assert sorted(unfiltered) == [
        ("description_html", 0),
        ("description_text", 0),
        ("raw", 0),
        ("search_text", 0),
    ], "0005: ANALYZE gathers nothing on columns no query filters by"
    assert methods == ({"l"} if enumvals and "lz4" in enumvals[0] else {""})


def test_0005_keeps_stored_jobs_found_by_their_whole_description(empty_database_url: str) -> None:
    """A job stored before the compact document is found by any word of its description,
    as before the upgrade, until a search stores it again."""
    migrate.upgrade(empty_database_url, "0004")
    engine = create_db_engine(empty_database_url)
    description = "We move money for lenders. " * 40 + "Our stack is Rust and Kafka."
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO jobs (id, platform, external_id, title, company, locations,"
                    " workplace_type, description_text, sources, raw, created_at, updated_at)"
                    " VALUES (:id, 'lever', 'old-1', 'Engineer', 'Ledgerline', :locations,"
                    " 'remote', :description, '[]', '{}', :now, :now)"
                ),
                {
                    "id": uuid.uuid4().hex if engine.dialect.name == "sqlite" else uuid.uuid4(),
                    "locations": json.dumps(["Oslo, Norway"]),
                    "description": description,
                    "now": datetime.now(UTC),
                },
            )
        migrate.upgrade(empty_database_url)
        with session_factory(engine)() as session:
            (row,), total = list_jobs(session, q="lenders stack")
            assert total == 1
            assert row.search_text == description
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_a_word_most_jobs_contain_is_known_to_be_common(
    make_postgres_database: Callable[[], str],
) -> None:
    """ANALYZE keeps statistics on search_vector, so the planner sees that nearly every job
    matches "kubernetes" (and lists the newest first instead of a bitmap of every match)."""
    url = make_postgres_database()
    migrate.upgrade(url)
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as conn:
        conn.execute(
            "INSERT INTO jobs (id, platform, external_id, title, company, locations,"
            " workplace_type, search_text, sources, raw, created_at, updated_at)"
            " SELECT gen_random_uuid(), 'lever', n::text, 'Engineer', 'Acme', '[]', 'unknown',"
            " CASE WHEN n % 20 = 0 THEN 'Ruby' ELSE 'Kubernetes and Go' END, '[]', '{}',"
            " now(), now() FROM generate_series(1, 2000) AS n"
        )
        conn.commit()
        conn.execute("ANALYZE jobs")
        (plan,) = conn.execute(
            "EXPLAIN (FORMAT JSON) SELECT id FROM jobs"
            " WHERE search_vector @@ websearch_to_tsquery('english', 'kubernetes')"
        ).fetchone() or (None,)
        (matching,) = conn.execute(
            "SELECT count(*) FROM jobs"
            " WHERE search_vector @@ websearch_to_tsquery('english', 'kubernetes')"
        ).fetchone() or (0,)
    assert matching == 1900
    assert plan[0]["Plan"]["Plan Rows"] > 1000, "estimated as common, not with the 0.5% default"
