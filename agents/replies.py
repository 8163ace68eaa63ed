"""Plain-words replies from tool results, for the offline agent model.

Without a model nobody writes prose, so each tool's JSON is described by a small function
that knows its shape; a tool without one (or a result that is not JSON) is described
generically. Employer text (a job description) is quoted only as a short, labelled excerpt.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

Describe = Callable[[dict[str, Any]], str]
EXCERPT = 300
FIELDS_SHOWN = 8


def describe(tool: str, content: str, *, failed: bool) -> str:
    """One paragraph about one tool call's result."""
    if failed:
        return f"{tool.replace('_', ' ')} failed: {content}"
    try:
        data = json.loads(content)
    except json.JSONDecodeError:
        return content
    if not isinstance(data, dict):
        return _generic(tool, {"result": data})
    own = DESCRIBERS.get(tool)
    return own(data) if own is not None else _generic(tool, data)


def _job_list(jobs: list[dict[str, Any]]) -> str:
    lines = []
    for i, job in enumerate(jobs, 1):
        score = f"{job['score']}/100 " if "score" in job else ""
        where = f" ({job['where']})" if job.get("where") else ""
        why = f": {'; '.join(job['why'])}" if job.get("why") else ""
        lines.append(f"{i}. {score}{job['title']} at {job['company']}{where}{why} [{job['id']}]")
    return "\n".join(lines)


def _search(data: dict[str, Any]) -> str:
    parts = []
    for s in data.get("searched", []):
        name = f"{s['source']}:{s['board']}" if s.get("board") else s["source"]
        if s.get("failed"):
            parts.append(f"{name} failed ({s['failed']})")
        else:
            parts.append(f"{name} {s['found']} found, {s['new']} new")
    return (
        f"Searched {'; '.join(parts) or 'nothing'}. In all {data['found']} jobs, {data['new']} new."
    )


def _rank(data: dict[str, Any]) -> str:
    jobs = data.get("jobs", [])
    return f"Best matches of the {data['ranked']} jobs ranked:\n{_job_list(jobs)}"


def _list(data: dict[str, Any]) -> str:
    jobs = data.get("jobs", [])
    if not jobs:
        return "No stored jobs match; search the platforms first."
    start = data.get("offset", 0) + 1
    head = f"Stored jobs {start}-{start + len(jobs) - 1} of {data['total']}:"
    return f"{head}\n{_job_list(jobs)}"


def _job(data: dict[str, Any]) -> str:
    facts = [", ".join(data.get("locations", [])) or data.get("workplace_type", "")]
    if data.get("salary_min") or data.get("salary_max"):
        low, high = data.get("salary_min", "?"), data.get("salary_max", "?")
        facts.append(f"salary {low}-{high} {data.get('salary_currency', '')}".strip())
    if "match_score" in data:
        facts.append(f"your match {data['match_score']}/100")
    if data.get("apply_url") or data.get("url"):
        facts.append(str(data.get("apply_url") or data.get("url")))
    text = (data.get("description") or {}).get("untrusted_data", "")
    excerpt = " ".join(text.split())[:EXCERPT]
    head = (
        f"{data['title']} at {data['company']} [{data['id']}]: {'; '.join(f for f in facts if f)}."
    )
    return f"{head}\nFrom the posting: “{excerpt}…”" if excerpt else head


def _tailored(data: dict[str, Any]) -> str:
    job, coverage = data["job"], data["keyword_coverage"]
    changes = "".join(f"\n- {c}" for c in data.get("changes", []))
    return (
        f"Tailored your resume and cover letter for {job['title']} at {job['company']} "
        f"({data['resume_method']}): keyword coverage {coverage['before']:.0%} → "
        f"{coverage['after']:.0%}, {data['changes_total']} changes, "
        f"{data['violations_caught']} invented facts caught. Files in {data['folder']}.{changes}"
    )


def _letter(data: dict[str, Any]) -> str:
    job = data["job"]
    text = "\n\n".join(data.get("paragraphs", []))
    return f"Cover letter for {job['title']} at {job['company']} ({data['method']}):\n\n{text}"


def _answer(data: dict[str, Any]) -> str:
    if data.get("needs_human"):
        return (
            f"I can't answer “{data['question']}” from your data ({data['detail']}): "
            "please answer it yourself."
        )
    values = data.get("values") or [data.get("answer")]
    return f"“{data['question']}”: {', '.join(str(v) for v in values)} (from {data['detail']})."


def _draft(data: dict[str, Any]) -> str:
    to = data.get("to") or {}
    who = " ".join(
        str(v) for v in (to.get("name"), f"<{to['email']}>" if to.get("email") else None) if v
    )
    note = (
        f"\n{data['note']}."
        if data.get("note")
        else "\nSay “send it” to send it; you approve it first."
    )
    return (
        f"Drafted an email to {who or 'nobody yet'} (outreach {data['outreach_id']}):\n"
        f"Subject: {data.get('subject')}\n\n{data.get('body')}\n\n{note[:1].upper()}{note[1:]}."
    )


def _sent(data: dict[str, Any]) -> str:
    if data.get("rejected"):
        return f"Not sent: {data['rejected']}."
    if not data.get("sent"):
        return f"Nothing sent: {data.get('note') or data.get('status')}."
    to = (data.get("to") or {}).get("email") or "the recipient"
    return f"Sent to {to} (status {data.get('status')})."


def _named_job(job: Any) -> str:
    if isinstance(job, dict) and job.get("title"):
        return f"{job['title']} at {job.get('company')}"
    return "the job"


def _inspected(data: dict[str, Any]) -> str:
    fields = data.get("fields", [])
    shown = "".join(
        f"\n- {f.get('label') or f.get('name')}: {f.get('value')} ({f.get('source')})"
        for f in fields[:FIELDS_SHOWN]
    )
    more = f"\n… and {len(fields) - FIELDS_SHOWN} more" if len(fields) > FIELDS_SHOWN else ""
    lines = [
        f"Filled the application form as a dry run, nothing submitted "
        f"(application {data.get('application_id')}): {data.get('status')}, "
        f"{len(fields)} fields.{shown}{more}"
    ]
    if data.get("needs_human"):
        lines.append(f"Needs your answer: {', '.join(map(str, data['needs_human']))}.")
    if data.get("blockers"):
        lines.append(f"Blocked by: {', '.join(map(str, data['blockers']))}; you must do that step.")
    if data.get("reason"):
        lines.append(str(data["reason"]))
    return "\n".join(lines)


def _submitted(data: dict[str, Any]) -> str:
    job = _named_job(data.get("job") or data)
    head = f"Application {data.get('application_id')} for {job}: {data.get('status')}"
    if data.get("waiting_for"):
        return f"{head}, waiting for you ({data.get('reason')}); then {data.get('next')}."
    if data.get("reason"):
        head += f" ({data['reason']})"
    confirmation = data.get("confirmation")
    if isinstance(confirmation, dict):
        confirmation = confirmation.get("text") or confirmation.get("url")
    if confirmation:
        head += f". The platform said: “{str(confirmation)[:EXCERPT]}”"
    return head + "."


def _status(data: dict[str, Any]) -> str:
    line = f"Application {data.get('application_id')} for {_named_job(data)}: {data.get('status')}"
    if data.get("reason"):
        line += f" ({data['reason']})"
    if data.get("match") is not None:
        line += f", match {data['match']}/100"
    if data.get("submitted_at"):
        line += f", submitted {data['submitted_at']}"
    if data.get("waiting_for"):
        line += f", waiting for you ({data['waiting_for']})"
    return line + "."


def _applications(data: dict[str, Any]) -> str:
    rows = data.get("applications", [])
    if not rows:
        return "No applications yet."
    lines = [
        f"- {_named_job(r)}: {r.get('status')}"
        + (f", match {r['match']}/100" if r.get("match") is not None else "")
        + f" [{r.get('application_id')}]"
        for r in rows
    ]
    return f"{len(rows)} applications:\n" + "\n".join(lines)


def _generic(tool: str, data: dict[str, Any]) -> str:
    parts = []
    for key, value in data.items():
        if isinstance(value, list):
            parts.append(f"{key}: {len(value)}")
        elif isinstance(value, dict):
            inner = ", ".join(
                f"{k} {v}" for k, v in value.items() if not isinstance(v, dict | list)
            )
            parts.append(f"{key}: {inner}")
        elif value is not None:
            parts.append(f"{key}: {value}")
    return f"{tool.replace('_', ' ')}: {'; '.join(parts)}."


DESCRIBERS: dict[str, Describe] = {
    "search_jobs": _search,
    "rank_jobs": _rank,
    "list_jobs": _list,
    "get_job": _job,
    "tailor_resume": _tailored,
    "write_cover_letter": _letter,
    "answer_question": _answer,
    "draft_outreach": _draft,
    "send_outreach": _sent,
    "inspect_form": _inspected,
    "submit_application": _submitted,
    "get_application_status": _status,
    "list_applications": _applications,
}
