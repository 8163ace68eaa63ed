"""The chat graph: a supervisor routes each turn to the search, resume, form-fill or outreach agent.

    START → supervisor ─┬→ search ────┐
              ↑         ├→ resume ────┤
              │         ├→ form_fill ─┤   each agent is a create_agent subgraph;
              │         └→ outreach ──┤   it answers, then hands back to the supervisor
              └───────────────────────┘
         supervisor → END when the request is done

A turn can chain agents ("find python jobs, tailor my resume for the best one and fill the
form" runs search, resume, form_fill). Each agent gets a self-contained task with the jobs
in play (``agents.task``) and a fresh message list; the graph's ``messages`` keep the
conversation (the person, the agents' replies, the supervisor's notes), so memory per
thread_id comes from the checkpointer the caller compiles with. State holds only JSON:
services, sessions and clients are looked up at run time (``tools.runtime``).

Acting tools (submit_application, send_outreach) call ``interrupt()`` inside their agent;
the interrupt surfaces from this graph and ``Command(resume=...)`` on the same thread
resumes the agent where it stopped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, Protocol, TypeVar

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AnyMessage, HumanMessage
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import START, StateGraph
from langgraph.graph.message import add_messages
from langgraph.graph.state import CompiledStateGraph
from langgraph.runtime import Runtime
from langgraph.types import Command

from agents.build import Agent
from agents.form_fill import build_form_fill_agent
from agents.intent import AgentName
from agents.model import run_model
from agents.outreach import build_outreach_agent
from agents.resume import build_resume_agent
from agents.search import build_search_agent
from agents.task import JobNote, render_task
from graphs.focus import follow
from graphs.routing import ROUTER_PROMPT, Step, plan_turn, route_with_model
from llm.prompts import load_prompt
from tools.runtime import UserContext

NAME = "supervisor"
MAX_STEPS = 8
"""Agent steps in one turn; a model that keeps routing is stopped and says so."""

Goto = Literal["search", "resume", "form_fill", "outreach", "__end__"]
DONE: Literal["__end__"] = "__end__"
"""LangGraph's END, typed as a destination."""
To = TypeVar("To")


@dataclass
class SupervisorState:
    messages: Annotated[list[AnyMessage], add_messages] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    """Offline: the agents still to run for this turn, in order."""
    task: str = ""
    """The instruction for the agent about to run."""
    step_count: int = 0
    focus: JobNote | None = None
    """The job last acted on: what "it" means."""
    shown: list[JobNote] = field(default_factory=list)
    """The jobs last listed, best first: what "the second one" means."""


class Node(Protocol[To]):
    def __call__(self, state: SupervisorState, *, runtime: Runtime[UserContext]) -> Command[To]: ...


def build_supervisor(model: BaseChatModel | None = None) -> StateGraph[Any, UserContext, Any, Any]:
    """The uncompiled graph. Without ``model`` each run uses its provider (the settings', or
    ``UserContext.provider``): the person's model, or the offline rules."""
    builder = StateGraph(SupervisorState, context_schema=UserContext)
    builder.add_node("supervisor", _supervisor_node(model))
    builder.add_node("search", _agent_node(build_search_agent(model)))
    builder.add_node("resume", _agent_node(build_resume_agent(model)))
    builder.add_node("form_fill", _agent_node(build_form_fill_agent(model)))
    builder.add_node("outreach", _agent_node(build_outreach_agent(model)))
    builder.add_edge(START, "supervisor")
    return builder


def make_graph(
    checkpointer: BaseCheckpointSaver[Any] | None = None, *, model: BaseChatModel | None = None
) -> CompiledStateGraph[Any, UserContext, Any, Any]:
    return build_supervisor(model).compile(checkpointer=checkpointer, name=NAME)


def _supervisor_node(fixed_model: BaseChatModel | None) -> Node[Goto]:
    def supervisor(state: SupervisorState, *, runtime: Runtime[UserContext]) -> Command[Goto]:
        """Plan the person's new message, or pick the step after an agent's reply."""
        new_turn = isinstance(state.messages[-1], HumanMessage)
        done = 0 if new_turn else state.step_count
        if done >= MAX_STEPS:
            return _finish(f"I stopped after {MAX_STEPS} steps; ask again for what is left.")
        model = fixed_model or run_model(runtime.context, load_prompt(ROUTER_PROMPT))
        if model is None:
            return _offline_step(state, new_turn, done)
        route = route_with_model(model, state.messages, state.focus, state.shown)
        if route.next == "finish":
            return _finish(route.reply)
        return _dispatch(route.next, render_task(route.task, state.focus, state.shown), done)

    return supervisor


def _offline_step(state: SupervisorState, new_turn: bool, done: int) -> Command[Goto]:
    if new_turn:
        steps, note = plan_turn(str(state.messages[-1].content))
    else:
        steps, note = state.steps, None
    if not steps:
        return _finish(note or "", steps=[])
    first, *rest = steps
    task = render_task(first["request"], state.focus, state.shown)
    return _dispatch(first["agent"], task, done, steps=rest, note=note)


def _dispatch(
    agent: AgentName,
    task: str,
    done: int,
    *,
    steps: list[Step] | None = None,
    note: str | None = None,
) -> Command[Goto]:
    update: dict[str, Any] = {"task": task, "step_count": done}
    if steps is not None:
        update["steps"] = steps
    if note:
        update["messages"] = [AIMessage(note, name=NAME)]
    return Command(goto=agent, update=update)


def _finish(reply: str, *, steps: list[Step] | None = None) -> Command[Goto]:
    update: dict[str, Any] = {"task": ""}
    if steps is not None:
        update["steps"] = steps
    if reply.strip():
        update["messages"] = [AIMessage(reply.strip(), name=NAME)]
    return Command(goto=DONE, update=update)


def _agent_node(agent: Agent) -> Node[Literal["supervisor"]]:
    def run_agent(
        state: SupervisorState, *, runtime: Runtime[UserContext]
    ) -> Command[Literal["supervisor"]]:
        """Run the agent on its task; keep its reply and the jobs its tools touched."""
        result = agent.invoke({"messages": [HumanMessage(state.task)]}, context=runtime.context)
        messages: list[AnyMessage] = result["messages"]
        focus, shown = follow(messages, state.focus, state.shown)
        return Command(
            goto="supervisor",
            update={
                "messages": [messages[-1]],
                "step_count": state.step_count + 1,
                "focus": focus,
                "shown": shown,
            },
        )

    return run_agent


graph = make_graph()
"""For ``langgraph dev`` (Studio): compiled without a checkpointer, the server supplies one."""
