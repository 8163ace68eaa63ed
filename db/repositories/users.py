"""Users are found by their normalised email address."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import User


def normalise_email(email: str) -> str:
    return email.strip().lower()


def get_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == normalise_email(email)))


def get_or_create(session: Session, email: str, display_name: str | None) -> tuple[User, bool]:
    """The user with this email, created if missing; the flag says whether it was created."""
    user = get_by_email(session, email)
    if user is not None:
        if display_name and user.display_name != display_name:
            user.display_name = display_name
        return user, False
    user = User(email=normalise_email(email), display_name=display_name)
    session.add(user)
    session.flush()
    return user, True
