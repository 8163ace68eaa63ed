"""A scripted tool-calling chat model, for the agent and supervisor tests.

No fake chat model in langchain_core implements ``bind_tools``; this one returns itself, so
``create_agent`` and ``with_structured_output`` accept it, and answers with the scripted
messages in order (or with what a scripted function makes of the prompt). It keeps every
prompt it was given, and fails loudly when the script runs out instead of starting over.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import LanguageModelInput
from langchain_core.language_models.fake_chat_models import FakeMessagesListChatModel
from langchain_core.messages import AIMessage, BaseMessage, ToolCall, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from pydantic import Field

Reply = BaseMessage | Callable[[list[BaseMessage]], BaseMessage]
"""A scripted message, or a function of the prompt (for ids only known at run time)."""


class ScriptedModel(FakeMessagesListChatModel):
    responses: list[Reply]  # type: ignore[assignment]
    seen: list[list[BaseMessage]] = Field(default_factory=list)

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: str | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        return self

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        if self.i >= len(self.responses):
            raise AssertionError(f"the script ran out after {self.i} replies")
        self.seen.append(list(messages))
        reply = self.responses[self.i]
        self.i += 1
        message = reply(messages) if callable(reply) else reply
        return ChatResult(generations=[ChatGeneration(message=message)])

    @property
    def done(self) -> bool:
        return self.i == len(self.responses)


def call(name: str, **args: Any) -> AIMessage:
    """A reply that calls one tool."""
    return AIMessage(
        "", tool_calls=[ToolCall(name=name, args=args, id=f"call_{uuid.uuid4().hex[:8]}")]
    )


def route(next_: str, task: str = "", reply: str = "") -> AIMessage:
    """The supervisor's structured output: the JSON document its response_format asks for."""
    return AIMessage(json.dumps({"next": next_, "task": task, "reply": reply}))


def tool_results(messages: Sequence[BaseMessage]) -> list[ToolMessage]:
    return [m for m in messages if isinstance(m, ToolMessage)]


def result_of(message: ToolMessage) -> dict[str, Any]:
    data = json.loads(str(message.content))
    assert isinstance(data, dict)
    return data
