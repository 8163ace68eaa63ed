"""The one HTTP client every adapter uses: rate limits, retries, timeouts, SSRF guard.

Retries cover 429, 5xx and transport errors, with exponential backoff and jitter,
and wait exactly as long as a Retry-After header asks (capped). Redirects are
followed by hand so that every hop passes the SSRF guard and the rate limit.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from types import TracebackType
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
import redis.asyncio as aioredis
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt

from adapters.ratelimit import LocalRateLimiter, RateLimiter, Rates, RedisRateLimiter
from adapters.ssrf import SsrfGuard
from core.config import Settings
from core.logging import get_logger
from core.retry_after import parse_retry_after

RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})
MAX_REDIRECTS = 5
MAX_RETRY_AFTER_S = 120.0

log = get_logger(__name__)


class RetryableStatus(Exception):
    def __init__(self, response: httpx.Response) -> None:
        super().__init__(f"HTTP {response.status_code} from {response.request.url}")
        self.response = response
        self.retry_after = parse_retry_after(response.headers.get("retry-after"))


def _is_retryable(exc: BaseException) -> bool:
    return isinstance(exc, RetryableStatus | httpx.TransportError)


class HttpClient:
    """An async client shared by the adapters of one search run (or one worker)."""

    def __init__(
        self,
        settings: Settings,
        *,
        trusted_hosts: Iterable[str] = (),
        limiter: RateLimiter | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self.guard = SsrfGuard([*settings.http_allow_hosts, *trusted_hosts])
        rates = Rates(
            settings.http_rate_per_host, settings.http_burst_per_host, settings.http_host_rates
        )
        self._redis: aioredis.Redis | None = None
        if limiter is None and settings.redis_url:
            self._redis = aioredis.Redis.from_url(settings.redis_url)
            limiter = RedisRateLimiter(self._redis, rates)
        self.limiter: RateLimiter = limiter or LocalRateLimiter(rates)
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(settings.http_timeout_s),
            headers={"User-Agent": settings.http_user_agent, "Accept-Encoding": "gzip, deflate"},
            follow_redirects=False,
            transport=transport,
        )

    async def __aenter__(self) -> HttpClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()
        if self._redis is not None:
            await self._redis.aclose()

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, RetryableStatus) and exc.retry_after is not None:
            return min(exc.retry_after, MAX_RETRY_AFTER_S)
        base = self.settings.http_backoff_s * (2.0 ** (state.attempt_number - 1))
        jitter = 0.5 + random.random() / 2
        return float(min(self.settings.http_backoff_max_s, base) * jitter)

    async def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """Send a request, following guarded redirects and retrying transient failures.

        Returns the final response for any status that is not retryable (404 included);
        raises RetryableStatus or an httpx error when the retries run out.
        """
        for _ in range(MAX_REDIRECTS + 1):
            response = await self._send_with_retries(method, url, **kwargs)
            if not response.is_redirect:
                return response
            url = urljoin(url, response.headers["location"])
            if response.status_code in (301, 302, 303):
                method, kwargs = "GET", {k: v for k, v in kwargs.items() if k == "headers"}
        raise httpx.TooManyRedirects(f"more than {MAX_REDIRECTS} redirects from {url}")

    async def _send_with_retries(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        await self.guard.check(url)
        host = urlsplit(url).hostname or ""
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.settings.http_max_retries + 1),
            wait=self._wait,
            retry=retry_if_exception(_is_retryable),
            reraise=True,
            before_sleep=lambda s: (
                log.info(
                    "http retry",
                    url=url,
                    attempt=s.attempt_number,
                    error=str(s.outcome.exception()),
                )
                if s.outcome
                else None
            ),
        )
        async for attempt in retrying:
            with attempt:
                await self.limiter.acquire(host)
                response = await self._client.request(method, url, **kwargs)
                if response.status_code in RETRYABLE_STATUS:
                    await response.aread()
                    raise RetryableStatus(response)
                return response
        raise AssertionError("unreachable: tenacity reraises")  # pragma: no cover

    async def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("GET", url, **kwargs)

    async def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("POST", url, **kwargs)
