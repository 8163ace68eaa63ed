"""``/api/secrets``: store platform sessions, platform logins and SMTP passwords, encrypted.

Values go in and never come back out: listing shows which secrets exist, not what they are.
Services decrypt one at the moment they use it (``db.repositories.user_secrets.reveal``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from api.deps import CurrentUser, SessionDep, StateDep
from api.errors import not_found
from api.schemas.common import ERRORS, ErrorBody
from api.schemas.secrets import SecretOut, SecretValue
from db.models import UserSecret
from db.models.user_secrets import SecretKind
from db.repositories import user_secrets

router = APIRouter(prefix="/api/secrets", tags=["secrets"], responses=ERRORS)

Name = Annotated[
    str,
    Path(
        min_length=1,
        max_length=100,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._@:-]*$",
        description="Which one: a platform (linkedin) or a mail server (smtp.example.org).",
    ),
]


def _out(row: UserSecret) -> SecretOut:
    return SecretOut(
        kind=row.kind, name=row.name, created_at=row.created_at, updated_at=row.updated_at
    )


@router.get("")
def list_secrets(user: CurrentUser, session: SessionDep) -> list[SecretOut]:
    return [_out(row) for row in user_secrets.list_for_user(session, user.user_id)]


@router.put("/{kind}/{name}")
def put_secret(
    kind: SecretKind,
    name: Name,
    body: SecretValue,
    user: CurrentUser,
    state: StateDep,
    session: SessionDep,
) -> SecretOut:
    """Store (or replace) a secret; only its ciphertext is kept."""
    row = user_secrets.put(session, state.cipher, user.user_id, kind, name, body.value)
    session.commit()
    return _out(row)


@router.delete(
    "/{kind}/{name}", status_code=status.HTTP_204_NO_CONTENT, responses={404: {"model": ErrorBody}}
)
def delete_secret(kind: SecretKind, name: Name, user: CurrentUser, session: SessionDep) -> Response:
    if not user_secrets.remove(session, user.user_id, kind, name):
        raise not_found(f"{kind.value} secret {name!r}")
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
