"""Matching: does ranking put the jobs a recruiter would pick for this candidate first?

Each case is a candidate and a list of jobs with graded relevance labels (3: apply now,
2: good, 1: a stretch, 0: no), written by a person reading the candidate and the jobs,
not derived from the ranker. The ranking is scored with nDCG@10, plus whether the top
job is a good one and how many of the good jobs made the top three.
"""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from evals.datasets import Case
from evals.fixtures import JobRef, resolve_job
from evals.scorers import ndcg_at
from evals.suites.base import Metric, Outcome, Suite, flag
from jobs.ranking import CandidateProfile, rank_jobs

GOOD = 2
"""A label from which a job is worth the candidate's time."""


class MatchingExpect(BaseModel):
    model_config = ConfigDict(extra="forbid")

    labels: dict[str, int]
    """Job id → relevance 0..3; a job left out is 0."""
    min_ndcg: float = Field(default=0.85, ge=0, le=1)
    top: str | None = None
    """The job that must come first, when one clearly should."""

    @model_validator(mode="after")
    def _grades(self) -> Self:
        bad = {job: grade for job, grade in self.labels.items() if not 0 <= grade <= 3}
        if bad:
            raise ValueError(f"labels are 0..3, got {bad}")
        return self


class MatchingCase(Case):
    candidate: str = "sample"
    candidate_overrides: dict[str, Any] = Field(default_factory=dict)
    jobs: list[JobRef] = Field(min_length=2)
    k: int = Field(default=10, ge=1)
    expect: MatchingExpect


def _job_id(ref: JobRef) -> str:
    return ref if isinstance(ref, str) else ref.id


class MatchingSuite(Suite[MatchingCase]):
    name = "matching"
    case_model = MatchingCase
    description = "a candidate and a list of jobs: relevance labels for the jobs (nDCG@10)"
    metrics = (
        Metric("ndcg_at_10", "nDCG@10 of the ranking against the labels", unit="score"),
        Metric("top1_good", f"the first job is labelled {GOOD} or more"),
        Metric(
            "good_in_top3",
            f"jobs labelled {GOOD}+ in the top three, of as many as the case has (up to 3)",
        ),
    )

    def check(self, case: MatchingCase) -> None:
        ids = [_job_id(ref) for ref in case.jobs]
        for ref in case.jobs:
            resolve_job(ref, self.ctx.fixtures_dir)
        if len(set(ids)) != len(ids):
            raise ValueError("a job is listed twice")
        unknown = sorted(set(case.expect.labels) - set(ids))
        if unknown:
            raise ValueError(f"labels name jobs not in the case: {', '.join(unknown)}")
        if case.expect.top is not None and case.expect.top not in ids:
            raise ValueError(f"expect.top {case.expect.top!r} is not in the case's jobs")
        self.candidate(case.candidate, case.candidate_overrides)

    async def run_case(self, case: MatchingCase) -> Outcome:
        candidate = self.candidate(case.candidate, case.candidate_overrides)
        profile = CandidateProfile.from_candidate(candidate, today=self.ctx.today)
        jobs = [resolve_job(ref, self.ctx.fixtures_dir) for ref in case.jobs]
        ranked = rank_jobs(profile, [job.as_job() for job in jobs])
        order = [job.external_id for job, _ in ranked]
        labels = case.expect.labels
        ndcg = round(ndcg_at(order, labels, case.k), 4)
        top_good = labels.get(order[0], 0) >= GOOD
        good = sum(grade >= GOOD for grade in labels.values())
        top3 = sum(labels.get(job, 0) >= GOOD for job in order[:3]) / min(3, good) if good else None

        failures = []
        if ndcg < case.expect.min_ndcg:
            failures.append(f"nDCG@{case.k} {ndcg:.3f} < {case.expect.min_ndcg}")
        if case.expect.top is not None and order[0] != case.expect.top:
            failures.append(f"{order[0]} ranked first, expected {case.expect.top}")
        return Outcome(
            scores={
                "ndcg_at_10": ndcg,
                "top1_good": flag(top_good),
                "good_in_top3": None if top3 is None else round(top3, 4),
            },
            failures=failures,
            inputs={"candidate": case.candidate, "jobs": [_job_id(r) for r in case.jobs]},
            expected=case.expect.model_dump(exclude_none=True),
            outputs={
                "ranking": [
                    {
                        "job": job.external_id,
                        "title": f"{job.title} at {job.company}",
                        "score": match.score,
                        "label": labels.get(job.external_id, 0),
                        "reasons": match.reasons[:3],
                    }
                    for job, match in ranked
                ]
            },
        )
