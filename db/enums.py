"""The closed vocabularies stored in the database, and the application state machine.

The transition table is the single statement of which status may follow which;
services ask it instead of comparing strings, so an impossible move (say,
``submitted`` back to ``ready``) is refused in one place.
"""

from __future__ import annotations

from enum import StrEnum


class ApplicationStatus(StrEnum):
    DISCOVERED = "discovered"
    SHORTLISTED = "shortlisted"
    TAILORING = "tailoring"
    READY_FOR_REVIEW = "ready_for_review"
    READY = "ready"
    SUBMITTING = "submitting"
    SUBMITTED = "submitted"
    INTERVIEWING = "interviewing"
    REJECTED = "rejected"
    OFFER = "offer"
    WITHDRAWN = "withdrawn"
    SKIPPED = "skipped"
    NEEDS_REVIEW = "needs_review"
    NEEDS_HUMAN = "needs_human"
    FAILED = "failed"
    EXPIRED = "expired"


S = ApplicationStatus

_BLOCKED = frozenset({S.NEEDS_HUMAN, S.FAILED, S.EXPIRED})
_PRE_SUBMIT = (S.DISCOVERED, S.SHORTLISTED, S.TAILORING, S.READY_FOR_REVIEW, S.READY)

TRANSITIONS: dict[ApplicationStatus, frozenset[ApplicationStatus]] = {
    S.DISCOVERED: frozenset({S.SHORTLISTED, S.TAILORING, S.SKIPPED}) | _BLOCKED,
    S.SHORTLISTED: frozenset({S.TAILORING, S.SKIPPED}) | _BLOCKED,
    S.TAILORING: frozenset({S.READY_FOR_REVIEW, S.SKIPPED}) | _BLOCKED,
    S.READY_FOR_REVIEW: frozenset({S.READY, S.SKIPPED, S.READY_FOR_REVIEW}) | _BLOCKED,
    # The claim: only this edge leads to a click on the submit button.
    S.READY: frozenset({S.SUBMITTING, S.READY_FOR_REVIEW, S.SKIPPED}) | _BLOCKED,
    # A crash while submitting is never retried automatically: a human reviews it.
    S.SUBMITTING: frozenset({S.SUBMITTED, S.NEEDS_REVIEW, S.NEEDS_HUMAN, S.FAILED, S.EXPIRED}),
    S.SUBMITTED: frozenset({S.INTERVIEWING, S.REJECTED, S.OFFER, S.WITHDRAWN}),
    S.INTERVIEWING: frozenset({S.REJECTED, S.OFFER, S.WITHDRAWN}),
    S.OFFER: frozenset({S.WITHDRAWN}),
    S.REJECTED: frozenset(),
    S.WITHDRAWN: frozenset(),
    S.SKIPPED: frozenset({S.SHORTLISTED}),
    # A human settles what happened; "submitted" when the platform shows it arrived.
    S.NEEDS_REVIEW: frozenset({S.SUBMITTED, S.READY, S.FAILED, S.WITHDRAWN}),
    S.NEEDS_HUMAN: frozenset(_PRE_SUBMIT) | frozenset({S.SKIPPED, S.FAILED, S.EXPIRED}),
    S.FAILED: frozenset({S.SHORTLISTED, S.SKIPPED}),
    S.EXPIRED: frozenset(),
}


def can_transition(current: ApplicationStatus, new: ApplicationStatus) -> bool:
    """Whether the state machine in docs/ARCHITECTURE.md allows ``current`` → ``new``."""
    return new in TRANSITIONS[current]


class ResumeKind(StrEnum):
    MASTER = "master"
    TAILORED = "tailored"


class WorkplaceType(StrEnum):
    REMOTE = "remote"
    HYBRID = "hybrid"
    ONSITE = "onsite"
    UNKNOWN = "unknown"


class RemotePreference(StrEnum):
    REMOTE = "remote"
    HYBRID = "hybrid"
    ONSITE = "onsite"
    ANY = "any"


class OutreachStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    SENT = "sent"
    FAILED = "failed"
    REPLIED = "replied"


class EventType(StrEnum):
    JOB_DISCOVERED = "job.discovered"
    APPLICATION_CREATED = "application.created"
    APPLICATION_SUBMITTED = "application.submitted"
    STATUS_UPDATED = "status.updated"
    OUTREACH_SENT = "outreach.sent"
    RESUME_STORED = "resume.stored"
    TASK_DEAD_LETTER = "task.dead_letter"
