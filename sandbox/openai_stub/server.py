"""Serve the OpenAI stub on a loopback port for the length of a ``with`` block.

``serve_openai_stub()`` runs the app the way ``serve_sandbox()`` runs the replicas (uvicorn in
a thread on a port bound first, ready when it answers) and yields a handle that scripts its
replies and reads what it was asked.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sandbox.openai_stub.app import RecordedRequest, Responder, StubReply, StubState, create_app
from sandbox.server import serve_in_thread


class RunningOpenAIStub:
    """A stub that is serving: where it is, what it will answer, and what it was asked."""

    def __init__(self, url: str, state: StubState) -> None:
        self.url = url
        """The root, without a trailing slash, e.g. "http://127.0.0.1:40123"."""
        self.state = state

    @property
    def base_url(self) -> str:
        """What an OpenAI client takes as its base URL: the root plus "/v1"."""
        return self.url + "/v1"

    @property
    def models(self) -> tuple[str, ...]:
        return self.state.models

    def push(self, *replies: StubReply) -> None:
        """Queue replies; each request takes the oldest one left."""
        self.state.push(*replies)

    @property
    def pending(self) -> int:
        """How many pushed replies no request has taken yet."""
        return self.state.pending()

    @property
    def responder(self) -> Responder | None:
        """Called with the request body when no pushed reply is left."""
        return self.state.responder

    @responder.setter
    def responder(self, responder: Responder | None) -> None:
        self.state.responder = responder

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request to ``/v1`` so far, oldest first, refused ones included."""
        return self.state.records()

    def reset(self) -> None:
        """Forget the pushed replies, the responder, the recorded requests and the cache."""
        self.state.reset()


@contextmanager
def serve_openai_stub(
    *, models: Sequence[str] = ("gpt-4o-mini",), host: str = "127.0.0.1", port: int = 0
) -> Iterator[RunningOpenAIStub]:
    """Serve a stub that knows ``models`` (other model names get OpenAI's 404)."""
    if not models:
        raise ValueError("serve at least one model")
    state = StubState(models)
    with serve_in_thread(create_app(state), host, port, "/_stub/health", "openai stub") as url:
        yield RunningOpenAIStub(url, state)
