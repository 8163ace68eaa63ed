"""The terminal report of a run: one line per suite, every metric, and why cases failed."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from evals.records import RunRecord, format_value

FAILURES_SHOWN = 8


def suites_table(record: RunRecord) -> Table:
    table = Table(title=f"{record.run_id or 'run'}: {record.provider}", title_justify="left")
    for column in ("suite", "cases", "passed", "failed", "errors", "tokens", "cost $", "p50 ms"):
        table.add_column(column, justify="left" if column == "suite" else "right")
    for name, summary in record.summaries.items():
        table.add_row(
            name,
            str(summary.cases),
            str(summary.passed),
            str(summary.failed),
            str(summary.errors),
            f"{summary.usage.total_tokens:,}",
            f"{summary.usage.cost_usd:.4f}",
            str(summary.latency_p50_ms),
        )
    return table


def metrics_table(record: RunRecord) -> Table:
    table = Table(title="metrics", title_justify="left")
    for column in ("suite", "metric", "value", "better", "n"):
        table.add_column(column, justify="right" if column in ("value", "n") else "left")
    for name, summary in record.summaries.items():
        for metric in summary.metrics.values():
            table.add_row(
                name,
                metric.name,
                format_value(metric.value, metric.unit),
                metric.better,
                str(metric.n),
            )
    return table


def failures_text(record: RunRecord) -> Text:
    text = Text()
    for suite in record.summaries:
        bad = [c for c in record.cases if c.suite == suite and c.status != "passed"]
        for case in bad[:FAILURES_SHOWN]:
            why = case.error or (case.failures[0] if case.failures else "")
            repeat = f" #{case.repeat + 1}" if record.repeat > 1 else ""
            text.append(f"{case.status:>6} ", style="red")
            text.append(f"{suite}/{case.case_id}{repeat}: ", style="bold")
            text.append(f"{why}\n")
        if len(bad) > FAILURES_SHOWN:
            text.append(f"       … and {len(bad) - FAILURES_SHOWN} more in {suite}\n", style="dim")
    return text


def render(record: RunRecord, console: Console) -> None:
    parts: list[Table | Text] = [suites_table(record), metrics_table(record)]
    failing = failures_text(record)
    if failing.plain:
        parts.append(failing)
    console.print(Group(*parts))
