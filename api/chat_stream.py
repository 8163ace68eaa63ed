"""A chat turn as a sequence of SSE events, and the bridge from its thread to the event loop.

The supervisor graph streams synchronously (``stream_mode`` messages + updates, subgraphs on,
as ``ajob chat`` reads it). ``turn_events`` turns that into our events:

- ``token``: a piece of an agent's reply ``{"agent", "message_id", "text"}``;
- ``step``: an agent called a tool, or got its result ``{"agent", "kind", "tool", ...}``,
  or an agent finished its part ``{"kind": "agent", "agent"}``;
- ``interrupt``: the turn stopped for the person ``{"id", "value"}`` (answer it with
  ``POST /api/chat/{thread_id}/resume``);
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

from langchain_core.messages import AIMessage, AIMessageChunk
from langchain_core.runnables import RunnableConfig
from sse_starlette import ServerSentEvent

from api.runs import Runs
from api.state import ChatGraph
from core.errors import AjobError
from core.logging import get_logger
from tools.runtime import UserContext

log = get_logger(__name__)

AGENT_NODES = frozenset({"search", "resume", "form_fill", "outreach"})
ChatEvent = tuple[str, dict[str, Any]]
_END = object()


def _agent_of(namespace: tuple[str, ...]) -> str | None:
    return namespace[0].split(":", 1)[0] if namespace else None


def _steps(namespace: tuple[str, ...], update: dict[str, Any]) -> Iterator[ChatEvent]:
    agent = _agent_of(namespace)
    if agent is None:
        for node in update:
            if node in AGENT_NODES:
                yield "step", {"kind": "agent", "agent": node}
        return
    for node, value in update.items():
        messages = (value or {}).get("messages", []) if isinstance(value, dict) else []
        for message in messages:
            if node == "model":
                for call in getattr(message, "tool_calls", None) or []:
                    yield (
                        "step",
                        {
                            "kind": "tool_call",
                            "agent": agent,
                            "tool": call["name"],
                            "args": call["args"],
                        },
                    )
            elif node == "tools":
                failed = getattr(message, "status", "") == "error"
                yield (
                    "step",
                    {
                        "kind": "tool_result",
                        "agent": agent,
                        "tool": getattr(message, "name", None),
                        "status": "failed" if failed else "done",
                    },
                )


def turn_events(
    graph: ChatGraph, payload: Any, thread_id: str, context: UserContext
) -> Iterator[ChatEvent]:
    config: RunnableConfig = {"configurable": {"thread_id": thread_id}}
    waiting = False
    try:
        for item in graph.stream(
            payload,
            config,
            context=context,
            stream_mode=["messages", "updates"],
            subgraphs=True,
        ):
            namespace, mode, data = cast("tuple[tuple[str, ...], str, Any]", item)
            if mode == "messages":
                chunk, meta = data
                if isinstance(chunk, AIMessage | AIMessageChunk) and chunk.text:
                    who = _agent_of(namespace) or str(meta.get("langgraph_node", ""))
                    yield "token", {"agent": who, "message_id": chunk.id, "text": chunk.text}
                continue
            if not isinstance(data, dict):
                continue
            if not namespace and "__interrupt__" in data:
                for pending in data["__interrupt__"]:
                    waiting = True
                    yield "interrupt", {"id": pending.id, "value": pending.value}
                continue
            yield from _steps(namespace, data)
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
