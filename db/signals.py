"""After a commit that wrote events, wake the live streams of the users they belong to.

Writers note the users on the session (``note``); the commit hook publishes once per user
through ``core.signals``. A rolled-back transaction wakes nobody, so a stream never looks for
rows that were not committed.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from core.config import get_settings
from core.signals import notify

EVENT_USERS = "ajob.event_users"


def note(session: Session, user_ids: Iterable[uuid.UUID | None]) -> None:
    """Remember that this transaction wrote events for these users."""
    users = {str(u) for u in user_ids if u is not None}
    if users:
        session.info.setdefault(EVENT_USERS, set()).update(users)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    users = session.info.pop(EVENT_USERS, None)
    if users:
        notify(get_settings().redis_url, users)


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, previous_transaction: SessionTransaction) -> None:
    """Forget the users when the whole transaction is rolled back, not a savepoint in it:
    ``after_rollback`` fires for a savepoint too, and would lose what the rest of the
    transaction noted (``jobs.upsert`` rolls one back whenever another worker stored a
    posting first)."""
    if previous_transaction.parent is None:
        session.info.pop(EVENT_USERS, None)
