"""Choosing the provider: ``openai`` gives a ChatClient, ``offline`` gives None.

Services take ``llm: ChatClient | None`` and run their deterministic path when it is None,
so "offline" is not a fake model but the absence of one: nothing can be sent anywhere.
"""

from __future__ import annotations

from typing import Literal

from core.config import Settings
from llm.cache import response_cache
from llm.client import ChatClient
from llm.usage import UsageContext, UsageLedger

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
