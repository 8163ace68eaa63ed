"""Tokens and cost of every model call: kept for the caller's report and written to ``llm_usage``.

Cost is an estimate from the price table in the settings (US dollars per million tokens,
with a cheaper rate for cached input), because providers bill later and differently; the
table is a setting so a gateway's or a local model's prices (often zero) can be entered.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from db.models import LlmUsage


@dataclass(frozen=True)
class UsageContext:
    """Who a call is for, so usage can be summed per user and per application."""

    user_id: uuid.UUID | None = None
    application_id: uuid.UUID | None = None


@dataclass(frozen=True)
class UsageRecord:
    provider: str
    model: str
    prompt_name: str
    prompt_version: str
    prompt_tokens: int
    completion_tokens: int
    cached_tokens: int
    cost_usd: float
    latency_ms: int
    cache_hit: bool
    context: UsageContext = field(default_factory=UsageContext)

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


def estimate_cost(
    prices: Mapping[str, Mapping[str, float]],
    model: str,
    prompt_tokens: int,
    completion_tokens: int,
    cached_tokens: int,
) -> float:
    """Dollars for one call; an unknown model costs 0 (local models), never a guess."""
    price = prices.get(model)
    if price is None:
        return 0.0
    fresh = max(prompt_tokens - cached_tokens, 0)
    cached_rate = price.get("cached_input", price.get("input", 0.0))
    total = (
        fresh * price.get("input", 0.0)
        + cached_tokens * cached_rate
        + completion_tokens * price.get("output", 0.0)
    )
    return round(total / 1_000_000, 6)


UsageSink = Callable[[UsageRecord], None]


class UsageLedger:
    """Every call of one unit of work (a tailoring, an application), plus an optional sink."""

    def __init__(self, sink: UsageSink | None = None) -> None:
        self.records: list[UsageRecord] = []
        self._sink = sink

    def add(self, record: UsageRecord) -> None:
        self.records.append(record)
        if self._sink is not None:
            self._sink(record)

    def totals(self) -> dict[str, Any]:
        """The summary a report shows: calls, cache hits, tokens by kind and cost."""
        return {
            "calls": len(self.records),
            "cache_hits": sum(r.cache_hit for r in self.records),
            "prompt_tokens": sum(r.prompt_tokens for r in self.records),
            "completion_tokens": sum(r.completion_tokens for r in self.records),
            "cached_tokens": sum(r.cached_tokens for r in self.records),
            "total_tokens": sum(r.total_tokens for r in self.records),
            "cost_usd": round(sum(r.cost_usd for r in self.records), 6),
        }

    def as_dicts(self) -> list[dict[str, Any]]:
        rows = []
        for record in self.records:
            row = asdict(record)
            row.pop("context")
            rows.append(row)
        return rows


def database_sink(session_factory: sessionmaker[Session]) -> UsageSink:
    """Write each record to ``llm_usage`` in its own short transaction, as calls happen."""

    def write(record: UsageRecord) -> None:
        with session_factory.begin() as session:
            session.add(
                LlmUsage(
                    user_id=record.context.user_id,
                    application_id=record.context.application_id,
                    provider=record.provider,
                    model=record.model,
                    prompt_name=record.prompt_name,
                    prompt_version=record.prompt_version,
                    prompt_tokens=record.prompt_tokens,
                    completion_tokens=record.completion_tokens,
                    cached_tokens=record.cached_tokens,
                    cost_usd=Decimal(str(record.cost_usd)),
                    latency_ms=record.latency_ms,
                    cache_hit=record.cache_hit,
                )
            )

    return write
