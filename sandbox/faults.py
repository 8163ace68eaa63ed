"""Fault injection and the request log: how tests make the sandbox misbehave and see what was asked.

A rule matches requests by platform and by a substring of the path with its query string; each
matching request uses the rule up once, until ``times`` uses are spent. Kinds:

- ``status``: answer with ``status`` (default 500), with ``Retry-After`` when ``retry_after`` is set
  (written as given, so 2 becomes "2" and 0.5 becomes "0.5").
- ``malformed``: answer 200 with a body the client cannot parse: JSON cut in half, or for HTML the
  embedded JSON cut in half (the whole page cut when it embeds none).
- ``stall``: wait ``stall_s`` seconds, then answer normally.
- ``late``: handle the request normally (a form post is recorded), then wait ``stall_s`` seconds
  before answering: a platform that accepted an application and is slow to confirm it.
- ``blocked``: the platform's bot check (Indeed's hCaptcha interstitial; a plain "access denied"
  page elsewhere), status 403 unless ``status`` says otherwise.

Requests to the control endpoints (``/_sandbox/...``) are never faulted or logged.
"""

from __future__ import annotations

import re
import threading
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Literal

from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

FaultKind = Literal["status", "malformed", "stall", "late", "blocked"]


class FaultRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    platform: str | None = None
    """Only requests to this platform (e.g. "greenhouse", "lever_eu"); None matches all."""
    path_contains: str | None = None
    """Only requests whose path plus "?" plus query string contains this; None matches all."""
    method: str | None = None
    """Only requests with this HTTP method (e.g. "POST", a form's submission); None matches all."""
    kind: FaultKind = "status"
    status: int | None = Field(default=None, ge=100, le=599)
    retry_after: float | None = Field(default=None, ge=0)
    stall_s: float = Field(default=0.0, ge=0)
    times: int = Field(default=1, ge=1)

    @property
    def answer_status(self) -> int:
        if self.status is not None:
            return self.status
        return {"status": 500, "blocked": 403}.get(self.kind, 200)

    def matches(self, platform: str | None, target: str, method: str = "GET") -> bool:
        if self.platform is not None and self.platform.replace("-", "_") != platform:
            return False
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return self.path_contains is None or self.path_contains in target


class FaultInjector:
    """The active rules and their remaining uses; safe to use from the test's thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[tuple[FaultRule, int]] = []

    def add(self, *rules: FaultRule) -> None:
        with self._lock:
            self._rules.extend((rule, rule.times) for rule in rules)

    def take(self, platform: str | None, target: str, method: str = "GET") -> FaultRule | None:
        """The first rule with uses left that matches, using one of them up."""
        with self._lock:
            for index, (rule, left) in enumerate(self._rules):
                if left > 0 and rule.matches(platform, target, method):
                    self._rules[index] = (rule, left - 1)
                    return rule
        return None

    def pending(self) -> list[dict[str, object]]:
        with self._lock:
            return [
                {**rule.model_dump(), "remaining": left} for rule, left in self._rules if left > 0
            ]

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    path: str
    query: str
    """The raw query string, as sent."""
    platform: str | None
    status: int
    at: str
    """When it was answered (wall clock, ISO 8601 UTC)."""

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


class RequestLog:
    """The requests answered since the last ``clear``.

    A request is logged when it is answered, which under a "stall" or "late" rule can be a
    minute after it arrived. One that arrived before a ``clear`` is not logged after it: a
    reset between two tests must not hand the next test the previous one's requests.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[LoggedRequest] = []
        self._epoch = 0

    def epoch(self) -> int:
        """Taken when a request arrives and passed back to ``record``."""
        with self._lock:
            return self._epoch

    def record(
        self,
        method: str,
        path: str,
        query: str,
        platform: str | None,
        status: int,
        epoch: int,
    ) -> None:
        at = datetime.now(UTC).isoformat(timespec="milliseconds")
        with self._lock:
            if epoch == self._epoch:
                self._entries.append(LoggedRequest(method, path, query, platform, status, at))

    def entries(self, platform: str | None = None) -> list[LoggedRequest]:
        with self._lock:
            return [e for e in self._entries if platform is None or e.platform == platform]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._epoch += 1


def status_response(rule: FaultRule) -> Response:
    status = rule.answer_status
    headers = {}
    if rule.retry_after is not None:
        headers["Retry-After"] = f"{rule.retry_after:g}"
    body = f'{{"status":{status},"error":"injected by the sandbox"}}'
    return Response(body, status_code=status, headers=headers, media_type="application/json")


_SCRIPT = re.compile(rb"(<script[^>]*>)(.*?)(</script>)", re.DOTALL)


def break_body(body: bytes, content_type: str) -> bytes:
    """The body cut so that it no longer parses, keeping what a real truncation keeps."""
    if "html" not in content_type:
        return body[: len(body) // 2] if len(body) > 1 else b"{"
    broke = False

    def cut(match: re.Match[bytes]) -> bytes:
        nonlocal broke
        content = match.group(2)
        if b"{" not in content:
            return match.group(0)
        broke = True
        return match.group(1) + content[: len(content) // 2] + match.group(3)

    result = _SCRIPT.sub(cut, body)
    return result if broke else body[: len(body) // 2]
