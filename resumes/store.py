"""Storing a candidate: their user, a new master resume version when it changed, preferences."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy.orm import Session

from db.enums import EventType
from db.models import Resume, User, UserPreferences
from db.repositories import events, preferences, resumes, users
from resumes.candidate import Candidate


@dataclass(frozen=True)
class StoredCandidate:
    user: User
    resume: Resume
    preferences: UserPreferences
    user_created: bool
    resume_added: bool


def content_hash(content: dict[str, object]) -> str:
    """A stable hash of a document, so re-loading an unchanged file adds no version."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def store_master(
    session: Session, candidate: Candidate, *, source_format: str, source_filename: str | None
) -> tuple[User, Resume, bool, bool]:
    """The candidate's user and master resume; a new version only when the content changed.

    Returns (user, resume, user_created, resume_added).
    """
    user, created = users.get_or_create(session, candidate.basics.email, candidate.basics.name)
    content = candidate.model_dump(mode="json", exclude_none=True)
    resume, added = resumes.add_master_version(
        session,
        user.id,
        content,
        content_hash(content),
        label=candidate.basics.label,
        source_format=source_format,
        source_filename=source_filename,
    )
    if added:
        events.append(
            session,
            EventType.RESUME_STORED,
            user_id=user.id,
            entity_type="resume",
            entity_id=resume.id,
            payload={"version": resume.version, "kind": resume.kind.value},
        )
    return user, resume, created, added


def store_candidate(
    session: Session, candidate: Candidate, *, source_filename: str | None
) -> StoredCandidate:
    """Idempotent: loading the same file twice leaves one user and one master version."""
    user, resume, created, added = store_master(
        session, candidate, source_format="json-resume", source_filename=source_filename
    )
    prefs = preferences.upsert(
        session,
        user.id,
        {
            "titles": candidate.preferences.titles,
            "locations": candidate.preferences.locations,
            "remote": candidate.preferences.remote,
            "salary_min": candidate.preferences.salary_min,
            "salary_currency": (
                candidate.application.salary_expectation.currency
                if candidate.application.salary_expectation
                else None
            ),
            "platforms": candidate.preferences.platforms,
            "exclude_companies": candidate.preferences.exclude_companies,
        },
    )
    return StoredCandidate(user, resume, prefs, created, added)
