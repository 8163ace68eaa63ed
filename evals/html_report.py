"""The HTML report of a run: one self-contained file, charts drawn as inline SVG.

Nothing is loaded from elsewhere (no script, font or stylesheet), so the file opens
offline, can be attached to a ticket, and shows the same thing in a year.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from evals.records import CaseResult, MetricSummary, RunRecord, format_value

WIDTH, HEIGHT, PAD = 500, 150, 28
STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1080px;color:#1d2430;
  padding:0 16px}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:18px;margin:32px 0 8px;border-bottom:1px solid #d6dbe3}
h3{font-size:14px;margin:14px 0 4px} table{border-collapse:collapse;margin:8px 0}
td,th{border:1px solid #d6dbe3;padding:3px 8px;text-align:right}
td:first-child,th:first-child{text-align:left}
.meta{color:#5b6473} .charts{display:flex;flex-wrap:wrap;gap:12px}
.chart{border:1px solid #e3e7ee;border-radius:6px;padding:6px 8px}
details{border-bottom:1px solid #eef0f4;padding:3px 0} summary{cursor:pointer}
pre{background:#f6f8fb;padding:8px;overflow:auto;max-height:420px;white-space:pre-wrap}
.passed{color:#19734a} .failed{color:#b3261e} .error{color:#8a4b00}
"""
COLORS = {"passed": "#2e9d6a", "failed": "#d0463c", "error": "#e0902e"}


def _bar_chart(metric: MetricSummary, results: list[CaseResult]) -> str:
    points = [(r, r.scores.get(metric.name)) for r in results]
    values = [(r, v) for r, v in points if v is not None]
    if not values:
        return ""
    bounded = metric.unit in ("rate", "score") and all(0 <= v <= 1 for _, v in values)
    top = 1.0 if bounded else max(max(v for _, v in values), 1.0)
    inner = WIDTH - 2 * PAD
    step = inner / len(values)
    bar = max(step - 1, 1)
    shapes = []
    for i, (result, value) in enumerate(values):
        height = (HEIGHT - 2 * PAD) * (value / top)
        x, y = PAD + i * step, HEIGHT - PAD - height
        label = f"{result.case_id}: {format_value(value, metric.unit)}"
        shapes.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{height:.1f}" '
            f'fill="{COLORS[result.status]}"><title>{escape(label)}</title></rect>'
        )
    if metric.value is not None and metric.aggregate == "mean":
        y = HEIGHT - PAD - (HEIGHT - 2 * PAD) * (metric.value / top)
        shapes.append(
            f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{y:.1f}" y2="{y:.1f}" stroke="#1d2430" '
            f'stroke-dasharray="4 3"><title>mean {format_value(metric.value, metric.unit)}'
            "</title></line>"
        )
    axis = (
        f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{HEIGHT - PAD}" y2="{HEIGHT - PAD}" '
        'stroke="#8892a0"/>'
        f'<text x="2" y="{PAD + 4}" font-size="10">{top:g}</text>'
        f'<text x="2" y="{HEIGHT - PAD}" font-size="10">0</text>'
        f'<text x="{PAD}" y="{HEIGHT - 8}" font-size="10">{len(values)} case results</text>'
    )
    title = (
        f"{metric.name}: {format_value(metric.value, metric.unit)} "
        f"({metric.aggregate}, {metric.better} is better)"
    )
    return (
        f'<div class="chart"><div><b>{escape(title)}</b></div>'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'role="img" aria-label="{escape(title)}">{axis}{"".join(shapes)}</svg>'
        f'<div class="meta">{escape(metric.description)}</div></div>'
    )


def _pass_chart(record: RunRecord) -> str:
    rows = list(record.summaries.values())
    height = 22 * len(rows) + 10
    bars = []
    for i, summary in enumerate(rows):
        y = 6 + i * 22
        width = (WIDTH - 160) * summary.pass_rate
        bars.append(
            f'<text x="0" y="{y + 13}" font-size="12">{escape(summary.suite)}</text>'
            f'<rect x="110" y="{y}" width="{WIDTH - 160}" height="16" fill="#eef0f4"/>'
            f'<rect x="110" y="{y}" width="{width:.1f}" height="16" fill="#2e9d6a"/>'
            f'<text x="{WIDTH - 44}" y="{y + 13}" font-size="12">{summary.pass_rate:.0%}</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" role="img" '
        f'aria-label="cases passed per suite">{"".join(bars)}</svg>'
    )


def _json(value: Any) -> str:
    return escape(json.dumps(value, indent=2, ensure_ascii=False, default=str))


def _case(result: CaseResult) -> str:
    why = result.error or "; ".join(result.failures)
    repeat = f" #{result.repeat + 1}" if result.repeat else ""
    summary = (
        f'<span class="{result.status}">{result.status}</span> <b>{escape(result.case_id)}'
        f"{repeat}</b> · {result.latency_ms} ms · {result.usage.total_tokens} tokens"
        + (f" · {escape(why[:160])}" if why else "")
    )
    body = {
        "scores": result.scores,
        "failures": result.failures,
        "error": result.error,
        "inputs": result.inputs,
        "expected": result.expected,
        "outputs": result.outputs,
        "prompts": result.prompts,
        "usage": result.usage.model_dump(),
        "tags": result.tags,
    }
    return f"<details><summary>{summary}</summary><pre>{_json(body)}</pre></details>"


def _suite(record: RunRecord, name: str) -> str:
    summary = record.summaries[name]
    results = [r for r in record.cases if r.suite == name]
    rows = "".join(
        f"<tr><td>{escape(m.name)}</td><td>{format_value(m.value, m.unit)}</td>"
        f"<td>{m.aggregate}</td><td>{m.better}</td><td>{m.n}</td></tr>"
        for m in summary.metrics.values()
    )
    charts = "".join(_bar_chart(m, results) for m in summary.metrics.values())
    prompts = ", ".join(
        f"{p.name}@{p.version}#{p.sha256[:8]}" for p in record.prompts.get(name, [])
    )
    ordered = sorted(results, key=lambda r: (r.status == "passed", r.case_id, r.repeat))
    return (
        f'<h2 id="{escape(name)}">{escape(name)}</h2>'
        f'<p class="meta">{summary.cases} case results: {summary.passed} passed, '
        f"{summary.failed} failed, {summary.errors} errors · {summary.usage.total_tokens:,} "
        f"tokens · ${summary.usage.cost_usd:.4f} · latency p50 {summary.latency_p50_ms} ms, "
        f"p95 {summary.latency_p95_ms} ms · prompts: {escape(prompts or 'none (offline)')}</p>"
        "<table><tr><th>metric</th><th>value</th><th>aggregate</th><th>better</th><th>n</th>"
        f'</tr>{rows}</table><div class="charts">{charts}</div>'
        f"<h3>cases</h3>{''.join(_case(r) for r in ordered)}"
    )


def render_html(record: RunRecord) -> str:
    meta = (
        f"provider {record.provider}"
        + (f", model {record.model}" if record.model else "")
        + (f", judge {record.judge_model}" if record.judge_model else "")
        + f" · repeat {record.repeat} · concurrency {record.concurrency}"
        + f" · {record.started_at:%Y-%m-%d %H:%M:%S} UTC"
        + (f" · commit {record.git_commit[:10]}" if record.git_commit else "")
    )
    suites = "".join(_suite(record, name) for name in record.summaries)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>ajob eval {escape(record.run_id)}</title><style>{STYLE}</style></head><body>"
        f'<h1>Evaluation run {escape(record.run_id)}</h1><p class="meta">{escape(meta)}</p>'
        f"{_pass_chart(record)}{suites}</body></html>"
    )
