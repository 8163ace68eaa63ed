"""Which chat model a run uses, decided per run rather than when the graph is built.

The graphs are built once (``langgraph dev`` imports them at start), but each run says who
it acts for and may force a provider (``UserContext``). So an agent is built around the
offline model, and ``RunModel`` swaps in the person's own ChatOpenAI for each model call
when the run's provider is openai, with its tokens recorded in llm_usage under that user
and the agent's prompt. Tests and evaluations pass a model explicitly instead.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from langchain.agents.middleware import AgentMiddleware, ModelRequest, ModelResponse
from langchain_core.language_models import BaseChatModel

from core.errors import InputError
from llm.prompts import Prompt
from llm.provider import chat_model
from llm.usage import UsageContext, UsageLedger, database_sink
from tools.runtime import UserContext, get_services


def run_model(context: UserContext | None, prompt: Prompt) -> BaseChatModel | None:
    """The run's chat model for ``prompt`` (usage recorded for its user), or None offline."""
    services = get_services()
    provider = (context.provider if context else None) or services.settings.effective_llm_provider
    if provider == "offline":
        return None
    try:
        user_id = services.user_id(context)
    except InputError:
        user_id = None
    return chat_model(
        services.settings,
        provider,
        prompt=prompt,
        ledger=UsageLedger(sink=database_sink(services.sessions)),
        context=UsageContext(user_id=user_id),
    )


class RunModel(AgentMiddleware[Any, UserContext, Any]):
    """Calls the run's model instead of the offline one the agent was built with."""

    def __init__(self, prompt: Prompt) -> None:
        super().__init__()
        self.prompt = prompt

    def wrap_model_call(
        self,
        request: ModelRequest[UserContext],
        handler: Callable[[ModelRequest[UserContext]], ModelResponse[Any]],
    ) -> ModelResponse[Any]:
        model = run_model(request.runtime.context, self.prompt)
        return handler(request if model is None else request.override(model=model))

    async def awrap_model_call(
        self,
        request: ModelRequest[UserContext],
        handler: Callable[[ModelRequest[UserContext]], Awaitable[ModelResponse[Any]]],
    ) -> ModelResponse[Any]:
        model = await asyncio.to_thread(run_model, request.runtime.context, self.prompt)
        return await handler(request if model is None else request.override(model=model))
