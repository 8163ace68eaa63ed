"""The PostgreSQL server the benchmarks run on, and the throw-away databases they use there."""

from __future__ import annotations

import argparse
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from sqlalchemy.engine import make_url

from db.engine import postgres_conninfo


def add_server_option(parser: argparse.ArgumentParser) -> None:
    """``--server``: the tests' server unless told otherwise (``AJOB_TEST_POSTGRES_URL``)."""
    parser.add_argument(
        "--server",
        default=os.environ.get(
            "AJOB_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
        help="a PostgreSQL URL whose user may create databases",
    )


def psycopg_url(url: str) -> str:
    """``url`` as psycopg takes it (``db.engine.postgres_conninfo``); benchmarks need PostgreSQL."""
    conninfo = postgres_conninfo(url)
    if conninfo is None:
        raise SystemExit(f"--server must be a PostgreSQL URL, not {url!r}")
    return conninfo


@contextmanager
def scratch_database(server: str, prefix: str) -> Iterator[str]:
    """A new, empty database on ``server`` (its URL), dropped afterwards whatever happens."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
