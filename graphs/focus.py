"""Which jobs the conversation is about, read from what an agent's tools just did.

The person says "the best one", "the second" or "it"; the supervisor keeps the jobs last
shown (a ranking or a listing, best first) and the job last acted on, and hands both to
the next agent (``agents.task``). They come from the tool calls' arguments and the tool
results' ids, never from the text of a job.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from langchain_core.messages import AIMessage, AnyMessage, ToolMessage

from agents.task import JobNote

LISTINGS = ("rank_jobs", "list_jobs", "search_jobs")
"""Tools whose result lists jobs (``{"jobs": [{"id", "title", "company"}, ...]}``)."""


def _json(message: ToolMessage) -> dict[str, Any] | None:
    if message.status == "error":
        return None
    try:
        data = json.loads(str(message.content))
    except json.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None


def jobs_shown(messages: Sequence[AnyMessage]) -> list[JobNote] | None:
    """The jobs of the last listing among ``messages``, best first; None if none listed."""
    for message in reversed(messages):
        if not isinstance(message, ToolMessage) or message.name not in LISTINGS:
            continue
        data = _json(message)
        jobs = data.get("jobs") if data else None
        if isinstance(jobs, list) and jobs:
            return [
                JobNote(
                    id=str(j["id"]),
                    title=str(j.get("title", "")),
                    company=str(j.get("company", "")),
                )
                for j in jobs
                if isinstance(j, dict) and "id" in j
            ]
    return None


def job_acted_on(messages: Sequence[AnyMessage], known: Sequence[JobNote]) -> JobNote | None:
    """The job of the last tool call that took a ``job_id``, named when a result says how."""
    for message in reversed(messages):
        if not isinstance(message, AIMessage):
            continue
        for call in reversed(message.tool_calls):
            job_id = call["args"].get("job_id")
            if job_id:
                return _named(str(job_id), messages, known)
    return None


def _named(job_id: str, messages: Sequence[AnyMessage], known: Sequence[JobNote]) -> JobNote:
    for note in known:
        if note["id"] == job_id:
            return note
    for message in messages:
        data = _json(message) if isinstance(message, ToolMessage) else None
        job = (data.get("job") or data) if data else None
        if isinstance(job, dict) and job.get("title") and str(job.get("id")) == job_id:
            return JobNote(id=job_id, title=str(job["title"]), company=str(job.get("company", "")))
    return JobNote(id=job_id, title="", company="")


def follow(
    messages: Sequence[AnyMessage], focus: JobNote | None, shown: list[JobNote]
) -> tuple[JobNote | None, list[JobNote]]:
    """The focus and the jobs shown after an agent's run.

    A fresh listing replaces the jobs shown and clears an older focus, so "it" then means
    the best of the new list; a job acted on becomes the focus.
    """
    listed = jobs_shown(messages)
    if listed is not None:
        shown, focus = listed, None
    acted = job_acted_on(messages, shown)
    return (acted or focus), shown
