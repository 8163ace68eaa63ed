"""``/api/preferences``: what to search for, and the explicit auto-approve rule."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import CurrentUser, SessionDep
from api.schemas.common import ERRORS
from api.schemas.preferences import Preferences
from db.models import UserPreferences
from db.repositories import preferences

router = APIRouter(prefix="/api/preferences", tags=["preferences"], responses=ERRORS)


def _out(row: UserPreferences | None) -> Preferences:
    if row is None:
        return Preferences()
    return Preferences(
        titles=[str(t) for t in row.titles],
        locations=[str(p) for p in row.locations],
        remote=row.remote,
        salary_min=row.salary_min,
        salary_currency=row.salary_currency,
        platforms=[str(p) for p in row.platforms],
        exclude_companies=[str(c) for c in row.exclude_companies],
        auto_approve=row.auto_approve,
        auto_approve_min_score=row.auto_approve_min_score,
        search_schedule=row.search_schedule,
    )


@router.get("")
def get_preferences(user: CurrentUser, session: SessionDep) -> Preferences:
    """Your preferences; the defaults until you save some."""
    return _out(session.get(UserPreferences, user.user_id))


@router.put("")
def put_preferences(body: Preferences, user: CurrentUser, session: SessionDep) -> Preferences:
    """Replace your preferences as a whole."""
    row = preferences.upsert(session, user.user_id, body.model_dump())
    session.commit()
    return _out(row)
