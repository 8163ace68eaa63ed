"""Candidate accounts, sign-in sessions and saved application drafts, per tenant.

Workday keeps an application behind a candidate account of the tenant and saves each step on
its server as the candidate moves on, so the replica does too. Any email signs in with the
sandbox's published password (`SANDBOX_PASSWORD`), and "Create Account" adds one with a
password of its own; nothing here is a real secret. A draft belongs to one session and one
posting, and is forgotten once submitted, as a new application starts afresh.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from sandbox.applications.log import SubmittedFile

SANDBOX_PASSWORD: Final = "Sandbox-Passw0rd!"
"""The password every email signs in with on the sandbox's tenants (documented, not a secret)."""


@dataclass
class Draft:
    step: int = 0
    """The index of the step the candidate is on."""
    values: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, SubmittedFile] = field(default_factory=dict)

    def save(
        self,
        names: Sequence[str],
        values: Mapping[str, Sequence[str]],
        files: Sequence[SubmittedFile],
    ) -> None:
        """Replace what the draft holds for ``names`` with what one step posted."""
        for name in names:
            self.values.pop(name, None)
            posted = [v for v in values.get(name, ()) if v.strip()]
            if posted:
                self.values[name] = posted
        for upload in files:
            if upload.field in names:
                self.files[upload.field] = upload


@dataclass(frozen=True)
class Session:
    tenant: str
    email: str


@dataclass
class CandidateAccounts:
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _passwords: dict[tuple[str, str], str] = field(default_factory=dict)
    _sessions: dict[str, Session] = field(default_factory=dict)
    _drafts: dict[tuple[str, str], Draft] = field(default_factory=dict)

    def create(self, tenant: str, email: str, password: str) -> bool:
        """Add an account; False when the tenant already has one for ``email``."""
        key = (tenant, email.strip().lower())
        with self._lock:
            if key in self._passwords:
                return False
            self._passwords[key] = password
            return True

    def verify(self, tenant: str, email: str, password: str) -> bool:
        key = (tenant, email.strip().lower())
        with self._lock:
            known = self._passwords.get(key)
        return bool(email.strip()) and password in (known, SANDBOX_PASSWORD)

    def open_session(self, tenant: str, email: str) -> str:
        token = secrets.token_urlsafe(24)
        with self._lock:
            self._sessions[token] = Session(tenant, email.strip().lower())
        return token

    def session(self, token: str | None, tenant: str) -> Session | None:
        with self._lock:
            found = self._sessions.get(token or "")
        return found if found is not None and found.tenant == tenant else None

    def draft(self, token: str, posting_id: str) -> Draft:
        with self._lock:
            return self._drafts.setdefault((token, posting_id), Draft())

    def forget_draft(self, token: str, posting_id: str) -> None:
        with self._lock:
            self._drafts.pop((token, posting_id), None)

    def clear(self) -> None:
        with self._lock:
            self._passwords.clear()
            self._sessions.clear()
            self._drafts.clear()
