from __future__ import annotations

import itertools

import httpx
import pytest
import redis.asyncio as aioredis
from tenacity import RetryCallState

from adapters.http import HttpClient, RetryableStatus
from adapters.ratelimit import LocalRateLimiter, Rates, RedisRateLimiter
from core.config import Settings
from core.retry_after import parse_retry_after
from tests.helpers import LocalServer

FAST = Settings(
    http_backoff_s=0.01, http_backoff_max_s=0.05, http_max_retries=3, http_rate_per_host=1000
)


def _sequence(*answers: tuple[int, dict[str, str], bytes]):
    replies = itertools.chain(answers, itertools.repeat(answers[-1]))
    return lambda q, b: next(replies)


async def test_retries_5xx_then_succeeds() -> None:
    ok = (200, {"Content-Type": "application/json"}, b"[1]")
    routes = {("GET", "/api"): _sequence((500, {}, b""), (503, {}, b""), ok)}
    with LocalServer(routes) as server:
        async with HttpClient(FAST, trusted_hosts=["127.0.0.1"]) as client:
            response = await client.get(f"{server.url}/api")
        assert response.json() == [1]
        assert server.count("/api") == 3


async def test_honours_retry_after_on_429() -> None:
    waits: list[float] = []
    routes = {("GET", "/api"): _sequence((429, {"Retry-After": "2"}, b""), (200, {}, b"ok"))}
    with LocalServer(routes) as server:
        client = HttpClient(FAST, trusted_hosts=["127.0.0.1"])
        original = client._wait

        def recording_wait(state: RetryCallState) -> float:
            value = original(state)
            waits.append(value)
            return 0.0

        client._wait = recording_wait  # type: ignore[method-assign]
        async with client:
            response = await client.get(f"{server.url}/api")
    assert response.text == "ok"
    assert waits == [2.0]


async def test_gives_up_after_the_configured_retries() -> None:
    routes = {("GET", "/api"): _sequence((502, {}, b"bad gateway"))}
    with LocalServer(routes) as server:
        async with HttpClient(FAST, trusted_hosts=["127.0.0.1"]) as client:
            with pytest.raises(RetryableStatus, match="HTTP 502"):
                await client.get(f"{server.url}/api")
        assert server.count("/api") == FAST.http_max_retries + 1


async def test_404_is_returned_not_retried() -> None:
    with LocalServer({}) as server:
        async with HttpClient(FAST, trusted_hosts=["127.0.0.1"]) as client:
            response = await client.get(f"{server.url}/missing")
        assert response.status_code == 404
        assert server.count("/missing") == 1


async def test_sends_a_descriptive_user_agent() -> None:
    seen: list[str] = []
    with LocalServer({}) as server:
        transport = httpx.AsyncHTTPTransport()
        async with HttpClient(FAST, trusted_hosts=["127.0.0.1"], transport=transport) as client:
            response = await client.get(f"{server.url}/x")
            seen.append(response.request.headers["user-agent"])
    assert seen[0].startswith("AJOB4AGENT/")


def test_retry_after_accepts_seconds_and_dates() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("0.5") == 0.5
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert parse_retry_after("soon") is None


async def test_local_bucket_allows_the_burst_then_spaces_requests() -> None:
    sleeps: list[float] = []

    async def record(seconds: float) -> None:
        sleeps.append(seconds)

    limiter = LocalRateLimiter(
        Rates(default_rate=2.0, burst=3, overrides={"slow.example": 0.5}), sleep=record
    )
    for _ in range(5):
        await limiter.acquire("api.example")
    assert len(sleeps) == 2
    assert sleeps[0] == pytest.approx(0.5, abs=0.05)
    assert sleeps[1] == pytest.approx(1.0, abs=0.05)
    await limiter.acquire("slow.example")
    assert len(sleeps) == 2


async def test_redis_bucket_is_shared_between_clients(redis_url: str) -> None:
    sleeps: list[float] = []

    async def record(seconds: float) -> None:
        sleeps.append(seconds)

    rates = Rates(default_rate=1.0, burst=2, overrides={})
    first, second = aioredis.Redis.from_url(redis_url), aioredis.Redis.from_url(redis_url)
    try:
        await first.delete(RedisRateLimiter.KEY_PREFIX + "shared.example")
        worker_a = RedisRateLimiter(first, rates, sleep=record)
        worker_b = RedisRateLimiter(second, rates, sleep=record)
        await worker_a.acquire("shared.example")
        await worker_b.acquire("shared.example")
        assert sleeps == []
        await worker_b.acquire("shared.example")
        await worker_a.acquire("shared.example")
        assert len(sleeps) == 2
        assert sleeps[0] == pytest.approx(1.0, abs=0.1)
        assert sleeps[1] == pytest.approx(2.0, abs=0.1)
    finally:
        await first.aclose()
        await second.aclose()
