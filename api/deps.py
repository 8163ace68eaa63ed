"""Dependencies routes declare with ``Annotated``: the app's state, a database session, the user.

``CurrentUser`` is the only way a route learns who is asking: it checks the bearer token's
signature and expiry, counts the request against the user's rate limit, and checks that the
login session is live (api/logins.py), so a logged-out or deactivated user's token stops
working.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

import anyio
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from api.errors import ApiError
from api.state import ApiState
from core.security import TokenError, read_token


async def api_state(request: Request) -> ApiState:
    """The app's state; a 503 (with the reason) while the database is not usable yet."""
    state: ApiState | None = request.app.state.api
    if state is None:
        state = await request.app.state.startup.ready()
    assert state is not None
    return state


StateDep = Annotated[ApiState, Depends(api_state)]


async def get_db(state: StateDep) -> AsyncIterator[Session]:
    """A session for the route's work, closed when the route returns (before a streamed
    response goes out, so a long stream never holds a connection).

    Async on purpose: making a session does no I/O, so it costs no trip to the thread pool;
    closing one that used a connection does (a rollback), and only then goes to a thread.
    """
    session = state.services.sessions()
    try:
        yield session
    finally:
        if session.in_transaction():
            await anyio.to_thread.run_sync(session.close)
        else:
            session.close()


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


async def current_user(
    state: StateDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    """Async, so that a request whose login was checked a moment ago costs no thread; the
    database is asked (in a thread) when it was not (see api/logins.py)."""
    if credentials is None or not credentials.credentials:
        raise unauthorized("sign in: send Authorization: Bearer <access token>")
    try:
        claims = read_token(state.jwt_secret, credentials.credentials, expected="access")
    except TokenError as exc:
        raise unauthorized(str(exc)) from None
    limit = state.settings.api_rate_limit_user
    if limit > 0:
        verdict = await state.limiter.ahit(f"user:{claims.user_id}", limit, 60)
        if not verdict.allowed:
            raise ApiError(
                429,
                f"too many requests for this account; wait {verdict.retry_after_s} s",
                headers={"Retry-After": str(verdict.retry_after_s)},
            )
    email = state.logins.remembered(claims.session_id, claims.user_id)
    if email is None:
        email = await anyio.to_thread.run_sync(
            state.logins.check, claims.session_id, claims.user_id
        )
    if email is None:
        raise unauthorized("this login has ended (logged out, expired or disabled); log in again")
    return Principal(claims.user_id, claims.session_id, email)


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
