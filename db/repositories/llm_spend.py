"""One user's model calls, tokens and cost, summed from llm_usage."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from db.models import LlmUsage


def by_model(session: Session, user_id: uuid.UUID) -> Sequence[Row[Any]]:
    """(model, calls, prompt, completion, cached tokens, cost) per model."""
    return session.execute(
        select(
            LlmUsage.model,
            func.count(),
            func.coalesce(func.sum(LlmUsage.prompt_tokens), 0),
            func.coalesce(func.sum(LlmUsage.completion_tokens), 0),
            func.coalesce(func.sum(LlmUsage.cached_tokens), 0),
            func.coalesce(func.sum(LlmUsage.cost_usd), 0),
        )
        .where(LlmUsage.user_id == user_id)
        .group_by(LlmUsage.model)
        .order_by(LlmUsage.model)
    ).all()
