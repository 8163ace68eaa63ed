"""Running suites: cases concurrently, each recorded with its outputs, scores, usage and prompts.

A case that raises is recorded as an error with the exception's message and the run goes
on: one bad case must not hide the other results. Everything that can be checked before
spending a model call is checked first (suite names, every dataset line, the prompt
versions asked for, the API key), so bad input fails in a second with one line.
"""

from __future__ import annotations

import asyncio
import re
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from core.config import Settings
from core.errors import InputError
from evals.context import RunContext, case_usage
from evals.datasets import DATASETS_DIR
from evals.fixtures import FIXTURES_DIR
from evals.judge import SCORE, Judge
from evals.prompt_versions import VARIANTS_DIR, resolve
from evals.records import CaseResult, MetricSummary, PromptUse, RunRecord, SuiteSummary, Usage
from evals.scorers import percentile
from evals.suites import build
from evals.suites.base import Metric, Suite
from llm.client import require_api_key
from llm.prompts import prompt_overrides
from llm.provider import ProviderName
from llm.usage import UsageRecord

JUDGE_METRIC = Metric(SCORE, "LLM judge's rubric score, 0..1", unit="score")


@dataclass
class RunOptions:
    suites: list[str]
    provider: ProviderName
    settings: Settings
    model: str | None = None
    prompt_versions: list[str] = field(default_factory=list)
    repeat: int = 1
    concurrency: int = 4
    label: str | None = None
    cases: list[str] = field(default_factory=list)
    """Case id patterns (``tl-0*``); all cases when empty."""
    judge_model: str | None = None
    datasets_dir: Path = DATASETS_DIR
    fixtures_dir: Path = FIXTURES_DIR
    variants_dir: Path = VARIANTS_DIR
    command: list[str] = field(default_factory=list)


class Progress(Protocol):
    def start(self, suite: str, cases: int) -> None: ...

    def advance(self, result: CaseResult) -> None: ...


class _Silent:
    def start(self, suite: str, cases: int) -> None:
        return None

    def advance(self, result: CaseResult) -> None:
        return None


def _usage(records: Sequence[UsageRecord]) -> Usage:
    return Usage(
        calls=len(records),
        prompt_tokens=sum(r.prompt_tokens for r in records),
        completion_tokens=sum(r.completion_tokens for r in records),
        cached_tokens=sum(r.cached_tokens for r in records),
        cost_usd=round(sum(r.cost_usd for r in records), 6),
        llm_latency_ms=sum(r.latency_ms for r in records),
    )


def _refs(records: Sequence[UsageRecord], uses: Sequence[PromptUse], own: list[str]) -> list[str]:
    by_version = {(u.name, u.version): f"{u.name}@{u.version}#{u.sha256[:8]}" for u in uses}
    called = [
        by_version.get((r.prompt_name, r.prompt_version), f"{r.prompt_name}@{r.prompt_version}")
        for r in records
    ]
    return list(dict.fromkeys([*own, *called]))


class Runner:
    def __init__(self, options: RunOptions, progress: Progress | None = None) -> None:
        self.options = options
        self.progress = progress or _Silent()
        settings = options.settings
        if options.model:
            settings = settings.model_copy(update={"llm_model": options.model})
        if options.provider == "openai" or options.judge_model:
            require_api_key(settings)
        if options.repeat < 1 or options.concurrency < 1:
            raise InputError("--repeat and --concurrency must be at least 1")
        self.settings = settings

    async def run(self) -> RunRecord:
        started = datetime.now(UTC)
        with tempfile.TemporaryDirectory(prefix="ajob-eval-") as scratch:
            ctx = RunContext(
                provider=self.options.provider,
                settings=self.settings,
                datasets_dir=self.options.datasets_dir,
                fixtures_dir=self.options.fixtures_dir,
                work_dir=Path(scratch),
            )
            suites = [build(name, ctx) for name in self.options.suites]
            cases = {suite.name: suite.load(self.options.cases) for suite in suites}
            if not any(cases.values()):
                raise InputError(f"no case matches {', '.join(self.options.cases)}")
            overrides, uses = resolve(
                {suite.name: suite.prompts for suite in suites},
                self.options.prompt_versions,
                provider=self.options.provider,
                variants=self.options.variants_dir,
            )
            judge = (
                Judge(self.settings, self.options.judge_model, ctx.ledger)
                if self.options.judge_model
                else None
            )
            results: list[CaseResult] = []
            with prompt_overrides(overrides):
                for suite in suites:
                    if cases[suite.name]:
                        results += await self._suite(suite, cases[suite.name], uses, judge)
        return RunRecord(
            run_id="",
            label=self.options.label or "",
            started_at=started,
            finished_at=datetime.now(UTC),
            provider=self.options.provider,
            model=ctx.model_name,
            judge_model=self.options.judge_model,
            repeat=self.options.repeat,
            concurrency=self.options.concurrency,
            suites=[s.name for s in suites if cases[s.name]],
            prompts=uses,
            summaries={
                s.name: summarise(s, [r for r in results if r.suite == s.name])
                for s in suites
                if cases[s.name]
            },
            cases=results,
            git_commit=git_commit(),
            command=self.options.command,
        )

    async def _suite(
        self,
        suite: Suite[Any],
        cases: list[Any],
        uses: dict[str, list[PromptUse]],
        judge: Judge | None,
    ) -> list[CaseResult]:
        self.progress.start(suite.name, len(cases) * self.options.repeat)
        gate = asyncio.Semaphore(self.options.concurrency)
        await suite.setup()
        try:
            jobs = [
                self._case(suite, case, repeat, gate, uses.get(suite.name, []), judge)
                for repeat in range(self.options.repeat)
                for case in cases
            ]
            return list(await asyncio.gather(*jobs))
        finally:
            await suite.close()

    async def _case(
        self,
        suite: Suite[Any],
        case: Any,
        repeat: int,
        gate: asyncio.Semaphore,
        uses: list[PromptUse],
        judge: Judge | None,
    ) -> CaseResult:
        async with gate:
            started = time.perf_counter()
            with case_usage() as records:
                try:
                    outcome = await suite.run_case(case)
                except Exception as exc:  # any failure is this case's result, not the run's
                    result = CaseResult(
                        suite=suite.name,
                        case_id=case.id,
                        repeat=repeat,
                        status="error",
                        error=f"{type(exc).__name__}: {exc}",
                        tags=case.tags,
                    )
                else:
                    result = CaseResult(
                        suite=suite.name,
                        case_id=case.id,
                        repeat=repeat,
                        status="failed" if outcome.failures else "passed",
                        scores=outcome.scores,
                        failures=outcome.failures,
                        inputs=outcome.inputs,
                        expected=outcome.expected,
                        outputs=outcome.outputs,
                        tags=case.tags,
                    )
                    if judge is not None and outcome.judge is not None:
                        await _judge(judge, suite.name, outcome.judge, result)
                    result.prompts = _refs(records, uses, outcome.prompts)
                result.latency_ms = int((time.perf_counter() - started) * 1000)
                result.usage = _usage(records)
        self.progress.advance(result)
        return result


async def _judge(judge: Judge, suite: str, case: Any, result: CaseResult) -> None:
    try:
        judged = await judge.score(suite, case)
    except Exception as exc:  # a judge that fails leaves the case's own result standing
        result.outputs["judge_error"] = f"{type(exc).__name__}: {exc}"
        return
    if judged is not None:
        score, comment, ref = judged
        result.scores[SCORE] = round(score, 4)
        result.outputs["judge_comment"] = comment
        result.outputs["judge_rubric"] = ref


def summarise(suite: Suite[Any], results: list[CaseResult]) -> SuiteSummary:
    metrics = list(suite.metrics)
    if any(SCORE in r.scores for r in results):
        metrics.append(JUDGE_METRIC)
    summaries = {}
    for metric in metrics:
        values = [v for r in results if (v := r.scores.get(metric.name)) is not None]
        if metric.aggregate == "sum":
            value: float | None = round(sum(values), 4) if values else None
        else:
            value = round(sum(values) / len(values), 4) if values else None
        summaries[metric.name] = MetricSummary(
            name=metric.name,
            value=value,
            better=metric.better,
            aggregate=metric.aggregate,
            unit=metric.shown_as,
            n=len(values),
            description=metric.description,
        )
    usage = Usage()
    for result in results:
        usage = usage.plus(result.usage)
    latencies = [r.latency_ms for r in results]
    return SuiteSummary(
        suite=suite.name,
        cases=len(results),
        passed=sum(r.status == "passed" for r in results),
        failed=sum(r.status == "failed" for r in results),
        errors=sum(r.status == "error" for r in results),
        metrics=summaries,
        usage=usage,
        latency_p50_ms=percentile(latencies, 0.5),
        latency_p95_ms=percentile(latencies, 0.95),
    )


def git_commit() -> str | None:
    """The checkout's commit, so a run can be traced to the code that produced it."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=Path(__file__).resolve().parent,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def run_id(started: datetime, label: str, runs_dir: Path) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")[:40] or "run"
    base = f"{started.strftime('%Y%m%dT%H%M%SZ')}-{slug}"
    name, n = base, 2
    while (runs_dir / name).exists():
        name, n = f"{base}-{n}", n + 1
    return name
