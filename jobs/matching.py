"""Ranking stored jobs for a user: score each one and keep the score on their application row."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Job as JobRow
from db.repositories.applications import upsert_match_scores
from jobs.ranking import CandidateProfile, score_job
from jobs.store import row_to_job
from resumes.candidate import Candidate


@dataclass(frozen=True)
class RankedJob:
    job_id: uuid.UUID
    score: int
    title: str
    company: str
    where: str
    reasons: list[str] = field(default_factory=list)


def rank_stored_jobs(session: Session, candidate: Candidate, user_id: uuid.UUID) -> list[RankedJob]:
    """Every stored job scored for ``candidate``, best first; scores are saved for ``user_id``."""
    profile = CandidateProfile.from_candidate(candidate)
    ranked: list[RankedJob] = []
    for row in session.scalars(select(JobRow).execution_options(yield_per=1000)):
        result = score_job(profile, row_to_job(row))
        where = ", ".join(row.locations or []) or row.workplace_type.value
        ranked.append(
            RankedJob(row.id, result.score, row.title, row.company, where, result.reasons)
        )
    upsert_match_scores(session, user_id, [(r.job_id, float(r.score), r.reasons) for r in ranked])
    ranked.sort(key=lambda r: -r.score)
    return ranked
