"""Outreach: messages to recruiters, drafted, approved, sent and followed up."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, IdMixin, TimestampMixin
from db.enums import OutreachStatus
from db.models._columns import enum_column


class Outreach(IdMixin, TimestampMixin, Base):
    __tablename__ = "outreach"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    application_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("applications.id", ondelete="SET NULL")
    )
    job_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"))
    recipient_name: Mapped[str | None] = mapped_column(String(200))
    recipient_email: Mapped[str | None] = mapped_column(String(320))
    channel: Mapped[str] = mapped_column(String(16), default="email")
    subject: Mapped[str | None] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[OutreachStatus] = mapped_column(
        enum_column(OutreachStatus, "outreach_status"), default=OutreachStatus.DRAFT
    )
    message_id: Mapped[str | None] = mapped_column(String(255))
    sent_at: Mapped[datetime | None]
    follow_up_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_outreach_user_id_status", "user_id", "status"),)
