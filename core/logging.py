"""Structured logging: JSON lines in production, readable lines on a terminal.

Logs go to stderr so that commands with ``--json`` keep stdout machine-readable.
A redaction step drops secret-looking values before any renderer sees them,
because a leaked API key in a log is as bad as one in a commit.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping, MutableMapping
from typing import Any

import structlog

SECRET_KEY_PARTS = (
    "password",
    "passwd",
    "secret",
    "token",
    "api_key",
    "apikey",
    "authorization",
    "cookie",
)
REDACTED = "[redacted]"


def _is_secret_key(key: str) -> bool:
    lowered = key.lower()
    return any(part in lowered for part in SECRET_KEY_PARTS)


def _redact(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: REDACTED if _is_secret_key(str(k)) else _redact(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_redact(v) for v in value]
    if hasattr(value, "get_secret_value"):
        return REDACTED
    return value


def redact_secrets(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """structlog processor: replace values whose key names a secret, at any depth."""
    for key in list(event_dict):
        event_dict[key] = REDACTED if _is_secret_key(key) else _redact(event_dict[key])
    return event_dict


def configure_logging(level: str = "INFO", fmt: str = "auto", *, production: bool = False) -> None:
    """Set up structlog and route the standard library's loggers through it.

    ``auto`` means JSON in production or when stderr is not a terminal, readable lines otherwise.
    """
    use_json = fmt == "json" or (fmt == "auto" and (production or not sys.stderr.isatty()))
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        redact_secrets,
    ]
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if use_json
        else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info if use_json else _identity,
            renderer,
        ],
    )
    handler = StderrHandler()
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "alembic"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to the stderr of its setup while that is open, then to the current ``sys.stderr``.

    pytest and Typer's ``CliRunner`` swap ``sys.stderr`` and close the old one; a worker thread
    still logging after that would fail with "I/O operation on closed file". Following
    ``sys.stderr`` on every record is no cure: a Celery worker points it at a proxy that logs
    what it is given, which would feed each record back into logging.
    """

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(self.stream, "closed", False):
            self.stream = sys.stderr
        super().emit(record)


def _identity(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    return event_dict


def get_logger(name: str | None = None) -> structlog.stdlib.BoundLogger:
    """A bound structlog logger; configure_logging decides how it renders."""
    logger: structlog.stdlib.BoundLogger = structlog.stdlib.get_logger(name)
    return logger
