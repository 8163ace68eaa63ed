"""What a suite is: a case model, the metrics it reports, and how one case is run and scored.

A suite runs the product's own service for a case (the same code ``ajob tailor`` or the
chat graph runs) and scores what came out. A check that fails becomes a sentence in
``failures``; the case passes when there are none. Scores are numbers (or None where a
metric does not apply to that case), aggregated per metric over the run.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar, cast

from core.errors import AjobError
from evals.context import RunContext
from evals.datasets import Case, load_cases, select
from evals.fixtures import load_candidate_fixture
from evals.records import Aggregate, Better, Unit
from resumes.candidate import Candidate

CaseT = TypeVar("CaseT", bound=Case)


@dataclass(frozen=True)
class Metric:
    name: str
    description: str
    better: Better = "higher"
    aggregate: Aggregate = "mean"
    unit: Unit | None = None
    """How to show it; by default a sum is a count and a mean a rate."""

    @property
    def shown_as(self) -> Unit:
        return self.unit or ("count" if self.aggregate == "sum" else "rate")


FAITHFULNESS = Metric(
    "faithfulness_violations",
    "claims the master does not support",
    better="lower",
    aggregate="sum",
)
"""The validator's count, which every suite that writes about the candidate reports."""


@dataclass(frozen=True)
class JudgeInput:
    """What an LLM judge reads about a case: the task, the output and what was expected."""

    inputs: str
    outputs: str
    reference: str = ""


@dataclass
class Outcome:
    scores: dict[str, float | None]
    failures: list[str]
    outputs: dict[str, Any]
    inputs: dict[str, Any] = field(default_factory=dict)
    expected: dict[str, Any] = field(default_factory=dict)
    prompts: list[str] = field(default_factory=list)
    judge: JudgeInput | None = None


def flag(ok: bool) -> float:
    return 1.0 if ok else 0.0


class Suite(ABC, Generic[CaseT]):
    """One dataset and the way to evaluate its cases; built fresh for every run."""

    name: ClassVar[str]
    description: ClassVar[str]
    case_model: ClassVar[type[Case]]
    metrics: ClassVar[tuple[Metric, ...]]
    prompts: ClassVar[tuple[str, ...]] = ()
    """Prompt files a model run of this suite sends, the suite's own task prompt first."""

    def __init__(self, ctx: RunContext) -> None:
        self.ctx = ctx

    def check(self, case: CaseT) -> None:
        """Raise ValueError for a case that names fixtures that do not exist."""

    def load(self, patterns: list[str] | None = None) -> list[CaseT]:
        path = self.ctx.datasets_dir / f"{self.name}.jsonl"
        check = cast("Callable[[Case], None]", self.check)
        return cast("list[CaseT]", select(load_cases(path, self.case_model, check), patterns or []))

    def candidate(self, name: str, overrides: dict[str, Any] | None = None) -> Candidate:
        try:
            return load_candidate_fixture(name, overrides, self.ctx.fixtures_dir)
        except AjobError as exc:
            raise ValueError(exc.message) from None

    async def setup(self) -> None:
        """Prepare what every case shares (a database, a graph); called once before the cases."""

    async def close(self) -> None:
        """Release what ``setup`` made."""

    @abstractmethod
    async def run_case(self, case: CaseT) -> Outcome: ...
