"""Engines and sessions for the configured database, with errors a user can act on.

The same code serves the embedded SQLite file and PostgreSQL: URLs are normalised
to the psycopg 3 driver, SQLite gets foreign keys and WAL, and connection failures
become a one-line ConfigError naming AJOB_DATABASE_URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from core.errors import ConfigError

SETTING = "AJOB_DATABASE_URL"


def normalize_url(raw: str) -> URL:
    """Parse a database URL and pick our drivers: psycopg 3 for Postgres, stdlib sqlite3."""
    try:
        url = make_url(raw)
    except ArgumentError:
        raise ConfigError(
            f"{SETTING} is not a database URL ({raw!r}); use e.g. sqlite:///./data/ajob.db "
            "or postgresql://user@host:5432/dbname"
        ) from None
    backend = url.get_backend_name()
    if backend in ("postgres", "postgresql"):
        return url.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        return url
    raise ConfigError(
        f"{SETTING} uses the unsupported backend {backend!r}; use sqlite or postgresql"
    )


def postgres_conninfo(database_url: str) -> str | None:
    """The libpq URL for a Postgres ``database_url``, None for any other backend."""
    url = normalize_url(database_url)
    if url.get_backend_name() != "postgresql":
        return None
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def display_url(raw: str | URL) -> str:
    """The URL with any password hidden, safe to print and log."""
    url = raw if isinstance(raw, URL) else make_url(raw)
    return url.set(drivername=url.get_backend_name()).render_as_string(hide_password=True)


def create_db_engine(raw_url: str, **kwargs: Any) -> Engine:
    """An engine for ``raw_url``; SQLite files get their folder created and sane pragmas."""
    url = normalize_url(raw_url)
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("connect_args", {"check_same_thread": False, "timeout": 30})
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("connect_args", {"connect_timeout": 5})
    return create_engine(url, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def describe_db_error(exc: BaseException) -> str:
    """The first meaningful line of a driver error, without SQLAlchemy's boilerplate."""
    orig = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(orig).splitlines() if line.strip()]
    return lines[0] if lines else type(orig).__name__


def check_connection(engine: Engine) -> None:
    """Connect once, so a wrong or unreachable URL fails early with a clear message."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except (OperationalError, DBAPIError) as exc:
        raise ConfigError(
            f"cannot connect to the database at {SETTING}={display_url(engine.url)}: "
            f"{describe_db_error(exc)}; check that the server runs and the database exists, "
            f"or fix {SETTING}"
        ) from None


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
