"""``/api/auth``: register, log in, refresh, log out, who am I.

Logging in opens a session and returns an access token (minutes) and a refresh token (the
session's lifetime). Refreshing rotates the refresh token; replaying an old one revokes the
session. Failed logins are counted per email address and per client address, so guessing a
password is slow whatever address or account the guesser switches to.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from fastapi import APIRouter, Request, Response, status
from sqlalchemy.exc import IntegrityError

from api.deps import CurrentUser, LoginGuard, SessionDep, StateDep, unauthorized
from api.errors import ApiError
from api.schemas.auth import Login, Refresh, Register, Tokens, UserOut
from api.schemas.common import ERRORS, ErrorBody
from api.state import ApiState
from core.security import TokenError, hash_password, issue_token, read_token, verify_password
from db.base import utcnow
from db.models import User
from db.repositories import auth_sessions, users

router = APIRouter(prefix="/api/auth", tags=["auth"], responses=ERRORS)


def _user_out(user: User) -> UserOut:
    return UserOut(
        id=user.id, email=user.email, display_name=user.display_name, created_at=user.created_at
    )


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    responses={403: {"model": ErrorBody}, 409: {"model": ErrorBody}},
)
def register(body: Register, state: StateDep, session: SessionDep, _: LoginGuard) -> UserOut:
    """Create an account. An email already known (also one the CLI created) is refused."""
    if not state.settings.api_registration:
        raise ApiError(403, "registration is closed on this server; ask its operator")
    if users.get_by_email(session, body.email) is not None:
        raise ApiError(409, "an account with this email exists; log in instead")
    user = User(
        email=users.normalise_email(body.email),
        display_name=body.display_name,
        password_hash=hash_password(body.password),
        is_active=True,
    )
    session.add(user)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise ApiError(409, "an account with this email exists; log in instead") from None
    return _user_out(user)


def _tokens(
    state: ApiState, user_id: uuid.UUID, session_id: uuid.UUID, refresh_id: uuid.UUID
) -> Tokens:
    settings = state.settings
    access, _ = issue_token(
        state.jwt_secret,
        user_id=user_id,
        session_id=session_id,
        type_="access",
        ttl=timedelta(seconds=settings.jwt_access_ttl_s),
    )
    refresh, _ = issue_token(
        state.jwt_secret,
        user_id=user_id,
        session_id=session_id,
        type_="refresh",
        ttl=timedelta(seconds=settings.jwt_refresh_ttl_s),
        token_id=refresh_id,
    )
    return Tokens(
        access_token=access,
        refresh_token=refresh,
        expires_in=settings.jwt_access_ttl_s,
        refresh_expires_in=settings.jwt_refresh_ttl_s,
    )


@router.post("/login", responses={401: {"model": ErrorBody}})
def login(
    body: Login, request: Request, state: StateDep, session: SessionDep, _: LoginGuard
) -> Tokens:
    settings = state.settings
    email = users.normalise_email(body.email)
    key = f"login-fail:{email}"
    window = settings.api_login_window_s
    if state.limiter.count(key, window) >= settings.api_login_failures:
        raise ApiError(
            429,
            "too many failed logins for this account; wait and try again",
            headers={"Retry-After": str(window)},
        )
    user = users.get_by_email(session, email)
    password_hash = user.password_hash if user is not None else None
    if not verify_password(password_hash, body.password) or user is None or not user.is_active:
        state.limiter.hit(key, settings.api_login_failures, window)
        raise unauthorized("wrong email or password")
    refresh_id = uuid.uuid4()
    opened = auth_sessions.open_session(
        session,
        user.id,
        refresh_token_id=refresh_id,
        expires_at=utcnow() + timedelta(seconds=settings.jwt_refresh_ttl_s),
        user_agent=request.headers.get("user-agent"),
    )
    session.commit()
    return _tokens(state, user.id, opened.id, refresh_id)


@router.post("/refresh", responses={401: {"model": ErrorBody}})
def refresh(body: Refresh, state: StateDep, session: SessionDep) -> Tokens:
    """A new token pair for a refresh token; each refresh token works once."""
    try:
        claims = read_token(state.jwt_secret, body.refresh_token, expected="refresh")
    except TokenError as exc:
        raise unauthorized(str(exc)) from None
    replacement = uuid.uuid4()
    now = utcnow()
    outcome = auth_sessions.rotate(
        session,
        claims.session_id,
        claims.user_id,
        presented=claims.token_id,
        replacement=replacement,
        now=now,
        expires_at=now + timedelta(seconds=state.settings.jwt_refresh_ttl_s),
    )
    session.commit()
    if outcome != "rotated":
        state.logins.forget(claims.session_id)
    if outcome == "reused":
        raise unauthorized("this refresh token was already used; the login is revoked, log in")
    if outcome == "gone":
        raise unauthorized("this login has ended; log in again")
    return _tokens(state, claims.user_id, claims.session_id, replacement)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(user: CurrentUser, state: StateDep, session: SessionDep) -> Response:
    """End this login: its access and refresh tokens stop working now."""
    auth_sessions.revoke(session, user.session_id, reason="logout", now=utcnow())
    session.commit()
    state.logins.forget(user.session_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/me")
def me(user: CurrentUser, session: SessionDep) -> UserOut:
    row = session.get(User, user.user_id)
    assert row is not None
    return _user_out(row)
