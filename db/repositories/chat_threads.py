"""Who owns which chat thread."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.base import utcnow
from db.models import ChatThread


def create(session: Session, thread_id: str, user_id: uuid.UUID, title: str | None) -> ChatThread:
    row = ChatThread(thread_id=thread_id, user_id=user_id, title=(title or "")[:200] or None)
    session.add(row)
    session.flush()
    return row


def get_for_user(session: Session, user_id: uuid.UUID, thread_id: str) -> ChatThread | None:
    return session.scalar(
        select(ChatThread).where(ChatThread.thread_id == thread_id, ChatThread.user_id == user_id)
    )


def touch(session: Session, thread: ChatThread) -> None:
    thread.updated_at = utcnow()


def list_for_user(session: Session, user_id: uuid.UUID, *, limit: int = 50) -> Sequence[ChatThread]:
    return session.scalars(
        select(ChatThread)
        .where(ChatThread.user_id == user_id)
        .order_by(ChatThread.updated_at.desc())
        .limit(limit)
    ).all()
