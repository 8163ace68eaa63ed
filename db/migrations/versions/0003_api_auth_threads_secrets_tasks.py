"""The HTTP API's tables: login sessions, chat thread owners, encrypted user secrets, tasks;
and an index on applications (user, match score) for listing one user's best matches.

Portable across SQLite and PostgreSQL like the initial schema: enums are checked strings,
JSON becomes JSONB on Postgres. No existing column or constraint is altered.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _ts(name: str, *, nullable: bool = False, now: bool = False) -> sa.Column[Any]:
    default = sa.func.now() if now else None
    return sa.Column(name, sa.DateTime(timezone=True), server_default=default, nullable=nullable)


def _owner() -> sa.Column[Any]:
    return sa.Column(
        "user_id", sa.Uuid(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "auth_sessions",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _owner(),
        sa.Column("refresh_token_id", sa.Uuid(), nullable=False),
        _ts("created_at", now=True),
        _ts("refreshed_at", nullable=True),
        _ts("expires_at"),
        _ts("revoked_at", nullable=True),
        sa.Column("revoked_reason", sa.String(64)),
        sa.Column("user_agent", sa.String(255)),
    )
    op.create_index("ix_auth_sessions_user_id", "auth_sessions", ["user_id"])

    op.create_table(
        "chat_threads",
        sa.Column("thread_id", sa.String(64), primary_key=True),
        _owner(),
        sa.Column("title", sa.String(200)),
        _ts("created_at", now=True),
        _ts("updated_at", now=True),
    )
    op.create_index("ix_chat_threads_user_id_updated_at", "chat_threads", ["user_id", "updated_at"])

    op.create_table(
        "user_secrets",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _owner(),
        sa.Column(
            "kind",
            _enum("secret_kind", "platform_session", "platform_credentials", "smtp_password"),
            nullable=False,
        ),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        _ts("created_at", now=True),
        _ts("updated_at", now=True),
        sa.UniqueConstraint("user_id", "kind", "name"),
    )

    op.create_table(
        "tasks",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _owner(),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column(
            "state",
            _enum("task_state", "queued", "running", "succeeded", "failed"),
            nullable=False,
        ),
        sa.Column("params", _json(), nullable=False),
        sa.Column("result", _json(), nullable=False),
        sa.Column("error", sa.Text()),
        _ts("created_at", now=True),
        _ts("updated_at", now=True),
    )
    op.create_index("ix_tasks_user_id_created_at", "tasks", ["user_id", "created_at"])
    op.create_index(
        "ix_applications_user_id_match_score", "applications", ["user_id", "match_score"]
    )


def downgrade() -> None:
    op.drop_index("ix_applications_user_id_match_score", table_name="applications")
    for table in ("tasks", "user_secrets", "chat_threads", "auth_sessions"):
        op.drop_table(table)
