"""One preferences row per user, replaced as a whole from the candidate file or the API."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from db.models import UserPreferences


def upsert(session: Session, user_id: uuid.UUID, values: dict[str, Any]) -> UserPreferences:
    prefs = session.get(UserPreferences, user_id)
    if prefs is None:
        prefs = UserPreferences(user_id=user_id, **values)
        session.add(prefs)
    else:
        for key, value in values.items():
            setattr(prefs, key, value)
    session.flush()
    return prefs
