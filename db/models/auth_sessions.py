"""Logins: one row per sign-in, so that logging out can end its tokens before they expire.

Every access and refresh token names its session; the API refuses a token whose session is
revoked or expired. ``refresh_token_id`` is the one refresh token of this login still valid:
refreshing replaces it (rotation), and presenting a replaced one revokes the whole session,
because only a stolen copy would be used after its replacement.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, IdMixin, utcnow


class AuthSession(IdMixin, Base):
    __tablename__ = "auth_sessions"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    refresh_token_id: Mapped[uuid.UUID]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    refreshed_at: Mapped[datetime | None]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    revoked_reason: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(255))

    __table_args__ = (Index("ix_auth_sessions_user_id", "user_id"),)
