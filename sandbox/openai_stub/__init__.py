"""A local OpenAI-compatible server for tests, the demo and benchmarks: no real model is called.

It answers ``/v1/chat/completions`` (plain and streamed) and ``/v1/models`` in OpenAI's wire
format, so the real ``openai`` SDK and langchain-openai's ``ChatOpenAI`` talk to it over HTTP
unchanged. Replies are scripted (``StubReply``: text, JSON, tool calls, HTTP errors, delays);
usage is counted with an offline approximation of OpenAI's tokenizer (``count_tokens``), and
OpenAI's automatic prompt caching is emulated. What belongs here: the app (``app.py``), the
token counter and prefix cache (``tokens.py``), and the helper that serves it (``server.py``).
"""

from sandbox.openai_stub.app import (
    RecordedRequest,
    Responder,
    StubError,
    StubReply,
    ToolCall,
    completion_tokens,
)
from sandbox.openai_stub.server import RunningOpenAIStub, serve_openai_stub
from sandbox.openai_stub.tokens import (
    CACHE_BLOCK,
    CACHE_MINIMUM,
    count_tokens,
    prompt_tokens,
    tokenize,
)

__all__ = [
    "CACHE_BLOCK",
    "CACHE_MINIMUM",
    "RecordedRequest",
    "Responder",
    "RunningOpenAIStub",
    "StubError",
    "StubReply",
    "ToolCall",
    "completion_tokens",
    "count_tokens",
    "prompt_tokens",
    "serve_openai_stub",
    "tokenize",
]
