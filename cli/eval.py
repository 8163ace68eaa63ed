"""``ajob eval``: evaluate the prompt-driven steps against their datasets, and compare runs.

``run`` prints a table and saves the run (run.json and report.html) under
evals/runs/<timestamp>-<label>/; ``compare`` shows what changed between two runs and can
fail when a metric regresses; ``lock-prompts`` records new prompt versions in the manifest.
Options are checked here rather than by Click, so a bad value is one line and exit 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress

from cli.console import err, out
from core.config import get_settings
from core.errors import InputError

if TYPE_CHECKING:
    from evals.records import CaseResult, RunRecord

app = typer.Typer(
    help="Evaluate prompts and models on the datasets in evals/; compare runs.",
    no_args_is_help=True,
)
PROVIDERS = ("offline", "openai")


class _Bar:
    """The run's progress on stderr: one bar per suite."""

    def __init__(self, progress: RichProgress) -> None:
        self.progress = progress
        self.task: Any = None

    def start(self, suite: str, cases: int) -> None:
        self.task = self.progress.add_task(suite, total=cases)

    def advance(self, result: CaseResult) -> None:
        self.progress.advance(self.task)


def _positive(value: int, option: str) -> int:
    if value < 1:
        raise InputError(f"{option} must be at least 1, got {value}")
    return value


@app.command("run")
def run(
    suite: Annotated[
        str,
        typer.Option(help="tailoring, cover_letter, answers, routing, matching, injection or all."),
    ] = "all",
    provider: Annotated[
        str | None,
        typer.Option(
            help="offline (no model) or openai (AJOB_LLM_*). [default: AJOB_LLM_PROVIDER]"
        ),
    ] = None,
    model: Annotated[
        str | None, typer.Option(help="Model name for this run. [default: AJOB_LLM_MODEL]")
    ] = None,
    prompt_version: Annotated[
        list[str] | None,
        typer.Option(
            "--prompt-version",
            help="Run another version of the suite's prompt (VERSION, or NAME=VERSION; "
            "repeatable), from evals/prompt_versions/NAME/VERSION.md.",
        ),
    ] = None,
    repeat: Annotated[int, typer.Option(help="Run every case N times.")] = 1,
    concurrency: Annotated[int, typer.Option(help="Cases run at once.")] = 4,
    label: Annotated[
        str | None, typer.Option(help="Name for the run folder. [default: SUITE-PROVIDER]")
    ] = None,
    case: Annotated[
        list[str] | None,
        typer.Option("--case", help="Only cases whose id matches (tl-0*); repeatable."),
    ] = None,
    judge: Annotated[
        str | None,
        typer.Option(help="Also score with this judge model and the suite's rubric (openai)."),
    ] = None,
    datasets: Annotated[
        Path | None,
        typer.Option(
            help="Folder of <suite>.jsonl files (and fixtures/, else the bundled ones). "
            "[default: evals/datasets]"
        ),
    ] = None,
    runs_dir: Annotated[
        Path, typer.Option("--runs-dir", help="Where run folders are written.")
    ] = Path("evals/runs"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Run suites of cases through the product and score them."""
    from evals.names import suite_names

    suites = suite_names(suite)
    settings = get_settings()
    chosen = provider or settings.effective_llm_provider
    if chosen not in PROVIDERS:
        raise InputError(f"unknown provider {chosen!r}; use offline or openai")
    repeat, concurrency = _positive(repeat, "--repeat"), _positive(concurrency, "--concurrency")
    if prompt_version and chosen == "offline":
        raise InputError("--prompt-version needs --provider openai: offline runs send no prompt")

    from evals.datasets import DATASETS_DIR
    from evals.evaluate import evaluate
    from evals.fixtures import FIXTURES_DIR
    from evals.report import render
    from evals.runner import RunOptions

    datasets_dir = datasets or DATASETS_DIR
    options = RunOptions(
        suites=suites,
        provider="openai" if chosen == "openai" else "offline",
        settings=settings,
        model=model,
        prompt_versions=prompt_version or [],
        repeat=repeat,
        concurrency=concurrency,
        label=label,
        cases=case or [],
        judge_model=judge,
        datasets_dir=datasets_dir,
        fixtures_dir=(
            datasets_dir / "fixtures" if (datasets_dir / "fixtures").is_dir() else FIXTURES_DIR
        ),
        command=["ajob", *sys.argv[1:]],
    )
    columns = (
        TextColumn("{task.description:<13}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with RichProgress(*columns, console=err, transient=False) as bar:
        record, folder = evaluate(options, runs_dir, _Bar(bar))
    if as_json:
        typer.echo(json.dumps(_summary(record, folder)))
        return
    render(record, out)
    out.print(f"saved {folder / 'run.json'} and {folder / 'report.html'}", markup=False)
    if record.langsmith:
        out.print(f"langsmith: {record.langsmith}", markup=False)


def _summary(record: RunRecord, folder: Path) -> dict[str, Any]:
    return {
        "run_id": record.run_id,
        "folder": str(folder),
        "provider": record.provider,
        "model": record.model,
        "prompts": {s: [p.model_dump() for p in uses] for s, uses in record.prompts.items()},
        "summaries": {s: summary.model_dump() for s, summary in record.summaries.items()},
        "langsmith": record.langsmith,
    }


def _find_run(value: str, runs_dir: Path) -> Path:
    """A run folder or run.json, or a run in ``runs_dir`` by id, id prefix or label (the
    latest run with that label)."""
    path = Path(value)
    if path.exists():
        return path
    folders = sorted(p for p in runs_dir.iterdir() if p.is_dir()) if runs_dir.is_dir() else []
    by_id = [p for p in folders if p.name.startswith(value)]
    by_label = [p for p in folders if p.name.endswith(f"-{value}")]
    if len(by_id) == 1:
        return by_id[0]
    if by_label and not by_id:
        return by_label[-1]
    if by_id:
        shown = ", ".join(p.name for p in by_id[:5])
        raise InputError(f"{value!r} names several runs: {shown}")
    raise InputError(
        f"no evaluation run {value!r}: give a run folder, its run.json, or a run id or label "
        f"in {runs_dir}"
    )


@app.command("compare")
def compare(
    run_a: Annotated[
        str, typer.Argument(help="The earlier run: folder, run.json, run id or label.")
    ],
    run_b: Annotated[str, typer.Argument(help="The later run.")],
    metric: Annotated[
        str | None,
        typer.Option(help="Gate on this metric (suite.metric, or a name one suite has)."),
    ] = None,
    max_regression: Annotated[
        float | None,
        typer.Option(
            "--max-regression",
            help="Largest allowed change of --metric in its bad direction, in its units "
            "(0.02 = two points of a rate). [default: 0]",
        ),
    ] = None,
    runs_dir: Annotated[
        Path, typer.Option("--runs-dir", help="Where run ids are looked up.")
    ] = Path("evals/runs"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the comparison as JSON.")] = False,
) -> None:
    """Show the delta on each metric and the cases that regressed or improved."""
    from evals.compare import as_dict, render
    from evals.compare import compare as compare_runs
    from evals.records import load_run

    if max_regression is not None and metric is None:
        raise InputError("--max-regression needs --metric")
    if max_regression is not None and max_regression < 0:
        raise InputError(f"--max-regression must not be negative, got {max_regression}")
    comparison = compare_runs(
        load_run(_find_run(run_a, runs_dir)), load_run(_find_run(run_b, runs_dir))
    )
    gate = comparison.metric(metric) if metric is not None else None
    if as_json:
        typer.echo(json.dumps(as_dict(comparison)))
    else:
        render(comparison, out)
    if gate is not None:
        limit = max_regression or 0.0
        if gate.regression > limit:
            err.print(
                f"[bold red]regression:[/] {gate.key} moved {gate.regression:.4g} the wrong way "
                f"(allowed {limit:g})"
            )
            raise typer.Exit(1)
        err.print(f"{gate.key}: regression {gate.regression:.4g} within {limit:g}", markup=False)


@app.command("lock-prompts")
def lock_prompts(
    check: Annotated[
        bool, typer.Option("--check", help="Only report; exit 1 when the manifest is behind.")
    ] = False,
) -> None:
    """Record new prompt versions in prompts/versions.lock.json (refused for an unbumped edit)."""
    from evals.prompt_lock import LOCK_NAME, problems, read_lock, update
    from llm.prompts import all_prompts

    if check:
        found = problems(all_prompts(), read_lock())
        for problem in found:
            err.print(problem, markup=False)
        if found:
            raise typer.Exit(1)
        out.print(f"{LOCK_NAME} is up to date", markup=False)
        return
    added = update()
    out.print(
        f"recorded {', '.join(added)}" if added else f"{LOCK_NAME} already up to date", markup=False
    )
