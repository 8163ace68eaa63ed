"""The API under test: the real app served by uvicorn on a free loopback port, over HTTP.

``api_db`` gives each test a fresh, migrated database on each backend (Postgres databases are
cloned from a migrated template, which takes a fraction of a second). ``serve`` starts the app
with settings from the environment, as ``ajob serve`` does, optionally with a scripted chat
model; ``client`` is an httpx client for it. Streams (SSE) are read as a browser would.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import psycopg
import pytest
import uvicorn
from langchain_core.language_models import BaseChatModel
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from api.main import create_app
from core.config import get_settings
from db import migrate
from db.engine import create_db_engine, session_factory
from db.enums import WorkplaceType
from db.models import Job
from jobs.search_text import search_text
from tools.runtime import reset_services

PASSWORD = "correct horse battery staple"
JWT_SECRET = "test-secret-" + "x" * 40
START_TIMEOUT_S = 30.0


@pytest.fixture(scope="session")
def postgres_template(postgres_server_url: str) -> Iterator[str]:
    """A migrated database that each Postgres test clones."""
    name = f"ajob_api_tpl_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(postgres_server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(postgres_server_url).set(database=name).render_as_string(hide_password=False)
    migrate.upgrade(url)
    yield name
    with psycopg.connect(postgres_server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def fresh_postgres(postgres_server_url: str, postgres_template: str) -> Iterator[str]:
    name = f"ajob_api_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{postgres_template}"')
    yield make_url(postgres_server_url).set(database=name).render_as_string(hide_password=False)
    reset_services()
    with psycopg.connect(postgres_server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def api_db(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh migrated database on each backend, set as AJOB_DATABASE_URL."""
    fixture = "fresh_postgres" if request.param == "postgres" else "sqlite_url"
    url: str = request.getfixturevalue(fixture)
    monkeypatch.setenv("AJOB_DATABASE_URL", url)
    monkeypatch.setenv("AJOB_JWT_SECRET", JWT_SECRET)
    get_settings.cache_clear()
    reset_services()
    return url


@pytest.fixture
def db_sessions(api_db: str) -> Iterator[sessionmaker[Session]]:
    """Direct access to the test's database, for setting up rows and checking results."""
    engine = create_db_engine(api_db)
    yield session_factory(engine)
    engine.dispose()


@dataclass
class Server:
    url: str
    app: Any

    def client(self, **kwargs: Any) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60.0, trust_env=False, **kwargs)


@contextmanager
def running(app: Any) -> Iterator[Server]:
    """Serve ``app`` (lifespan on) in a thread on a free port until the ``with`` ends."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="on",
        log_config=None,
        timeout_graceful_shutdown=2,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    try:
        with httpx.Client(trust_env=False, timeout=5.0) as probe:
            while True:
                if not thread.is_alive():
                    raise RuntimeError("the API server stopped while starting")
                try:
                    probe.get(f"{url}/health")
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.02)
        yield Server(url, app)
    finally:
        server.should_exit = True
        thread.join(timeout=START_TIMEOUT_S)
        sock.close()


Serve = Callable[..., Server]


@pytest.fixture
def serve(api_db: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Serve]:
    """Start the app with the environment's settings plus ``AJOB_*`` overrides given as
    keyword arguments (``serve(api_rate_limit_user=3)``), and an optional chat model."""
    stack: list[Any] = []

    def start(chat_model: BaseChatModel | None = None, **overrides: Any) -> Server:
        for name, value in overrides.items():
            text = json.dumps(value) if isinstance(value, dict | list) else str(value)
            monkeypatch.setenv(f"AJOB_{name.upper()}", text)
        get_settings.cache_clear()
        reset_services()
        context = running(create_app(get_settings(), chat_model=chat_model))
        server = context.__enter__()
        stack.append(context)
        return server

    yield start
    for context in reversed(stack):
        context.__exit__(None, None, None)
    reset_services()


@pytest.fixture
def server(serve: Serve) -> Server:
    return serve()


@pytest.fixture
def client(server: Server) -> Iterator[httpx.Client]:
    with server.client() as http:
        yield http


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}@example.org"


@dataclass
class Account:
    email: str
    user_id: uuid.UUID
    tokens: dict[str, Any]

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens['access_token']}"}


def sign_up(http: httpx.Client, email: str | None = None) -> Account:
    """Register and log in; the account's tokens and id."""
    email = email or unique_email()
    created = http.post("/api/auth/register", json={"email": email, "password": PASSWORD})
    assert created.status_code == 201, created.text
    tokens = http.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    assert tokens.status_code == 200, tokens.text
    return Account(email, uuid.UUID(created.json()["id"]), tokens.json())


def add_jobs(sessions: sessionmaker[Session], specs: list[dict[str, Any]]) -> list[uuid.UUID]:
    """Store jobs straight into the catalogue (the search path has its own tests)."""
    ids: list[uuid.UUID] = []
    with sessions.begin() as session:
        for n, spec in enumerate(specs):
            values: dict[str, Any] = {
                "platform": "greenhouse",
                "external_id": f"ext-{uuid.uuid4().hex[:10]}",
                "title": f"Engineer {n}",
                "company": "Acme",
                "locations": ["Remote"],
                "workplace_type": WorkplaceType.REMOTE,
                "description_text": "Build things.",
                "url": f"https://example.org/jobs/{n}",
                "sources": [],
                "raw": {},
                "posted_at": datetime(2026, 1, 1 + n % 28, tzinfo=UTC),
            } | spec
            values["search_text"] = search_text(
                values["description_text"], values["locations"], values["workplace_type"]
            )
            job = Job(**values)
            session.add(job)
            session.flush()
            ids.append(job.id)
    return ids


def sse_events(
    response: httpx.Response, *, until: Callable[[list[dict[str, Any]]], bool]
) -> list[dict[str, Any]]:
    """Read a text/event-stream until ``until(events)`` holds; each event as a dict with
    ``event``, ``id`` and ``data`` (parsed JSON)."""
    events: list[dict[str, Any]] = []
    current: dict[str, Any] = {}
    for line in response.iter_lines():
        if line == "":
            if "data" in current:
                current["data"] = json.loads(current["data"])
                events.append(current)
                if until(events):
                    return events
            current = {}
            continue
        if line.startswith(":"):
            continue
        field, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if field == "data" and "data" in current:
            current["data"] += "\n" + value
        else:
            current[field] = value
    return events
