"""Per-host token buckets, so no platform sees more than its budget from us.

With Redis configured the bucket lives in Redis and every worker draws from the same
budget; otherwise it lives in this process. Both reserve a token and sleep until it
is due, so callers queue fairly instead of polling.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Protocol

import redis.asyncio as aioredis


class RateLimiter(Protocol):
    async def acquire(self, host: str) -> None: ...


class Rates:
    """The rate and burst for each host, from the settings."""

    def __init__(self, default_rate: float, burst: int, overrides: dict[str, float]) -> None:
        self.default_rate = default_rate
        self.burst = burst
        self.overrides = {k.lower(): v for k, v in overrides.items()}

    def rate(self, host: str) -> float:
        return self.overrides.get(host.lower(), self.default_rate)


Sleep = Callable[[float], Awaitable[None]]


class LocalRateLimiter:
    def __init__(self, rates: Rates, *, sleep: Sleep = asyncio.sleep) -> None:
        self._sleep = sleep
        self._rates = rates
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = asyncio.Lock()

    async def acquire(self, host: str) -> None:
        rate, burst = self._rates.rate(host), self._rates.burst
        async with self._lock:
            now = time.monotonic()
            tokens, stamp = self._buckets.get(host, (float(burst), now))
            tokens = min(float(burst), tokens + (now - stamp) * rate) - 1.0
            self._buckets[host] = (tokens, now)
        if tokens < 0:
            await self._sleep(-tokens / rate)


# Reserve one token; return how many milliseconds the caller must wait for it.
_TOKEN_BUCKET_LUA = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'stamp')
local tokens = tonumber(state[1]) or burst
local stamp = tonumber(state[2]) or now
tokens = math.min(burst, tokens + (now - stamp) * rate) - 1
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'stamp', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate * 1000) + 1000)
if tokens < 0 then return math.ceil(-tokens / rate * 1000) end
return 0
"""


class RedisRateLimiter:
    KEY_PREFIX = "ajob:ratelimit:"

    def __init__(
        self, client: aioredis.Redis, rates: Rates, *, sleep: Sleep = asyncio.sleep
    ) -> None:
        self._sleep = sleep
        self._client = client
        self._rates = rates
        self._script = client.register_script(_TOKEN_BUCKET_LUA)

    async def acquire(self, host: str) -> None:
        wait_ms = await self._script(
            keys=[self.KEY_PREFIX + host.lower()],
            args=[self._rates.rate(host), self._rates.burst],
        )
        if int(wait_ms) > 0:
            await self._sleep(int(wait_ms) / 1000)
