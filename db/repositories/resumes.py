"""Master resumes are versioned per user; a new version is stored only when content changes."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.enums import ResumeKind
from db.models import Resume


def latest_master(session: Session, user_id: uuid.UUID) -> Resume | None:
    return session.scalar(
        select(Resume)
        .where(Resume.user_id == user_id, Resume.kind == ResumeKind.MASTER)
        .order_by(Resume.version.desc())
        .limit(1)
    )


def add_master_version(
    session: Session,
    user_id: uuid.UUID,
    content: dict[str, Any],
    content_hash: str,
    *,
    label: str | None = None,
    source_format: str | None = None,
    source_filename: str | None = None,
) -> tuple[Resume, bool]:
    """Store ``content`` as the next master version, unless it equals the latest one.

    Returns the resume that now holds this content and whether a version was added.
    """
    latest = latest_master(session, user_id)
    if latest is not None and latest.content_hash == content_hash:
        return latest, False
    resume = Resume(
        user_id=user_id,
        kind=ResumeKind.MASTER,
        version=(latest.version + 1) if latest else 1,
        label=label,
        content=content,
        content_hash=content_hash,
        source_format=source_format,
        source_filename=source_filename,
    )
    session.add(resume)
    session.flush()
    return resume, True
