"""The stub's HTTP side: OpenAI's chat-completions and models endpoints, answering scripted replies.

Tests drive the real ``openai`` SDK (and langchain-openai on top of it) against this app, so
everything those clients parse is in OpenAI's wire format: the completion object and its usage
details, the server-sent-event chunks of a stream, the ``{"error": {...}}`` body and the
``Retry-After`` header of an error. What a request is answered with comes from the test: the
replies it pushed, first in first out, then its responder; with neither, a 500 that says so and
tells the SDK not to retry, so a test that forgot to script fails at once and plainly.

Every request to ``/v1`` is recorded, refused ones included. ``GET /_stub/health`` is the
only unauthenticated route; it tells ``serve_openai_stub`` that the server is up.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from sandbox.openai_stub.tokens import PrefixCache, count_tokens, prompt_tokens, tokenize

FinishReason = Literal["stop", "tool_calls", "length", "content_filter"]

_ERROR_KINDS: dict[int, tuple[str, str | None, str]] = {
    400: ("invalid_request_error", None, "Bad request."),
    401: ("invalid_request_error", "invalid_api_key", "Incorrect API key provided."),
    403: ("invalid_request_error", "unsupported_country_region_territory", "Forbidden."),
    404: ("invalid_request_error", "model_not_found", "Not found."),
    408: ("timeout", None, "Request timed out."),
    429: ("requests", "rate_limit_exceeded", "Rate limit reached for requests."),
    500: ("server_error", None, "The server had an error while processing your request."),
    503: ("server_error", None, "The engine is currently overloaded, please try again later."),
}
"""OpenAI's usual error ``type``, ``code`` and message for a status, used when a test gives none."""


@dataclass(frozen=True)
class ToolCall:
    """One function call the model makes; ``arguments`` given as a string is sent unchanged."""

    name: str
    arguments: Mapping[str, Any] | str = field(default_factory=dict)
    id: str | None = None
    """The call's id; by default "call_stub<n>", unique within one server."""

    def arguments_json(self) -> str:
        if isinstance(self.arguments, str):
            return self.arguments
        return json.dumps(self.arguments, ensure_ascii=False)


@dataclass(frozen=True)
class StubError:
    status: int
    message: str
    type: str
    code: str | None = None
    retry_after: float | None = None
    """Seconds, sent as ``Retry-After`` (whole seconds, rounded up) and ``retry-after-ms``."""


@dataclass(frozen=True)
class StubReply:
    """What the stub answers one request with: text, tool calls, or an HTTP error.

    Build one with ``text``, ``json``, ``tools`` or ``http_error``. ``delay_s`` holds the answer
    back that long (before the first byte of a stream), so a test can trip a client timeout.
    """

    content: str | None = None
    tool_calls: tuple[ToolCall, ...] = ()
    error: StubError | None = None
    delay_s: float = 0.0
    finish_reason: FinishReason | None = None
    """By default "tool_calls" when there are tool calls, else "stop"."""

    def __post_init__(self) -> None:
        if self.error is not None and (self.content is not None or self.tool_calls):
            raise ValueError("an error reply carries no content or tool calls")
        if self.delay_s < 0:
            raise ValueError("delay_s must not be negative")

    @classmethod
    def text(cls, content: str, *, delay_s: float = 0.0) -> StubReply:
        return cls(content=content, delay_s=delay_s)

    @classmethod
    def json(cls, value: Mapping[str, Any] | Sequence[Any], *, delay_s: float = 0.0) -> StubReply:
        """A JSON document as the content: what ``response_format`` (structured output) expects."""
        return cls(content=json.dumps(value, ensure_ascii=False), delay_s=delay_s)

    @classmethod
    def tools(cls, *calls: ToolCall, content: str | None = None, delay_s: float = 0.0) -> StubReply:
        if not calls:
            raise ValueError("give at least one ToolCall")
        return cls(content=content, tool_calls=calls, delay_s=delay_s)

    @classmethod
    def http_error(
        cls,
        status: int,
        message: str | None = None,
        *,
        retry_after: float | None = None,
        type: str | None = None,
        code: str | None = None,
        delay_s: float = 0.0,
    ) -> StubReply:
        """An error answer; ``type``, ``code`` and ``message`` default to what OpenAI sends."""
        if not 400 <= status <= 599:
            raise ValueError(f"an error status is 400-599, not {status}")
        default_type, default_code, default_message = _ERROR_KINDS.get(
            status, ("server_error" if status >= 500 else "invalid_request_error", None, "Error.")
        )
        error = StubError(
            status=status,
            message=message or default_message,
            type=type or default_type,
            code=code if code is not None else default_code,
            retry_after=retry_after,
        )
        return cls(error=error, delay_s=delay_s)

    @property
    def finish(self) -> FinishReason:
        if self.finish_reason is not None:
            return self.finish_reason
        return "tool_calls" if self.tool_calls else "stop"


Responder = Callable[[dict[str, Any]], StubReply]
"""Answers a request (its parsed JSON body) when no pushed reply is left."""


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    """Lower-cased names, e.g. ``headers["authorization"] == "Bearer test"``."""
    body: dict[str, Any] | None
    """The parsed JSON body; None for a GET or a body that is not a JSON object."""
    status: int
    usage: dict[str, Any] | None
    """The usage the stub reported; None when it answered with an error."""

    @property
    def model(self) -> str | None:
        return None if self.body is None else self.body.get("model")

    @property
    def messages(self) -> list[dict[str, Any]]:
        return [] if self.body is None else list(self.body.get("messages") or [])


class StubState:
    """The queue of replies, the responder, the record and the cache; safe to use from tests."""

    def __init__(self, models: Sequence[str]) -> None:
        self.models = tuple(models)
        self.cache = PrefixCache()
        self._lock = threading.Lock()
        self._queue: deque[StubReply] = deque()
        self._responder: Responder | None = None
        self._records: list[RecordedRequest] = []
        self._ids = itertools.count(1)

    @property
    def responder(self) -> Responder | None:
        return self._responder

    @responder.setter
    def responder(self, responder: Responder | None) -> None:
        with self._lock:
            self._responder = responder

    def push(self, *replies: StubReply) -> None:
        with self._lock:
            self._queue.extend(replies)

    def pending(self) -> int:
        with self._lock:
            return len(self._queue)

    def take(self) -> tuple[StubReply | None, Responder | None]:
        """The next pushed reply, else the responder to ask; (None, None) when neither exists."""
        with self._lock:
            if self._queue:
                return self._queue.popleft(), None
            return None, self._responder

    def next_id(self) -> int:
        with self._lock:
            return next(self._ids)

    def record(self, entry: RecordedRequest) -> None:
        with self._lock:
            self._records.append(entry)

    def records(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._records)

    def reset(self) -> None:
        with self._lock:
            self._queue.clear()
            self._responder = None
            self._records.clear()
        self.cache.clear()


def error_response(
    status: int,
    message: str,
    type: str,
    code: str | None = None,
    *,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body = {"error": {"message": message, "type": type, "param": None, "code": code}}
    return JSONResponse(body, status_code=status, headers=dict(headers or {}))


def _scripted_error(error: StubError) -> JSONResponse:
    headers: dict[str, str] = {}
    if error.retry_after is not None:
        headers["Retry-After"] = str(math.ceil(error.retry_after))
        headers["retry-after-ms"] = str(round(error.retry_after * 1000))
    return error_response(error.status, error.message, error.type, error.code, headers=headers)


def _stub_failure(message: str, code: str) -> JSONResponse:
    """A 500 the SDK must not retry: retrying a test's scripting mistake only hides it."""
    return error_response(500, message, "stub_error", code, headers={"x-should-retry": "false"})


def _usage(prompt: int, cached: int, completion: int) -> dict[str, Any]:
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": {"cached_tokens": cached, "audio_tokens": 0},
        "completion_tokens_details": {
            "reasoning_tokens": 0,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0,
        },
    }


def completion_tokens(reply: StubReply) -> int:
    """The content's tokens plus each tool call's name and arguments."""
    total = count_tokens(reply.content or "")
    for call in reply.tool_calls:
        total += count_tokens(call.name) + count_tokens(call.arguments_json())
    return total


class _Answer:
    """One successful answer, rendered as a completion object or as stream chunks."""

    def __init__(
        self, state: StubState, body: dict[str, Any], reply: StubReply, usage: dict[str, Any]
    ) -> None:
        self.reply = reply
        self.usage = usage
        self.model = str(body["model"])
        self.id = f"chatcmpl-stub{state.next_id():06d}"
        self.created = int(time.time())
        self.calls = [
            (call, call.id or f"call_stub{state.next_id():06d}") for call in reply.tool_calls
        ]

    def _envelope(self, kind: str) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": kind,
            "created": self.created,
            "model": self.model,
            "service_tier": "default",
            "system_fingerprint": "fp_openai_stub",
        }

    def completion(self) -> dict[str, Any]:
        message: dict[str, Any] = {
            "role": "assistant",
            "content": self.reply.content,
            "refusal": None,
            "annotations": [],
        }
        if self.calls:
            message["tool_calls"] = [
                {
                    "id": call_id,
                    "type": "function",
                    "function": {"name": call.name, "arguments": call.arguments_json()},
                }
                for call, call_id in self.calls
            ]
        choice = {
            "index": 0,
            "message": message,
            "logprobs": None,
            "finish_reason": self.reply.finish,
        }
        return {**self._envelope("chat.completion"), "choices": [choice], "usage": self.usage}

    def chunks(self, include_usage: bool) -> Iterable[dict[str, Any]]:
        """What a stream sends: the role, then the content and the calls a token at a time."""
        deltas: list[tuple[dict[str, Any], FinishReason | None]] = [
            ({"role": "assistant", "content": "", "refusal": None}, None)
        ]
        deltas += [({"content": piece}, None) for piece in tokenize(self.reply.content or "")]
        for index, (call, call_id) in enumerate(self.calls):
            function = {"name": call.name, "arguments": ""}
            head = {"index": index, "id": call_id, "type": "function", "function": function}
            deltas.append(({"tool_calls": [head]}, None))
            deltas += [
                ({"tool_calls": [{"index": index, "function": {"arguments": piece}}]}, None)
                for piece in tokenize(call.arguments_json())
            ]
        deltas.append(({}, self.reply.finish))
        extra: dict[str, Any] = {"usage": None} if include_usage else {}
        for delta, finish in deltas:
            choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
            yield {**self._envelope("chat.completion.chunk"), "choices": [choice], **extra}
        if include_usage:
            yield {**self._envelope("chat.completion.chunk"), "choices": [], "usage": self.usage}


async def _event_stream(chunks: Iterable[dict[str, Any]]) -> AsyncIterator[str]:
    for chunk in chunks:
        yield f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"
    yield "data: [DONE]\n\n"


def _invalid_body(body: Any, models: Sequence[str]) -> JSONResponse | None:
    if not isinstance(body, dict):
        return error_response(400, "The body must be a JSON object.", "invalid_request_error")
    model = body.get("model")
    if not isinstance(model, str) or not model:
        return error_response(
            400, "you must provide a model parameter", "invalid_request_error", "missing_required"
        )
    if model not in models:
        message = (
            f"The model `{model}` does not exist or you do not have access to it "
            f"(this stub serves {', '.join(models)})."
        )
        return error_response(404, message, "invalid_request_error", "model_not_found")
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return error_response(
            400, "'messages' must be a non-empty array.", "invalid_request_error", "invalid_value"
        )
    return None


def _authorized(request: Request) -> bool:
    scheme, _, key = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and bool(key.strip())


_NO_AUTH = (
    "You didn't provide an API key. You need to provide your API key in an Authorization "
    "header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
)
_NO_REPLY = (
    "The OpenAI stub has no reply scripted for this request: push one with "
    "stub.push(StubReply.text(...)) or set stub.responder."
)


def create_app(state: StubState) -> FastAPI:
    app = FastAPI(title="OpenAI stub", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.stub = state

    def record(request: Request, body: Any, status: int, usage: dict[str, Any] | None) -> None:
        state.record(
            RecordedRequest(
                method=request.method,
                path=request.url.path,
                headers={k.lower(): v for k, v in request.headers.items()},
                body=body if isinstance(body, dict) else None,
                status=status,
                usage=usage,
            )
        )

    def refuse(request: Request, body: Any, response: JSONResponse) -> JSONResponse:
        record(request, body, response.status_code, None)
        return response

    @app.get("/_stub/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/v1/models")
    async def list_models(request: Request) -> Response:
        if not _authorized(request):
            return refuse(request, None, error_response(401, _NO_AUTH, "invalid_request_error"))
        record(request, None, 200, None)
        data = [
            {"id": m, "object": "model", "created": 0, "owned_by": "openai-stub"}
            for m in state.models
        ]
        return JSONResponse({"object": "list", "data": data})

    @app.post("/v1/chat/completions")
    async def chat_completions(request: Request) -> Response:
        raw = await request.body()
        try:
            body: Any = json.loads(raw) if raw else None
        except ValueError:
            body = None
        if not _authorized(request):
            return refuse(request, body, error_response(401, _NO_AUTH, "invalid_request_error"))
        invalid = _invalid_body(body, state.models)
        if invalid is not None:
            return refuse(request, body, invalid)
        reply, responder = state.take()
        if reply is None and responder is not None:
            try:
                reply = await run_in_threadpool(responder, body)
            except Exception as exc:
                message = f"The OpenAI stub's responder raised {type(exc).__name__}: {exc}"
                return refuse(request, body, _stub_failure(message, "responder_failed"))
        if reply is None:
            return refuse(request, body, _stub_failure(_NO_REPLY, "no_reply_scripted"))
        if reply.delay_s:
            await asyncio.sleep(reply.delay_s)
        if reply.error is not None:
            return refuse(request, body, _scripted_error(reply.error))
        tokens = prompt_tokens(body)
        cached = state.cache.lookup_and_store(body["model"], tokens)
        usage = _usage(len(tokens), cached, completion_tokens(reply))
        record(request, body, 200, usage)
        answer = _Answer(state, body, reply, usage)
        if not body.get("stream"):
            return JSONResponse(answer.completion())
        include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
        return StreamingResponse(
            _event_stream(answer.chunks(include_usage)), media_type="text/event-stream"
        )

    return app
