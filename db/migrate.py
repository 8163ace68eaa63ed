"""Alembic, driven from code, so ``ajob db upgrade`` needs no alembic.ini or working directory.

The repository's alembic.ini points at the same scripts for developers who prefer
the ``alembic`` command (e.g. ``alembic revision --autogenerate``).
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.exc import DBAPIError, OperationalError

from core.errors import ConfigError
from db.engine import SETTING, check_connection, create_db_engine, describe_db_error, display_url

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

POSTGRES_ONLY = frozenset({("index", "ix_jobs_fts"), ("column", "search_vector")})
"""The full-text column and its index (db.models.jobs.SEARCH_VECTOR) exist on Postgres only, so
the models do not map them; they are created by hand in the migrations and checked by their
own tests."""


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Autogenerate filter: leave the Postgres-only full-text column and index out."""
    return (type_, name) not in POSTGRES_ONLY


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None, "no migration scripts found"
    return head


def current_revision(database_url: str) -> str | None:
    engine = create_db_engine(database_url)
    check_connection(engine)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def upgrade(database_url: str, revision: str = "head") -> str | None:
    """Apply migrations up to ``revision``; returns the revision the database is at."""
    _run(database_url, "upgrade", revision)
    return current_revision(database_url)


def downgrade(database_url: str, revision: str) -> str | None:
    _run(database_url, "downgrade", revision)
    return current_revision(database_url)


def _run(database_url: str, direction: str, revision: str) -> None:
    engine = create_db_engine(database_url)
    check_connection(engine)
    config = alembic_config(database_url)
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            getattr(command, direction)(config, revision)
    except (OperationalError, DBAPIError) as exc:
        raise ConfigError(
            f"migration {direction} to {revision} failed on {SETTING}={display_url(engine.url)}: "
            f"{describe_db_error(exc)}"
        ) from None
    finally:
        engine.dispose()


def ensure_schema(database_url: str) -> None:
    """Make sure the schema is current before a command uses it.

    The embedded SQLite file belongs to this user alone, so it is migrated on the
    spot; a PostgreSQL database is shared with other workers, so we only say what to run.
    """
    current, head = current_revision(database_url), head_revision()
    if current == head:
        return
    if create_db_engine(database_url).url.get_backend_name() == "sqlite":
        upgrade(database_url)
        return
    raise ConfigError(
        f"the database at {SETTING} is at revision {current or 'none (empty)'}, not {head}; "
        "run `ajob db upgrade` first"
    )
