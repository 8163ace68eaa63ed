"""Fixed-window rate limits, shared through Redis when it is configured, in memory otherwise.

A window is ``window_s`` long and aligned to the clock, so every API process counting in the
same Redis agrees on it without coordination. In memory, each process counts alone: fine for
the embedded one-process default, and said so in the README for anything bigger.

When Redis fails, requests are allowed and a warning is logged: a rate limit exists to protect
the service, and refusing every request because the counter is unreachable would not.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from typing import Protocol

import redis
import redis.asyncio as aioredis

from core.logging import get_logger

log = get_logger(__name__)

PREFIX = "ajob:rl:"
MEMORY_KEYS_BEFORE_SWEEP = 50_000


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int
    retry_after_s: int


class Limiter(Protocol):
    def hit(self, key: str, limit: int, window_s: int) -> Verdict:
        """Count one event; refused when the window already holds ``limit`` of them."""

    async def ahit(self, key: str, limit: int, window_s: int) -> Verdict: ...

    def count(self, key: str, window_s: int) -> int:
        """Events counted in the current window, without adding one."""

    def close(self) -> None: ...


def _window(window_s: int, now: float) -> tuple[int, int]:
    index = int(now // window_s)
    retry_after = max(1, math.ceil((index + 1) * window_s - now))
    return index, retry_after


class MemoryLimiter:
    def __init__(self) -> None:
        self._counts: dict[tuple[str, int], tuple[int, int]] = {}
        """(key, window size) → (window index, count)."""
        self._lock = threading.Lock()

    def hit(self, key: str, limit: int, window_s: int) -> Verdict:
        now = time.time()
        index, retry_after = _window(window_s, now)
        with self._lock:
            if len(self._counts) > MEMORY_KEYS_BEFORE_SWEEP:
                self._sweep(now)
            seen_index, count = self._counts.get((key, window_s), (index, 0))
            count = count + 1 if seen_index == index else 1
            self._counts[(key, window_s)] = (index, count)
        return Verdict(count <= limit, count, retry_after)

    async def ahit(self, key: str, limit: int, window_s: int) -> Verdict:
        return self.hit(key, limit, window_s)

    def count(self, key: str, window_s: int) -> int:
        index, _ = _window(window_s, time.time())
        with self._lock:
            seen_index, count = self._counts.get((key, window_s), (index, 0))
        return count if seen_index == index else 0

    def _sweep(self, now: float) -> None:
        """Forget the counters of windows that have ended."""
        self._counts = {
            (key, size): (index, count)
            for (key, size), (index, count) in self._counts.items()
            if (index + 1) * size > now
        }

    def close(self) -> None:
        self._counts.clear()


class RedisLimiter:
    def __init__(self, url: str) -> None:
        self.sync = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        self.aio = aioredis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)

    @staticmethod
    def _key(key: str, window_s: int, index: int) -> str:
        return f"{PREFIX}{key}:{window_s}:{index}"

    def hit(self, key: str, limit: int, window_s: int) -> Verdict:
        index, retry_after = _window(window_s, time.time())
        name = self._key(key, window_s, index)
        try:
            pipe = self.sync.pipeline()
            pipe.incr(name)
            pipe.expire(name, window_s + 1)
            count = int(pipe.execute()[0])
        except redis.RedisError as exc:
            log.warning("rate limit not checked: redis unavailable", error=str(exc))
            return Verdict(True, 0, retry_after)
        return Verdict(count <= limit, count, retry_after)

    async def ahit(self, key: str, limit: int, window_s: int) -> Verdict:
        index, retry_after = _window(window_s, time.time())
        name = self._key(key, window_s, index)
        try:
            pipe = self.aio.pipeline()
            pipe.incr(name)
            pipe.expire(name, window_s + 1)
            count = int((await pipe.execute())[0])
        except redis.RedisError as exc:
            log.warning("rate limit not checked: redis unavailable", error=str(exc))
            return Verdict(True, 0, retry_after)
        return Verdict(count <= limit, count, retry_after)

    def count(self, key: str, window_s: int) -> int:
        index, _ = _window(window_s, time.time())
        try:
            value = self.sync.get(self._key(key, window_s, index))
        except redis.RedisError:
            return 0
        return int(value) if isinstance(value, bytes | str | int) else 0

    def close(self) -> None:
        self.sync.close()


def limiter_for(redis_url: str | None) -> Limiter:
    return RedisLimiter(redis_url) if redis_url else MemoryLimiter()
