from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.enums import EventType, RemotePreference, ResumeKind
from db.models import Event, Resume, User
from resumes.candidate import Candidate, load_candidate, sample_candidate_path
from resumes.store import store_candidate


def _candidate() -> Candidate:
    candidate = load_candidate(sample_candidate_path())
    candidate.basics.email = f"{uuid.uuid4().hex}@Example.ORG"
    return candidate


def _count(session: Session, model: type[object], user_id: uuid.UUID) -> int:
    column = model.user_id  # type: ignore[attr-defined]
    return session.scalar(select(func.count()).select_from(model).where(column == user_id)) or 0


def test_loading_twice_is_idempotent(session: Session) -> None:
    candidate = _candidate()
    first = store_candidate(session, candidate, source_filename="c.json")
    session.commit()
    second = store_candidate(session, candidate, source_filename="c.json")
    session.commit()
    assert first.user_created
    assert not second.user_created
    assert first.resume_added
    assert not second.resume_added
    assert second.resume.id == first.resume.id
    assert _count(session, Resume, first.user.id) == 1
    assert _count(session, Event, first.user.id) == 1


def test_a_changed_resume_becomes_the_next_version(session: Session) -> None:
    candidate = _candidate()
    first = store_candidate(session, candidate, source_filename="c.json")
    session.commit()
    candidate.work[0].highlights.append("Wrote the on-call runbook.")
    second = store_candidate(session, candidate, source_filename="c.json")
    session.commit()
    assert second.resume_added
    assert (first.resume.version, second.resume.version) == (1, 2)
    assert second.resume.kind is ResumeKind.MASTER
    assert "Wrote the on-call runbook." in second.resume.content["work"][0]["highlights"]
    types = session.scalars(select(Event.type).where(Event.user_id == first.user.id)).all()
    assert types == [EventType.RESUME_STORED.value] * 2


def test_email_is_normalised_and_preferences_are_stored(session: Session) -> None:
    candidate = _candidate()
    stored = store_candidate(session, candidate, source_filename=None)
    session.commit()
    user = session.scalar(select(User).where(User.id == stored.user.id))
    assert user is not None
    assert user.email == candidate.basics.email.lower()
    assert stored.preferences.titles == candidate.preferences.titles
    assert stored.preferences.remote is RemotePreference.ANY
    assert stored.preferences.salary_currency == "USD"
    assert stored.preferences.auto_approve is False
