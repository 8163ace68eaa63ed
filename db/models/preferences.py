"""Per-user search preferences and the explicit auto-approve rule (off by default)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, utcnow
from db.enums import RemotePreference
from db.models._columns import enum_column


class UserPreferences(Base):
    __tablename__ = "user_preferences"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    titles: Mapped[list[Any]] = mapped_column(default=list)
    locations: Mapped[list[Any]] = mapped_column(default=list)
    remote: Mapped[RemotePreference] = mapped_column(
        enum_column(RemotePreference, "remote_preference"), default=RemotePreference.ANY
    )
    salary_min: Mapped[int | None]
    salary_currency: Mapped[str | None] = mapped_column(String(3))
    platforms: Mapped[list[Any]] = mapped_column(default=list)
    exclude_companies: Mapped[list[Any]] = mapped_column(default=list)
    auto_approve: Mapped[bool] = mapped_column(default=False)
    auto_approve_min_score: Mapped[int] = mapped_column(default=80)
    search_schedule: Mapped[str | None] = mapped_column(String(100))
    """A cron expression for saved searches; None means no scheduled search."""
    updated_at: Mapped[datetime] = mapped_column(
        default=utcnow, onupdate=utcnow, server_default=func.now()
    )
