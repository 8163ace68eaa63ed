"""Secrets a user stores (platform sessions and logins, SMTP passwords), encrypted at rest.

Only ciphertext is kept (core/crypto.py, bound to the owner and the slot); services decrypt
a secret at the moment they use it, so it never enters graph state, task arguments or logs.
"""

from __future__ import annotations

import uuid
from enum import StrEnum

from sqlalchemy import ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, IdMixin, TimestampMixin
from db.models._columns import enum_column


class SecretKind(StrEnum):
    PLATFORM_SESSION = "platform_session"
    """A Playwright storage state (cookies, local storage) of the user's own login."""
    PLATFORM_CREDENTIALS = "platform_credentials"
    SMTP_PASSWORD = "smtp_password"


class UserSecret(IdMixin, TimestampMixin, Base):
    __tablename__ = "user_secrets"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[SecretKind] = mapped_column(enum_column(SecretKind, "secret_kind"))
    name: Mapped[str] = mapped_column(String(100))
    """Which one of its kind: a platform ("linkedin") or a mail server ("smtp.example.org")."""
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)

    __table_args__ = (UniqueConstraint("user_id", "kind", "name"),)
