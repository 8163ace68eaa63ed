"""Plain ASGI middleware (no per-request task or body buffering, so streams stay streams).

``RequestContext`` is the outermost layer: it gives each request its id, logs one line per
request, feeds the latency histogram, and turns any exception that escaped the app into the
standard 500 body, so even a bug answers with the id to quote. ``ClientRateLimit`` refuses a
client address that sends too much, before any work is done for it; ``BodyLimit`` refuses
bodies over the size limit.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import structlog
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.context import HEADER, SCOPE_KEY, new_request_id
from api.errors import ApiError, error_response
from api.metrics import ApiMetrics, route_label
from api.ratelimit import Limiter
from core.logging import get_logger

ACCESS_LOGGER = "api.access"
log = get_logger(ACCESS_LOGGER)
_access = logging.getLogger(ACCESS_LOGGER)

QUIET_PATHS = frozenset({"/health", "/metrics"})
UNLIMITED_PATHS = frozenset({"/health", "/metrics", "/docs", "/redoc", "/openapi.json"})


class RequestContext:
    def __init__(self, app: ASGIApp, metrics: ApiMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = new_request_id(Headers(scope=scope).get(HEADER))
        scope[SCOPE_KEY] = request_id
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                response_started = True
                status = message["status"]
                MutableHeaders(scope=message)[HEADER] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception("unhandled error", method=scope["method"], path=scope["path"])
            if response_started:
                raise
            status = 500
            response = error_response(
                request_id,
                500,
                "internal_error",
                f"unexpected server error; quote request id {request_id} when reporting it",
            )
            await response(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = route_label(scope)
            self.metrics.observe(scope["method"], route, status, elapsed)
            path = scope["path"]
            level = logging.DEBUG if path in QUIET_PATHS else logging.INFO
            if _access.isEnabledFor(level):  # skip structlog's processors for a dropped line
                log.log(
                    level,
                    "request",
                    method=scope["method"],
                    path=path,
                    route=route,
                    status=status,
                    ms=round(elapsed * 1000, 2),
                )
            structlog.contextvars.clear_contextvars()


class ClientRateLimit:
    """Per client address, per minute; 0 disables it. Behind a proxy, run uvicorn with
    ``--proxy-headers --forwarded-allow-ips`` so the address is the client's, not the proxy's."""

    def __init__(self, app: ASGIApp, limiter: Callable[[], Limiter], per_minute: int) -> None:
        self.app = app
        self.limiter = limiter
        self.per_minute = per_minute

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or self.per_minute <= 0
            or scope["path"] in UNLIMITED_PATHS
            or scope["method"] == "OPTIONS"
        ):
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        address = client[0] if client else "unknown"
        verdict = await self.limiter().ahit(f"ip:{address}", self.per_minute, 60)
        if verdict.allowed:
            await self.app(scope, receive, send)
            return
        response = error_response(
            scope.get(SCOPE_KEY),
            429,
            "rate_limited",
            f"too many requests from {address}; wait {verdict.retry_after_s} s",
            headers={"Retry-After": str(verdict.retry_after_s)},
        )
        await response(scope, receive, send)


class BodyLimit:
    """Refuses request bodies over the limit: at once when Content-Length says so, else as
    soon as the bytes read pass it. Some paths (resume upload) have a larger limit."""

    def __init__(self, app: ASGIApp, default: int, larger: dict[str, int]) -> None:
        self.app = app
        self.default = default
        self.larger = larger

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.larger.get(scope["path"], self.default)
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            response = error_response(
                scope.get(SCOPE_KEY),
                413,
                "too_large",
                f"the request body is larger than {limit} bytes",
            )
            await response(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise ApiError(413, f"the request body is larger than {limit} bytes")
            return message

        await self.app(scope, counted, send)
