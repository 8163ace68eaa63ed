"""A response cache keyed on model, prompt versions and inputs: the same question is paid once.

SQLite (a file in the data directory) on the embedded default; Redis when ``AJOB_REDIS_URL``
is set, so every worker shares it. The key is a hash of everything that can change the
answer (model, each prompt's name, version and hash, the rendered messages, the output
schema), so a new prompt version or a different job never reuses a stale answer.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any, Protocol, cast

import redis

from core.config import Settings

CACHE_FILE = "llm_cache.sqlite3"
_REDIS_PREFIX = "ajob:llm-cache:"


class ResponseCache(Protocol):
    def get(self, key: str) -> dict[str, Any] | None: ...

    def set(self, key: str, value: dict[str, Any]) -> None: ...


def cache_key(parts: dict[str, Any]) -> str:
    canonical = json.dumps(parts, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class SqliteCache:
    """One table in its own file, so it never contends with the application database."""

    def __init__(self, path: Path, *, ttl_s: float) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._ttl_s = ttl_s
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS responses "
            "(key TEXT PRIMARY KEY, value TEXT NOT NULL, created REAL NOT NULL)"
        )

    def get(self, key: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute(
                "SELECT value, created FROM responses WHERE key = ?", (key,)
            ).fetchone()
        if row is None or time.time() - row[1] > self._ttl_s:
            return None
        value: dict[str, Any] = json.loads(row[0])
        return value

    def set(self, key: str, value: dict[str, Any]) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO responses (key, value, created) VALUES (?, ?, ?)",
                (key, json.dumps(value), time.time()),
            )


class RedisCache:
    def __init__(self, url: str, *, ttl_s: float) -> None:
        self._client = redis.Redis.from_url(url)
        self._ttl_s = int(ttl_s)

    def get(self, key: str) -> dict[str, Any] | None:
        raw = cast(bytes | None, self._client.get(_REDIS_PREFIX + key))
        if raw is None:
            return None
        value: dict[str, Any] = json.loads(raw)
        return value

    def set(self, key: str, value: dict[str, Any]) -> None:
        self._client.set(_REDIS_PREFIX + key, json.dumps(value), ex=self._ttl_s)


def response_cache(settings: Settings) -> ResponseCache | None:
    """The configured cache, or None when ``AJOB_LLM_CACHE`` is off."""
    if not settings.llm_cache:
        return None
    ttl_s = settings.llm_cache_ttl_days * 86400
    if settings.redis_url:
        return RedisCache(settings.redis_url, ttl_s=ttl_s)
    return SqliteCache(settings.data_dir / CACHE_FILE, ttl_s=ttl_s)
