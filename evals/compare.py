"""Two runs side by side: the change in every metric, and the cases that got worse or better.

A case is matched by suite and id. With repeats, a case's result is the share of its
repetitions that passed, so a case that passed 3 of 3 times and now 2 of 3 has regressed.
A chosen metric can gate CI: its regression (the change in its bad direction) must not
exceed a threshold, in the metric's own units (0.02 is two points of a rate).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from core.errors import InputError
from evals.records import Better, CaseResult, RunRecord, Unit, format_value


@dataclass(frozen=True)
class MetricDelta:
    key: str
    """``suite.metric``."""
    before: float | None
    after: float | None
    better: Better
    unit: Unit

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 6)

    @property
    def regression(self) -> float:
        """How far the metric moved in its bad direction (0 when it held or improved)."""
        if self.delta is None:
            return 0.0
        worse = -self.delta if self.better == "higher" else self.delta
        return worse if worse > 0 else 0.0

    @property
    def improvement(self) -> float:
        if self.delta is None:
            return 0.0
        better = self.delta if self.better == "higher" else -self.delta
        return better if better > 0 else 0.0


@dataclass(frozen=True)
class CaseChange:
    suite: str
    case_id: str
    before: float
    after: float
    why: str


@dataclass
class Comparison:
    a: RunRecord
    b: RunRecord
    metrics: list[MetricDelta] = field(default_factory=list)
    regressed: list[CaseChange] = field(default_factory=list)
    improved: list[CaseChange] = field(default_factory=list)
    only_before: list[str] = field(default_factory=list)
    only_after: list[str] = field(default_factory=list)

    def metric(self, name: str) -> MetricDelta:
        """``suite.metric``, or a metric name only one suite has."""
        matches = [m for m in self.metrics if m.key == name or m.key.split(".", 1)[1] == name]
        if len(matches) == 1:
            return matches[0]
        known = ", ".join(m.key for m in self.metrics)
        if not matches:
            raise InputError(f"no metric {name!r} in both runs; they share: {known}")
        raise InputError(
            f"metric {name!r} is in several suites; name one: " + ", ".join(m.key for m in matches)
        )


def _pass_share(results: list[CaseResult]) -> float:
    return sum(r.status == "passed" for r in results) / len(results)


def _by_case(record: RunRecord) -> dict[tuple[str, str], list[CaseResult]]:
    cases: dict[tuple[str, str], list[CaseResult]] = {}
    for result in record.cases:
        cases.setdefault((result.suite, result.case_id), []).append(result)
    return cases


def _why(before: list[CaseResult], after: list[CaseResult]) -> str:
    latest = next((r for r in after if r.status != "passed"), None)
    if latest is not None:
        return latest.error or (latest.failures[0] if latest.failures else latest.status)
    earlier = next((r for r in before if r.status != "passed"), None)
    if earlier is not None:
        return f"was: {earlier.error or (earlier.failures[0] if earlier.failures else '')}"
    return ""


def compare(a: RunRecord, b: RunRecord) -> Comparison:
    comparison = Comparison(a, b)
    for suite, summary in a.summaries.items():
        other = b.summaries.get(suite)
        if other is None:
            continue
        for name, metric in summary.metrics.items():
            if name in other.metrics:
                comparison.metrics.append(
                    MetricDelta(
                        key=f"{suite}.{name}",
                        before=metric.value,
                        after=other.metrics[name].value,
                        better=metric.better,
                        unit=metric.unit,
                    )
                )
    before, after = _by_case(a), _by_case(b)
    for key in sorted(before.keys() & after.keys()):
        share_a, share_b = _pass_share(before[key]), _pass_share(after[key])
        change = CaseChange(key[0], key[1], share_a, share_b, _why(before[key], after[key]))
        if share_b < share_a:
            comparison.regressed.append(change)
        elif share_b > share_a:
            comparison.improved.append(change)
    comparison.only_before = [f"{s}/{c}" for s, c in sorted(before.keys() - after.keys())]
    comparison.only_after = [f"{s}/{c}" for s, c in sorted(after.keys() - before.keys())]
    return comparison


def render(comparison: Comparison, console: Console) -> None:
    a, b = comparison.a, comparison.b
    table = Table(title=f"{a.run_id} → {b.run_id}", title_justify="left")
    for column in ("metric", "before", "after", "delta", "better"):
        table.add_column(column, justify="left" if column == "metric" else "right")
    for metric in comparison.metrics:
        delta = metric.delta
        style = "red" if metric.regression else "green" if metric.improvement else ""
        shown = "–" if delta is None else f"{delta:+.4g}"
        table.add_row(
            metric.key,
            format_value(metric.before, metric.unit),
            format_value(metric.after, metric.unit),
            Text(shown, style=style),
            metric.better,
        )
    text = Text()
    for title, changes, style in (
        ("regressed", comparison.regressed, "red"),
        ("improved", comparison.improved, "green"),
    ):
        text.append(f"{len(changes)} cases {title}\n", style=f"bold {style}")
        for change in changes:
            text.append(
                f"  {change.suite}/{change.case_id}: passed {change.before:.0%} → "
                f"{change.after:.0%}" + (f" ({change.why})" if change.why else "") + "\n"
            )
    if comparison.only_before or comparison.only_after:
        text.append(
            f"{len(comparison.only_before)} cases only in the first run, "
            f"{len(comparison.only_after)} only in the second\n",
            style="dim",
        )
    console.print(Group(table, text))


def as_dict(comparison: Comparison) -> dict[str, object]:
    return {
        "before": comparison.a.run_id,
        "after": comparison.b.run_id,
        "metrics": [
            {
                "metric": m.key,
                "before": m.before,
                "after": m.after,
                "delta": m.delta,
                "better": m.better,
                "regression": m.regression,
            }
            for m in comparison.metrics
        ],
        "regressed": [c.__dict__ for c in comparison.regressed],
        "improved": [c.__dict__ for c in comparison.improved],
        "only_before": comparison.only_before,
        "only_after": comparison.only_after,
    }
