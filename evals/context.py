"""What a run gives its suites: the provider, the model clients, a fixed date, a usage ledger.

One model client serves the whole run (one HTTP connection pool), while every usage
record still lands on the case that caused it: the ledger files each record under the
case running in the current asyncio task or thread (a context variable), so concurrent
cases never mix their tokens.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from langchain_core.language_models import BaseChatModel

from core.config import Settings
from llm.client import ChatClient
from llm.prompts import Prompt
from llm.provider import ProviderName, chat_model
from llm.usage import UsageLedger, UsageRecord

EVAL_TODAY = date(2026, 11, 1)
"""The date cases are judged on ("years of experience", ranking): results must not drift
with the calendar. A case may set its own."""

_CURRENT: ContextVar[list[UsageRecord] | None] = ContextVar("eval_case_usage", default=None)


class CaseLedger(UsageLedger):
    """A run's ledger that also files each record under the case being run."""

    def add(self, record: UsageRecord) -> None:
        super().add(record)
        current = _CURRENT.get()
        if current is not None:
            current.append(record)


@contextmanager
def case_usage() -> Iterator[list[UsageRecord]]:
    """Collect the model calls made in this context (this case) into the yielded list."""
    records: list[UsageRecord] = []
    token = _CURRENT.set(records)
    try:
        yield records
    finally:
        _CURRENT.reset(token)


@dataclass
class RunContext:
    provider: ProviderName
    settings: Settings
    datasets_dir: Path
    fixtures_dir: Path
    work_dir: Path
    """Scratch space of this run (a database for the agent suites, written files)."""
    today: date = EVAL_TODAY
    ledger: CaseLedger = field(default_factory=CaseLedger)
    _client: ChatClient | None = None
    _chat_models: dict[str, BaseChatModel] = field(default_factory=dict)

    @property
    def model_name(self) -> str | None:
        return self.settings.llm_model if self.provider == "openai" else None

    def llm(self) -> ChatClient | None:
        """The run's model client for services, uncached (a rerun must call the model again)."""
        if self.provider == "offline":
            return None
        if self._client is None:
            self._client = ChatClient(self.settings, ledger=self.ledger, cache=None)
        return self._client

    def chat_model(self, prompt: Prompt) -> BaseChatModel | None:
        """A LangChain chat model for routing and agents; its calls are recorded as ``prompt``."""
        if self.provider == "offline":
            return None
        key = f"{prompt.name}@{prompt.sha256}"
        model = self._chat_models.get(key)
        if model is None:
            model = chat_model(self.settings, "openai", prompt=prompt, ledger=self.ledger)
            assert model is not None
            self._chat_models[key] = model
        return model
