"""``/api/analytics``: how far your applications got, by status and platform, and what the
models cost you."""

from __future__ import annotations

from collections import defaultdict

from fastapi import APIRouter

from api.deps import CurrentUser, SessionDep
from api.schemas.analytics import Analytics, ModelUsage, Stage, Usage
from api.schemas.common import ERRORS
from db.enums import ApplicationStatus
from db.repositories import llm_spend, user_applications

router = APIRouter(prefix="/api/analytics", tags=["analytics"], responses=ERRORS)

S = ApplicationStatus
_OFFER = frozenset({S.OFFER})
_INTERVIEWING = _OFFER | {S.INTERVIEWING}
_SUBMITTED = _INTERVIEWING | {S.SUBMITTED, S.REJECTED}
_REVIEWED = _SUBMITTED | {S.READY_FOR_REVIEW, S.READY, S.SUBMITTING, S.NEEDS_REVIEW}
FUNNEL: list[tuple[str, frozenset[ApplicationStatus]]] = [
    ("discovered", frozenset(S)),
    ("tailored", _REVIEWED | {S.TAILORING}),
    ("reviewed", _REVIEWED),
    ("submitted", _SUBMITTED),
    ("interviewing", _INTERVIEWING),
    ("offer", _OFFER),
]
"""Each stage counts the applications that reached it: their status is that stage or later.
A withdrawal, skip or failure is counted at "discovered" only, since where it stopped is not
kept; ``by_status`` has the exact figures."""


@router.get("")
def analytics(user: CurrentUser, session: SessionDep) -> Analytics:
    by_status: dict[str, int] = defaultdict(int)
    by_platform: dict[str, dict[str, int]] = defaultdict(dict)
    counts: dict[ApplicationStatus, int] = defaultdict(int)
    for platform, status, count in user_applications.status_counts(session, user.user_id):
        by_status[status.value] += int(count)
        by_platform[platform][status.value] = int(count)
        counts[status] += int(count)
    funnel = [
        Stage(stage=name, reached=sum(n for s, n in counts.items() if s in members))
        for name, members in FUNNEL
    ]
    models = [
        ModelUsage(
            model=model,
            calls=int(calls),
            prompt_tokens=int(prompt),
            completion_tokens=int(completion),
            cached_tokens=int(cached),
            cost_usd=round(float(cost), 6),
        )
        for model, calls, prompt, completion, cached, cost in llm_spend.by_model(
            session, user.user_id
        )
    ]
    usage = Usage(
        calls=sum(m.calls for m in models),
        prompt_tokens=sum(m.prompt_tokens for m in models),
        completion_tokens=sum(m.completion_tokens for m in models),
        cached_tokens=sum(m.cached_tokens for m in models),
        total_tokens=sum(m.prompt_tokens + m.completion_tokens for m in models),
        cost_usd=round(sum(m.cost_usd for m in models), 6),
        by_model=models,
    )
    return Analytics(
        applications=sum(counts.values()),
        by_status=dict(by_status),
        by_platform=dict(by_platform),
        funnel=funnel,
        llm=usage,
    )
