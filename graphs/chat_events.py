"""A chat turn read as events, one reading for every front end (``ajob chat``, the API's SSE).

The supervisor graph streams synchronously with ``stream_mode`` messages + updates and
subgraphs on; ``turn`` turns that into:

- ``token``: a piece of an agent's reply ``{"agent", "message_id", "text"}``;
- ``step``: an agent called a tool ``{"kind": "tool_call", "agent", "tool", "args"}``, got its
  result ``{"kind": "tool_result", "agent", "tool", "status"}``, or finished its part
  ``{"kind": "agent", "agent"}``;
- ``interrupt``: the turn stopped for the person ``{"id", "value"}``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from langchain_core.messages import AIMessage, AIMessageChunk
from langchain_core.runnables import RunnableConfig
from langgraph.graph.state import CompiledStateGraph

from tools.runtime import UserContext

AGENT_NODES = frozenset({"search", "resume", "form_fill", "outreach"})
ChatEvent = tuple[str, dict[str, Any]]


def agent_of(namespace: tuple[str, ...]) -> str | None:
    """The agent a streamed item comes from (its subgraph), None for the supervisor's own."""
    return namespace[0].split(":", 1)[0] if namespace else None


def steps(namespace: tuple[str, ...], update: dict[str, Any]) -> Iterator[ChatEvent]:
    agent = agent_of(namespace)
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


def turn(
    graph: CompiledStateGraph[Any, UserContext, Any, Any],
    payload: Any,
    config: RunnableConfig,
    context: UserContext,
) -> Iterator[ChatEvent]:
    """The turn's tokens, steps and interrupts, as they happen."""
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
                who = agent_of(namespace) or str(meta.get("langgraph_node", ""))
                yield "token", {"agent": who, "message_id": chunk.id, "text": chunk.text}
            continue
        if not isinstance(data, dict):
            continue
        if not namespace and "__interrupt__" in data:
            for pending in data["__interrupt__"]:
                yield "interrupt", {"id": pending.id, "value": pending.value}
            continue
        yield from steps(namespace, data)
