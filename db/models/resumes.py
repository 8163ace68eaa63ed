"""Resumes: versioned masters, and tailored copies linked to the job they were made for."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, IdMixin, TimestampMixin
from db.enums import ResumeKind
from db.models._columns import enum_column


class Resume(IdMixin, TimestampMixin, Base):
    __tablename__ = "resumes"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[ResumeKind] = mapped_column(enum_column(ResumeKind, "resume_kind"))
    version: Mapped[int]
    label: Mapped[str | None] = mapped_column(String(200))
    content: Mapped[dict[str, Any]]
    """The JSON Resume document, plus the candidate file's application/preferences blocks."""
    content_hash: Mapped[str] = mapped_column(String(64))
    source_format: Mapped[str | None] = mapped_column(String(16))
    source_filename: Mapped[str | None] = mapped_column(String(255))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("resumes.id", ondelete="SET NULL")
    )
    job_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"))

    __table_args__ = (
        Index("ix_resumes_user_id_kind", "user_id", "kind"),
        Index(
            "uq_resumes_master_version",
            "user_id",
            "version",
            unique=True,
            sqlite_where=text("kind = 'master'"),
            postgresql_where=text("kind = 'master'"),
        ),
    )
