"""Initial schema: users, resumes, preferences, jobs, applications, outreach, events, llm_usage.

Portable across SQLite and PostgreSQL: enums are checked strings, JSON becomes
JSONB on Postgres, and the Postgres-only full-text index is created only there.
Events are append-only: a trigger on each backend refuses UPDATE.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPLICATION_STATUSES = (
    "discovered", "shortlisted", "tailoring", "ready_for_review", "ready", "submitting",
    "submitted", "interviewing", "rejected", "offer", "withdrawn", "skipped",
    "needs_review", "needs_human", "failed", "expired",
)  # fmt: skip
JOBS_FTS_DOCUMENT = (
    "coalesce(title, '') || ' ' || coalesce(company, '') || ' ' || coalesce(description_text, '')"
)


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _ts(name: str, *, nullable: bool = False, now: bool = False) -> sa.Column[Any]:
    default = sa.func.now() if now else None
    return sa.Column(name, sa.DateTime(timezone=True), server_default=default, nullable=nullable)


def _id() -> sa.Column[Any]:
    return sa.Column("id", sa.Uuid(), primary_key=True)


def _timestamps() -> list[sa.Column[Any]]:
    return [_ts("created_at", now=True), _ts("updated_at", now=True)]


def _fk(column: str, target: str, ondelete: str, *, nullable: bool = True) -> sa.Column[Any]:
    return sa.Column(column, sa.Uuid(), sa.ForeignKey(target, ondelete=ondelete), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "users",
        _id(),
        sa.Column("email", sa.String(320), nullable=False, unique=True),
        sa.Column("display_name", sa.String(200)),
        sa.Column("password_hash", sa.String(255)),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        *_timestamps(),
    )
    op.create_table(
        "jobs",
        _id(),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("external_id", sa.String(255), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("company", sa.String(255), nullable=False),
        sa.Column("locations", _json(), nullable=False),
        sa.Column(
            "workplace_type",
            _enum("workplace_type", "remote", "hybrid", "onsite", "unknown"),
            nullable=False,
        ),
        sa.Column("employment_type", sa.String(32)),
        sa.Column("salary_min", sa.Float()),
        sa.Column("salary_max", sa.Float()),
        sa.Column("salary_currency", sa.String(3)),
        sa.Column("salary_period", sa.String(16)),
        sa.Column("description_text", sa.Text()),
        sa.Column("description_html", sa.Text()),
        sa.Column("url", sa.Text()),
        sa.Column("apply_url", sa.Text()),
        sa.Column("canonical_url", sa.Text()),
        sa.Column("fingerprint", sa.String(64)),
        sa.Column("sources", _json(), nullable=False),
        _ts("posted_at", nullable=True),
        _ts("expired_at", nullable=True),
        sa.Column("raw", _json(), nullable=False),
        *_timestamps(),
        sa.UniqueConstraint("platform", "external_id"),
    )
    op.create_index("ix_jobs_canonical_url", "jobs", ["canonical_url"])
    op.create_index("ix_jobs_fingerprint", "jobs", ["fingerprint"])
    op.create_index("ix_jobs_company", "jobs", ["company"])
    op.create_index("ix_jobs_created_at", "jobs", ["created_at"])
    if op.get_bind().dialect.name == "postgresql":
        op.create_index(
            "ix_jobs_fts",
            "jobs",
            [sa.text(f"to_tsvector('english', {JOBS_FTS_DOCUMENT})")],
            postgresql_using="gin",
        )

    op.create_table(
        "resumes",
        _id(),
        _fk("user_id", "users.id", "CASCADE", nullable=False),
        sa.Column("kind", _enum("resume_kind", "master", "tailored"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(200)),
        sa.Column("content", _json(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("source_format", sa.String(16)),
        sa.Column("source_filename", sa.String(255)),
        _fk("parent_id", "resumes.id", "SET NULL"),
        _fk("job_id", "jobs.id", "SET NULL"),
        *_timestamps(),
    )
    op.create_index("ix_resumes_user_id_kind", "resumes", ["user_id", "kind"])
    op.create_index(
        "uq_resumes_master_version",
        "resumes",
        ["user_id", "version"],
        unique=True,
        sqlite_where=sa.text("kind = 'master'"),
        postgresql_where=sa.text("kind = 'master'"),
    )

    op.create_table(
        "user_preferences",
        sa.Column(
            "user_id", sa.Uuid(), sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("titles", _json(), nullable=False),
        sa.Column("locations", _json(), nullable=False),
        sa.Column(
            "remote",
            _enum("remote_preference", "remote", "hybrid", "onsite", "any"),
            nullable=False,
        ),
        sa.Column("salary_min", sa.Integer()),
        sa.Column("salary_currency", sa.String(3)),
        sa.Column("platforms", _json(), nullable=False),
        sa.Column("exclude_companies", _json(), nullable=False),
        sa.Column("auto_approve", sa.Boolean(), nullable=False),
        sa.Column("auto_approve_min_score", sa.Integer(), nullable=False),
        sa.Column("search_schedule", sa.String(100)),
        _ts("updated_at", now=True),
    )

    op.create_table(
        "applications",
        _id(),
        _fk("user_id", "users.id", "CASCADE", nullable=False),
        _fk("job_id", "jobs.id", "CASCADE", nullable=False),
        sa.Column("status", _enum("application_status", *APPLICATION_STATUSES), nullable=False),
        sa.Column("status_reason", sa.Text()),
        sa.Column("match_score", sa.Float()),
        sa.Column("match_reasons", _json(), nullable=False),
        _fk("tailored_resume_id", "resumes.id", "SET NULL"),
        sa.Column("cover_letter", sa.Text()),
        sa.Column("answers", _json(), nullable=False),
        sa.Column("evidence", _json(), nullable=False),
        sa.Column("thread_id", sa.String(64), unique=True),
        _ts("submitted_at", nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("submit_attempts", sa.Integer(), nullable=False),
        *_timestamps(),
        sa.UniqueConstraint("user_id", "job_id"),
    )
    op.create_index("ix_applications_user_id_status", "applications", ["user_id", "status"])
    op.create_index("ix_applications_job_id", "applications", ["job_id"])

    op.create_table(
        "outreach",
        _id(),
        _fk("user_id", "users.id", "CASCADE", nullable=False),
        _fk("application_id", "applications.id", "SET NULL"),
        _fk("job_id", "jobs.id", "SET NULL"),
        sa.Column("recipient_name", sa.String(200)),
        sa.Column("recipient_email", sa.String(320)),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("subject", sa.String(500)),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "status",
            _enum("outreach_status", "draft", "approved", "sent", "failed", "replied"),
            nullable=False,
        ),
        sa.Column("message_id", sa.String(255)),
        _ts("sent_at", nullable=True),
        _ts("follow_up_at", nullable=True),
        *_timestamps(),
    )
    op.create_index("ix_outreach_user_id_status", "outreach", ["user_id", "status"])

    op.create_table(
        "events",
        _id(),
        _fk("user_id", "users.id", "CASCADE"),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("entity_type", sa.String(32)),
        sa.Column("entity_id", sa.Uuid()),
        sa.Column("payload", _json(), nullable=False),
        _ts("created_at", now=True),
    )
    op.create_index("ix_events_user_id_created_at", "events", ["user_id", "created_at"])
    op.create_index("ix_events_type", "events", ["type"])
    _create_append_only_trigger()

    op.create_table(
        "llm_usage",
        _id(),
        _fk("user_id", "users.id", "CASCADE"),
        _fk("application_id", "applications.id", "SET NULL"),
        sa.Column("provider", sa.String(32), nullable=False),
        sa.Column("model", sa.String(100), nullable=False),
        sa.Column("prompt_name", sa.String(100)),
        sa.Column("prompt_version", sa.String(32)),
        sa.Column("prompt_tokens", sa.Integer(), nullable=False),
        sa.Column("completion_tokens", sa.Integer(), nullable=False),
        sa.Column("cached_tokens", sa.Integer(), nullable=False),
        sa.Column("cost_usd", sa.Numeric(12, 6), nullable=False),
        sa.Column("latency_ms", sa.Integer()),
        sa.Column("cache_hit", sa.Boolean(), nullable=False),
        _ts("created_at", now=True),
    )
    op.create_index("ix_llm_usage_application_id", "llm_usage", ["application_id"])
    op.create_index("ix_llm_usage_user_id_created_at", "llm_usage", ["user_id", "created_at"])


def _create_append_only_trigger() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION events_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'events is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER events_append_only BEFORE UPDATE ON events "
            "FOR EACH ROW EXECUTE FUNCTION events_refuse_update()"
        )
    else:
        op.execute(
            "CREATE TRIGGER events_append_only BEFORE UPDATE ON events "
            "BEGIN SELECT RAISE(ABORT, 'events is append-only'); END"
        )


def downgrade() -> None:
    op.execute(
        "DROP TRIGGER IF EXISTS events_append_only"
        + (" ON events" if op.get_bind().dialect.name == "postgresql" else "")
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS events_refuse_update()")
    for table in (
        "llm_usage", "events", "outreach", "applications", "user_preferences", "resumes", "jobs",
        "users",
    ):  # fmt: skip
        op.drop_table(table)
