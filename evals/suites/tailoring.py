"""Tailoring: the resume keeps every fact of the master and covers the job's keywords.

The tailored document is checked again here, independently of the tailor's own check:
the validator against the master (zero violations is the bar), every role kept with its
employer, title and dates, the job's keywords the candidate has covered in the job's
spelling, and none of the job's keywords the candidate lacks slipped in.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from evals.datasets import Case
from evals.fixtures import JobRef, resolve_job
from evals.suites.base import FAITHFULNESS, JudgeInput, Metric, Outcome, Suite, flag
from resumes import prompting
from resumes.tailor import Tailor, resume_text
from resumes.target import mentions


class TailoringExpect(BaseModel):
    model_config = ConfigDict(extra="forbid")

    min_coverage: float = Field(default=0.0, ge=0, le=1)
    """Keyword coverage the tailored resume must reach."""
    min_gain: float = Field(default=0.0, ge=-1, le=1)
    """How much coverage must rise over the master's."""
    must_cover: list[str] = Field(default_factory=list)
    """Job keywords (in the job's spelling) the tailored text must contain."""
    must_not_mention: list[str] = Field(default_factory=list)
    """Job keywords the candidate does not have: the resume must not claim them."""


class TailoringCase(Case):
    candidate: str = "sample"
    candidate_overrides: dict[str, Any] = Field(default_factory=dict)
    job: JobRef
    expect: TailoringExpect = Field(default_factory=TailoringExpect)


def _role(work: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(work.get(k) for k in ("name", "position", "startDate", "endDate"))


class TailoringSuite(Suite[TailoringCase]):
    name = "tailoring"
    case_model = TailoringCase
    description = "a candidate and a job: every fact is kept, the job's keywords are covered"
    prompts = ("tailor_resume", "candidate_context")
    metrics = (
        FAITHFULNESS,
        Metric("roles_kept", "every role kept with its employer, title and dates"),
        Metric("keyword_coverage", "share of the job's keywords in the tailored resume"),
        Metric("coverage_gain", "coverage after tailoring minus the master's", unit="score"),
        Metric("expected_keywords", "share of the case's must-cover keywords present"),
        Metric(
            "unsupported_keywords",
            "keywords the candidate lacks that appear anyway",
            better="lower",
            aggregate="sum",
        ),
        Metric("model_accepted", "model rewrites that passed the validator (openai only)"),
    )

    def check(self, case: TailoringCase) -> None:
        resolve_job(case.job, self.ctx.fixtures_dir)
        self.candidate(case.candidate, case.candidate_overrides)

    async def run_case(self, case: TailoringCase) -> Outcome:
        candidate = self.candidate(case.candidate, case.candidate_overrides)
        job = resolve_job(case.job, self.ctx.fixtures_dir)
        target = job.as_target()
        tailor = Tailor.for_candidate(
            candidate, llm=self.ctx.llm(), synonyms=self.ctx.settings.validator_synonyms
        )
        result = await tailor.tailor(target)
        document = result.document
        master = tailor.master

        violations = [str(v) for v in tailor.validator.check_document(document)]
        kept = [_role(w) for w in document.get("work") or []] == [
            _role(w) for w in master.get("work") or []
        ]
        text = resume_text(document)
        expected_hits = [t for t in case.expect.must_cover if mentions(text, t)]
        unsupported = [t for t in case.expect.must_not_mention if mentions(text, t)]
        after, before = result.coverage_after.ratio, result.coverage_before.ratio

        failures = [f"faithfulness: {v}" for v in violations]
        if not kept:
            failures.append("a role's employer, title or dates changed, or a role was dropped")
        if after < case.expect.min_coverage:
            failures.append(f"keyword coverage {after:.0%} < {case.expect.min_coverage:.0%}")
        if after - before < case.expect.min_gain:
            failures.append(f"coverage rose {after - before:+.0%}, less than expected")
        missing = sorted(set(case.expect.must_cover) - set(expected_hits))
        if missing:
            failures.append(f"keywords not covered: {', '.join(missing)}")
        if unsupported:
            failures.append(f"keywords the candidate lacks appear: {', '.join(unsupported)}")

        model = self.ctx.provider == "openai"
        return Outcome(
            scores={
                "faithfulness_violations": float(len(violations)),
                "roles_kept": flag(kept),
                "keyword_coverage": after,
                "coverage_gain": round(after - before, 4),
                "expected_keywords": (
                    len(expected_hits) / len(case.expect.must_cover)
                    if case.expect.must_cover
                    else None
                ),
                "unsupported_keywords": float(len(unsupported)),
                "model_accepted": flag(result.method == "llm") if model else None,
            },
            failures=failures,
            inputs={"candidate": case.candidate, "job": f"{target.title} at {target.company}"},
            expected=case.expect.model_dump(exclude_defaults=True),
            outputs={
                "method": result.method,
                "summary": (document.get("basics") or {}).get("summary"),
                "bullets": {
                    str(w.get("name")): list(w.get("highlights") or [])
                    for w in document.get("work") or []
                },
                "skills": [
                    kw
                    for group in document.get("skills") or []
                    for kw in group.get("keywords") or []
                ],
                "coverage_before": result.coverage_before.model_dump(),
                "coverage_after": result.coverage_after.model_dump(),
                "changes": [c.model_dump() for c in result.changes],
                "violations_caught": result.violations_caught,
                "violations": violations,
            },
            prompts=result.prompts,
            judge=JudgeInput(
                inputs=prompting.job_excerpt(target),
                outputs=text,
                reference=prompting.master_text(master),
            ),
        )
