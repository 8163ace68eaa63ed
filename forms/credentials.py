"""The user's own sign-in for a platform's candidate account, looked up when a form needs it.

Workday keeps every application behind an account per tenant. When the user has stored a
sign-in for that host, the engine uses it; otherwise the account wall is handed to the person,
as any access control is. An account is never created on the user's behalf.

Today the sign-ins come from the settings (``AJOB_PLATFORM_CREDENTIALS``: a JSON mapping of
host to ``{"username", "password"}``). The encrypted per-user store being built with the API
(core/crypto.py; ``user_secrets`` rows of kind ``platform_credentials`` named by host) plugs
into `credentials_for`: it will be asked first, for the application's user, and the settings
stay the single-user fallback. Callers only ever see `Credentials`.

The password stays a ``SecretStr`` until the moment it is typed into the sign-in form: it is
never logged, never put in a report, an event or graph state.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import SecretStr

from core.config import Settings


@dataclass(frozen=True)
class Credentials:
    username: str
    password: SecretStr

    def __repr__(self) -> str:
        return "Credentials(username=**********, password=**********)"


def credentials_for(settings: Settings, platform: str, host: str) -> Credentials | None:
    """The stored sign-in for ``platform`` at ``host`` (a hostname, optionally with its port).

    ``platform`` names the store's slot once sign-ins are kept per user; the settings are
    keyed by host alone, because an account belongs to one tenant's host.
    """
    stored = settings.platform_credentials
    wanted = host.lower()
    for key in (wanted, wanted.rsplit(":", 1)[0]):
        login = stored.get(key)
        if login is not None:
            return Credentials(login["username"].get_secret_value(), login["password"])
    return None
