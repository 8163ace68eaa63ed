"""Outreach rows: drafting one message for a (user, job), and sending it exactly once.

Exactly once without a ``sending`` status (the schema's statuses are draft, approved, sent,
failed, replied): the claim is one conditional UPDATE that moves a draft (or a failed or
approved row) to ``approved`` **and** stamps its Message-ID, only where no Message-ID is
set yet. It is committed before the mail server is contacted. Of two concurrent senders
exactly one sees its UPDATE change a row; the other sends nothing. ``approved`` with a
Message-ID therefore means "handed to the sender": it becomes ``sent`` when the server
takes the message, and goes back to ``failed`` with the Message-ID cleared only when the
server certainly took nothing (``smtp.NotSent``), so it may be sent again. A process that
dies mid-send, or a connection that breaks while the message is handed over, leaves the
claim in place, and nothing ever sends it again automatically; a person looks at the
mailbox and calls ``settle``.

Drafts are never rewritten: drafting again adds a new row, so the text a person approved
for one outreach id is the text that id sends (edits arrive through ``send`` itself).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import structlog
from pydantic import BaseModel, Field
from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session, sessionmaker

from core.config import Settings
from core.errors import AjobError, InputError
from db.base import utcnow
from db.enums import ApplicationStatus, EventType, OutreachStatus
from db.models import Application, Outreach, User
from db.repositories import events
from db.repositories.jobs import get_job
from db.repositories.resumes import latest_master
from jobs.store import row_to_job
from llm.client import ChatClient
from outreach import smtp
from outreach.draft import Method, OutreachWriter
from outreach.recipients import Recipient, RecipientSource, choose_recipient, find_recipients
from resumes.candidate import Candidate, parse_candidate
from resumes.tailor import Tailor
from resumes.target import JobTarget

log = structlog.get_logger(__name__)

_CLAIMABLE = (OutreachStatus.DRAFT, OutreachStatus.APPROVED, OutreachStatus.FAILED)
_DONE = (OutreachStatus.SENT, OutreachStatus.REPLIED)
_APPLIED = frozenset(
    {
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.INTERVIEWING,
        ApplicationStatus.OFFER,
        ApplicationStatus.REJECTED,
    }
)
MAX_SUBJECT_CHARS = 500


class OutreachInFlight(AjobError):
    """The message was handed to the sender and its fate is unknown: never resent by itself."""


class OutreachSummary(BaseModel):
    id: uuid.UUID
    job_id: uuid.UUID | None
    application_id: uuid.UUID | None
    status: OutreachStatus
    recipient_name: str | None
    recipient_email: str | None
    subject: str | None
    body: str
    message_id: str | None
    sent_at: datetime | None

    @classmethod
    def of(cls, row: Outreach) -> OutreachSummary:
        return cls.model_validate(row, from_attributes=True)


class DraftedOutreach(OutreachSummary):
    method: Method
    facts: list[str]
    """The master achievements the message was built from."""
    violations_caught: list[str] = Field(default_factory=list)
    recipient_source: RecipientSource | None = None
    other_contacts: list[Recipient] = Field(default_factory=list)
    """Other people or inboxes the posting names, for the user to choose instead."""


class SentOutreach(OutreachSummary):
    sent_now: bool
    """False when it had been sent before: this call sent nothing."""


@dataclass(frozen=True)
class _Inputs:
    job_id: uuid.UUID
    candidate: Candidate
    target: JobTarget
    description_html: str | None
    application_id: uuid.UUID | None
    applied: bool


def _inputs(session: Session, user_id: uuid.UUID, job_ref: uuid.UUID | str) -> _Inputs:
    job = get_job(session, str(job_ref))
    if job is None:
        raise InputError(f"no job {job_ref!r}: use a job id from a search or PLATFORM:EXTERNAL_ID")
    master = latest_master(session, user_id)
    if master is None:
        raise InputError("this user has no master resume yet: run `ajob resume import FILE`")
    application = session.scalar(
        select(Application).where(Application.user_id == user_id, Application.job_id == job.id)
    )
    return _Inputs(
        job_id=job.id,
        candidate=parse_candidate(master.content, source=f"master resume v{master.version}"),
        target=JobTarget.from_job(row_to_job(job)),
        description_html=job.description_html,
        application_id=application.id if application else None,
        applied=application is not None and application.status in _APPLIED,
    )


async def draft_outreach(
    sessions: sessionmaker[Session],
    user_id: uuid.UUID,
    job_id: uuid.UUID | str,
    *,
    recipient_name: str | None = None,
    recipient_email: str | None = None,
    llm: ChatClient | None = None,
    synonyms: Mapping[str, Sequence[str]] | None = None,
) -> DraftedOutreach:
    """A new draft to the posting's contact (or the one given), stored as ``draft``.

    ``job_id`` is a job's id or ``PLATFORM:EXTERNAL_ID``.

    The database is read and written in two short transactions; the model call between
    them holds no lock.
    """
    with sessions() as session:
        inputs = _inputs(session, user_id, job_id)
    text, html = inputs.target.description, inputs.description_html
    recipient = choose_recipient(text, html, name=recipient_name, email=recipient_email)
    others = [
        r
        for r in find_recipients(text, html)
        if recipient is None or (r.email, r.name) != (recipient.email, recipient.name)
    ][:3]
    writer = OutreachWriter(Tailor.for_candidate(inputs.candidate, llm=llm, synonyms=synonyms))
    draft = await writer.write(inputs.target, recipient, applied=inputs.applied)
    with sessions.begin() as session:
        row = Outreach(
            user_id=user_id,
            job_id=inputs.job_id,
            application_id=inputs.application_id,
            recipient_name=draft.recipient_name,
            recipient_email=draft.recipient_email,
            subject=draft.subject,
            body=draft.body,
            status=OutreachStatus.DRAFT,
        )
        session.add(row)
        session.flush()
        summary = OutreachSummary.of(row)
    return DraftedOutreach(
        **summary.model_dump(),
        method=draft.method,
        facts=draft.facts,
        violations_caught=draft.violations_caught,
        recipient_source=recipient.source if recipient else None,
        other_contacts=others,
    )


def _owned(session: Session, user_id: uuid.UUID, outreach_id: uuid.UUID) -> Outreach:
    row = session.scalar(
        select(Outreach).where(Outreach.id == outreach_id, Outreach.user_id == user_id)
    )
    if row is None:
        raise InputError(f"no outreach {outreach_id} for this user: draft one first")
    return row


def get_outreach(
    sessions: sessionmaker[Session], user_id: uuid.UUID, outreach_id: uuid.UUID
) -> OutreachSummary:
    with sessions() as session:
        return OutreachSummary.of(_owned(session, user_id, outreach_id))


def _edits(subject: str | None, body: str | None) -> dict[str, str]:
    """A person's edits, checked: one-line subject, non-empty body."""
    values: dict[str, str] = {}
    if subject is not None:
        line = " ".join(subject.split())
        if not line or len(line) > MAX_SUBJECT_CHARS:
            raise InputError(f"the subject must be one line of 1 to {MAX_SUBJECT_CHARS} characters")
        values["subject"] = line
    if body is not None:
        if not body.strip():
            raise InputError("the message body is empty; write the message or reject it")
        values["body"] = body.strip() + "\n"
    return values


def _changed(result: Any) -> bool:
    return cast(CursorResult[Any], result).rowcount == 1


def _claim(
    session: Session,
    user_id: uuid.UUID,
    outreach_id: uuid.UUID,
    message_id: str,
    edits: dict[str, str],
) -> bool:
    """The claim: → ``approved`` with this Message-ID, only if nobody holds it yet."""
    return _changed(
        session.execute(
            update(Outreach)
            .where(
                Outreach.id == outreach_id,
                Outreach.user_id == user_id,
                Outreach.status.in_(_CLAIMABLE),
                Outreach.message_id.is_(None),
                Outreach.recipient_email.is_not(None),
            )
            .values(
                status=OutreachStatus.APPROVED,
                message_id=message_id,
                updated_at=utcnow(),
                **edits,
            )
            .execution_options(synchronize_session=False)
        )
    )


def _settle(
    session: Session,
    user_id: uuid.UUID,
    outreach_id: uuid.UUID,
    message_id: str | None,
    *,
    delivered: bool,
) -> bool:
    """Close a claim: ``sent`` (with the event) or ``failed`` and free to send again."""
    claim = (
        Outreach.message_id.is_not(None)
        if message_id is None
        else (Outreach.message_id == message_id)
    )
    now = utcnow()
    values: dict[str, Any] = (
        {"status": OutreachStatus.SENT, "sent_at": now}
        if delivered
        else {"status": OutreachStatus.FAILED, "message_id": None}
    )
    if not _changed(
        session.execute(
            update(Outreach)
            .where(
                Outreach.id == outreach_id,
                Outreach.user_id == user_id,
                Outreach.status == OutreachStatus.APPROVED,
                claim,
            )
            .values(updated_at=now, **values)
            .execution_options(synchronize_session=False)
        )
    ):
        return False
    if delivered:
        row = _owned(session, user_id, outreach_id)
        events.append(
            session,
            EventType.OUTREACH_SENT,
            user_id=user_id,
            entity_type="outreach",
            entity_id=outreach_id,
            payload={
                "message_id": row.message_id,
                "job_id": str(row.job_id) if row.job_id else None,
            },
        )
    return True


def is_done(outreach: OutreachSummary) -> bool:
    """Sent (or answered): sending it again sends nothing."""
    return outreach.status in _DONE


def check_sendable(outreach: OutreachSummary) -> None:
    """The one-line reason an unsent outreach cannot be sent now, raised; None when it can."""
    if not outreach.recipient_email:
        raise InputError(
            f"outreach {outreach.id} has no recipient address: draft it again with recipient_email"
        )
    if outreach.message_id:
        raise OutreachInFlight(
            f"outreach {outreach.id} was already handed to the mail server and may have "
            "arrived; it is never sent twice by itself: check the mailbox, then settle it"
        )


def _not_claimed(outreach: OutreachSummary) -> SentOutreach:
    """Why a claim failed: already sent (a result), in flight, or nothing to send to."""
    if not is_done(outreach):
        check_sendable(outreach)
        raise OutreachInFlight(f"outreach {outreach.id} is {outreach.status.value}; not sent")
    return SentOutreach(**outreach.model_dump(), sent_now=False)


def send(
    sessions: sessionmaker[Session],
    settings: Settings,
    user_id: uuid.UUID,
    outreach_id: uuid.UUID,
    *,
    subject: str | None = None,
    body: str | None = None,
) -> SentOutreach:
    """Send the outreach email exactly once; ``subject``/``body`` are a person's edits.

    Sending a message that was already sent returns it with ``sent_now`` False.
    """
    smtp.require_configured(settings)
    edits = _edits(subject, body)
    with sessions() as session:
        user = session.get(User, user_id)
        if user is None:
            raise InputError(f"no user {user_id}")
        reply_to = smtp.address(user.display_name, user.email)
    from_header = settings.smtp_from or reply_to
    message_id = smtp.message_id_for(outreach_id, from_header)
    with sessions.begin() as session:
        claimed = _claim(session, user_id, outreach_id, message_id, edits)
        summary = OutreachSummary.of(_owned(session, user_id, outreach_id))
    if not claimed:
        return _not_claimed(summary)
    assert summary.recipient_email is not None
    message = smtp.build_message(
        from_header=from_header,
        reply_to=reply_to,
        to_name=summary.recipient_name,
        to_email=summary.recipient_email,
        subject=summary.subject or "",
        body=summary.body,
        message_id=message_id,
    )
    try:
        smtp.deliver(settings, message)
    except smtp.NotSent:
        with sessions.begin() as session:
            _settle(session, user_id, outreach_id, message_id, delivered=False)
        log.warning("outreach.not_sent", outreach_id=str(outreach_id))
        raise
    except BaseException:
        log.error("outreach.send_interrupted", outreach_id=str(outreach_id))
        raise
    with sessions.begin() as session:
        _settle(session, user_id, outreach_id, message_id, delivered=True)
        row = _owned(session, user_id, outreach_id)
        log.info("outreach.sent", outreach_id=str(outreach_id))
        return SentOutreach(**OutreachSummary.of(row).model_dump(), sent_now=True)


def settle(
    sessions: sessionmaker[Session],
    user_id: uuid.UUID,
    outreach_id: uuid.UUID,
    *,
    delivered: bool,
) -> OutreachSummary:
    """A person's verdict on an interrupted send: it arrived (``sent``) or not (``failed``)."""
    with sessions.begin() as session:
        if not _settle(session, user_id, outreach_id, None, delivered=delivered):
            row = _owned(session, user_id, outreach_id)
            raise InputError(
                f"outreach {outreach_id} is {row.status.value}, not an interrupted send; "
                "there is nothing to settle"
            )
        return OutreachSummary.of(_owned(session, user_id, outreach_id))
