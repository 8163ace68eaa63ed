"""Applications: one row per (user, job). Ranking creates them as ``discovered`` with a score."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any, cast

from sqlalchemy import CursorResult, Table, select, update
from sqlalchemy.orm import Session

from db.base import UpsertInsert, upsert_insert, utcnow
from db.enums import ApplicationStatus, EventType, can_transition
from db.models import Application
from db.repositories import events


def _new_row(user_id: uuid.UUID, job_id: uuid.UUID, now: datetime, **values: Any) -> dict[str, Any]:
    """A new application's columns: bulk inserts bypass the ORM, so its defaults are set here."""
    return {
        "id": uuid.uuid4(),
        "user_id": user_id,
        "job_id": job_id,
        "status": ApplicationStatus.DISCOVERED,
        "match_reasons": [],
        "answers": {},
        "evidence": {},
        "attempts": 0,
        "submit_attempts": 0,
        "created_at": now,
        "updated_at": now,
        **values,
    }


def _insert(session: Session) -> UpsertInsert:
    return upsert_insert(session.get_bind().dialect.name, cast(Table, Application.__table__))


def upsert_match_scores(
    session: Session, user_id: uuid.UUID, scores: Sequence[tuple[uuid.UUID, float, list[str]]]
) -> None:
    """Record (job_id, score, reasons) for a user; an existing application keeps its status."""
    if not scores:
        return
    now = utcnow()
    rows = [
        _new_row(user_id, job_id, now, match_score=score, match_reasons=reasons)
        for job_id, score, reasons in scores
    ]
    statement = _insert(session)
    statement = statement.on_conflict_do_update(
        index_elements=["user_id", "job_id"],
        set_={
            "match_score": statement.excluded.match_score,
            "match_reasons": statement.excluded.match_reasons,
            "updated_at": statement.excluded.updated_at,
        },
    )
    session.execute(statement, rows)


class TransitionRefused(Exception):
    """The state machine does not allow this change, or the row was not in the expected state."""


def get_or_create(session: Session, user_id: uuid.UUID, job_id: uuid.UUID) -> Application:
    """The one application of (user, job); UNIQUE(user_id, job_id) settles concurrent creators."""
    session.execute(
        _insert(session)
        .values(_new_row(user_id, job_id, utcnow()))
        .on_conflict_do_nothing(index_elements=["user_id", "job_id"])
    )
    application = session.scalar(
        select(Application).where(Application.user_id == user_id, Application.job_id == job_id)
    )
    assert application is not None
    return application


def move(
    session: Session,
    application_id: uuid.UUID,
    expected: ApplicationStatus,
    new: ApplicationStatus,
    *,
    reason: str | None = None,
    values: dict[str, Any] | None = None,
) -> bool:
    """``expected`` → ``new`` as one conditional UPDATE; False if the row was not ``expected``.

    The WHERE on the current status is what makes concurrent movers safe: of two sessions
    racing for the same edge, exactly one sees a row updated. A status.updated event is
    appended in the same transaction.
    """
    if not can_transition(expected, new):
        raise TransitionRefused(f"an application cannot go from {expected} to {new}")
    result = session.execute(
        update(Application)
        .where(Application.id == application_id, Application.status == expected)
        .values(status=new, status_reason=reason, updated_at=utcnow(), **(values or {}))
        .execution_options(synchronize_session=False)
    )
    if cast(CursorResult[Any], result).rowcount != 1:
        return False
    user_id = session.scalar(select(Application.user_id).where(Application.id == application_id))
    events.append(
        session,
        EventType.APPLICATION_SUBMITTED
        if new is ApplicationStatus.SUBMITTED
        else EventType.STATUS_UPDATED,
        user_id=user_id,
        entity_type="application",
        entity_id=application_id,
        payload={"from": expected.value, "to": new.value, "reason": reason},
    )
    return True


def claim_for_submit(session: Session, application_id: uuid.UUID) -> bool:
    """The claim: ``ready`` → ``submitting``, counted; the caller commits it before the click."""
    return move(
        session,
        application_id,
        ApplicationStatus.READY,
        ApplicationStatus.SUBMITTING,
        reason="claimed for submission",
        values={"submit_attempts": Application.submit_attempts + 1},
    )


def interrupted_submissions(
    session: Session, *, older_than_s: float, application_id: uuid.UUID | None = None
) -> list[uuid.UUID]:
    """Claims left ``submitting`` longer than any submission takes: their process died.

    Each goes to ``needs_review``: the click may or may not have reached the platform, so only
    a person, looking at the platform, may say it was submitted or send it again.
    """
    cutoff = utcnow() - timedelta(seconds=older_than_s)
    query = select(Application.id).where(
        Application.status == ApplicationStatus.SUBMITTING, Application.updated_at <= cutoff
    )
    if application_id is not None:
        query = query.where(Application.id == application_id)
    stale = session.scalars(query).all()
    return [
        application_id
        for application_id in stale
        if move(
            session,
            application_id,
            ApplicationStatus.SUBMITTING,
            ApplicationStatus.NEEDS_REVIEW,
            reason="interrupted while submitting: check the platform before sending it again",
        )
    ]


_TO_READY = (
    ApplicationStatus.DISCOVERED,
    ApplicationStatus.SHORTLISTED,
    ApplicationStatus.TAILORING,
    ApplicationStatus.READY_FOR_REVIEW,
    ApplicationStatus.READY,
)


def approve(session: Session, application_id: uuid.UUID, *, reason: str) -> bool:
    """A person's approval: walk the application forward to ``ready`` along allowed edges.

    Refused (False) from any status past ``ready`` or off the path (submitted, needs_review…):
    approval never reopens a submission.
    """
    status = session.scalar(select(Application.status).where(Application.id == application_id))
    if status not in _TO_READY:
        return False
    path = list(_TO_READY[_TO_READY.index(status) :])
    if status in (ApplicationStatus.DISCOVERED, ApplicationStatus.SHORTLISTED):
        path = [status, ApplicationStatus.TAILORING, *_TO_READY[3:]]
    for current, new in pairwise(path):
        if not move(session, application_id, current, new, reason=reason):
            return False
    return True
