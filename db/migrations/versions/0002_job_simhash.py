"""Jobs: the SimHash of the description and the canonical apply URL, for cross-platform dedup.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("content_simhash", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("canonical_apply_url", sa.Text(), nullable=True))
        batch.create_index("ix_jobs_canonical_apply_url", ["canonical_apply_url"])


def downgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.drop_index("ix_jobs_canonical_apply_url")
        batch.drop_column("canonical_apply_url")
        batch.drop_column("content_simhash")
