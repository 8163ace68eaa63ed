"""Jobs: full-text search reads a compact document (``search_text``), not the whole description.

The GIN index over ``to_tsvector`` of title, company and the whole description was the dearest
part of storing a job (jobs/search_text.py says what the new document holds, and why). On
PostgreSQL the document's tsvector is now a stored generated column, ``search_vector``, which
the GIN index covers, rather than an index expression: ANALYZE keeps statistics on a column
cheaply (about 0.1 s for 40,000 rows), where statistics on the expression meant evaluating
``to_tsvector`` for every sampled row (0004 turned them off: 0.64 s became 4.1 s for 30,000
jobs). Without statistics the planner took a word most jobs contain for a rare one and listed
them through a bitmap of every match. SQLite's LIKE search reads title, company and
``search_text``.

On PostgreSQL, ANALYZE (autovacuum's) no longer gathers statistics on the four text columns
no query filters or sorts by (the descriptions, the raw payload, the search document): an
ANALYZE of 30,000 jobs took 0.64 s instead of 0.72 s.

A job already stored gets its whole description as its document, which is what search read
until now, so upgrading changes no one's results. A search that sees the posting again gives it
the compact document: its content hash covers the row's format (``jobs.upsert.ROW_FORMAT``,
raised with this revision), so it is rewritten once. (The compact document needs the skills
vocabulary in jobs/skills.py, and migrations import nothing from the app.)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_DOCUMENT = (
    "coalesce(title, '') || ' ' || coalesce(company, '') || ' ' || coalesce(description_text, '')"
)
UNFILTERED_COLUMNS = ("description_text", "description_html", "raw", "search_text")
NEW_DOCUMENT = (
    "coalesce(title, '') || ' ' || coalesce(company, '') || ' ' || coalesce(search_text, '')"
)


def _postgres() -> bool:
    return bool(op.get_bind().dialect.name == "postgresql")


def _statistics(target: int) -> None:
    clauses = ", ".join(f"ALTER COLUMN {c} SET STATISTICS {target}" for c in UNFILTERED_COLUMNS)
    op.execute(f"ALTER TABLE jobs {clauses}")


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("search_text", sa.Text(), nullable=True))
    if _postgres():
        op.execute("DROP INDEX ix_jobs_fts")
    op.execute("UPDATE jobs SET search_text = description_text")
    if _postgres():
        op.execute(
            "ALTER TABLE jobs ADD COLUMN search_vector tsvector"
            f" GENERATED ALWAYS AS (to_tsvector('english', {NEW_DOCUMENT})) STORED"
        )
        op.execute("CREATE INDEX ix_jobs_fts ON jobs USING gin (search_vector)")
        _statistics(0)


def downgrade() -> None:
    if _postgres():
        _statistics(-1)
        op.execute("DROP INDEX ix_jobs_fts")
        op.execute("ALTER TABLE jobs DROP COLUMN search_vector")
        op.execute(
            f"CREATE INDEX ix_jobs_fts ON jobs USING gin (to_tsvector('english', {OLD_DOCUMENT}))"
        )
        op.execute("ALTER INDEX ix_jobs_fts ALTER COLUMN 1 SET STATISTICS 0")
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("search_text")
