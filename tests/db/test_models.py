from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import Engine, Uuid, bindparam, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError, StatementError
from sqlalchemy.orm import Session

from db.enums import ApplicationStatus, EventType, ResumeKind
from db.models import Application, Event, Job, Resume, User
from db.repositories import events


def _user(session: Session) -> User:
    user = User(email=f"{uuid.uuid4().hex}@example.org")
    session.add(user)
    session.flush()
    return user


def _job(session: Session, **overrides: Any) -> Job:
    values: dict[str, Any] = {
        "platform": "greenhouse",
        "external_id": uuid.uuid4().hex,
        "title": "Backend Engineer",
        "company": "Acme",
    }
    values.update(overrides)
    job = Job(**values)
    session.add(job)
    session.flush()
    return job


def test_job_is_unique_per_platform_and_external_id(session: Session) -> None:
    job = _job(session)
    session.commit()
    _job(session, platform="lever", external_id=job.external_id)
    session.commit()
    with pytest.raises(IntegrityError):
        _job(session, external_id=job.external_id)
    session.rollback()


def test_one_application_per_user_and_job(session: Session) -> None:
    user, job = _user(session), _job(session)
    session.add(Application(user_id=user.id, job_id=job.id))
    session.commit()
    session.add(Application(user_id=user.id, job_id=job.id))
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()


def test_status_outside_the_state_machine_is_refused_by_the_database(
    session: Session,
) -> None:
    user, job = _user(session), _job(session)
    app = Application(user_id=user.id, job_id=job.id)
    session.add(app)
    session.commit()
    statement = text("UPDATE applications SET status = 'teleported' WHERE id = :id")
    with pytest.raises(IntegrityError):
        session.execute(statement.bindparams(bindparam("id", type_=Uuid())), {"id": app.id})
    session.rollback()


def test_timestamps_come_back_timezone_aware_utc(session: Session) -> None:
    posted = datetime(2026, 11, 1, 9, 30, tzinfo=timezone(timedelta(hours=-5)))
    job = _job(session, posted_at=posted, locations=["New York, NY"], raw={"id": 1, "tags": ["x"]})
    session.commit()
    session.expire_all()
    loaded = session.get(Job, job.id)
    assert loaded is not None
    assert loaded.posted_at == posted
    assert loaded.posted_at.tzinfo is not None
    assert loaded.posted_at.utcoffset() == timedelta(0)
    assert loaded.created_at.tzinfo is not None
    assert loaded.raw == {"id": 1, "tags": ["x"]}
    assert loaded.locations == ["New York, NY"]


def test_naive_datetimes_are_rejected(session: Session) -> None:
    with pytest.raises(StatementError, match="naive datetime"):
        _job(session, posted_at=datetime(2026, 1, 1))
    session.rollback()


def test_events_are_append_only(session: Session) -> None:
    user = _user(session)
    event = events.append(session, EventType.STATUS_UPDATED, user_id=user.id, payload={"to": "x"})
    session.commit()
    with pytest.raises(DBAPIError, match="append-only"):
        session.execute(update(Event).where(Event.id == event.id).values(type="tampered"))
    session.rollback()
    stored = session.scalar(select(Event.type).where(Event.id == event.id))
    assert stored == "status.updated"


def test_master_versions_are_unique_per_user_but_tailored_copies_are_not(
    session: Session,
) -> None:
    user = _user(session)

    def resume(kind: ResumeKind, version: int) -> Resume:
        return Resume(
            user_id=user.id, kind=kind, version=version, content={}, content_hash="h" * 64
        )

    session.add_all([resume(ResumeKind.TAILORED, 1), resume(ResumeKind.TAILORED, 1)])
    session.add(resume(ResumeKind.MASTER, 1))
    session.commit()
    session.add(resume(ResumeKind.MASTER, 1))
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()


def test_deleting_a_user_removes_what_they_own(engine: Engine, session: Session) -> None:
    user, job = _user(session), _job(session)
    session.add(Application(user_id=user.id, job_id=job.id, status=ApplicationStatus.SHORTLISTED))
    session.commit()
    session.delete(user)
    session.commit()
    assert session.scalar(select(Application).where(Application.user_id == user.id)) is None
    assert session.get(Job, job.id) is not None


def test_created_at_is_recent(session: Session) -> None:
    user = _user(session)
    session.commit()
    assert abs(datetime.now(UTC) - user.created_at) < timedelta(minutes=1)
