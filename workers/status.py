"""The status queue: the beat's periodic work, reminders, and settling dead workers' claims.

Beat sends three ticks a minute's work each (``workers.app.BEAT_SCHEDULE``); each tick only
looks for what is due and enqueues it, so the real work lands on its own queue and a slow
search never delays a reminder.

- **Saved searches.** ``user_preferences.search_schedule`` holds a five-field cron string
  (UTC, see ``workers.cron``). A tick every minute finds each schedule's latest fire time in
  the last ``SCHEDULE_LOOKBACK`` (so a tick that comes late still fires it), skips fire times
  before the preferences last changed, and claims the (user, fire time) once (``marks``)
  before enqueueing: a duplicated or late tick never runs a search twice. We chose a tick
  over one beat entry per user because schedules change through the API at any time and
  beat reads its schedule only at start; croniter is not a runtime dependency, and Celery's
  own field parser does the parsing.
- **Follow-up reminders.** An outreach that was sent and whose ``follow_up_at`` has passed
  gets one ``status.updated`` event (``kind: outreach.follow_up_due``). The reminder claims
  the row by clearing ``follow_up_at`` in the same transaction as the event, so it is written
  once however often it is enqueued; setting ``follow_up_at`` again asks for another.
- **Interrupted submissions.** ``recover_interrupted`` turns claims older than the submit
  lease into ``needs_review``, so a worker killed mid-click leaves an application a person
  sees, never one that is sent again.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, select, update

from adapters.registry import source_class
from core.errors import InputError
from core.logging import get_logger
from db.base import utcnow
from db.enums import EventType, OutreachStatus, RemotePreference
from db.models import Outreach, UserPreferences
from db.repositories import events
from forms.submit import recover_interrupted
from tools.runtime import get_services
from workers.cron import parse_cron
from workers.marks import claim_once
from workers.registry import FOLLOW_UP, SEARCH

log = get_logger(__name__)

SCHEDULE_LOOKBACK = timedelta(minutes=15)
"""A saved search whose fire time was missed by more than this (beat was down) is skipped."""
SCHEDULED_SEARCH_LIMIT = 100
"""Jobs per source and board in a scheduled search."""
FOLLOW_UPS_PER_TICK = 500


def ping() -> str:
    """A no-op that proves a worker is consuming; used by health checks and tests."""
    return "pong"


def saved_search_kwargs(prefs: UserPreferences) -> dict[str, Any] | None:
    """The search task's arguments for a user's saved search; None when nothing is searchable.

    ``platforms`` entries are source names or ``SOURCE:BOARD``; a source that needs a board
    (an ATS) is searched only on the boards named for it.
    """
    sources: list[str] = []
    boards: list[str] = []
    for entry in prefs.platforms or []:
        name, _, board = str(entry).partition(":")
        try:
            cls = source_class(name)
        except InputError:
            log.warning("saved search: unknown platform", user_id=str(prefs.user_id), entry=entry)
            continue
        if board:
            boards.append(f"{cls.name}:{board}")
            sources.append(cls.name)
        elif not cls.requires_board:
            sources.append(cls.name)
    if not sources:
        return None
    remote = True if prefs.remote is RemotePreference.REMOTE else None
    return {
        "user_id": str(prefs.user_id),
        "sources": list(dict.fromkeys(sources)),
        "boards": boards,
        "remote": remote,
        "limit": SCHEDULED_SEARCH_LIMIT,
    }


def enqueue_saved_searches(now: str | None = None) -> dict[str, Any]:
    """Enqueue every saved search due at ``now`` (ISO time; default: this minute)."""
    from workers.dispatch import enqueue

    services = get_services()
    moment = datetime.fromisoformat(now) if now else datetime.now(UTC)
    with services.sessions() as session:
        rows = session.scalars(
            select(UserPreferences).where(UserPreferences.search_schedule.is_not(None))
        ).all()
        session.expunge_all()
    enqueued: list[str] = []
    for prefs in rows:
        try:
            cron = parse_cron(prefs.search_schedule or "")
        except InputError as exc:
            log.warning("saved search: bad schedule", user_id=str(prefs.user_id), error=exc.message)
            continue
        fire = cron.last_fire(moment, within=SCHEDULE_LOOKBACK)
        if fire is None or fire < prefs.updated_at.replace(second=0, microsecond=0):
            continue
        kwargs = saved_search_kwargs(prefs)
        if kwargs is None:
            log.warning("saved search: no platform to search", user_id=str(prefs.user_id))
            continue
        key = f"saved-search:{prefs.user_id}:{fire:%Y%m%dT%H%M}"
        if not claim_once(services.settings, key, ttl_s=2 * 86_400):
            continue
        enqueue(SEARCH, **kwargs)
        enqueued.append(str(prefs.user_id))
    return {"at": moment.isoformat(), "enqueued": enqueued}


def enqueue_follow_ups(now: str | None = None) -> dict[str, Any]:
    """Enqueue a reminder for every sent outreach whose follow-up time has come."""
    from workers.dispatch import enqueue

    services = get_services()
    moment = datetime.fromisoformat(now) if now else utcnow()
    with services.sessions() as session:
        due = session.scalars(
            select(Outreach.id)
            .where(
                Outreach.status == OutreachStatus.SENT,
                Outreach.follow_up_at.is_not(None),
                Outreach.follow_up_at <= moment,
            )
            .limit(FOLLOW_UPS_PER_TICK)
        ).all()
    for outreach_id in due:
        enqueue(FOLLOW_UP, outreach_id=str(outreach_id))
    return {"enqueued": [str(i) for i in due]}


def remind_follow_up(outreach_id: str) -> dict[str, Any]:
    """Write the follow-up reminder of one outreach, once: claimed by clearing follow_up_at."""
    services = get_services()
    try:
        target = uuid.UUID(str(outreach_id))
    except ValueError:
        raise InputError(f"outreach_id {outreach_id!r} is not a UUID") from None
    now = utcnow()
    with services.sessions.begin() as session:
        row = session.get(Outreach, target)
        if row is None:
            raise InputError(f"no outreach {target}")
        due = row.follow_up_at
        claimed = cast(
            CursorResult[Any],
            session.execute(
                update(Outreach)
                .where(
                    Outreach.id == target,
                    Outreach.status == OutreachStatus.SENT,
                    Outreach.follow_up_at.is_not(None),
                    Outreach.follow_up_at <= now,
                )
                .values(follow_up_at=None, updated_at=now)
                .execution_options(synchronize_session=False)
            ),
        )
        reminded = claimed.rowcount == 1
        if reminded:
            events.append(
                session,
                EventType.STATUS_UPDATED,
                user_id=row.user_id,
                entity_type="outreach",
                entity_id=target,
                payload={
                    "kind": "outreach.follow_up_due",
                    "follow_up_at": due.isoformat() if due else None,
                    "job_id": str(row.job_id) if row.job_id else None,
                    "recipient_name": row.recipient_name,
                    "subject": row.subject,
                },
            )
    return {"outreach_id": str(target), "reminded": reminded}


def recover_submissions() -> dict[str, Any]:
    """Claims whose worker died mid-submit (older than the lease) become ``needs_review``."""
    recovered = recover_interrupted(get_services().sessions)
    return {"needs_review": [str(i) for i in recovered]}
