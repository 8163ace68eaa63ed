"""The status queue's work: saved searches on their cron schedule, follow-up reminders, and
claims left by dead workers. Run through enqueue() on the embedded default (SQLite)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from core.config import get_settings
from db.enums import ApplicationStatus, EventType, OutreachStatus
from db.models import Application, Event, Job, Outreach, UserPreferences
from db.repositories import applications
from forms.submit import status_of
from resumes.candidate import load_candidate, sample_candidate_path
from resumes.store import store_candidate
from sandbox.server import RunningSandbox
from tests.installation import Installed
from tools.runtime import get_services, reset_services
from workers import embedded
from workers.dispatch import enqueue
from workers.registry import FOLLOW_UP, FOLLOW_UPS, RECOVER_SUBMISSIONS, SAVED_SEARCHES
from workers.status import enqueue_saved_searches, remind_follow_up, saved_search_kwargs


def _user_with_schedule(schedule: str | None, platforms: list[str]) -> uuid.UUID:
    with get_services().sessions.begin() as session:
        user_id = store_candidate(
            session, load_candidate(sample_candidate_path()), source_filename="candidate.json"
        ).user.id
        session.execute(
            update(UserPreferences)
            .where(UserPreferences.user_id == user_id)
            .values(
                search_schedule=schedule,
                platforms=platforms,
                updated_at=datetime.now(UTC) - timedelta(hours=1),
            )
        )
    return user_id


@pytest.fixture
def sandboxed(clean_sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch) -> RunningSandbox:
    """Settings whose operator-configured Greenhouse is the sandbox (as a saved search uses)."""
    urls = {"greenhouse": clean_sandbox.base_url("greenhouse")}
    monkeypatch.setenv("AJOB_SOURCE_BASE_URLS", json.dumps(urls))
    get_settings.cache_clear()
    reset_services()
    return clean_sandbox


def test_a_saved_search_runs_once_per_fire_time(sandboxed: RunningSandbox) -> None:
    user_id = _user_with_schedule("* * * * *", ["greenhouse:northwind", "lever"])
    now = datetime.now(UTC).replace(second=5, microsecond=0).isoformat()

    first = enqueue(SAVED_SEARCHES, now=now).wait(timeout=30)
    again = enqueue(SAVED_SEARCHES, now=now).wait(timeout=30)
    embedded.shutdown(wait=True)  # the searches the ticks enqueued

    assert first["enqueued"] == [str(user_id)]
    assert again["enqueued"] == [], "a second tick in the same minute finds it claimed"
    expected = sandboxed.catalogue.expected_distinct(["greenhouse"], board="northwind")
    with get_services().sessions() as session:
        assert len(session.scalars(select(Job.id)).all()) >= expected
        searches = session.scalars(
            select(Event).where(Event.entity_type == "search", Event.user_id == user_id)
        ).all()
    assert len(searches) == 1
    sources = {(s["source"], s["board"]) for s in searches[0].payload["sources"]}
    assert ("greenhouse", "northwind") in sources
    assert ("lever", None) not in sources, "an ATS without a board has nothing to search"


def test_a_schedule_fires_only_on_its_minutes_and_after_it_was_set(
    sandboxed: RunningSandbox,
) -> None:
    _user_with_schedule("0 8 * * 1-5", ["greenhouse:northwind"])
    friday_8_10 = "2031-01-03T08:10:00+00:00"
    saturday = "2031-01-04T08:05:00+00:00"
    friday_9 = "2031-01-03T09:00:00+00:00"
    assert enqueue_saved_searches(saturday)["enqueued"] == []
    assert enqueue_saved_searches(friday_9)["enqueued"] == [], "missed by more than 15 minutes"
    assert len(enqueue_saved_searches(friday_8_10)["enqueued"]) == 1, "late, but within reach"
    assert enqueue_saved_searches(friday_8_10)["enqueued"] == []
    set_later = "2026-01-02T08:00:00+00:00"  # before the preferences' last change
    assert enqueue_saved_searches(set_later)["enqueued"] == []
    embedded.shutdown(wait=True)


def test_a_bad_schedule_or_nothing_to_search_is_skipped() -> None:
    _user_with_schedule("every day", ["greenhouse:northwind"])
    assert enqueue_saved_searches()["enqueued"] == []
    with get_services().sessions() as session:
        prefs = session.scalars(select(UserPreferences)).one()
    prefs.platforms = ["greenhouse", "ashby"]
    assert saved_search_kwargs(prefs) is None
    prefs.platforms = ["remotive", "nowhere", "greenhouse:acme"]
    assert saved_search_kwargs(prefs) == {
        "user_id": str(prefs.user_id),
        "sources": ["remotive", "greenhouse"],
        "boards": ["greenhouse:acme"],
        "remote": None,
        "limit": 100,
    }


def _sent_outreach(user_id: uuid.UUID, follow_up_at: datetime | None) -> uuid.UUID:
    with get_services().sessions.begin() as session:
        row = Outreach(
            user_id=user_id,
            recipient_name="Dana Reyes",
            recipient_email="dana@example.org",
            subject="Staff Backend Engineer",
            body="Hello",
            status=OutreachStatus.SENT,
            message_id="<outreach-1@example.org>",
            sent_at=datetime.now(UTC) - timedelta(days=8),
            follow_up_at=follow_up_at,
        )
        session.add(row)
        session.flush()
        return row.id


def test_a_follow_up_reminder_is_written_once() -> None:
    user_id = _user_with_schedule(None, [])
    due = _sent_outreach(user_id, datetime.now(UTC) - timedelta(minutes=1))
    _sent_outreach(user_id, datetime.now(UTC) + timedelta(days=1))
    _sent_outreach(user_id, None)

    tick = enqueue(FOLLOW_UPS).wait(timeout=30)
    assert tick["enqueued"] == [str(due)]
    later = [enqueue(FOLLOW_UPS), enqueue(FOLLOW_UP, outreach_id=str(due))]
    embedded.shutdown(wait=True)  # the reminders the ticks enqueued
    assert later[1].wait(timeout=0) == {"outreach_id": str(due), "reminded": False}
    assert remind_follow_up(str(due))["reminded"] is False

    with get_services().sessions() as session:
        events = session.scalars(
            select(Event).where(Event.entity_type == "outreach", Event.entity_id == due)
        ).all()
        assert session.get(Outreach, due).follow_up_at is None  # type: ignore[union-attr]
    assert len(events) == 1
    assert events[0].type == EventType.STATUS_UPDATED.value
    assert events[0].user_id == user_id
    assert events[0].payload["kind"] == "outreach.follow_up_due"
    assert events[0].payload["recipient_name"] == "Dana Reyes"


def test_a_claim_left_by_a_dead_worker_goes_to_needs_review_after_the_lease(
    installed: Installed,
) -> None:
    sessions = installed.services.sessions
    fresh, stale = (uuid.UUID(job_id) for job_id in installed.job_ids[:2])
    ids = []
    with sessions.begin() as session:
        for job_id, age in ((fresh, timedelta(seconds=5)), (stale, timedelta(minutes=10))):
            row = applications.get_or_create(session, installed.user_id, job_id)
            row.status = ApplicationStatus.SUBMITTING
            session.flush()
            session.execute(
                update(Application)
                .where(Application.id == row.id)
                .values(updated_at=datetime.now(UTC) - age)
            )
            ids.append(row.id)

    result = enqueue(RECOVER_SUBMISSIONS).wait(timeout=30)

    assert result == {"needs_review": [str(ids[1])]}
    assert status_of(sessions, ids[0]) is ApplicationStatus.SUBMITTING
    assert status_of(sessions, ids[1]) is ApplicationStatus.NEEDS_REVIEW
