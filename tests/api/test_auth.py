"""Auth over HTTP: accounts, tokens (expired, forged, foreign, of the wrong kind), rotation,
logout, and the limits on guessing passwords and on request rates."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import jwt
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.security import ALGORITHM, AUDIENCE, ISSUER, issue_token
from db.models import AuthSession, User
from tests.api.conftest import JWT_SECRET, PASSWORD, Serve, sign_up, unique_email


def _error(response: httpx.Response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "request_id"}
    assert body["error"]["code"] == code
    assert body["error"]["request_id"] == response.headers["x-request-id"]
    message: str = body["error"]["message"]
    return message


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_register_login_me_and_the_password_is_hashed_with_argon2id(
    client: httpx.Client, db_sessions: sessionmaker[Session]
) -> None:
    account = sign_up(client, "Priya@Example.org")
    me = client.get("/api/auth/me", headers=account.headers)
    assert me.status_code == 200
    assert me.json()["email"] == "priya@example.org"
    assert account.tokens["token_type"] == "bearer"
    assert account.tokens["expires_in"] == 900
    with db_sessions() as session:
        stored = session.scalar(select(User.password_hash).where(User.id == account.user_id))
    assert stored is not None
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_a_second_account_with_the_same_email_is_refused(client: httpx.Client) -> None:
    email = unique_email()
    sign_up(client, email)
    again = client.post("/api/auth/register", json={"email": email.upper(), "password": PASSWORD})
    _error(again, 409, "conflict")


def test_bad_registration_input_is_one_clear_error(client: httpx.Client) -> None:
    short = client.post("/api/auth/register", json={"email": unique_email(), "password": "short"})
    assert "password" in _error(short, 422, "invalid_request")
    not_email = client.post("/api/auth/register", json={"email": "nobody", "password": PASSWORD})
    assert "email" in _error(not_email, 422, "invalid_request")
    not_json = client.post(
        "/api/auth/register", content=b"{", headers={"content-type": "application/json"}
    )
    _error(not_json, 422, "invalid_request")


def test_wrong_password_and_unknown_email_look_the_same(client: httpx.Client) -> None:
    account = sign_up(client)
    wrong = client.post("/api/auth/login", json={"email": account.email, "password": "nope" * 3})
    unknown = client.post("/api/auth/login", json={"email": unique_email(), "password": PASSWORD})
    assert _error(wrong, 401, "unauthorized") == _error(unknown, 401, "unauthorized")


def test_missing_malformed_and_forged_tokens_are_refused(client: httpx.Client) -> None:
    account = sign_up(client)
    _error(client.get("/api/jobs"), 401, "unauthorized")
    _error(client.get("/api/jobs", headers=_bearer("not-a-jwt")), 401, "unauthorized")
    claims = jwt.decode(
        account.tokens["access_token"], JWT_SECRET, algorithms=[ALGORITHM], audience=AUDIENCE
    )
    forged = jwt.encode(claims, "another-secret-" + "y" * 40, algorithm=ALGORITHM)
    _error(client.get("/api/jobs", headers=_bearer(forged)), 401, "unauthorized")
    unsigned = jwt.encode(claims, key=None, algorithm="none")  # type: ignore[arg-type]
    _error(client.get("/api/jobs", headers=_bearer(unsigned)), 401, "unauthorized")
    header, _, signature = account.tokens["access_token"].split(".")
    other = jwt.encode(claims | {"sub": str(uuid.uuid4())}, "x" * 40, algorithm=ALGORITHM)
    tampered = ".".join([header, other.split(".")[1], signature])
    _error(client.get("/api/jobs", headers=_bearer(tampered)), 401, "unauthorized")


def test_an_expired_access_token_is_refused_and_says_so(client: httpx.Client) -> None:
    account = sign_up(client)
    claims = jwt.decode(
        account.tokens["access_token"], JWT_SECRET, algorithms=[ALGORITHM], audience=AUDIENCE
    )
    expired, _ = issue_token(
        JWT_SECRET,
        user_id=uuid.UUID(claims["sub"]),
        session_id=uuid.UUID(claims["sid"]),
        type_="access",
        ttl=timedelta(minutes=15),
        now=datetime.now(UTC) - timedelta(hours=1),
    )
    message = _error(client.get("/api/jobs", headers=_bearer(expired)), 401, "unauthorized")
    assert "expired" in message


def test_foreign_tokens_are_refused(client: httpx.Client) -> None:
    """A token naming another user's session, a refresh token used as an access token, and a
    token from another issuer all fail, even though each is correctly signed."""
    alice, bob = sign_up(client), sign_up(client)
    bob_claims = jwt.decode(
        bob.tokens["access_token"], JWT_SECRET, algorithms=[ALGORITHM], audience=AUDIENCE
    )
    crossed, _ = issue_token(
        JWT_SECRET,
        user_id=alice.user_id,
        session_id=uuid.UUID(bob_claims["sid"]),
        type_="access",
        ttl=timedelta(minutes=5),
    )
    _error(client.get("/api/auth/me", headers=_bearer(crossed)), 401, "unauthorized")
    refresh_as_access = _bearer(alice.tokens["refresh_token"])
    _error(client.get("/api/auth/me", headers=refresh_as_access), 401, "unauthorized")
    elsewhere = jwt.encode({**bob_claims, "iss": "someone-else"}, JWT_SECRET, algorithm=ALGORITHM)
    _error(client.get("/api/auth/me", headers=_bearer(elsewhere)), 401, "unauthorized")
    access_as_refresh = client.post(
        "/api/auth/refresh", json={"refresh_token": alice.tokens["access_token"]}
    )
    _error(access_as_refresh, 401, "unauthorized")
    assert client.get("/api/auth/me", headers=alice.headers).json()["email"] == alice.email
    assert jwt.decode(
        bob.tokens["access_token"], JWT_SECRET, algorithms=[ALGORITHM], audience=AUDIENCE,
        issuer=ISSUER,
    )["sub"] == str(bob.user_id)  # fmt: skip


def test_refresh_rotates_and_a_reused_refresh_token_revokes_the_login(
    client: httpx.Client,
) -> None:
    account = sign_up(client)
    first = account.tokens["refresh_token"]
    renewed = client.post("/api/auth/refresh", json={"refresh_token": first})
    assert renewed.status_code == 200, renewed.text
    pair = renewed.json()
    assert pair["refresh_token"] != first
    assert client.get("/api/auth/me", headers=_bearer(pair["access_token"])).status_code == 200
    replay = client.post("/api/auth/refresh", json={"refresh_token": first})
    assert "already used" in _error(replay, 401, "unauthorized")
    _error(client.get("/api/auth/me", headers=_bearer(pair["access_token"])), 401, "unauthorized")
    gone = client.post("/api/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    _error(gone, 401, "unauthorized")


def test_logout_ends_that_login_only(
    client: httpx.Client, db_sessions: sessionmaker[Session]
) -> None:
    account = sign_up(client)
    other_login = client.post(
        "/api/auth/login", json={"email": account.email, "password": PASSWORD}
    ).json()
    assert client.post("/api/auth/logout", headers=account.headers).status_code == 204
    _error(client.get("/api/auth/me", headers=account.headers), 401, "unauthorized")
    refresh = client.post(
        "/api/auth/refresh", json={"refresh_token": account.tokens["refresh_token"]}
    )
    _error(refresh, 401, "unauthorized")
    still = client.get("/api/auth/me", headers=_bearer(other_login["access_token"]))
    assert still.status_code == 200
    with db_sessions() as session:
        reasons = session.scalars(
            select(AuthSession.revoked_reason).where(AuthSession.user_id == account.user_id)
        ).all()
    assert sorted(reasons, key=str) == sorted(["logout", None], key=str)


def test_a_deactivated_account_is_refused_at_the_next_check(
    serve: Serve, db_sessions: sessionmaker[Session]
) -> None:
    """A live login is remembered for api_login_check_s; after that the database decides."""
    server = serve(api_login_check_s=0.5)
    with server.client() as client:
        account = sign_up(client)
        assert client.get("/api/auth/me", headers=account.headers).status_code == 200
        with db_sessions.begin() as session:
            user = session.get(User, account.user_id)
            assert user is not None
            user.is_active = False
        assert client.get("/api/auth/me", headers=account.headers).status_code == 200
        time.sleep(0.6)
        _error(client.get("/api/auth/me", headers=account.headers), 401, "unauthorized")
        login = client.post("/api/auth/login", json={"email": account.email, "password": PASSWORD})
        _error(login, 401, "unauthorized")


def test_brute_force_logins_are_stopped_even_with_the_right_password(serve: Serve) -> None:
    server = serve(api_login_failures=3)
    with server.client() as http:
        account = sign_up(http)
        for _ in range(3):
            bad = http.post("/api/auth/login", json={"email": account.email, "password": "x" * 12})
            _error(bad, 401, "unauthorized")
        blocked = http.post("/api/auth/login", json={"email": account.email, "password": PASSWORD})
        _error(blocked, 429, "rate_limited")
        assert int(blocked.headers["retry-after"]) > 0
        other = sign_up(http)
        assert http.get("/api/auth/me", headers=other.headers).status_code == 200


def test_login_attempts_per_address_are_limited(serve: Serve) -> None:
    server = serve(api_login_attempts_ip=4)
    with server.client() as http:
        for _ in range(4):
            response = http.post(
                "/api/auth/login", json={"email": unique_email(), "password": PASSWORD}
            )
            assert response.status_code == 401
        _error(
            http.post("/api/auth/login", json={"email": unique_email(), "password": PASSWORD}),
            429,
            "rate_limited",
        )


def test_requests_per_user_and_per_address_are_limited(serve: Serve) -> None:
    server = serve(api_rate_limit_user=5, api_rate_limit_ip=12)
    with server.client() as http:
        account = sign_up(http)
        codes = [
            http.get("/api/preferences", headers=account.headers).status_code for _ in range(6)
        ]
        assert codes == [200] * 5 + [429]
        left = 12 - 2 - 6
        codes = [http.get("/api/nowhere").status_code for _ in range(left + 1)]
        assert codes[-1] == 429
        assert set(codes[:-1]) == {404}
        assert http.get("/health").status_code == 200, "health checks are never limited"


@pytest.mark.redis
def test_limits_are_shared_through_redis(serve: Serve, redis_url: str) -> None:
    """Two API processes on one Redis count one budget; here, two apps in one process."""
    first = serve(redis_url=redis_url, api_rate_limit_user=4)
    second = serve()
    with first.client() as a, second.client() as b:
        account = sign_up(a)
        codes = [
            (a if n % 2 else b).get("/api/preferences", headers=account.headers).status_code
            for n in range(5)
        ]
    assert codes == [200, 200, 200, 200, 429]


def test_registration_can_be_closed(serve: Serve) -> None:
    server = serve(api_registration="false")
    with server.client() as http:
        closed = http.post(
            "/api/auth/register", json={"email": unique_email(), "password": PASSWORD}
        )
        _error(closed, 403, "forbidden")
