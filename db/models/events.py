"""Events: the append-only log of every state change, streamed to clients over SSE.

Rows are never updated; a database trigger (see the initial migration) refuses it.
Deleting stays possible, for retention and account erasure.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, IdMixin, utcnow


class Event(IdMixin, Base):
    __tablename__ = "events"

    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str | None] = mapped_column(String(32))
    entity_id: Mapped[uuid.UUID | None]
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    __table_args__ = (
        Index("ix_events_user_id_created_at", "user_id", "created_at"),
        Index("ix_events_type", "type"),
    )
