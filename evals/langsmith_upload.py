"""Upload a run to LangSmith as experiments, only when LANGSMITH_API_KEY is set.

Nothing needs LangSmith: the run folder is the record. With a key, each suite becomes an
experiment on an externally managed dataset (``ajob-eval-<suite>``) through LangSmith's
``/datasets/upload-experiment`` endpoint, so runs of the same suite line up in its
comparison view. Case rows keep stable ids (derived from suite and case id). A failed
upload is reported, never fatal: the results are already saved.
"""

from __future__ import annotations

import json
import os
import uuid
from typing import Any

from evals.records import CaseResult, RunRecord

KEY_VARIABLE = "LANGSMITH_API_KEY"
_NAMESPACE = uuid.UUID("7f1c6a52-3f0e-4f7e-9a0e-6a1c1b9e2d10")


def enabled() -> bool:
    return bool(os.environ.get(KEY_VARIABLE, "").strip())


def _row(record: RunRecord, case: CaseResult) -> dict[str, Any]:
    return {
        "row_id": str(uuid.uuid5(_NAMESPACE, f"{case.suite}/{case.case_id}/{case.repeat}")),
        "inputs": case.inputs or {"case": case.case_id},
        "expected_outputs": case.expected,
        "actual_outputs": case.outputs,
        "evaluation_scores": [
            {"key": name, "score": value}
            for name, value in case.scores.items()
            if value is not None
        ],
        "start_time": record.started_at.isoformat(),
        "end_time": record.finished_at.isoformat(),
        "run_name": f"{case.suite}/{case.case_id}",
        "error": case.error,
        "run_metadata": {"status": case.status, "latency_ms": case.latency_ms, "tags": case.tags},
    }


def experiments(record: RunRecord) -> list[dict[str, Any]]:
    """One upload-experiment body per suite."""
    bodies = []
    for suite, summary in record.summaries.items():
        bodies.append(
            {
                "experiment_name": f"{record.run_id}-{suite}",
                "experiment_description": f"ajob eval run {record.run_id}, suite {suite}",
                "experiment_start_time": record.started_at.isoformat(),
                "experiment_end_time": record.finished_at.isoformat(),
                "dataset_name": f"ajob-eval-{suite}",
                "experiment_metadata": {
                    "provider": record.provider,
                    "model": record.model,
                    "prompts": [p.model_dump() for p in record.prompts.get(suite, [])],
                    "git_commit": record.git_commit,
                    "label": record.label,
                },
                "summary_experiment_scores": [
                    {"key": m.name, "score": m.value}
                    for m in summary.metrics.values()
                    if m.value is not None
                ],
                "results": [_row(record, c) for c in record.cases if c.suite == suite],
            }
        )
    return bodies


def upload(record: RunRecord) -> dict[str, Any] | None:
    """``{"uploaded": [...]}`` or ``{"error": ...}``; None when no key is set."""
    if not enabled():
        return None
    from langsmith import Client

    client = Client()
    uploaded = []
    try:
        for body in experiments(record):
            response = client.request_with_retries(
                "POST",
                "/datasets/upload-experiment",
                request_kwargs={"data": json.dumps(body, default=str)},
            )
            response.raise_for_status()
            uploaded.append(body["experiment_name"])
    except Exception as exc:  # the run is saved; an upload problem is only reported
        return {"uploaded": uploaded, "error": f"{type(exc).__name__}: {exc}"}
    return {"uploaded": uploaded}
