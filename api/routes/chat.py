"""``/api/chat``: talk to the supervisor graph; every answer is a Server-Sent Events stream.

A thread belongs to the user who started it (``chat_threads``): any other thread id, whether
another user's chat or an application's thread in the same checkpointer, is "no such thread".
New threads get server-made ids, returned in the ``X-Thread-Id`` header and the ``done`` event.
One turn runs per thread at a time.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query
from langchain_core.messages import AIMessage, AnyMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.runnables import RunnableConfig
from langgraph.types import Command
from sse_starlette import EventSourceResponse

from api.chat_stream import stream_turn
from api.deps import CurrentUser, SessionDep, StateDep
from api.errors import ApiError, not_found
from api.runs import Busy
from api.schemas.chat import ChatHistory, ChatMessage, ChatTurn, ResumeTurn, ThreadOut, Waiting
from api.schemas.common import ERRORS, ErrorBody
from api.state import ApiState
from db.models import ChatThread
from db.repositories import chat_threads
from tools.runtime import UserContext

router = APIRouter(prefix="/api/chat", tags=["chat"], responses=ERRORS)

STREAM_DOC: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "A text/event-stream of token, step, interrupt, error and done events "
        "(each `data` is JSON).",
        "content": {"text/event-stream": {"schema": {"type": "string"}}},
    },
    404: {"model": ErrorBody},
    409: {"model": ErrorBody},
}


def _key(thread_id: str) -> str:
    return f"chat:{thread_id}"


def _config(thread_id: str) -> RunnableConfig:
    return {"configurable": {"thread_id": thread_id}}


def _response(
    state: ApiState, thread_id: str, payload: Any, context: UserContext
) -> EventSourceResponse:
    events = stream_turn(
        state.chat_runs, _key(thread_id), state.chat_graph, payload, thread_id, context
    )
    return EventSourceResponse(
        events, ping=15, headers={"X-Thread-Id": thread_id, "Cache-Control": "no-store"}
    )


def _claim(state: ApiState, thread_id: str) -> None:
    try:
        state.chat_runs.claim(_key(thread_id))
    except Busy:
        raise ApiError(
            409, "a turn is already running on this thread; wait for its done event"
        ) from None


def _owned(session: SessionDep, user_id: uuid.UUID, thread_id: str) -> ChatThread:
    thread = chat_threads.get_for_user(session, user_id, thread_id)
    if thread is None:
        raise not_found(f"chat thread {thread_id!r}; omit thread_id to start a new one")
    return thread


@router.post("", response_class=EventSourceResponse, responses=STREAM_DOC)
def chat(
    body: ChatTurn, user: CurrentUser, state: StateDep, session: SessionDep
) -> EventSourceResponse:
    """Send a message; the reply streams back as it is written."""
    if body.thread_id is None:
        thread_id = f"chat-{uuid.uuid4().hex}"
        chat_threads.create(session, thread_id, user.user_id, body.message.strip()[:80])
    else:
        thread_id = body.thread_id
        chat_threads.touch(session, _owned(session, user.user_id, thread_id))
    session.commit()
    _claim(state, thread_id)
    try:
        waiting = state.chat_graph.get_state(_config(thread_id)).interrupts
    except BaseException:
        state.chat_runs.release(_key(thread_id))
        raise
    if waiting:
        state.chat_runs.release(_key(thread_id))
        raise ApiError(
            409,
            f"this thread waits for your answer first: POST /api/chat/{thread_id}/resume",
        )
    context = UserContext(user_id=str(user.user_id), provider=body.provider)
    return _response(state, thread_id, {"messages": [HumanMessage(body.message)]}, context)


@router.post("/{thread_id}/resume", response_class=EventSourceResponse, responses=STREAM_DOC)
def resume(
    thread_id: str,
    body: ResumeTurn,
    user: CurrentUser,
    state: StateDep,
    session: SessionDep,
) -> EventSourceResponse:
    """Answer what the turn stopped for (approve, edit or reject); the turn goes on."""
    _owned(session, user.user_id, thread_id)
    _claim(state, thread_id)
    try:
        waiting = list(state.chat_graph.get_state(_config(thread_id)).interrupts)
        if not waiting:
            raise ApiError(409, "this thread is not waiting for an answer")
        answer = body.answer.model_dump(exclude_none=True)
        ids = [item.id for item in waiting]
        if body.interrupt_id is not None and body.interrupt_id not in ids:
            raise ApiError(422, f"this thread does not wait on {body.interrupt_id!r}: {ids}")
        if len(waiting) > 1 and body.interrupt_id is None:
            raise ApiError(422, f"the thread waits on several approvals; give interrupt_id: {ids}")
        resume_value: Any = {body.interrupt_id: answer} if len(waiting) > 1 else answer
    except BaseException:
        state.chat_runs.release(_key(thread_id))
        raise
    context = UserContext(user_id=str(user.user_id), provider=body.provider)
    return _response(state, thread_id, Command(resume=resume_value), context)


def _message(message: AnyMessage) -> ChatMessage:
    role = {
        HumanMessage: "user",
        AIMessage: "assistant",
        ToolMessage: "tool",
        SystemMessage: "system",
    }.get(type(message), "assistant")
    calls = [
        {"name": call["name"], "args": call["args"]}
        for call in getattr(message, "tool_calls", None) or []
    ]
    return ChatMessage(role=role, name=message.name, content=message.text, tool_calls=calls)


@router.get("/{thread_id}", responses={404: {"model": ErrorBody}})
def history(thread_id: str, user: CurrentUser, state: StateDep, session: SessionDep) -> ChatHistory:
    """The conversation so far, and what it waits for."""
    thread = _owned(session, user.user_id, thread_id)
    snapshot = state.chat_graph.get_state(_config(thread_id))
    messages = snapshot.values.get("messages", []) if snapshot.values else []
    return ChatHistory(
        thread_id=thread_id,
        title=thread.title,
        messages=[_message(m) for m in messages],
        waiting=[Waiting(id=i.id, value=i.value) for i in snapshot.interrupts],
    )


@router.get("")
def threads(
    user: CurrentUser,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[ThreadOut]:
    """Your chat threads, most recent first."""
    return [
        ThreadOut(
            thread_id=t.thread_id, title=t.title, created_at=t.created_at, updated_at=t.updated_at
        )
        for t in chat_threads.list_for_user(session, user.user_id, limit=limit)
    ]
