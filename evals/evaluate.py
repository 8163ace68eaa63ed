"""One evaluation, start to finish: run the suites, save the run, write its reports, upload.

The run folder (``evals/runs/<timestamp>-<label>/``) holds ``run.json`` (everything:
outputs, scores, usage, prompts) and ``report.html``; ``ajob eval compare`` reads the
former. It is written before the upload, so LangSmith can only ever add to it.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from evals import langsmith_upload
from evals.html_report import render_html
from evals.records import REPORT_FILE, RunRecord, save_run
from evals.runner import Progress, Runner, RunOptions, run_id
from evals.suites import SUITES

RUNS_DIR = Path("evals") / "runs"
"""Relative to the working directory: the checkout's evals/runs/ (git-ignored)."""


def evaluate(
    options: RunOptions, runs_dir: Path = RUNS_DIR, progress: Progress | None = None
) -> tuple[RunRecord, Path]:
    record = asyncio.run(Runner(options, progress).run())
    every = set(record.suites) == set(SUITES)
    suites = "all" if every else "-".join(record.suites)
    record.label = options.label or f"{suites}-{record.provider}"
    record.run_id = run_id(record.started_at, record.label, runs_dir)
    folder = runs_dir / record.run_id
    save_run(record, folder)
    (folder / REPORT_FILE).write_text(render_html(record), encoding="utf-8")
    uploaded = langsmith_upload.upload(record)
    if uploaded is not None:
        record.langsmith = uploaded
        save_run(record, folder)
    return record, folder
