"""One runner per application thread at a time, released by the kernel when its process dies.

Two deliveries of the same application task (a duplicate enqueue, a redelivery racing a slow
worker) must not drive one LangGraph thread at once. The lock lives where the process's death
frees it without a timeout to tune: a PostgreSQL session advisory lock on its own connection
(the server drops it when the connection closes), or an ``flock`` on a file next to a SQLite
database (the kernel drops it when the file is closed). A Redis lock with a TTL would either
expire under a long run or hold a dead worker's thread hostage until it ran out.

This is not what makes submission exactly-once (the database claim does that); it keeps the
checkpoints of one thread from being written by two runs.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from core.config import Settings
from db.engine import postgres_conninfo


def _key(name: str) -> int:
    """A signed 64-bit advisory-lock key for ``name``."""
    digest = hashlib.blake2b(f"ajob:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@contextmanager
def exclusive(settings: Settings, name: str) -> Iterator[bool]:
    """Yield True while this process holds the lock ``name``; False if someone else holds it."""
    conninfo = postgres_conninfo(settings.database_url)
    if conninfo is not None:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            row = conn.execute("SELECT pg_try_advisory_lock(%s)", (_key(name),)).fetchone()
            held = bool(row and row[0])
            try:
                yield held
            finally:
                if held and not conn.closed:
                    conn.execute("SELECT pg_advisory_unlock(%s)", (_key(name),))
        return
    folder = settings.data_dir / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{hashlib.sha256(name.encode()).hexdigest()[:32]}.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
