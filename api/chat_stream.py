"""A chat turn as a sequence of SSE events, and the bridge from its thread to the event loop.

``turn_events`` is the turn as ``graphs.chat_events`` reads it (``token``, ``step`` and
``interrupt``, the last answered with ``POST /api/chat/{thread_id}/resume``), plus:

- ``error``: the turn failed ``{"code", "message"}``;
- ``done``: always last ``{"thread_id", "waiting"}``.

``stream_turn`` runs that generator in a pool thread and hands each event to the event loop
through an asyncio queue, so the loop never blocks and a slow client never stalls the graph.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Iterator
from typing import Any, cast

from langchain_core.runnables import RunnableConfig
from sse_starlette import ServerSentEvent

from api.runs import Runs
from api.state import ChatGraph
from core.errors import AjobError
from core.logging import get_logger
from graphs import chat_events
from graphs.chat_events import ChatEvent
from tools.runtime import UserContext

log = get_logger(__name__)

_END = object()


def turn_events(
    graph: ChatGraph, payload: Any, thread_id: str, context: UserContext
) -> Iterator[ChatEvent]:
    config: RunnableConfig = {"configurable": {"thread_id": thread_id}}
    waiting = False
    try:
        for name, data in chat_events.turn(graph, payload, config, context):
            waiting = waiting or name == "interrupt"
            yield name, data
    except AjobError as exc:
        yield "error", {"code": "request_failed", "message": exc.message}
    except Exception as exc:
        log.exception("chat turn failed", thread_id=thread_id)
        yield "error", {"code": "internal_error", "message": f"the turn failed: {exc}"}
    yield "done", {"thread_id": thread_id, "waiting": waiting}


def _sse(name: str, data: dict[str, Any]) -> ServerSentEvent:
    return ServerSentEvent(
        data=json.dumps(data, ensure_ascii=False, default=str, separators=(",", ":")), event=name
    )


async def stream_turn(
    runs: Runs, key: str, graph: ChatGraph, payload: Any, thread_id: str, context: UserContext
) -> AsyncIterator[ServerSentEvent]:
    """The turn's events as they happen. The caller holds ``runs``' claim on ``key``; it is
    released when the turn ends, even if the client has gone (the turn still finishes and is
    checkpointed, so the history has it)."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[object] = asyncio.Queue()

    def put(item: object) -> None:
        # RuntimeError: the event loop has closed (shutdown); the turn is checkpointed anyway.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(queue.put_nowait, item)

    def produce() -> None:
        try:
            for event in turn_events(graph, payload, thread_id, context):
                put(event)
        finally:
            put(_END)

    runs.submit_claimed(key, produce)
    while True:
        item = await queue.get()
        if item is _END:
            return
        name, data = cast(ChatEvent, item)
        yield _sse(name, data)
