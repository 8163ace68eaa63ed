"""Applications: one row per (user, job). Ranking creates them as ``discovered`` with a score."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from db.base import utcnow
from db.enums import ApplicationStatus
from db.models import Application


def upsert_match_scores(
    session: Session, user_id: uuid.UUID, scores: Sequence[tuple[uuid.UUID, float, list[str]]]
) -> None:
    """Record (job_id, score, reasons) for a user; an existing application keeps its status."""
    if not scores:
        return
    table = cast(Table, Application.__table__)
    now = utcnow()
    rows: list[dict[str, Any]] = [
        {
            "id": uuid.uuid4(),
            "user_id": user_id,
            "job_id": job_id,
            "status": ApplicationStatus.DISCOVERED,
            "match_score": score,
            "match_reasons": reasons,
            "answers": {},
            "evidence": {},
            "attempts": 0,
            "submit_attempts": 0,
            "created_at": now,
            "updated_at": now,
        }
        for job_id, score, reasons in scores
    ]
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=["user_id", "job_id"],
        set_={
            "match_score": statement.excluded.match_score,
            "match_reasons": statement.excluded.match_reasons,
            "updated_at": statement.excluded.updated_at,
        },
    )
    session.execute(statement, rows)
