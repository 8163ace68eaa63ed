from __future__ import annotations

from pathlib import Path

import pytest

from core import config
from core.config import Settings, env_name, load_settings
from core.errors import ConfigError


def test_defaults_are_the_embedded_setup(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AJOB_DATABASE_URL")
    settings = Settings(_env_file=None)
    assert settings.database_url == "sqlite:///./data/ajob.db"
    assert settings.redis_url is None
    assert settings.effective_llm_provider == "offline"


def test_api_key_switches_the_default_provider_to_openai(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AJOB_LLM_API_KEY", "sk-test-123")
    settings = load_settings()
    assert settings.effective_llm_provider == "openai"
    assert "sk-test-123" not in repr(settings)
    assert settings.llm_api_key is not None
    assert settings.llm_api_key.get_secret_value() == "sk-test-123"


def test_explicit_provider_wins_over_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AJOB_LLM_API_KEY", "sk-test-123")
    monkeypatch.setenv("AJOB_LLM_PROVIDER", "offline")
    assert load_settings().effective_llm_provider == "offline"


def test_dotenv_file_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AJOB_DATA_DIR")
    (tmp_path / ".env").write_text("AJOB_DATA_DIR=/srv/ajob-data\nAJOB_LOG_LEVEL=DEBUG\n")
    settings = load_settings()
    assert settings.data_dir == Path("/srv/ajob-data")
    assert settings.log_level == "DEBUG"


@pytest.mark.parametrize(
    ("value", "fragment"),
    [("not a url", "is not a database URL"), ("mysql://u@h/d", "unsupported backend 'mysql'")],
)
def test_malformed_database_url_names_the_setting(
    monkeypatch: pytest.MonkeyPatch, value: str, fragment: str
) -> None:
    monkeypatch.setenv("AJOB_DATABASE_URL", value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert caught.value.message.startswith("AJOB_DATABASE_URL ")
    assert fragment in caught.value.message
    assert "\n" not in caught.value.message
    assert caught.value.exit_code == 2


def test_redis_url_must_be_a_redis_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AJOB_REDIS_URL", "http://localhost:6379")
    with pytest.raises(ConfigError, match=r"^AJOB_REDIS_URL must start with redis://"):
        load_settings()


def test_browser_setting_overrides_detection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "my-chromium"
    fake.write_text("")
    monkeypatch.setenv("AJOB_BROWSER_PATH", str(fake))
    assert load_settings().resolve_browser() == fake
    assert load_settings().resolve_browser(headless=False) == fake


def test_headless_runs_prefer_the_headless_shell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shell, full = tmp_path / "chromium-headless-shell", tmp_path / "chromium"
    monkeypatch.setattr(config, "HEADLESS_CANDIDATES", (str(shell),))
    monkeypatch.setattr(config, "BROWSER_CANDIDATES", (str(full),))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv("AJOB_BROWSER_PATH", raising=False)
    settings = Settings(_env_file=None)
    full.write_text("")
    assert settings.resolve_browser() == full
    shell.write_text("")
    assert settings.resolve_browser() == shell
    assert settings.resolve_browser(headless=False) == full


def test_env_name_maps_fields_to_variables() -> None:
    assert env_name("database_url") == "AJOB_DATABASE_URL"
