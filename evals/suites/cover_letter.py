"""Cover letters: faithful, specific to the job and the candidate, and the right length.

Specific means the letter names the company and the role and cites at least two of the
candidate's real achievements (an achievement is cited when its numbers appear, or its
opening words when it has none); a letter that could be sent anywhere fails. The length
and shape rules are the product's own (``format_problems``), so a model's letter and
the template are held to the same bar.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from evals.datasets import Case
from evals.fixtures import JobRef, resolve_job
from evals.scorers import banned_phrases, faithfulness, words
from evals.suites.base import FAITHFULNESS, JudgeInput, Metric, Outcome, Suite, flag
from resumes import prompting
from resumes.cover_letter import CoverLetterWriter, format_problems
from resumes.facts import numbers_in
from resumes.tailor import Tailor

MIN_CITED = 2


class CoverLetterExpect(BaseModel):
    model_config = ConfigDict(extra="forbid")

    must_cite_any: list[str] = Field(default_factory=list)
    """Phrases of master achievements, at least one of which the letter should cite."""
    must_not_mention: list[str] = Field(default_factory=list)
    """Words the letter must not contain (a skill the candidate lacks, a planted phrase)."""


class CoverLetterCase(Case):
    candidate: str = "sample"
    candidate_overrides: dict[str, Any] = Field(default_factory=dict)
    job: JobRef
    recipient: str | None = None
    expect: CoverLetterExpect = Field(default_factory=CoverLetterExpect)


def cited(achievement: str, text: str) -> bool:
    numbers = numbers_in(achievement)
    if numbers:
        return numbers <= numbers_in(text)
    opening = " ".join(achievement.lower().split()[:5])
    return opening in " ".join(text.lower().split())


class CoverLetterSuite(Suite[CoverLetterCase]):
    name = "cover_letter"
    case_model = CoverLetterCase
    description = "a candidate and a job: the letter is faithful, specific and the right length"
    prompts = ("cover_letter", "candidate_context")
    metrics = (
        FAITHFULNESS,
        Metric("format_ok", "3 to 5 paragraphs, 120 to 400 words, no greeting or sign-off"),
        Metric("specific", f"names company and role, cites {MIN_CITED}+ real achievements"),
        Metric("expected_citation", "cites one of the achievements the case expects"),
        Metric("banned_phrases", "clichés and model tells", better="lower", aggregate="sum"),
        Metric("model_accepted", "model letters that passed every check (openai only)"),
    )

    def check(self, case: CoverLetterCase) -> None:
        resolve_job(case.job, self.ctx.fixtures_dir)
        self.candidate(case.candidate, case.candidate_overrides)

    async def run_case(self, case: CoverLetterCase) -> Outcome:
        candidate = self.candidate(case.candidate, case.candidate_overrides)
        target = resolve_job(case.job, self.ctx.fixtures_dir).as_target()
        tailor = Tailor.for_candidate(
            candidate, llm=self.ctx.llm(), synonyms=self.ctx.settings.validator_synonyms
        )
        letter = await CoverLetterWriter(tailor).write(target, recipient=case.recipient)
        text = letter.text
        allowed = [target.company, target.title, case.recipient or ""]
        violations = faithfulness(
            tailor.validator,
            [(f"paragraph {i + 1}", p) for i, p in enumerate(letter.paragraphs)],
            allowed=allowed,
        )
        shape = format_problems(letter.paragraphs)
        banned = banned_phrases(text)
        folded = text.lower()
        cites = [a for a in letter.achievements if cited(a, text)]
        names_job = target.company.lower() in folded and target.title.lower() in folded
        specific = names_job and len(cites) >= MIN_CITED
        wanted = case.expect.must_cite_any
        hit = any(phrase.lower() in folded or cited(phrase, text) for phrase in wanted)
        planted = [w for w in case.expect.must_not_mention if w.lower() in folded]

        failures = [f"faithfulness: {v}" for v in violations]
        failures += [f"format: the letter {p}" for p in shape]
        failures += [f"banned phrase: {p!r}" for p in banned]
        if not specific:
            failures.append(
                f"not specific: names the job: {names_job}; achievements cited: {len(cites)}"
            )
        if wanted and not hit:
            failures.append("cites none of the expected achievements")
        failures += [f"mentions {w!r}" for w in planted]

        return Outcome(
            scores={
                "faithfulness_violations": float(len(violations)),
                "format_ok": flag(not shape),
                "specific": flag(specific),
                "expected_citation": flag(hit) if wanted else None,
                "banned_phrases": float(len(banned)),
                "model_accepted": (
                    flag(letter.method == "llm") if self.ctx.provider == "openai" else None
                ),
            },
            failures=failures,
            inputs={
                "candidate": case.candidate,
                "job": f"{target.title} at {target.company}",
                "recipient": case.recipient,
            },
            expected=case.expect.model_dump(exclude_defaults=True),
            outputs={
                "method": letter.method,
                "words": words(text),
                "paragraphs": letter.paragraphs,
                "achievements": letter.achievements,
                "cited": cites,
                "violations_caught": letter.violations_caught,
                "violations": violations,
            },
            prompts=letter.prompts,
            judge=JudgeInput(
                inputs=prompting.job_excerpt(target),
                outputs=text,
                reference=prompting.master_text(tailor.master),
            ),
        )
