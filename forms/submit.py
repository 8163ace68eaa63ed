"""Exactly-once submission: the database claim around the one click that sends an application.

The order is the guarantee:

1. claim: a conditional UPDATE ``ready`` → ``submitting``, committed before anything is
   clicked. Of any number of concurrent attempts on one application, one wins; the others
   are refused without touching the page.
2. send: the caller clicks the page's real submit control and waits for the platform's
   confirmation.
3. settle: ``submitted`` with the evidence when the platform confirmed; ``needs_human`` when
   the platform visibly refused (validation errors, a CAPTCHA), since nothing was accepted;
   ``needs_review`` for anything else (a timeout, a crash, no confirmation), because the
   click may have gone through. A process that dies during step 2 leaves ``submitting``
   behind, which ``recover_interrupted`` turns into ``needs_review``. Nothing moves an
   application out of ``needs_review`` except a person.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import structlog
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from db.base import utcnow
from db.enums import ApplicationStatus
from db.models import Application, Job
from db.repositories import applications

log = structlog.get_logger(__name__)

SUBMIT_LEASE_S = 300.0
"""Longer than any click-and-confirm takes; a claim older than this belongs to a dead process."""


@dataclass(frozen=True)
class Sent:
    """What the page showed after the click."""

    outcome: Literal["confirmed", "refused", "unknown"]
    reason: str | None = None
    confirmation: dict[str, str] = field(default_factory=dict)
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SubmitResult:
    status: ApplicationStatus | Literal["refused"]
    reason: str | None
    sent: Sent | None = None


def status_of(sessions: sessionmaker[Session], application_id: uuid.UUID) -> ApplicationStatus:
    with sessions() as session:
        status = session.scalar(select(Application.status).where(Application.id == application_id))
    if status is None:
        raise LookupError(f"no application {application_id}")
    return status


async def submit_once(
    sessions: sessionmaker[Session],
    application_id: uuid.UUID,
    send: Callable[[], Awaitable[Sent]],
    *,
    daily_caps: Mapping[str, int] | None = None,
) -> SubmitResult:
    """Claim, send, settle; ``send`` runs only for the one attempt that won the claim.

    With ``daily_caps`` (platform → per-user submissions per UTC day), an application whose
    platform has reached its cap today is refused before the claim and stays ``ready``.
    """
    over = _over_daily_cap(sessions, application_id, daily_caps or {})
    if over is not None:
        return SubmitResult("refused", over)
    with sessions.begin() as session:
        claimed = applications.claim_for_submit(session, application_id)
    if not claimed:
        status = status_of(sessions, application_id)
        return SubmitResult("refused", refusal_reason(status))
    try:
        sent = await send()
    except BaseException as exc:
        reason = f"interrupted after the claim ({type(exc).__name__}); check the platform"
        _settle(sessions, application_id, ApplicationStatus.NEEDS_REVIEW, reason)
        raise
    if sent.outcome == "confirmed":
        _settle(
            sessions,
            application_id,
            ApplicationStatus.SUBMITTED,
            "the platform confirmed the application",
            {
                "submitted_at": utcnow(),
                "evidence": {**sent.evidence, "confirmation": sent.confirmation},
            },
        )
        return SubmitResult(ApplicationStatus.SUBMITTED, None, sent)
    if sent.outcome == "refused":
        _settle(
            sessions,
            application_id,
            ApplicationStatus.NEEDS_HUMAN,
            sent.reason,
            {"evidence": sent.evidence},
        )
        return SubmitResult(ApplicationStatus.NEEDS_HUMAN, sent.reason, sent)
    reason = sent.reason or "no confirmation appeared after the click; check the platform"
    _settle(
        sessions,
        application_id,
        ApplicationStatus.NEEDS_REVIEW,
        reason,
        {"evidence": sent.evidence},
    )
    return SubmitResult(ApplicationStatus.NEEDS_REVIEW, reason, sent)


def _over_daily_cap(
    sessions: sessionmaker[Session], application_id: uuid.UUID, caps: Mapping[str, int]
) -> str | None:
    """Why today's cap on this application's platform forbids sending it, or None.

    A soft limit (two racing claims may both pass it): it exists to keep the person's account
    under a board's volume rules, not to guarantee a count.
    """
    if not caps:
        return None
    with sessions() as session:
        user_id, platform = session.execute(
            select(Application.user_id, Job.platform)
            .join(Job, Job.id == Application.job_id)
            .where(Application.id == application_id)
        ).one()
        cap = caps.get(platform)
        if cap is None:
            return None
        midnight = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
        sent = session.scalar(
            select(func.count(Application.id))
            .join(Job, Job.id == Application.job_id)
            .where(
                Application.user_id == user_id,
                Job.platform == platform,
                Application.submitted_at >= midnight,
            )
        )
    if (sent or 0) < cap:
        return None
    return (
        f"today's cap of {cap} applications on {platform} is reached "
        "(AJOB_APPLY_DAILY_CAPS); it resets at 00:00 UTC, and this application stays ready"
    )


def _settle(
    sessions: sessionmaker[Session],
    application_id: uuid.UUID,
    new: ApplicationStatus,
    reason: str | None,
    values: dict[str, Any] | None = None,
) -> None:
    with sessions.begin() as session:
        moved = applications.move(
            session, application_id, ApplicationStatus.SUBMITTING, new, reason=reason, values=values
        )
    if not moved:
        log.error("submit.settle_lost", application_id=str(application_id), to=new.value)


def refusal_reason(status: ApplicationStatus) -> str:
    """Why an application in ``status`` cannot be submitted now, in words a person can act on."""
    match status:
        case ApplicationStatus.SUBMITTING:
            return "another attempt is submitting this application right now"
        case ApplicationStatus.SUBMITTED:
            return "this application was already submitted"
        case ApplicationStatus.NEEDS_REVIEW:
            return (
                "an earlier attempt was interrupted after its claim; check the platform, "
                "then mark the application submitted or ready"
            )
    return f"the application is {status.value}, not ready to submit"


def recover_interrupted(
    sessions: sessionmaker[Session],
    *,
    lease_s: float = SUBMIT_LEASE_S,
    application_id: uuid.UUID | None = None,
) -> list[uuid.UUID]:
    """Turn claims whose process died into ``needs_review``; run at start-up and before applying.

    A person resuming one application says its earlier run is gone: ``application_id`` with
    ``lease_s=0`` settles that one claim at once.
    """
    with sessions.begin() as session:
        recovered = applications.interrupted_submissions(
            session, older_than_s=lease_s, application_id=application_id
        )
    for application_id in recovered:
        log.warning("submit.interrupted", application_id=str(application_id))
    return recovered
