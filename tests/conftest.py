"""Shared fixtures: isolated settings, fresh SQLite and Postgres databases, Redis, Chromium.

Tests that need a server use the real one on this machine. Outside CI a missing
server skips those tests with the reason; with CI=true it fails them, so CI can
never go green by silently skipping the Postgres or Redis tests.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
import redis
from pydantic import SecretStr
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from core.config import Settings, get_settings
from db import migrate
from db.engine import create_db_engine, session_factory
from sandbox.openai_stub import RunningOpenAIStub, serve_openai_stub
from sandbox.server import RunningSandbox, serve_sandbox
from tests.installation import Installed, install
from tools.runtime import reset_services

ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
DEFAULT_TEST_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_TEST_REDIS = "redis://127.0.0.1:6379/15"

KEPT_ENV_PREFIXES = ("AJOB_TEST_", "AJOB_BROWSER_PATH")
"""Machine facts a developer may set; every other AJOB_* setting is cleared for each test."""

SERVICE_FIXTURES = {
    "postgres": ("postgres_server_url",),
    "redis": ("redis_url",),
    "browser": ("chromium_path",),
}


def service_unavailable(what: str, reason: str, hint: str) -> None:
    """Skip locally, fail in CI: a green CI run must have exercised every service."""
    message = f"{what} unavailable: {reason} ({hint})"
    if IN_CI:
        pytest.fail(f"CI=true requires {message}", pytrace=False)
    pytest.skip(message)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        for marker, fixtures in SERVICE_FIXTURES.items():
            if names & set(fixtures) and marker not in item.keywords:
                item.add_marker(marker)


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Each test gets its own SQLite file and data dir, and no developer .env or AJOB_* leaks in."""
    for key in list(os.environ):
        if key.startswith("AJOB_") and not key.startswith(KEPT_ENV_PREFIXES):
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AJOB_DATABASE_URL", f"sqlite:///{tmp_path / 'ajob.db'}")
    monkeypatch.setenv("AJOB_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    reset_services()
    yield tmp_path
    reset_services()
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    url = os.environ.get("AJOB_TEST_POSTGRES_URL", DEFAULT_TEST_POSTGRES)
    try:
        psycopg.connect(url, connect_timeout=3, autocommit=True).close()
    except psycopg.OperationalError as exc:
        service_unavailable(
            "PostgreSQL", str(exc).strip().splitlines()[0], "set AJOB_TEST_POSTGRES_URL"
        )
    return url


@pytest.fixture(scope="session")
def make_postgres_database(postgres_server_url: str) -> Iterator[Callable[[], str]]:
    """A factory of empty, uniquely named databases; all are dropped when the session ends."""
    created: list[str] = []

    def make() -> str:
        name = f"ajob_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(postgres_server_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        created.append(name)
        url = make_url(postgres_server_url).set(database=name)
        return url.render_as_string(hide_password=False)

    yield make
    with psycopg.connect(postgres_server_url, autocommit=True) as conn:
        for name in created:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_url(make_postgres_database: Callable[[], str]) -> str:
    """One migrated Postgres database for the whole session; tests use unique values in it."""
    url = make_postgres_database()
    migrate.upgrade(url)
    return url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh, migrated SQLite database for one test."""
    url = f"sqlite:///{tmp_path / 'test.db'}"
    migrate.upgrade(url)
    return url


@pytest.fixture(
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
def database_url(request: pytest.FixtureRequest) -> str:
    """A migrated database on each backend the app supports."""
    name = "postgres_url" if request.param == "postgres" else "sqlite_url"
    url: str = request.getfixturevalue(name)
    return url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = create_db_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(sqlite_url: str) -> Iterator[sessionmaker[Session]]:
    """A session factory on a fresh SQLite database, for tests that drive the services."""
    engine = create_db_engine(sqlite_url)
    yield session_factory(engine)
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with session_factory(engine)() as session:
        yield session


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A Redis database number reserved for tests, emptied before and after the session."""
    url = os.environ.get("AJOB_TEST_REDIS_URL", DEFAULT_TEST_REDIS)
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        service_unavailable("Redis", str(exc), "set AJOB_TEST_REDIS_URL")
    client.flushdb()
    yield url
    client.flushdb()
    client.close()


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    path = Settings().resolve_browser()
    if path is None or not path.exists():
        service_unavailable(
            "Chromium", "no browser binary", "run `make setup` or set AJOB_BROWSER_PATH"
        )
    assert path is not None
    return path


@pytest.fixture(scope="session")
def sandbox() -> Iterator[RunningSandbox]:
    """The platform replicas on a loopback port, shared by the session; faults are reset per use."""
    with serve_sandbox() as running:
        yield running


@pytest.fixture
def clean_sandbox(sandbox: RunningSandbox) -> Iterator[RunningSandbox]:
    sandbox.reset()
    yield sandbox
    sandbox.reset()


@pytest.fixture
def sandbox_settings() -> Settings:
    """Settings that let the client reach the loopback sandbox, without waiting on rate limits."""
    return Settings(
        http_allow_hosts=["127.0.0.1"],
        http_rate_per_host=1000,
        http_burst_per_host=200,
        http_backoff_s=0.01,
        http_backoff_max_s=0.05,
    )


@pytest.fixture(scope="session")
def _openai_stub_server() -> Iterator[RunningOpenAIStub]:
    with serve_openai_stub() as stub:
        yield stub


@pytest.fixture
def openai_stub(_openai_stub_server: RunningOpenAIStub) -> Iterator[RunningOpenAIStub]:
    """The local OpenAI-compatible server, with no replies scripted and nothing recorded."""
    _openai_stub_server.reset()
    yield _openai_stub_server
    _openai_stub_server.reset()


@pytest.fixture
def llm_settings(openai_stub: RunningOpenAIStub, tmp_path: Path) -> Settings:
    """Settings for the openai provider pointed at the stub, with short retry waits."""
    return Settings(
        llm_provider="openai",
        llm_base_url=openai_stub.base_url,
        llm_api_key=SecretStr("test-key"),
        llm_max_attempts=3,
        llm_backoff_max_s=0.05,
        data_dir=tmp_path / "data",
    )


@pytest.fixture
def installed(
    clean_sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Installed]:
    """Settings from the environment (as the graph nodes read them) trusting the sandbox."""
    monkeypatch.setenv("AJOB_HTTP_ALLOW_HOSTS", "127.0.0.1")
    get_settings.cache_clear()
    reset_services()
    yield install(clean_sandbox)
    reset_services()
