"""The request id: taken from a sane ``X-Request-ID`` or made up, and carried everywhere.

It is bound into structlog's context variables (so every log line of the request, including
those written in worker threads, carries it), stored in the ASGI scope (so error handlers can
put it in the body) and echoed in the response header.
"""

from __future__ import annotations

import re
import uuid

from starlette.requests import HTTPConnection
from starlette.types import Scope

HEADER = "x-request-id"
SCOPE_KEY = "ajob.request_id"
_SANE = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


def new_request_id(incoming: str | None) -> str:
    """The caller's id when it is short and plain (a proxy's), else a fresh one."""
    if incoming and _SANE.match(incoming):
        return incoming
    return uuid.uuid4().hex


def request_id_in(scope: Scope) -> str | None:
    value = scope.get(SCOPE_KEY)
    return value if isinstance(value, str) else None


def request_id_of(connection: HTTPConnection) -> str | None:
    return request_id_in(connection.scope)
