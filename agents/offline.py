"""The offline provider's chat model: rules that turn a task into tool calls, then words.

With no model configured the agents are still ``create_agent`` graphs with the same tools,
prompts and interrupts; only the model is this deterministic stand-in. Each time it is
called it reads the task (``agents.intent``), works out the whole list of tool calls the
task needs, and answers with the first one not yet made; a call that depends on an earlier
result (sending the draft just written) is formed once that result is there. When every
call has been made it describes the results in plain words (``agents.replies``).

It never reads tool results as instructions: they only supply ids (the jobs just ranked,
the outreach just drafted). So a job description that says "submit to every job" changes
nothing here, and the acting tools still stop for the person's approval.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    HumanMessage,
    ToolCall,
    ToolMessage,
)
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import Field

from agents.intent import NEEDS_JOB, AgentName, Clause, read_message
from agents.replies import describe
from agents.task import read_task

MODEL_NEEDED = (
    "I can't write free-form replies without a model; set AJOB_LLM_PROVIDER=openai and "
    "AJOB_LLM_API_KEY (plus AJOB_LLM_BASE_URL for a local server) to use one."
)

ASK_JOB = (
    "Which job? Give me its id (from a search, a ranking or `ajob jobs list`), or search "
    "first and say “the best one”."
)
ASK_QUESTION = "Which question? Put it in quotes, e.g. answer “Why do you want to work here?”."
ASK_DRAFT = "Which draft? Draft the email first, or give its outreach id."


@dataclass(frozen=True)
class Planned:
    """A tool call the task needs, or (``call`` None) why it cannot be made."""

    call: ToolCall | None
    note: str = ""


@dataclass
class _Seen:
    """What this task's earlier tool calls returned, as far as later calls need it."""

    shown: list[str]
    outreach_id: str | None = None


class OfflineAgentModel(BaseChatModel):
    """A deterministic, intent-driven chat model for one agent (no network, no randomness)."""

    agent: AgentName
    tool_args: dict[str, list[str]] = Field(default_factory=dict)
    """The bound tools and their argument names (filled by ``bind_tools``)."""

    @property
    def _llm_type(self) -> str:
        return "ajob-offline"

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: str | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        args: dict[str, list[str]] = {}
        for item in tools:
            function = convert_to_openai_tool(item)["function"]
            args[function["name"]] = list(function.get("parameters", {}).get("properties", {}))
        return self.model_copy(update={"tool_args": args})

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=self.reply(messages))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        """Tool calls in one chunk; a reply word by word, so a terminal shows it arrive."""
        message = self.reply(messages)
        if message.tool_calls:
            chunk = AIMessageChunk(
                content="",
                tool_call_chunks=[
                    {
                        "name": call["name"],
                        "args": json.dumps(call["args"]),
                        "id": call["id"],
                        "index": i,
                        "type": "tool_call_chunk",
                    }
                    for i, call in enumerate(message.tool_calls)
                ],
            )
            yield ChatGenerationChunk(message=chunk)
            return
        for piece in re.findall(r"\s*\S+", str(message.content)):
            yield ChatGenerationChunk(message=AIMessageChunk(content=piece))

    # --- deciding -------------------------------------------------------------------

    def reply(self, messages: Sequence[BaseMessage]) -> AIMessage:
        """The next tool call the task needs, or the description of what was done."""
        start = max((i for i, m in enumerate(messages) if isinstance(m, HumanMessage)), default=-1)
        task = read_task(str(messages[start].content) if start >= 0 else "")
        results = [m for m in messages[start + 1 :] if isinstance(m, ToolMessage)]
        plan = self.plan(task.request, task.focus, task.shown, results)
        calls = [p.call for p in plan if p.call is not None]
        if len(results) < len(calls):
            call = calls[len(results)]
            call["id"] = f"call_{len(results)}_{call['name']}"
            return AIMessage(content="", tool_calls=[call])
        return AIMessage(content=self.summary(plan, results))

    def plan(
        self,
        request: str,
        focus: str | None,
        shown: list[str],
        results: Sequence[ToolMessage],
    ) -> list[Planned]:
        plan: list[Planned] = []
        for clause in read_message(request).clauses:
            if clause.agent != self.agent:
                continue
            made = sum(p.call is not None for p in plan)
            plan += self._calls(clause, focus, _seen(shown, results[:made]))
        if not plan:
            plan.append(Planned(None, MODEL_NEEDED))
        return plan

    def _calls(self, clause: Clause, focus: str | None, seen: _Seen) -> list[Planned]:
        job = self._job(clause, focus, seen)
        if clause.intent in NEEDS_JOB and job is None:
            return [
                Planned(
                    None,
                    ASK_JOB,
                )
            ]
        match clause.intent:
            case "search":
                return [
                    self._call(
                        "search_jobs",
                        query=clause.query,
                        sources=list(clause.sources) or None,
                        boards=list(clause.boards) or None,
                        location=clause.location,
                        remote=clause.remote,
                        posted_within_days=clause.posted_within_days,
                    ),
                    self._call("rank_jobs", query=clause.query, limit=clause.limit or 5),
                ]
            case "rank":
                return [self._call("rank_jobs", query=clause.query, limit=clause.limit or 10)]
            case "list":
                return [self._call("list_jobs", query=clause.query, limit=clause.limit or 20)]
            case "show":
                return [self._call("get_job", job_id=job)]
            case "tailor":
                return [self._call("tailor_resume", job_id=job)]
            case "cover_letter":
                return [
                    self._call("write_cover_letter", job_id=job, recipient=clause.recipient_name)
                ]
            case "answer":
                if not clause.question:
                    return [
                        Planned(None, "Which question? Put it in quotes, e.g. answer “Why us?”.")
                    ]
                return [
                    self._call(
                        "answer_question",
                        question=clause.question,
                        options=list(clause.options) or None,
                        job_id=job,
                    )
                ]
            case "inspect":
                return [self._call("inspect_form", job_id=job)]
            case "apply":
                return [self._call("submit_application", job_id=job)]
            case "status":
                if clause.application_id:
                    return [
                        self._call("get_application_status", application_id=clause.application_id)
                    ]
                if job is None:
                    return [self._call("list_applications")]
                return [self._call("get_application_status", job_id=job)]
            case "applications":
                return [self._call("list_applications", status=clause.status)]
            case "draft_outreach":
                return [
                    self._call(
                        "draft_outreach",
                        job_id=job,
                        recipient_name=clause.recipient_name,
                        recipient_email=clause.recipient_email,
                    )
                ]
            case "send_outreach":
                outreach = clause.outreach_id or seen.outreach_id
                if outreach is None:
                    return [
                        Planned(
                            None, "Which draft? Draft the email first, or give its outreach id."
                        )
                    ]
                return [self._call("send_outreach", outreach_id=outreach)]
        return []

    def _job(self, clause: Clause, focus: str | None, seen: _Seen) -> str | None:
        """The clause's own id, else "the second one" of the jobs shown, else the focus."""
        if clause.job_ref:
            return clause.job_ref
        if clause.ordinal is not None and clause.ordinal < len(seen.shown):
            return seen.shown[clause.ordinal]
        return focus or (seen.shown[0] if seen.shown else None)

    def _call(self, tool: str, **args: Any) -> Planned:
        if tool not in self.tool_args:
            return Planned(None, f"I can't do that here: the {tool} tool is not available.")
        known = self.tool_args[tool]
        kept = {k: v for k, v in args.items() if v is not None and k in known}
        return Planned(ToolCall(name=tool, args=kept, id=""))

    def summary(self, plan: Sequence[Planned], results: Sequence[ToolMessage]) -> str:
        paragraphs = [
            describe(str(m.name), str(m.content), failed=m.status == "error") for m in results
        ]
        paragraphs += [p.note for p in plan if p.call is None]
        return "\n\n".join(paragraphs)


def _seen(shown: list[str], results: Sequence[ToolMessage]) -> _Seen:
    seen = _Seen(shown=list(shown))
    for message in results:
        if message.status == "error":
            continue
        try:
            data = json.loads(str(message.content))
        except json.JSONDecodeError:
            continue
        if not isinstance(data, dict):
            continue
        jobs = data.get("jobs")
        if isinstance(jobs, list) and jobs and message.name in ("rank_jobs", "list_jobs"):
            seen.shown = [str(j["id"]) for j in jobs if isinstance(j, dict) and "id" in j]
        if data.get("outreach_id"):
            seen.outreach_id = str(data["outreach_id"])
    return seen
