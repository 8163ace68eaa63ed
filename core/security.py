"""Passwords and tokens: argon2id hashes, and signed JWTs that name a revocable session.

Access tokens are short-lived and carry the session id (``sid``) of the login that issued them;
refresh tokens carry the same ``sid`` and their own ``jti``, which the session row remembers, so
a refresh token works once (rotation) and a replayed one is recognised. Logging out revokes the
session, which ends every token of that login at once; that is why the API looks the session
up on each request instead of trusting a signature alone.

The signing secret comes from ``AJOB_JWT_SECRET``. When it is unset outside production, a
random one is generated once into the data folder, so a laptop needs no configuration and a
restart does not sign everyone out; production refuses to start without it (see
``signing_secret``).
"""

from __future__ import annotations

import os
import secrets
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from core.config import Settings
from core.errors import ConfigError

ALGORITHM = "HS256"
ISSUER = "ajob4agent"
AUDIENCE = "ajob4agent-api"
MIN_SECRET_BYTES = 32
"""HS256 keys shorter than the hash output weaken it (RFC 7518 §3.2)."""
SECRET_FILE = ".jwt_secret"

TokenType = Literal["access", "refresh"]

_hasher = PasswordHasher()
"""argon2-cffi's defaults are RFC 9106's second recommendation: argon2id, 3 passes, 64 MiB."""
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches. An account without a hash costs the same time as one
    with, so response times do not say which email addresses are registered."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether a stored hash was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(password_hash)


class TokenError(Exception):
    """A token that is malformed, forged, expired or of the wrong kind: one line for the client."""


@dataclass(frozen=True)
class Claims:
    user_id: uuid.UUID
    session_id: uuid.UUID
    token_id: uuid.UUID
    type: TokenType
    expires_at: datetime


def issue_token(
    secret: str,
    *,
    user_id: uuid.UUID,
    session_id: uuid.UUID,
    type_: TokenType,
    ttl: timedelta,
    token_id: uuid.UUID | None = None,
    now: datetime | None = None,
) -> tuple[str, Claims]:
    issued = now or datetime.now(UTC)
    claims = Claims(user_id, session_id, token_id or uuid.uuid4(), type_, issued + ttl)
    payload: dict[str, Any] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": str(user_id),
        "sid": str(session_id),
        "jti": str(claims.token_id),
        "typ": type_,
        "iat": int(issued.timestamp()),
        "exp": int(claims.expires_at.timestamp()),
    }
    return jwt.encode(payload, secret, algorithm=ALGORITHM), claims


def read_token(secret: str, token: str, *, expected: TokenType) -> Claims:
    """The claims of a token we signed, of the ``expected`` kind, not expired."""
    try:
        payload = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"require": ["exp", "iat", "sub", "sid", "jti", "typ"]},
        )
    except jwt.ExpiredSignatureError:
        raise TokenError("the token has expired; refresh it or log in again") from None
    except jwt.InvalidTokenError:
        raise TokenError("the token is not valid; log in again") from None
    if payload.get("typ") != expected:
        raise TokenError(
            f"a {payload.get('typ')} token was given where a {expected} token is needed"
        )
    try:
        return Claims(
            user_id=uuid.UUID(str(payload["sub"])),
            session_id=uuid.UUID(str(payload["sid"])),
            token_id=uuid.UUID(str(payload["jti"])),
            type=expected,
            expires_at=datetime.fromtimestamp(int(payload["exp"]), UTC),
        )
    except (ValueError, TypeError):
        raise TokenError("the token is not valid; log in again") from None


def signing_secret(settings: Settings) -> str:
    """The secret tokens are signed with: the setting, else one kept in the data folder.

    Production must set it: several API processes on several machines have to agree on it,
    and a file silently generated on one of them would sign tokens the others refuse.
    """
    if settings.jwt_secret is not None:
        return settings.jwt_secret.get_secret_value()
    if settings.env == "production":
        raise ConfigError(
            "AJOB_JWT_SECRET is required when AJOB_ENV=production; generate one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`"
        )
    return generated_secret(settings.data_dir / SECRET_FILE, lambda: secrets.token_urlsafe(48))


def generated_secret(path: Path, make: Callable[[], str]) -> str:
    """A secret created once (owner-only permissions) and read back on every later start.

    Creation is exclusive, so two processes starting together agree on one value.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(make())
    for _ in range(50):
        value = path.read_text(encoding="utf-8").strip()
        if value:
            return value
        time.sleep(0.01)
    raise ConfigError(f"{path} is empty; delete it to generate a new secret")
