"""Applications: one per (user, job), carrying the state machine and the evidence.

UNIQUE(user_id, job_id) plus the ready → submitting claim make "exactly once" a
property of the database rather than of careful code.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, IdMixin, TimestampMixin
from db.enums import ApplicationStatus
from db.models._columns import enum_column


class Application(IdMixin, TimestampMixin, Base):
    __tablename__ = "applications"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    job_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    status: Mapped[ApplicationStatus] = mapped_column(
        enum_column(ApplicationStatus, "application_status"),
        default=ApplicationStatus.DISCOVERED,
    )
    status_reason: Mapped[str | None] = mapped_column(Text)
    match_score: Mapped[float | None]
    match_reasons: Mapped[list[Any]] = mapped_column(default=list)
    tailored_resume_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("resumes.id", ondelete="SET NULL")
    )
    cover_letter: Mapped[str | None] = mapped_column(Text)
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    evidence: Mapped[dict[str, Any]] = mapped_column(default=dict)
    """Paths of screenshots and saved HTML, and the confirmation the platform showed."""
    thread_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    submitted_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    """How many times the application graph has been run for this application."""
    submit_attempts: Mapped[int] = mapped_column(default=0)
    """How many claims (ready → submitting) were taken; more than one needs a human's eyes."""

    __table_args__ = (
        UniqueConstraint("user_id", "job_id"),
        Index("ix_applications_user_id_status", "user_id", "status"),
        Index("ix_applications_job_id", "job_id"),
    )
