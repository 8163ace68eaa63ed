"""Jobs: one row per posting, shared by all users, deduplicated across platforms.

(platform, external_id) identifies a posting on one platform; canonical_url and
fingerprint let the search service recognise the same job on another platform,
which is then recorded in ``sources`` instead of stored twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, IdMixin, TimestampMixin
from db.enums import WorkplaceType
from db.models._columns import enum_column

SEARCH_VECTOR = "search_vector"
"""Postgres only: ``to_tsvector('english', …)`` of title, company and ``search_text`` (SQLite's
LIKE search reads the same three columns), a stored generated column with the GIN index
``ix_jobs_fts``; migration 0005 holds its expression. A column rather than an index on the
expression so ANALYZE can keep statistics on it cheaply: without them the planner guessed that
a word most jobs contain is rare, and listed them through a bitmap of every match instead of
walking the newest first. Not mapped: SQLite has no tsvector, and only the text match reads it."""


class Job(IdMixin, TimestampMixin, Base):
    __tablename__ = "jobs"

    platform: Mapped[str] = mapped_column(String(32))
    external_id: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(500))
    company: Mapped[str] = mapped_column(String(255))
    locations: Mapped[list[Any]] = mapped_column(default=list)
    workplace_type: Mapped[WorkplaceType] = mapped_column(
        enum_column(WorkplaceType, "workplace_type"), default=WorkplaceType.UNKNOWN
    )
    employment_type: Mapped[str | None] = mapped_column(String(32))
    salary_min: Mapped[float | None]
    salary_max: Mapped[float | None]
    salary_currency: Mapped[str | None] = mapped_column(String(3))
    salary_period: Mapped[str | None] = mapped_column(String(16))
    description_text: Mapped[str | None] = mapped_column(Text)
    description_html: Mapped[str | None] = mapped_column(Text)
    search_text: Mapped[str | None] = mapped_column(Text)
    """Places, skills named and the description's opening: what text search reads beside the
    title and company (jobs/search_text.py)."""
    url: Mapped[str | None] = mapped_column(Text)
    apply_url: Mapped[str | None] = mapped_column(Text)
    canonical_url: Mapped[str | None] = mapped_column(Text, index=True)
    canonical_apply_url: Mapped[str | None] = mapped_column(Text, index=True)
    """Where the posting sends applicants; an aggregator's points at the ATS posting."""
    fingerprint: Mapped[str | None] = mapped_column(String(64), index=True)
    """Company + normalised title; see jobs/dedup.py for how a match is confirmed."""
    content_simhash: Mapped[int | None] = mapped_column(BigInteger)
    """SimHash of the description (None when too short to compare)."""
    content_hash: Mapped[str | None] = mapped_column(String(32))
    """Of every column an upsert writes, so an unchanged posting is recognised without
    reading its stored text back (jobs.upsert)."""
    sources: Mapped[list[Any]] = mapped_column(default=list)
    """Every (platform, external_id, url) this job was seen under, this row's own included."""
    posted_at: Mapped[datetime | None]
    expired_at: Mapped[datetime | None]
    raw: Mapped[dict[str, Any]] = mapped_column(default=dict)

    __table_args__ = (
        UniqueConstraint("platform", "external_id"),
        Index("ix_jobs_created_at", "created_at"),
        Index("ix_jobs_company", "company"),
    )
