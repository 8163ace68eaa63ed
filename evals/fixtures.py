"""The candidates and jobs the datasets refer to by name, so each case line stays short.

``sample`` is the bundled candidate (resumes/samples/candidate.json); the others live in
evals/datasets/fixtures/candidates/. Jobs are one shared pool (fixtures/jobs.json) that
cases name by id, or a case writes its own job inline when the job itself is the test
(an injected posting, an odd spelling).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from adapters.job import Job, SalaryPeriod
from db.enums import WorkplaceType
from resumes.candidate import Candidate, parse_candidate, sample_candidate_path
from resumes.target import JobTarget

FIXTURES_DIR = Path(__file__).resolve().parent / "datasets" / "fixtures"
SAMPLE = "sample"
EVAL_PLATFORM = "evals"


class FixtureJob(BaseModel):
    """A posting as the datasets write it: what ranking and tailoring read, nothing more."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    company: str = Field(min_length=1)
    description: str
    locations: list[str] = Field(default_factory=list)
    workplace_type: WorkplaceType = WorkplaceType.UNKNOWN
    salary_min: float | None = None
    salary_max: float | None = None
    salary_currency: str | None = None
    salary_period: SalaryPeriod | None = None

    def as_job(self) -> Job:
        return Job(
            platform=EVAL_PLATFORM,
            external_id=self.id,
            title=self.title,
            company=self.company,
            locations=self.locations,
            workplace_type=self.workplace_type,
            salary_min=self.salary_min,
            salary_max=self.salary_max,
            salary_currency=self.salary_currency,
            salary_period=self.salary_period,
            description_text=self.description,
        )

    def as_target(self) -> JobTarget:
        return JobTarget.from_job(self.as_job())


JobRef = str | FixtureJob
"""A job in a case: the id of a pool job, or a job written out in the case."""


@cache
def job_pool(fixtures: Path = FIXTURES_DIR) -> dict[str, FixtureJob]:
    data = json.loads((fixtures / "jobs.json").read_text(encoding="utf-8"))
    jobs = [FixtureJob.model_validate(item) for item in data]
    return {job.id: job for job in jobs}


def resolve_job(ref: JobRef, fixtures: Path = FIXTURES_DIR) -> FixtureJob:
    if isinstance(ref, FixtureJob):
        return ref
    try:
        return job_pool(fixtures)[ref]
    except KeyError:
        raise ValueError(f"unknown job {ref!r}: not in {fixtures / 'jobs.json'}") from None


def candidate_names(fixtures: Path = FIXTURES_DIR) -> list[str]:
    return [SAMPLE, *sorted(p.stem for p in (fixtures / "candidates").glob("*.json"))]


@cache
def _candidate_data(name: str, fixtures: Path) -> dict[str, Any]:
    path = sample_candidate_path() if name == SAMPLE else fixtures / "candidates" / f"{name}.json"
    if not path.is_file():
        known = ", ".join(candidate_names(fixtures))
        raise ValueError(f"unknown candidate {name!r}; known: {known}")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _merged(base: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(copy.deepcopy(base))
    for key, value in changes.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merged(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def load_candidate_fixture(
    name: str, overrides: Mapping[str, Any] | None = None, fixtures: Path = FIXTURES_DIR
) -> Candidate:
    """The named candidate, with ``overrides`` merged in (a case that tweaks preferences)."""
    data = _candidate_data(name, fixtures)
    return parse_candidate(_merged(data, overrides or {}), source=f"candidate {name!r}")
