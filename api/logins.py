"""Is this login still live? Asked on every request, answered from memory for a moment.

The answer comes from the database (session not revoked or expired, account active), and a
yes is remembered for ``api_login_check_s`` seconds, so a busy client costs one query per
login per few seconds instead of one per request. A no is never remembered. Logging out (or
a refresh token replayed) in this process forgets the login at once; another API process
notices within that time. Set it to 0 to ask the database every time.
"""

from __future__ import annotations

import threading
import time
import uuid

from sqlalchemy.orm import Session, sessionmaker

from db.base import utcnow
from db.repositories import auth_sessions

MAX_REMEMBERED = 100_000


class LoginCheck:
    def __init__(self, sessions: sessionmaker[Session], ttl_s: float) -> None:
        self.sessions = sessions
        self.ttl_s = ttl_s
        self._live: dict[uuid.UUID, tuple[float, uuid.UUID, str]] = {}
        """session id → (checked at, user id, email)."""
        self._lock = threading.Lock()

    def remembered(self, session_id: uuid.UUID, user_id: uuid.UUID) -> str | None:
        """The email of a login recently found live, without asking the database."""
        if self.ttl_s <= 0:
            return None
        with self._lock:
            seen = self._live.get(session_id)
        if seen is None or seen[1] != user_id or time.monotonic() - seen[0] > self.ttl_s:
            return None
        return seen[2]

    def check(self, session_id: uuid.UUID, user_id: uuid.UUID) -> str | None:
        """Ask the database (blocking: call it from a thread); remember a live login."""
        with self.sessions() as session:
            email = auth_sessions.active_user(session, session_id, user_id, utcnow())
        if email is not None and self.ttl_s > 0:
            with self._lock:
                if len(self._live) >= MAX_REMEMBERED:
                    self._live.clear()
                self._live[session_id] = (time.monotonic(), user_id, email)
        return email

    def forget(self, session_id: uuid.UUID) -> None:
        with self._lock:
            self._live.pop(session_id, None)
