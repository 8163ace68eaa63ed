"""What a run writes: every case's outputs and scores, the summaries, and the exact prompts.

A run is one JSON document (``run.json`` in its folder) so that ``ajob eval compare`` and
anyone else can read it back without this code's help; the schema version is in it.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from core.errors import InputError

SCHEMA_VERSION = 1
RUN_FILE = "run.json"
REPORT_FILE = "report.html"

CaseStatus = Literal["passed", "failed", "error"]
Better = Literal["higher", "lower"]
Aggregate = Literal["mean", "sum"]
Unit = Literal["rate", "count", "score", "number"]


class Usage(BaseModel):
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    cost_usd: float = 0.0
    llm_latency_ms: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def plus(self, other: Usage) -> Usage:
        return Usage(
            calls=self.calls + other.calls,
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            cached_tokens=self.cached_tokens + other.cached_tokens,
            cost_usd=round(self.cost_usd + other.cost_usd, 6),
            llm_latency_ms=self.llm_latency_ms + other.llm_latency_ms,
        )


class CaseResult(BaseModel):
    """One case, one repetition: what went in, what came out, how it scored and why."""

    suite: str
    case_id: str
    repeat: int = 0
    status: CaseStatus
    scores: dict[str, float | None] = Field(default_factory=dict)
    failures: list[str] = Field(default_factory=list)
    """The checks the case did not meet, in words."""
    inputs: dict[str, Any] = Field(default_factory=dict)
    expected: dict[str, Any] = Field(default_factory=dict)
    outputs: dict[str, Any] = Field(default_factory=dict)
    error: str | None = None
    latency_ms: int = 0
    usage: Usage = Field(default_factory=Usage)
    prompts: list[str] = Field(default_factory=list)
    """``name@version#hash8`` of every prompt a model call of this case used."""
    tags: list[str] = Field(default_factory=list)


class MetricSummary(BaseModel):
    name: str
    value: float | None
    better: Better
    aggregate: Aggregate
    unit: Unit = "rate"
    n: int
    """How many case results had this score (the others did not apply)."""
    description: str = ""


class SuiteSummary(BaseModel):
    suite: str
    cases: int
    passed: int
    failed: int
    errors: int
    metrics: dict[str, MetricSummary]
    usage: Usage
    latency_p50_ms: int
    latency_p95_ms: int

    @property
    def pass_rate(self) -> float:
        return self.passed / self.cases if self.cases else 0.0


class PromptUse(BaseModel):
    """A prompt as a run used it: enough to find the exact text again."""

    name: str
    version: str
    sha256: str
    source: str
    """Where the text came from: ``prompts/<name>.md`` or a file under evals/prompt_versions."""


class RunRecord(BaseModel):
    schema_version: int = SCHEMA_VERSION
    run_id: str
    label: str
    started_at: datetime
    finished_at: datetime
    provider: Literal["offline", "openai"]
    model: str | None
    judge_model: str | None = None
    repeat: int
    concurrency: int
    suites: list[str]
    prompts: dict[str, list[PromptUse]]
    """Per suite, the prompts its model calls use (empty offline: no prompt is sent)."""
    summaries: dict[str, SuiteSummary]
    cases: list[CaseResult]
    git_commit: str | None = None
    command: list[str] = Field(default_factory=list)
    langsmith: dict[str, Any] | None = None

    def metric(self, qualified: str) -> MetricSummary | None:
        """``suite.metric``, or a bare metric name when exactly one suite has it."""
        suite, _, name = qualified.rpartition(".")
        if suite:
            summary = self.summaries.get(suite)
            return summary.metrics.get(name) if summary else None
        found = [s.metrics[name] for s in self.summaries.values() if name in s.metrics]
        return found[0] if len(found) == 1 else None


def format_value(value: float | None, unit: Unit) -> str:
    if value is None:
        return "–"
    if unit == "rate":
        return f"{value:.1%}"
    if unit == "count":
        return f"{value:g}"
    if unit == "score":
        return f"{value:.3f}"
    return f"{value:.1f}"


def save_run(record: RunRecord, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / RUN_FILE
    path.write_text(record.model_dump_json(indent=1), encoding="utf-8")
    return path


def load_run(path: Path) -> RunRecord:
    """A saved run from its folder or its run.json; a bad file is a one-line input error."""
    file = path / RUN_FILE if path.is_dir() else path
    if not file.is_file():
        raise InputError(f"no evaluation run at {path} (expected a run folder or its {RUN_FILE})")
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"{file}: not JSON (line {exc.lineno}: {exc.msg})") from None
    try:
        return RunRecord.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(f"{file} is not an evaluation run: {where}: {first['msg']}") from None
