"""Model calls, tokens and cost, summed from llm_usage: one user's, or everyone's."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from db.models import LlmUsage


def by_model(session: Session, user_id: uuid.UUID | None) -> Sequence[Row[Any]]:
    """(model, calls, prompt, completion, cached tokens, cost) per model; ``user_id`` None sums
    every user's (the service's metrics)."""
    query = select(
        LlmUsage.model,
        func.count(),
        func.coalesce(func.sum(LlmUsage.prompt_tokens), 0),
        func.coalesce(func.sum(LlmUsage.completion_tokens), 0),
        func.coalesce(func.sum(LlmUsage.cached_tokens), 0),
        func.coalesce(func.sum(LlmUsage.cost_usd), 0),
    )
    if user_id is not None:
        query = query.where(LlmUsage.user_id == user_id)
    return session.execute(query.group_by(LlmUsage.model).order_by(LlmUsage.model)).all()
