"""One error body for every failure: ``{"error": {"code", "message", "request_id"}}``.

Clients branch on ``code`` (stable, snake_case), show ``message`` (one line that says what to
do), and quote ``request_id`` when they report a problem; the same id is in the server's log
lines for that request. HTTP errors, validation errors and the services' ``AjobError`` all end
up here, so no route formats an error by hand.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from adapters.errors import SourceError
from adapters.ssrf import BlockedUrl
from api.context import request_id_of
from core.errors import AjobError, ConfigError, InputError
from core.logging import get_logger
from llm.client import LlmError

log = get_logger(__name__)

STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "rate_limited",
    500: "internal_error",
    502: "upstream_error",
    503: "unavailable",
}


class ApiError(StarletteHTTPException):
    """An HTTP error with our own ``code``; ``headers`` carry e.g. Retry-After."""

    def __init__(
        self,
        status_code: int,
        message: str,
        *,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(status_code=status_code, detail=message, headers=headers)
        self.code = code or STATUS_CODES.get(status_code, "error")


def not_found(what: str) -> ApiError:
    return ApiError(404, f"no {what}", code="not_found")


def error_body(code: str, message: str, request_id: str | None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "request_id": request_id}}


def error_response(
    request_id: str | None,
    status: int,
    code: str,
    message: str,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(error_body(code, message, request_id), status_code=status, headers=headers)


def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = getattr(exc, "code", None) or STATUS_CODES.get(exc.status_code, "error")
    message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    if exc.status_code == 413 and message == "Content Too Large":
        message = "the request body is too large"
    elif exc.status_code == 404 and message == "Not Found":
        message = f"no route {request.url.path}; see /docs for the API"
    elif exc.status_code == 405 and message == "Method Not Allowed":
        message = f"{request.method} is not allowed on {request.url.path}"
    return error_response(
        request_id_of(request), exc.status_code, code, message, dict(exc.headers or {}) or None
    )


def describe_validation(errors: list[dict[str, Any]] | Any) -> str:
    """The first problem as ``where: what`` (plus how many more), in one line."""
    items = list(errors)
    if not items:
        return "the request is not valid"
    first = items[0]
    loc = [str(p) for p in first.get("loc", ()) if p not in ("body",)] or ["body"]
    message = str(first.get("msg", "is not valid")).removeprefix("Value error, ")
    more = f" (and {len(items) - 1} more problems)" if len(items) > 1 else ""
    return f"{'.'.join(loc)}: {message}{more}"


def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return error_response(
        request_id_of(request), 422, "invalid_request", describe_validation(exc.errors())
    )


def status_for(exc: AjobError) -> tuple[int, str]:
    """The HTTP status and code for a service's one-line error."""
    if isinstance(exc, InputError | BlockedUrl):
        return 422, "invalid_input"
    if isinstance(exc, ConfigError):
        return 503, "not_configured"
    if isinstance(exc, LlmError):
        return 502, "model_error"
    if isinstance(exc, SourceError):
        return 502, "upstream_error"
    return 400, "request_failed"


def _ajob_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AjobError)
    status, code = status_for(exc)
    if status >= 500:
        log.warning("service error", code=code, message=exc.message)
    return error_response(request_id_of(request), status, code, exc.message.splitlines()[0])


def _data_error(request: Request, exc: Exception) -> JSONResponse:
    """A value the database refuses (Postgres: a NUL character in text) is bad input, not a
    server failure; the request's transaction has already been rolled back."""
    log.info("database refused a value", error=str(getattr(exc, "orig", exc)).splitlines()[0])
    return error_response(
        request_id_of(request),
        422,
        "invalid_input",
        "a value in the request cannot be stored (for example, it contains a NUL character)",
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(AjobError, _ajob_error)
    app.add_exception_handler(DataError, _data_error)
