"""Stored sign-ins: read from AJOB_PLATFORM_CREDENTIALS, found by host, never shown."""

from __future__ import annotations

import pytest

from core.config import Settings, load_settings
from core.errors import ConfigError
from forms.credentials import credentials_for

STORED = '{"Acme.wd5.myworkdayjobs.com": {"username": "me@example.org", "password": "s3cret!"}}'


def test_a_sign_in_is_found_by_its_host(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AJOB_PLATFORM_CREDENTIALS", STORED)
    settings = Settings()
    found = credentials_for(settings, "workday", "acme.wd5.myworkdayjobs.com:443")
    assert found is not None
    assert found.username == "me@example.org"
    assert found.password.get_secret_value() == "s3cret!"
    assert credentials_for(settings, "workday", "other.wd5.myworkdayjobs.com") is None
    for shown in (repr(found), str(found), repr(settings), str(settings.model_dump())):
        assert "s3cret!" not in shown
        assert "me@example.org" not in shown


def test_an_incomplete_entry_is_refused_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AJOB_PLATFORM_CREDENTIALS", '{"acme.example": {"username": "me"}}')
    with pytest.raises(ConfigError, match=r"^AJOB_PLATFORM_CREDENTIALS .*needs both"):
        load_settings()


def test_nothing_stored_means_no_sign_in() -> None:
    assert credentials_for(Settings(), "workday", "acme.wd5.myworkdayjobs.com") is None
