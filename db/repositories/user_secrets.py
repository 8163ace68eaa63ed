"""Stored secrets: only ciphertext goes in and out of the database; ``reveal`` decrypts one
at the moment a service uses it, so a plaintext never sits in state, task arguments or logs."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core.crypto import Cipher
from db.models import UserSecret
from db.models.user_secrets import SecretKind


def slot(user_id: uuid.UUID, kind: SecretKind, name: str) -> str:
    """What a ciphertext is bound to (its associated data): owner, kind and name."""
    return f"{user_id}/{kind.value}/{name}"


def put(
    session: Session,
    cipher: Cipher,
    user_id: uuid.UUID,
    kind: SecretKind,
    name: str,
    value: str,
) -> UserSecret:
    sealed = cipher.encrypt(value, context=slot(user_id, kind, name))
    row = session.scalar(
        select(UserSecret).where(
            UserSecret.user_id == user_id, UserSecret.kind == kind, UserSecret.name == name
        )
    )
    if row is None:
        row = UserSecret(user_id=user_id, kind=kind, name=name, ciphertext=sealed)
        session.add(row)
    else:
        row.ciphertext = sealed
    session.flush()
    return row


def list_for_user(session: Session, user_id: uuid.UUID) -> Sequence[UserSecret]:
    return session.scalars(
        select(UserSecret)
        .where(UserSecret.user_id == user_id)
        .order_by(UserSecret.kind, UserSecret.name)
    ).all()


def remove(session: Session, user_id: uuid.UUID, kind: SecretKind, name: str) -> bool:
    result = session.execute(
        delete(UserSecret).where(
            UserSecret.user_id == user_id, UserSecret.kind == kind, UserSecret.name == name
        )
    )
    return bool(getattr(result, "rowcount", 0))


def reveal(
    session: Session, cipher: Cipher, user_id: uuid.UUID, kind: SecretKind, name: str
) -> str | None:
    """The plaintext, for the service about to use it; None when nothing is stored."""
    sealed = session.scalar(
        select(UserSecret.ciphertext).where(
            UserSecret.user_id == user_id, UserSecret.kind == kind, UserSecret.name == name
        )
    )
    if sealed is None:
        return None
    return cipher.decrypt(sealed, context=slot(user_id, kind, name))
