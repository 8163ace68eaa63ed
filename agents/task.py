"""What an agent is handed: the request, plus the jobs the conversation is about.

An agent starts each task with a fresh message list (the supervisor keeps the conversation),
so "tailor my resume for the best one" only makes sense with the jobs last shown and the
job last acted on. They travel as a short block of plain lines after the request, which a
model reads like any text and the offline model parses back with ``read_task``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TypedDict

CONTEXT_HEADER = "Context from this conversation (ids to use in tool calls):"
_FOCUS = re.compile(r"^- job in focus: (\S+)", re.MULTILINE)
_SHOWN = re.compile(r"^\s+\d+\. (\S+)", re.MULTILINE)


class JobNote(TypedDict):
    """A job as the conversation refers to it: enough to name it and act on it."""

    id: str
    title: str
    company: str


def label(job: JobNote) -> str:
    return f"{job['title']} at {job['company']}" if job["title"] else job["id"]


def render_task(request: str, focus: JobNote | None, shown: list[JobNote]) -> str:
    """The agent's instruction: the request first, then the jobs in play (if any)."""
    lines = [request.strip()]
    if focus is not None or shown:
        lines += ["", CONTEXT_HEADER]
        if focus is not None:
            lines.append(f"- job in focus: {focus['id']} ({label(focus)})")
        if shown:
            lines.append("- jobs last shown, best first:")
            lines += [f"  {i}. {job['id']} ({label(job)})" for i, job in enumerate(shown, 1)]
    return "\n".join(lines)


@dataclass(frozen=True)
class Task:
    request: str
    focus: str | None = None
    shown: list[str] = field(default_factory=list)


def read_task(text: str) -> Task:
    """``render_task`` read back: the request and the job ids of its context block."""
    request, _, context = text.partition(CONTEXT_HEADER)
    focus = _FOCUS.search(context)
    return Task(
        request=request.strip(),
        focus=focus.group(1) if focus else None,
        shown=_SHOWN.findall(context),
    )
