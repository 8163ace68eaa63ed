"""Screening answers: the expected answer from the candidate's own data, or ``needs_human``.

A wrong answer sent on a form is worse than none, so leaving a question to the person
when nothing answers it counts as correct, and guessing counts as wrong. Free-text
questions are the model's part: offline they must be left to the person; with a model a
case may say what it expects instead (``with_model``), and every model answer is checked
for faithfulness again here.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from evals.datasets import Case
from evals.fixtures import JobRef, resolve_job
from evals.scorers import answer_matches, faithfulness
from evals.suites.base import JudgeInput, Metric, Outcome, Suite, flag
from resumes.answers import Answer, Answerer, AnswerSource, Question
from resumes.candidate import Candidate
from resumes.tailor import Tailor
from resumes.target import JobTarget

MatchMode = Literal["exact", "normalised", "contains"]


class ModelExpect(BaseModel):
    """What a model run should give instead, for a question only a model can answer."""

    model_config = ConfigDict(extra="forbid")

    needs_human: bool
    contains_any: list[str] = Field(default_factory=list)


class AnswersExpect(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer: str | None = None
    values: list[str] | None = None
    """Every choice of a checkbox group, in any order."""
    needs_human: bool = False
    source: AnswerSource | None = None
    match: MatchMode = "normalised"
    with_model: ModelExpect | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.needs_human and (self.answer is not None or self.values):
            raise ValueError("a needs_human expectation has no answer")
        if not self.needs_human and self.answer is None and not self.values:
            raise ValueError("give the expected answer, or needs_human: true")
        return self


class AnswersCase(Case):
    candidate: str = "sample"
    candidate_overrides: dict[str, Any] = Field(default_factory=dict)
    question: Question
    job: JobRef | None = None
    today: date | None = None
    expect: AnswersExpect


class AnswersSuite(Suite[AnswersCase]):
    name = "answers"
    case_model = AnswersCase
    description = "a form question and a candidate: the expected answer, or needs_human"
    prompts = ("screening_answer", "candidate_context")
    metrics = (
        Metric("correct", "the answer expected, or left to the person when expected"),
        Metric("answer_accuracy", "questions with an answer expected that got it"),
        Metric("needs_human_accuracy", "left to the person exactly when it should be"),
        Metric("guessed", "answered where the person should have", better="lower", aggregate="sum"),
        Metric("source_accuracy", "the answer came from the expected source"),
        Metric(
            "faithfulness_violations",
            "claims in model answers the master does not support",
            better="lower",
            aggregate="sum",
        ),
    )

    def check(self, case: AnswersCase) -> None:
        if case.job is not None:
            resolve_job(case.job, self.ctx.fixtures_dir)
        self.candidate(case.candidate, case.candidate_overrides)

    def _expected(self, case: AnswersCase) -> tuple[bool, str | None, list[str] | None, list[str]]:
        """(needs_human, answer, values, contains_any) for this run's provider."""
        expect = case.expect
        if self.ctx.provider == "openai" and expect.with_model is not None:
            return expect.with_model.needs_human, None, None, expect.with_model.contains_any
        return expect.needs_human, expect.answer, expect.values, []

    async def run_case(self, case: AnswersCase) -> Outcome:
        candidate = self.candidate(case.candidate, case.candidate_overrides)
        target = resolve_job(case.job, self.ctx.fixtures_dir).as_target() if case.job else None
        tailor = Tailor.for_candidate(
            candidate, llm=self.ctx.llm(), synonyms=self.ctx.settings.validator_synonyms
        )
        answerer = Answerer(candidate, tailor=tailor, today=case.today or self.ctx.today)
        [answer] = await answerer.answer_all([case.question], target)
        needs_human, expected, values, contains_any = self._expected(case)

        if needs_human:
            right_answer: bool | None = None
        elif values is not None:
            right_answer = sorted(answer.values or [answer.answer or ""]) == sorted(values)
        elif expected is not None:
            right_answer = answer_matches(answer.answer, expected, case.expect.match)
        else:
            right_answer = bool(answer.answer) and (
                not contains_any
                or any(answer_matches(answer.answer, c, "contains") for c in contains_any)
            )
        human_right = answer.needs_human == needs_human
        correct = human_right and right_answer is not False
        source = case.expect.source if self.ctx.provider == "offline" else None
        violations = self._violations(answer, tailor, candidate, target)

        failures: list[str] = []
        if not human_right:
            failures.append(
                f"answered {answer.answer!r} ({answer.source}) where the person should"
                if needs_human
                else f"left to the person ({answer.detail}) but {expected or values!r} expected"
            )
        elif right_answer is False:
            failures.append(f"answered {answer.answer!r}, expected {expected or values!r}")
        if source is not None and answer.source != source:
            failures.append(f"answer came from {answer.source}, expected {source}")
        failures += [f"faithfulness: {v}" for v in violations]

        return Outcome(
            scores={
                "correct": flag(correct and not violations),
                "answer_accuracy": None if right_answer is None else flag(right_answer),
                "needs_human_accuracy": flag(human_right),
                "guessed": flag(needs_human and not answer.needs_human),
                "source_accuracy": None if source is None else flag(answer.source == source),
                "faithfulness_violations": float(len(violations)),
            },
            failures=failures,
            inputs={
                "candidate": case.candidate,
                "question": case.question.model_dump(exclude_defaults=True),
                "job": f"{target.title} at {target.company}" if target else None,
            },
            expected=case.expect.model_dump(exclude_defaults=True),
            outputs=answer.model_dump(exclude_defaults=True) | {"needs_human": answer.needs_human},
            judge=(
                JudgeInput(inputs=case.question.text, outputs=answer.answer or "")
                if answer.source == "llm"
                else None
            ),
        )

    @staticmethod
    def _violations(
        answer: Answer, tailor: Tailor, candidate: Candidate, target: JobTarget | None
    ) -> list[str]:
        if answer.source != "llm" or not answer.answer:
            return []
        own = [a.answer for a in candidate.application.answers]
        allowed = [target.company, target.title, *own] if target else own
        return faithfulness(tailor.validator, [("answer", answer.answer)], allowed=allowed)
