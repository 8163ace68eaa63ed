"""Chat threads and who owns them.

The checkpointer keys conversations by thread id alone and knows nothing of users; this row
is what lets the API refuse a thread id that belongs to someone else (or to no chat at all,
such as an application's thread).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, utcnow


class ChatThread(Base):
    __tablename__ = "chat_threads"

    thread_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    title: Mapped[str | None] = mapped_column(String(200))
    """The start of the first message, to tell threads apart in a list."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        default=utcnow, onupdate=utcnow, server_default=func.now()
    )

    __table_args__ = (Index("ix_chat_threads_user_id_updated_at", "user_id", "updated_at"),)
