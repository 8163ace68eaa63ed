"""A chat turn's tool trajectory, worked out without a database, and agentevals' match on it.

The offline agents decide their tool calls from the task alone; results only supply ids
(the jobs just ranked, the draft just written). So the turn can be replayed with results
made up for the purpose (three ranked jobs ``ranked-1..3``, a draft ``draft-1``) through
the real planner, the offline agent model's own plan and the focus tracking between
agents: what comes out is the list of tool calls the real graph would make, in order.
Trajectories are compared with agentevals' strict match (same calls, same order); a case
lists only the arguments it cares about, which the tool-argument "superset" mode allows.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from agentevals.trajectory.match import (  # type: ignore[import-untyped]
    create_trajectory_match_evaluator,
)
from langchain_core.messages import AIMessage, AnyMessage, HumanMessage, ToolMessage
from langchain_core.tools import BaseTool

from agents.intent import AgentName
from agents.offline import OfflineAgentModel
from agents.task import JobNote, read_task, render_task
from graphs.focus import follow
from graphs.routing import Step
from tools.applications import FORM_FILL_TOOLS
from tools.jobs import SEARCH_TOOLS
from tools.outreach import OUTREACH_TOOLS
from tools.resumes import RESUME_TOOLS

AGENT_TOOLS: dict[AgentName, Sequence[BaseTool]] = {
    "search": SEARCH_TOOLS,
    "resume": RESUME_TOOLS,
    "form_fill": FORM_FILL_TOOLS,
    "outreach": OUTREACH_TOOLS,
}
RANKED = [JobNote(id=f"ranked-{i}", title=f"Ranked job {i}", company="Acme") for i in (1, 2, 3)]
DRAFT_ID = "draft-1"
MAX_CALLS = 12

_match = create_trajectory_match_evaluator(
    trajectory_match_mode="strict", tool_args_match_mode="superset"
)


def _result(name: str, args: dict[str, Any]) -> str:
    """What a tool would say, reduced to the ids the next calls depend on."""
    if name in ("rank_jobs", "list_jobs", "search_jobs"):
        return json.dumps({"jobs": [dict(job) for job in RANKED]})
    if name == "draft_outreach":
        return json.dumps({"outreach_id": DRAFT_ID, "job": {"id": args.get("job_id")}})
    job_id = args.get("job_id")
    return json.dumps({"ok": True, "job": {"id": job_id}} if job_id else {"ok": True})


def offline_trajectory(
    steps: Sequence[Step], focus: JobNote | None, shown: list[JobNote]
) -> list[dict[str, Any]]:
    """The tool calls (``{"name", "args"}``) the offline agents make for a planned turn."""
    calls: list[dict[str, Any]] = []
    for step in steps:
        bound = OfflineAgentModel(agent=step["agent"]).bind_tools(AGENT_TOOLS[step["agent"]])
        assert isinstance(bound, OfflineAgentModel)
        task = read_task(render_task(step["request"], focus, shown))
        messages: list[AnyMessage] = [HumanMessage(task.request)]
        results: list[ToolMessage] = []
        for _ in range(MAX_CALLS):
            planned = bound.plan(task.request, task.focus, task.shown, results)
            due = [p.call for p in planned if p.call is not None][len(results) :]
            if not due:
                break
            call = due[0]
            calls.append({"name": call["name"], "args": dict(call["args"])})
            messages.append(AIMessage("", tool_calls=[{**call, "id": f"call_{len(results)}"}]))
            results.append(
                ToolMessage(
                    _result(call["name"], call["args"]),
                    name=call["name"],
                    tool_call_id=f"call_{len(results)}",
                )
            )
            messages.append(results[-1])
        focus, shown = follow(messages, focus, shown)
    return calls


def as_messages(message: str, calls: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """A trajectory in OpenAI's message format: the request, then one message per call."""
    trajectory: list[dict[str, Any]] = [{"role": "user", "content": message}]
    for i, call in enumerate(calls):
        trajectory.append(
            {
                "role": "assistant",
                "content": "",
                "tool_calls": [
                    {
                        "id": f"call_{i}",
                        "type": "function",
                        "function": {
                            "name": call["name"],
                            "arguments": json.dumps(call.get("args", {})),
                        },
                    }
                ],
            }
        )
    return trajectory


def trajectory_match(
    message: str, actual: Sequence[dict[str, Any]], expected: Sequence[dict[str, Any]]
) -> tuple[bool, str]:
    """agentevals' strict match; the comment says why it failed when it did."""
    result = _match(
        outputs=as_messages(message, actual), reference_outputs=as_messages(message, expected)
    )
    if result["score"]:
        return True, ""
    got, wanted = [_call_text(c) for c in actual], [_call_text(c) for c in expected]
    return False, f"tools {got} != expected {wanted}"


def _call_text(call: dict[str, Any]) -> str:
    return f"{call['name']}({json.dumps(call.get('args', {}), sort_keys=True)})"
