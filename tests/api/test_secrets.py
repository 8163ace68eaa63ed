"""Secrets at rest: only ciphertext is stored, bound to its owner and slot, never echoed back
and never logged; production refuses to start without its keys."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker
from structlog.testing import capture_logs

from api.main import create_app
from core.config import Settings, get_settings
from core.crypto import Cipher, SecretUnreadable, cipher_for, new_key
from core.errors import ConfigError
from db.models import UserSecret
from db.models.user_secrets import SecretKind
from db.repositories import user_secrets
from tests.api.conftest import sign_up

PASSWORD = "s3cret-smtp-password"


def test_a_stored_secret_is_ciphertext_and_only_its_owner_can_reveal_it(
    client: httpx.Client, db_sessions: sessionmaker[Session]
) -> None:
    alice, bob = sign_up(client), sign_up(client)
    with capture_logs() as logs:
        stored = client.put(
            "/api/secrets/smtp_password/smtp.example.org",
            json={"value": PASSWORD},
            headers=alice.headers,
        )
    assert stored.status_code == 200
    assert PASSWORD not in stored.text
    assert PASSWORD not in repr(logs), "the value is never logged"
    client.put(
        "/api/secrets/smtp_password/smtp.example.org",
        json={"value": "bobs-own"},
        headers=bob.headers,
    )
    listed = client.get("/api/secrets", headers=alice.headers).json()
    assert [(s["kind"], s["name"]) for s in listed] == [("smtp_password", "smtp.example.org")]
    assert "value" not in listed[0]

    cipher = cipher_for(get_settings())
    kind, name = SecretKind.SMTP_PASSWORD, "smtp.example.org"
    with db_sessions() as session:
        raw = session.scalars(select(UserSecret.ciphertext)).all()
        assert all(PASSWORD.encode() not in blob for blob in raw)
        assert user_secrets.reveal(session, cipher, alice.user_id, kind, name) == PASSWORD
        assert user_secrets.reveal(session, cipher, bob.user_id, kind, name) == "bobs-own"
        other = Cipher(bytes(32))
        with pytest.raises(SecretUnreadable, match="another AJOB_SECRETS_KEY"):
            user_secrets.reveal(session, other, alice.user_id, kind, name)
    with db_sessions.begin() as session:
        alice_blob = session.scalar(
            select(UserSecret.ciphertext).where(UserSecret.user_id == alice.user_id)
        )
        session.execute(
            update(UserSecret)
            .where(UserSecret.user_id == bob.user_id)
            .values(ciphertext=alice_blob)
        )
    with db_sessions() as session, pytest.raises(SecretUnreadable, match="does not belong"):
        user_secrets.reveal(session, cipher, bob.user_id, kind, name)

    assert (
        client.delete(f"/api/secrets/smtp_password/{name}", headers=alice.headers).status_code
        == 204
    )
    assert client.get("/api/secrets", headers=alice.headers).json() == []


def test_bad_secret_slots_are_refused(client: httpx.Client) -> None:
    me = sign_up(client)
    wrong_kind = client.put("/api/secrets/api_key/openai", json={"value": "x"}, headers=me.headers)
    assert wrong_kind.status_code == 422
    bad_name = client.put(
        "/api/secrets/platform_session/..%2Fetc", json={"value": "x"}, headers=me.headers
    )
    assert bad_name.status_code in (404, 422)
    empty = client.put(
        "/api/secrets/platform_session/linkedin", json={"value": ""}, headers=me.headers
    )
    assert empty.status_code == 422


def test_production_needs_its_keys() -> None:
    with pytest.raises(ConfigError, match="AJOB_JWT_SECRET is required"):
        create_app(Settings(env="production"))
    with pytest.raises(ConfigError, match="AJOB_SECRETS_KEY is required"):
        create_app(Settings(env="production", jwt_secret="j" * 40))
    create_app(Settings(env="production", jwt_secret="j" * 40, secrets_key=new_key()))
    with pytest.raises(ConfigError, match="32 bytes"):
        cipher_for(Settings(secrets_key="too-short"))


def test_development_keys_are_made_once_and_kept() -> None:
    settings = get_settings()
    first, again = cipher_for(settings), cipher_for(settings)
    assert first.key == again.key
    key_file = settings.data_dir / ".secrets_key"
    assert key_file.stat().st_mode & 0o777 == 0o600
