"""Jobs: cheaper writes (a content hash; on PostgreSQL lz4 TOAST, HOT updates, no FTS stats).

- ``content_hash`` lets the upsert tell an unchanged posting from a changed one without
  reading back the stored descriptions and payload from TOAST (jobs.upsert).

- The three large columns (description text and HTML, the raw payload) are compressed with lz4
  when the server has it: it costs about half of pglz's CPU per row for a similar size.
- fillfactor 50 leaves room on each page, so an update that touches no indexed column (the
  ``sources`` of a cross-platform duplicate, ``updated_at``) is a HOT update and does not
  re-index the row, above all the full-text GIN index, whose ``to_tsvector`` is the dearest
  part of writing a job. Rows stored together are merged together (the boards' copies of a
  page of ATS postings), so every row of a page needs its room: at 80 most of a page's
  updates still re-indexed (400 µs a row against 30). The heap holds only the short
  columns (the descriptions and raw payload live in TOAST), so this costs little space.
- ANALYZE (autovacuum's) no longer evaluates ``to_tsvector`` over its 30,000 sampled rows to
  gather statistics on the full-text expression: that cost as much as storing the rows.
  ``@@`` is then estimated with PostgreSQL's default selectivity, which still plans the GIN
  index.

SQLite has none of the other knobs; there only the column is added.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LARGE_COLUMNS = ("description_text", "description_html", "raw")
JOBS_FILLFACTOR = 50


def _has_lz4() -> bool:
    enumvals = (
        op.get_bind()
        .exec_driver_sql(
            "SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        .scalar()
    )
    return "lz4" in (enumvals or [])


def _compress(method: str) -> None:
    clauses = ", ".join(f"ALTER COLUMN {name} SET COMPRESSION {method}" for name in LARGE_COLUMNS)
    op.execute(f"ALTER TABLE jobs {clauses}")


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("content_hash", sa.String(32), nullable=True))
    if op.get_bind().dialect.name != "postgresql":
        return
    if _has_lz4():
        _compress("lz4")
    op.execute(f"ALTER TABLE jobs SET (fillfactor = {JOBS_FILLFACTOR})")
    op.execute("ALTER INDEX ix_jobs_fts ALTER COLUMN 1 SET STATISTICS 0")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER INDEX ix_jobs_fts ALTER COLUMN 1 SET STATISTICS -1")
        op.execute("ALTER TABLE jobs RESET (fillfactor)")
        _compress("DEFAULT")
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("content_hash")
