"""The checkpointer: where graph threads survive crashes and wait for the human.

SQLite on the embedded default (a file next to the data, so the app database keeps a single
writer's locks short), PostgreSQL when AJOB_DATABASE_URL is Postgres: a psycopg pool with
``autocommit=True`` and ``prepare_threshold=0`` (PgBouncer-safe), connections checked after
long idle gaps, and ``.setup()`` run once at start so a fresh database just works.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.postgres import PostgresSaver
from langgraph.checkpoint.sqlite import SqliteSaver
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from core.config import Settings
from db.engine import postgres_conninfo

POOL_SIZE = 4


@contextmanager
def checkpointer(settings: Settings) -> Iterator[BaseCheckpointSaver[str]]:
    """The checkpointer for these settings, open for the duration of the ``with``."""
    conninfo = postgres_conninfo(settings.database_url)
    if conninfo is not None:
        with ConnectionPool(
            conninfo,
            min_size=1,
            max_size=POOL_SIZE,
            kwargs={"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row},
            check=ConnectionPool.check_connection,
            open=True,
        ) as pool:
            postgres = PostgresSaver(pool)  # type: ignore[arg-type]
            postgres.setup()
            yield postgres
        return
    path = settings.data_dir / "checkpoints.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path, check_same_thread=False, timeout=30)) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        saver = SqliteSaver(conn)
        saver.setup()
        yield saver
