"""Choosing the provider: ``openai`` gives a ChatClient, ``offline`` gives None.

Services take ``llm: ChatClient | None`` and run their deterministic path when it is None,
so "offline" is not a fake model but the absence of one: nothing can be sent anywhere.
"""

from __future__ import annotations

import time
import uuid
from typing import Any, Literal

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, LLMResult

from core.config import Settings
from llm.cache import response_cache
from llm.client import PROVIDER, ChatClient, chat_openai
from llm.prompts import Prompt
from llm.usage import UsageContext, UsageLedger, UsageRecord, estimate_cost

ProviderName = Literal["offline", "openai"]


def make_llm(
    settings: Settings,
    provider: ProviderName | None = None,
    *,
    ledger: UsageLedger | None = None,
    context: UsageContext | None = None,
) -> ChatClient | None:
    """The client for ``provider`` (default: the settings' effective provider)."""
    chosen = provider or settings.effective_llm_provider
    if chosen == "offline":
        return None
    return ChatClient(settings, ledger=ledger, cache=response_cache(settings), context=context)


def chat_model(
    settings: Settings,
    provider: ProviderName | None = None,
    *,
    prompt: Prompt,
    ledger: UsageLedger | None = None,
    context: UsageContext | None = None,
) -> BaseChatModel | None:
    """A LangChain chat model for agents and routing (tools, streaming), or None offline.

    Unlike ``ChatClient`` it is handed to LangGraph, which calls it directly, so the SDK's
    own retries (which honour Retry-After) are on, and usage is recorded by a callback:
    every call lands in the ledger under ``prompt``'s name and version.
    """
    chosen = provider or settings.effective_llm_provider
    if chosen == "offline":
        return None
    recorder = UsageCallback(settings, prompt, ledger or UsageLedger(), context or UsageContext())
    return chat_openai(
        settings,
        max_retries=settings.llm_max_attempts - 1,
        callbacks=[recorder],
        stream_usage=True,
    )


class UsageCallback(BaseCallbackHandler):
    """Records each chat model call's tokens, cost and latency as a ``UsageRecord``."""

    def __init__(
        self, settings: Settings, prompt: Prompt, ledger: UsageLedger, context: UsageContext
    ) -> None:
        self.settings = settings
        self.prompt = prompt
        self.ledger = ledger
        self.context = context
        self._started: dict[uuid.UUID, float] = {}

    def on_chat_model_start(
        self,
        serialized: dict[str, Any],
        messages: list[list[BaseMessage]],
        *,
        run_id: uuid.UUID,
        **kwargs: Any,
    ) -> None:
        self._started[run_id] = time.perf_counter()

    def on_llm_end(self, response: LLMResult, *, run_id: uuid.UUID, **kwargs: Any) -> None:
        started = self._started.pop(run_id, time.perf_counter())
        for generation in (g for batch in response.generations for g in batch):
            if not isinstance(generation, ChatGeneration):
                continue
            message = generation.message
            usage = message.usage_metadata if isinstance(message, AIMessage) else None
            if usage is None:
                continue
            details = usage.get("input_token_details") or {}
            cached = int(details.get("cache_read", 0) or 0)
            model = self.settings.llm_model
            self.ledger.add(
                UsageRecord(
                    provider=PROVIDER,
                    model=model,
                    prompt_name=self.prompt.name,
                    prompt_version=self.prompt.version,
                    prompt_tokens=usage["input_tokens"],
                    completion_tokens=usage["output_tokens"],
                    cached_tokens=cached,
                    cost_usd=estimate_cost(
                        self.settings.llm_prices,
                        model,
                        usage["input_tokens"],
                        usage["output_tokens"],
                        cached,
                    ),
                    latency_ms=int((time.perf_counter() - started) * 1000),
                    cache_hit=False,
                    context=self.context,
                )
            )
