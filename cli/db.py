"""``ajob db``: apply, revert and inspect the schema migrations.

Alembic and SQLAlchemy are imported inside the commands so that ``ajob --help`` stays fast.
"""

from __future__ import annotations

from typing import Annotated

import typer

from cli.console import out
from core.config import get_settings

app = typer.Typer(help="Manage the database schema (Alembic migrations).", no_args_is_help=True)


@app.command()
def upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
) -> None:
    """Create or update the schema, on SQLite or PostgreSQL alike."""
    from db import migrate
    from db.engine import display_url

    url = get_settings().database_url
    before = migrate.current_revision(url)
    after = migrate.upgrade(url, revision)
    change = "already at" if before == after else f"upgraded {before or 'empty'} ->"
    out.print(f"database {display_url(url)}: {change} {after}")


@app.command()
def downgrade(
    revision: Annotated[str, typer.Argument(help="Target revision: an id, -1, or base.")],
) -> None:
    """Revert the schema to an earlier revision (``base`` drops every table)."""
    from db import migrate
    from db.engine import display_url

    url = get_settings().database_url
    after = migrate.downgrade(url, revision)
    out.print(f"database {display_url(url)}: now at {after or 'base (no tables)'}")


@app.command()
def current() -> None:
    """Show the revision the database is at, and the newest one available."""
    from db import migrate
    from db.engine import display_url

    url = get_settings().database_url
    now = migrate.current_revision(url)
    head = migrate.head_revision()
    state = "up to date" if now == head else "run `ajob db upgrade`"
    out.print(f"database {display_url(url)}: at {now or 'base (no tables)'}, head {head} ({state})")
