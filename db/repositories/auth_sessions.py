"""Login sessions: opened at login, rotated at refresh, revoked at logout or on token reuse."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from db.models import AuthSession, User

Rotation = Literal["rotated", "reused", "gone"]


def open_session(
    session: Session,
    user_id: uuid.UUID,
    *,
    refresh_token_id: uuid.UUID,
    expires_at: datetime,
    user_agent: str | None,
) -> AuthSession:
    row = AuthSession(
        user_id=user_id,
        refresh_token_id=refresh_token_id,
        expires_at=expires_at,
        user_agent=(user_agent or "")[:255] or None,
    )
    session.add(row)
    session.flush()
    return row


def active_user(
    session: Session, session_id: uuid.UUID, user_id: uuid.UUID, now: datetime
) -> str | None:
    """The email of a live session's user (not revoked, not expired, account active), else
    None. Columns, not entities: this runs on every request."""
    return session.scalar(
        select(User.email)
        .join(AuthSession, AuthSession.user_id == User.id)
        .where(
            AuthSession.id == session_id,
            AuthSession.user_id == user_id,
            AuthSession.revoked_at.is_(None),
            AuthSession.expires_at > now,
            User.is_active.is_(True),
        )
    )


def rotate(
    session: Session,
    session_id: uuid.UUID,
    user_id: uuid.UUID,
    *,
    presented: uuid.UUID,
    replacement: uuid.UUID,
    now: datetime,
    expires_at: datetime,
) -> Rotation:
    """Swap the session's refresh token for a new one, in one conditional UPDATE.

    A refresh token that was already replaced is a copy someone kept: the whole session is
    revoked ("reused"), so the thief and the owner both have to log in again.
    """
    result = session.execute(
        update(AuthSession)
        .where(
            AuthSession.id == session_id,
            AuthSession.user_id == user_id,
            AuthSession.refresh_token_id == presented,
            AuthSession.revoked_at.is_(None),
            AuthSession.expires_at > now,
        )
        .values(refresh_token_id=replacement, refreshed_at=now, expires_at=expires_at)
        .execution_options(synchronize_session=False)
    )
    if cast(CursorResult[Any], result).rowcount == 1:
        return "rotated"
    row = session.get(AuthSession, session_id)
    if row is None or row.user_id != user_id or row.revoked_at is not None:
        return "gone"
    if row.refresh_token_id != presented:
        revoke(session, session_id, reason="refresh token reused", now=now)
        return "reused"
    return "gone"


def revoke(session: Session, session_id: uuid.UUID, *, reason: str, now: datetime) -> bool:
    result = session.execute(
        update(AuthSession)
        .where(AuthSession.id == session_id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=now, revoked_reason=reason[:64])
        .execution_options(synchronize_session=False)
    )
    return cast(CursorResult[Any], result).rowcount == 1
