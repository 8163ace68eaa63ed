"""Routing: which agents handle a chat message, in order, and (offline) which tools they call.

Offline, the turn is planned by the intent rules (``plan_turn``) and the tool trajectory
replayed through the offline agents (``evals.trajectory``). With a model, the supervisor's
own routing call (``route_with_model``) is asked step after step, each agent's part
standing in as "done", until it finishes: the agents are not run, so a model run scores
the agent sequence only.
"""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from langchain_core.messages import AIMessage, AnyMessage, HumanMessage
from pydantic import BaseModel, ConfigDict, Field

from agents.intent import AgentName
from agents.task import JobNote
from evals.datasets import Case
from evals.suites.base import Metric, Outcome, Suite, flag
from evals.trajectory import offline_trajectory, trajectory_match
from graphs.routing import ROUTER_PROMPT, plan_turn, route_with_model
from graphs.supervisor import MAX_STEPS
from llm.prompts import load_prompt


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Literal["user", "assistant"]
    content: str


class JobInPlay(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    title: str = ""
    company: str = ""

    def note(self) -> JobNote:
        return JobNote(id=self.id, title=self.title, company=self.company)


class ToolStep(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    args: dict[str, Any] = Field(default_factory=dict)


class RoutingExpect(BaseModel):
    model_config = ConfigDict(extra="forbid")

    agents: list[AgentName]
    """The agents in order; empty when nothing should run (the request needs a model, or
    is not one the assistant handles)."""
    tools: list[ToolStep] | None = None
    """The offline tool calls in order, with the arguments that matter."""


class RoutingCase(Case):
    message: str = Field(min_length=1)
    history: list[Turn] = Field(default_factory=list)
    focus: JobInPlay | None = None
    shown: list[JobInPlay] = Field(default_factory=list)
    expect: RoutingExpect


class RoutingSuite(Suite[RoutingCase]):
    name = "routing"
    case_model = RoutingCase
    description = "a chat message (and its history): the agents that handle it, and their tools"
    prompts = (ROUTER_PROMPT,)
    metrics = (
        Metric("routing_accuracy", "exactly the expected agents, in order"),
        Metric("first_agent_accuracy", "the first step went to the expected agent (or none)"),
        Metric("trajectory_match", "agentevals strict match of the tool calls (offline)"),
    )

    async def run_case(self, case: RoutingCase) -> Outcome:
        focus = case.focus.note() if case.focus else None
        shown = [job.note() for job in case.shown]
        calls: list[dict[str, Any]] | None = None
        note: str | None = None
        if self.ctx.provider == "offline":
            steps, note = plan_turn(case.message)
            agents: list[str] = [step["agent"] for step in steps]
            calls = offline_trajectory(steps, focus, shown)
        else:
            agents = await asyncio.to_thread(self._route_with_model, case, focus, shown)

        expected: list[str] = list(case.expect.agents)
        routed = agents == expected
        first = agents[:1] == expected[:1]
        failures = [] if routed else [f"routed to {agents}, expected {expected}"]
        matched: bool | None = None
        if calls is not None and case.expect.tools is not None:
            wanted = [step.model_dump() for step in case.expect.tools]
            matched, why = trajectory_match(case.message, calls, wanted)
            if not matched:
                failures.append(why)
        return Outcome(
            scores={
                "routing_accuracy": flag(routed),
                "first_agent_accuracy": flag(first),
                "trajectory_match": None if matched is None else flag(matched),
            },
            failures=failures,
            inputs={
                "message": case.message,
                "history": [t.model_dump() for t in case.history],
                "focus": focus,
                "shown": shown,
            },
            expected=case.expect.model_dump(exclude_none=True),
            outputs={"agents": agents, "tools": calls, "note": note},
        )

    def _route_with_model(
        self, case: RoutingCase, focus: JobNote | None, shown: list[JobNote]
    ) -> list[str]:
        model = self.ctx.chat_model(load_prompt(ROUTER_PROMPT))
        assert model is not None
        messages: list[AnyMessage] = [
            HumanMessage(t.content) if t.role == "user" else AIMessage(t.content)
            for t in case.history
        ]
        messages.append(HumanMessage(case.message))
        agents: list[str] = []
        for _ in range(MAX_STEPS):
            route = route_with_model(model, messages, focus, shown)
            if route.next == "finish":
                break
            agents.append(route.next)
            messages.append(AIMessage(f"Done: {route.task or case.message}", name=route.next))
        return agents
