"""Chat turns, answers to what a turn stopped for, and the history of a thread."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field


class ChatTurn(BaseModel):
    thread_id: str | None = Field(
        default=None,
        max_length=64,
        description="A thread you started earlier; omit it to start a new one.",
    )
    message: str = Field(min_length=1, max_length=8_000)
    provider: Literal["offline", "openai"] | None = Field(
        default=None, description="The model for this turn; default: the server's."
    )


class Answer(BaseModel):
    """The answer to an approval the turn stopped at (a submission or an email)."""

    action: Literal["approve", "edit", "reject", "retry"]
    fields: dict[str, str | list[str]] | None = None
    cover_letter: str | None = Field(default=None, max_length=20_000)
    subject: str | None = Field(default=None, max_length=300)
    body: str | None = Field(default=None, max_length=20_000)
    reason: str | None = Field(default=None, max_length=500)


class ResumeTurn(BaseModel):
    answer: Answer
    interrupt_id: str | None = Field(
        default=None, max_length=100, description="Which one, when the turn waits on several."
    )
    provider: Literal["offline", "openai"] | None = None


class ChatMessage(BaseModel):
    role: Literal["user", "assistant", "tool", "system"]
    name: str | None
    content: str
    tool_calls: list[dict[str, Any]] = Field(default_factory=list)


class Waiting(BaseModel):
    id: str
    value: Any


class ChatHistory(BaseModel):
    thread_id: str
    title: str | None
    messages: list[ChatMessage]
    waiting: list[Waiting] = Field(description="Approvals the thread waits for.")


class ThreadOut(BaseModel):
    thread_id: str
    title: str | None
    created_at: datetime
    updated_at: datetime
