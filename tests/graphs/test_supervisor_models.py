"""The chat graph with a model: scripted tool-calling models, and ChatOpenAI on the local stub."""

from __future__ import annotations

import json
import uuid
from typing import Any

from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage
from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph.state import CompiledStateGraph
from sqlalchemy import select

from db.models import LlmUsage
from graphs.routing import BAD_ROUTE
from graphs.supervisor import MAX_STEPS, make_graph
from llm.prompts import load_prompt
from sandbox.openai_stub import RunningOpenAIStub, StubReply, ToolCall
from tests.agents.helpers import ScriptedModel, call, route
from tests.tools.helpers import (
    Installation,
    installation_fixture,
    openai_installation_fixture,
)
from tools.jobs import SEARCH_TOOLS
from tools.resumes import RESUME_TOOLS
from tools.runtime import UserContext

Graph = CompiledStateGraph[Any, UserContext, Any, Any]


installation = installation_fixture
openai_installation = openai_installation_fixture


def _thread() -> RunnableConfig:
    return {"configurable": {"thread_id": uuid.uuid4().hex}}


def _run(graph: Graph, config: RunnableConfig, text: str) -> list[str]:
    ran: list[str] = []
    for update in graph.stream(
        {"messages": [HumanMessage(text)]}, config, context=UserContext(), stream_mode="updates"
    ):
        ran.extend(update)
    return ran


def _replies(graph: Graph, config: RunnableConfig) -> list[tuple[str | None, str]]:
    messages = graph.get_state(config).values["messages"]
    return [(m.name, m.text) for m in messages if isinstance(m, AIMessage)]


def _job_id(prompt: list[BaseMessage], position: int = 0) -> str:
    """The id of a job a tool listed in this agent's conversation."""
    for message in reversed(prompt):
        if message.type == "tool":
            data = json.loads(str(message.content))
            return str(data["jobs"][position]["id"])
    raise AssertionError("no job listed yet")


def test_a_scripted_model_routes_to_one_agent_and_finishes(installation: Installation) -> None:
    model = ScriptedModel(
        responses=[
            route("search", task="List the stored jobs."),
            call("list_jobs"),
            AIMessage("No jobs are stored yet."),
            route("finish"),
        ]
    )
    graph, config = make_graph(InMemorySaver(), model=model), _thread()
    assert _run(graph, config, "what jobs do I have?") == ["supervisor", "search", "supervisor"]
    assert _replies(graph, config) == [("search", "No jobs are stored yet.")]
    assert model.done
    router_prompt, agent_prompt, _, again = model.seen
    assert router_prompt[0].content == load_prompt("supervisor_router").render()
    assert [m.type for m in router_prompt[1:]] == ["human"]
    assert agent_prompt[0].content == load_prompt("agent_search").render()
    assert agent_prompt[1].content == "List the stored jobs."
    assert again[-1].text == "No jobs are stored yet."


def test_a_scripted_model_chains_agents_within_one_turn(installation: Installation) -> None:
    """search → resume in one turn; the resume task carries the job the search ranked best,
    and the supervisor's context block names it for the router too."""
    ranked: dict[str, str] = {}

    def tailor_the_best(prompt: list[BaseMessage]) -> AIMessage:
        ranked["best"] = _job_id(prompt)
        return AIMessage(f"The best match is [{ranked['best']}].")

    model = ScriptedModel(
        responses=[
            route("search", task="Find jobs on greenhouse:northwind and rank them."),
            call("search_jobs", boards=["greenhouse:northwind"]),
            call("rank_jobs", limit=3),
            tailor_the_best,
            lambda prompt: route("resume", task=f"Tailor the resume for job {ranked['best']}."),
            lambda prompt: call("tailor_resume", job_id=ranked["best"], pdf=False),
            AIMessage("Tailored."),
            route("finish", reply="Done: searched, ranked and tailored."),
        ]
    )
    graph, config = make_graph(InMemorySaver(), model=model), _thread()
    ran = _run(graph, config, "find jobs and tailor my resume for the best one")
    assert ran == ["supervisor", "search", "supervisor", "resume", "supervisor"]
    assert _replies(graph, config)[-1] == ("supervisor", "Done: searched, ranked and tailored.")
    resume_task = model.seen[5][1].text
    assert resume_task.startswith(f"Tailor the resume for job {ranked['best']}.")
    assert f"1. {ranked['best']}" in resume_task
    second_route = model.seen[4]
    assert f"1. {ranked['best']}" in str(second_route[0].content)
    folder = installation.services.settings.data_dir / "applications"
    assert len(list(folder.iterdir())) == 1


def test_a_model_that_keeps_routing_is_stopped(installation: Installation) -> None:
    model = ScriptedModel(
        responses=[r for _ in range(MAX_STEPS) for r in (route("search", task="again"),
                                                          AIMessage("once more"))]
    )  # fmt: skip
    graph, config = make_graph(InMemorySaver(), model=model), _thread()
    ran = _run(graph, config, "loop forever")
    assert ran.count("search") == MAX_STEPS
    assert model.done
    name, text = _replies(graph, config)[-1]
    assert name == "supervisor"
    assert f"stopped after {MAX_STEPS} steps" in text


def test_routing_through_chatopenai_on_the_stub(
    openai_installation: Installation, openai_stub: RunningOpenAIStub
) -> None:
    openai_stub.push(
        StubReply.json({"next": "search", "task": "List stored python jobs.", "reply": ""}),
        StubReply.tools(ToolCall("list_jobs", {"query": "python"}, id="call_1")),
        StubReply.text("None stored yet."),
        StubReply.json({"next": "resume", "task": "Answer: do you need sponsorship?"}),
        StubReply.tools(
            ToolCall("answer_question", {"question": "Do you need visa sponsorship?"}, id="c2")
        ),
        StubReply.text("No sponsorship needed."),
        StubReply.json({"next": "finish", "reply": ""}),
    )
    graph, config = make_graph(InMemorySaver()), _thread()
    tokens: list[str] = []
    for mode, data in graph.stream(
        {"messages": [HumanMessage("python jobs? and do I need sponsorship?")]},
        config,
        context=UserContext(),
        stream_mode=["messages", "updates"],
    ):
        if mode == "messages" and isinstance(data[0], AIMessageChunk | AIMessage):
            tokens.append(data[0].text)
    assert _replies(graph, config) == [
        ("search", "None stored yet."),
        ("resume", "No sponsorship needed."),
    ]
    assert "".join(tokens) == "None stored yet.No sponsorship needed."

    requests = openai_stub.requests
    assert len(requests) == 7
    first = requests[0].body
    assert first is not None
    assert first["response_format"]["type"] == "json_schema"
    assert first["response_format"]["json_schema"]["name"] == "Route"
    assert "tools" not in first
    search_tools = requests[1].body["tools"]  # type: ignore[index]
    resume_tools = requests[4].body["tools"]  # type: ignore[index]
    assert {t["function"]["name"] for t in search_tools} == {t.name for t in SEARCH_TOOLS}
    assert {t["function"]["name"] for t in resume_tools} == {t.name for t in RESUME_TOOLS}
    assert requests[3].messages[-1] == {
        "role": "assistant",
        "content": "None stored yet.",
        "name": "search",
    }

    with openai_installation.services.sessions() as session:
        prompts = session.scalars(select(LlmUsage.prompt_name).order_by(LlmUsage.created_at))
        assert list(prompts) == [
            "supervisor_router", "agent_search", "agent_search", "supervisor_router",
            "agent_resume", "agent_resume", "supervisor_router",
        ]  # fmt: skip


def test_a_malformed_route_ends_the_turn_with_a_plain_message(
    openai_installation: Installation, openai_stub: RunningOpenAIStub
) -> None:
    openai_stub.push(StubReply.text("search, I think"))
    graph, config = make_graph(InMemorySaver()), _thread()
    assert _run(graph, config, "find jobs") == ["supervisor"]
    assert _replies(graph, config) == [("supervisor", BAD_ROUTE)]


def test_the_model_can_answer_by_itself(
    openai_installation: Installation, openai_stub: RunningOpenAIStub
) -> None:
    openai_stub.push(
        StubReply.json({"next": "finish", "reply": "Hello! I search, tailor and apply."})
    )
    graph, config = make_graph(InMemorySaver()), _thread()
    assert _run(graph, config, "hi") == ["supervisor"]
    assert _replies(graph, config) == [("supervisor", "Hello! I search, tailor and apply.")]
