"""Runtime settings, read once from the environment (prefix ``AJOB_``) and ``.env``.

One typed object instead of scattered ``os.environ`` look-ups, so every setting is
documented, validated at start-up and reported by its environment name when wrong.
"""

from __future__ import annotations

import shutil
from email.utils import parseaddr
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from core.errors import ConfigError

ENV_PREFIX = "AJOB_"

HEADLESS_CANDIDATES = ("/usr/bin/chromium-headless-shell",)
BROWSER_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")

DEFAULT_LLM_PRICES: dict[str, dict[str, float]] = {
    "gpt-4o-mini": {"input": 0.15, "cached_input": 0.075, "output": 0.60},
    "gpt-4o": {"input": 2.50, "cached_input": 1.25, "output": 10.00},
    "gpt-4.1-mini": {"input": 0.40, "cached_input": 0.10, "output": 1.60},
}


class Settings(BaseSettings):
    """Every knob of the app. Field names map to ``AJOB_<NAME>`` variables."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
    )

    env: Literal["development", "production", "test"] = "development"
    database_url: str = "sqlite:///./data/ajob.db"
    redis_url: str | None = None
    data_dir: Path = Path("./data")
    browser_path: Path | None = None

    llm_provider: Literal["offline", "openai"] | None = None
    llm_model: str = "gpt-4o-mini"
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout_s: float = Field(default=60.0, gt=0)
    llm_prices: dict[str, dict[str, float]] = Field(
        default_factory=lambda: dict(DEFAULT_LLM_PRICES)
    )
    """US dollars per million tokens: {"model": {"input", "cached_input", "output"}}."""
    llm_temperature: float | None = Field(default=None, ge=0, le=2)
    llm_max_attempts: int = Field(default=8, ge=1, le=20)
    """Attempts per call on 429, 5xx and network errors; waits honour Retry-After."""
    llm_backoff_max_s: float = Field(default=60.0, ge=0)
    llm_cache: bool = True
    """Cache responses (SQLite in data_dir, or Redis when redis_url is set)."""
    llm_cache_ttl_days: float = Field(default=30.0, gt=0)
    validator_synonyms: dict[str, list[str]] = Field(default_factory=dict)
    """Extra words the faithfulness validator treats as equal, e.g. {"developer": ["engineer"]}."""

    http_timeout_s: float = Field(default=20.0, gt=0)
    http_max_retries: int = Field(default=4, ge=0, le=10)
    http_backoff_s: float = Field(default=0.5, ge=0)
    """First retry delay; it doubles (with jitter) up to http_backoff_max_s."""
    http_backoff_max_s: float = Field(default=30.0, ge=0)
    http_rate_per_host: float = Field(default=2.0, gt=0)
    """Requests per second to any one host, shared by all workers when Redis is configured."""
    http_burst_per_host: int = Field(default=5, ge=1)
    http_host_rates: dict[str, float] = Field(default_factory=dict)
    """Per-host overrides of the rate, e.g. {"api.ashbyhq.com": 0.5}."""
    http_allow_hosts: Annotated[list[str], NoDecode] = Field(default_factory=list)
    """Hosts, IPs or CIDRs that may resolve to private addresses (the sandbox, a proxy)."""
    http_user_agent: str = "AJOB4AGENT/0.1 (self-hosted job search; respects rate limits)"

    source_base_urls: dict[str, str] = Field(default_factory=dict)
    """Per-source API root or site URL, e.g. {"greenhouse": "http://127.0.0.1:8700/greenhouse"}."""
    browser_storage_state: Path | None = None
    """A Playwright storage-state file holding the user's own logged-in browser session."""
    browser_proxy: SecretStr | None = None
    """A proxy URL for the browser-based sources, e.g. http://user:pass@proxy:3128."""
    browser_concurrency: int = Field(default=2, ge=1, le=16)

    smtp_host: str | None = None
    """The mail server outreach is sent through; unset means outreach can be drafted, not sent."""
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = True
    """Upgrade the connection with STARTTLS (port 587); only a local relay should turn it off."""
    smtp_ssl: bool = False
    """Implicit TLS from the first byte (port 465); when set, smtp_starttls does not apply."""
    smtp_from: str | None = None
    """The From address; unset uses the candidate's own email from the master resume."""
    smtp_timeout_s: float = Field(default=30.0, gt=0)

    api_host: str = "127.0.0.1"
    api_port: int = Field(default=8000, ge=1, le=65535)

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["auto", "json", "console"] = "auto"

    @field_validator("database_url")
    @classmethod
    def _database_url_is_url(cls, value: str) -> str:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            url = make_url(value)
        except ArgumentError:
            raise ValueError(
                "is not a database URL; use e.g. sqlite:///./data/ajob.db "
                "or postgresql://user@host:5432/dbname"
            ) from None
        if url.get_backend_name() not in ("sqlite", "postgresql"):
            raise ValueError(
                f"uses the unsupported backend {url.get_backend_name()!r}; use sqlite or postgresql"
            )
        return value

    @field_validator("http_allow_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip().lower() for part in value.split(",") if part.strip()]
        return value

    @field_validator("smtp_from")
    @classmethod
    def _smtp_from_is_address(cls, value: str | None) -> str | None:
        if not value:
            return None
        if "@" not in parseaddr(value)[1] or "\n" in value or "\r" in value:
            raise ValueError("is not an email address; use e.g. you@example.org or Name <you@…>")
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_url_scheme(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must start with redis://, rediss:// or unix://")
        return value

    # ---- Workers (workers/): Celery queues, retries, redelivery ----------------------------
    # Owned by the workers; see README "Scaling out". Keep other blocks out of this one.

    worker_visibility_timeout_s: int = Field(default=30, ge=2, le=3600)
    """Seconds a delivered task may go without its worker's heartbeat before Redis hands it to
    another worker: how soon a killed worker's task runs again. Live workers refresh their
    tasks every quarter of this, so a long task is never handed out twice."""
    worker_concurrency_discovery: int = Field(default=2, ge=1, le=64)
    """Processes running searches on a worker that consumes the discovery queue."""
    worker_concurrency_applications: int = Field(default=1, ge=1, le=64)
    """Processes running application graphs (each drives a browser)."""
    worker_concurrency_outreach: int = Field(default=1, ge=1, le=64)
    worker_concurrency_status: int = Field(default=1, ge=1, le=64)
    worker_max_retries: int = Field(default=5, ge=0, le=20)
    """Retries of a task that failed for a passing reason, before its dead-letter record."""
    worker_retry_backoff_s: int = Field(default=2, ge=1, le=600)
    """First retry delay; it doubles (with full jitter) per retry."""
    worker_retry_backoff_max_s: int = Field(default=300, ge=1, le=3600)
    """Longest retry delay, further capped at half the visibility timeout."""
    worker_key_prefix: str = Field(default="", max_length=64, pattern=r"^[A-Za-z0-9_.:-]*$")
    """Prefix of every broker and result key in Redis, so deployments can share one server."""

    # ---- end of the workers block -------------------------------------------------------------

    # ---- HTTP API (api/): auth, secrets at rest, limits, CORS ------------------------------
    # Owned by the API; see README "The HTTP API". Keep other blocks out of this one.

    jwt_secret: SecretStr | None = None
    """Signs access and refresh tokens (HS256, ≥ 32 characters). Required in production;
    elsewhere, when unset, a random one is generated once into DATA_DIR/.jwt_secret."""
    jwt_access_ttl_s: int = Field(default=900, ge=10, le=86_400)
    """Lifetime of an access token; short, because only the session check can end one sooner."""
    jwt_refresh_ttl_s: int = Field(default=1_209_600, ge=60)
    """Lifetime of a login (its refresh token); 14 days."""
    secrets_key: SecretStr | None = None
    """AES-256-GCM key (32 bytes, URL-safe base64) for stored passwords and sessions. Required
    in production; elsewhere, when unset, one is generated once into DATA_DIR/.secrets_key."""
    api_registration: bool = True
    """Whether anyone who reaches the API may create an account."""
    api_cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    """Comma-separated origins a browser may call the API from, e.g. https://app.example.org."""
    api_max_body_bytes: int = Field(default=1_048_576, ge=1_024)
    """Largest request body; resume uploads have their own limit."""
    api_max_upload_bytes: int = Field(default=10_485_760, ge=1_024)
    api_rate_limit_ip: int = Field(default=600, ge=0)
    """Requests per minute from one client address; 0 turns the limit off."""
    api_rate_limit_user: int = Field(default=300, ge=0)
    """Requests per minute by one signed-in user; 0 turns the limit off."""
    api_login_failures: int = Field(default=5, ge=1)
    """Failed logins for one email address per window before further tries are refused."""
    api_login_attempts_ip: int = Field(default=30, ge=1)
    """Login attempts (failed or not) from one client address per window."""
    api_login_window_s: int = Field(default=900, ge=1)
    api_events_poll_s: float = Field(default=1.0, gt=0, le=60)
    """How often an events stream looks for new rows."""
    api_graph_threads: int = Field(default=4, ge=1, le=64)
    """Graph runs (applications, chat turns, searches) one API process runs at once."""
    api_login_check_s: float = Field(default=2.0, ge=0, le=60)
    """Seconds a live login is remembered between database checks. Logging out in the same
    process takes effect at once; in another API process, within this time. 0: every request."""

    @field_validator("api_cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip().rstrip("/") for part in value.split(",") if part.strip()]
        return value

    @field_validator("jwt_secret")
    @classmethod
    def _jwt_secret_long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value().encode()) < 32:
            raise ValueError("must be at least 32 characters; use secrets.token_urlsafe(48)")
        return value

    # ---- end of the HTTP API block ------------------------------------------------------------

    # ---- Apply engine (forms/): stored sign-ins for candidate accounts ---------------------
    # Owned by the apply engine; see forms/credentials.py. Keep other blocks out of this one.

    platform_credentials: dict[str, dict[Literal["username", "password"], SecretStr]] = Field(
        default_factory=dict
    )
    """JSON: host → {"username", "password"}, the user's own sign-in for a platform's candidate
    account, e.g. {"acme.wd5.myworkdayjobs.com": {"username": "me@example.org", "password":
    "…"}}. Used only to sign in where a form asks for it (Workday); never logged or reported."""

    @field_validator("platform_credentials")
    @classmethod
    def _credentials_complete(
        cls, value: dict[str, dict[Literal["username", "password"], SecretStr]]
    ) -> dict[str, dict[Literal["username", "password"], SecretStr]]:
        for host, login in value.items():
            if set(login) != {"username", "password"}:
                raise ValueError(f"the entry for {host!r} needs both username and password")
        return {host.strip().lower(): login for host, login in value.items()}

    apply_daily_caps: dict[str, int] = Field(
        default_factory=lambda: {"linkedin": 25, "indeed": 25, "glassdoor": 25, "wellfound": 25}
    )
    """JSON: platform → most applications submitted per UTC day (per user). Boards that ban
    accounts for volume get a cap by default; a platform not named has none. ``{}`` turns
    every cap off."""

    # ---- end of the apply engine block ---------------------------------------------------------

    @property
    def effective_llm_provider(self) -> Literal["offline", "openai"]:
        """The provider in use: explicit setting, else openai when a key is set, else offline."""
        if self.llm_provider is not None:
            return self.llm_provider
        return "openai" if self.llm_api_key is not None else "offline"

    def resolve_browser(self, *, headless: bool = True) -> Path | None:
        """The Chromium binary to drive: the setting, else the first one found on this machine.

        Headless runs prefer chromium-headless-shell, as Playwright itself does: full Chromium's
        headless mode starts a top-chrome WebUI renderer (the omnibox popup) for every context,
        which cost about 0.4 CPU-seconds per application, more than filling the form.
        """
        if self.browser_path is not None:
            return self.browser_path
        shells = HEADLESS_CANDIDATES if headless else ()
        for candidate in (*shells, *BROWSER_CANDIDATES):
            if Path(candidate).exists():
                return Path(candidate)
        names = ("chromium-headless-shell",) if headless else ()
        for name in (*names, "chromium", "chromium-browser"):
            if found := shutil.which(name):
                return Path(found)
        return None


def env_name(field: str) -> str:
    """The environment variable that sets ``field``."""
    return f"{ENV_PREFIX}{field.upper()}"


def load_settings() -> Settings:
    """Build settings, turning validation failures into one actionable line."""
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "?"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"{env_name(field)} {message}") from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings; tests call ``get_settings.cache_clear()`` after changing env."""
    return load_settings()
