"""Dependencies routes declare with ``Annotated``: the app's state, a database session, the user.

``CurrentUser`` is the only way a route learns who is asking: it checks the bearer token's
signature and expiry, counts the request against the user's rate limit, and looks the login
session up, so a logged-out or deactivated user's token stops working at once.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from api.errors import ApiError
from api.state import ApiState
from core.security import TokenError, read_token
from db.base import utcnow
from db.repositories import auth_sessions


def api_state(request: Request) -> ApiState:
    state: ApiState = request.app.state.api
    return state


StateDep = Annotated[ApiState, Depends(api_state)]


def get_db(state: StateDep) -> Iterator[Session]:
    """A session for the route's own work, closed when the route returns (before a streamed
    response goes out, so a long stream never holds a connection)."""
    with state.services.sessions() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_db, scope="function")]

bearer = HTTPBearer(
    auto_error=False,
    description="An access token from POST /api/auth/login (or /refresh).",
)


@dataclass(frozen=True)
class Principal:
    """Who is asking: the user and the login session their token belongs to."""

    user_id: uuid.UUID
    session_id: uuid.UUID
    email: str


def unauthorized(message: str) -> ApiError:
    return ApiError(401, message, code="unauthorized", headers={"WWW-Authenticate": "Bearer"})


def current_user(
    state: StateDep,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    if credentials is None or not credentials.credentials:
        raise unauthorized("sign in: send Authorization: Bearer <access token>")
    try:
        claims = read_token(state.jwt_secret, credentials.credentials, expected="access")
    except TokenError as exc:
        raise unauthorized(str(exc)) from None
    limit = state.settings.api_rate_limit_user
    if limit > 0:
        verdict = state.limiter.hit(f"user:{claims.user_id}", limit, 60)
        if not verdict.allowed:
            raise ApiError(
                429,
                f"too many requests for this account; wait {verdict.retry_after_s} s",
                headers={"Retry-After": str(verdict.retry_after_s)},
            )
    user = auth_sessions.active_user(session, claims.session_id, claims.user_id, utcnow())
    if user is None:
        raise unauthorized("this login has ended (logged out, expired or disabled); log in again")
    return Principal(user.id, claims.session_id, user.email)


CurrentUser = Annotated[Principal, Depends(current_user)]


def login_guard(request: Request, state: StateDep) -> str:
    """Counts an attempt to log in or register from this address; returns the address."""
    client = request.client
    address = client.host if client else "unknown"
    settings = state.settings
    verdict = state.limiter.hit(
        f"login-ip:{address}", settings.api_login_attempts_ip, settings.api_login_window_s
    )
    if not verdict.allowed:
        raise ApiError(
            429,
            f"too many sign-in attempts from {address}; wait {verdict.retry_after_s} s",
            headers={"Retry-After": str(verdict.retry_after_s)},
        )
    return address


LoginGuard = Annotated[str, Depends(login_guard)]
