"""The chat graph offline: routing by the intent rules, chained turns, memory, approvals."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from langchain_core.messages import AIMessage, HumanMessage
from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command
from sqlalchemy import Select, select

from db.enums import ApplicationStatus
from db.models import Application
from graphs.checkpoint import checkpointer
from graphs.supervisor import graph as studio_graph
from graphs.supervisor import make_graph
from tests.tools.helpers import Installation, installation_fixture
from tools.runtime import UserContext

Graph = CompiledStateGraph[Any, UserContext, Any, Any]
NORTHWIND = "find backend jobs on greenhouse:northwind"


installation = installation_fixture


def _thread() -> RunnableConfig:
    return {"configurable": {"thread_id": uuid.uuid4().hex}}


def _turn(graph: Graph, config: RunnableConfig, payload: Any) -> list[str]:
    """Run one turn (or a resume); the graph's nodes in the order they ran."""
    if isinstance(payload, str):
        payload = {"messages": [HumanMessage(payload)]}
    ran: list[str] = []
    for update in graph.stream(payload, config, context=UserContext(), stream_mode="updates"):
        ran.extend(name for name in update if name != "__interrupt__")
    return ran


def _replies(graph: Graph, config: RunnableConfig) -> list[AIMessage]:
    messages = graph.get_state(config).values["messages"]
    return [m for m in messages if isinstance(m, AIMessage)]


def _shown(graph: Graph, config: RunnableConfig) -> list[dict[str, str]]:
    shown: list[dict[str, str]] = graph.get_state(config).values["shown"]
    return shown


def _pipeline_applications() -> Select[tuple[Application]]:
    """Applications the form tools started (ranking alone keeps a score on a row too)."""
    return select(Application).where(Application.thread_id.is_not(None))


def test_a_chained_turn_runs_search_then_resume_then_form_fill(
    installation: Installation, chromium_path: Path
) -> None:
    graph, config = make_graph(InMemorySaver()), _thread()
    ran = _turn(
        graph,
        config,
        f"{NORTHWIND} and tailor my resume for the best one and fill the form",
    )
    assert ran == [
        "supervisor", "search", "supervisor", "resume", "supervisor", "form_fill", "supervisor",
    ]  # fmt: skip
    best = _shown(graph, config)[0]
    search, resume, form = _replies(graph, config)
    assert (search.name, resume.name, form.name) == ("search", "resume", "form_fill")
    assert best["id"] in search.text
    assert f"for {best['title']} at {best['company']}" in resume.text
    assert "dry run, nothing submitted" in form.text
    state = graph.get_state(config).values
    assert state["focus"]["id"] == best["id"]
    with installation.services.sessions() as session:
        [application] = session.scalars(_pipeline_applications()).all()
    assert str(application.job_id) == best["id"]
    assert installation.sandbox.submissions() == []


def test_memory_across_turns_on_one_thread(installation: Installation) -> None:
    graph, config = make_graph(InMemorySaver()), _thread()
    _turn(graph, config, NORTHWIND)
    second = _shown(graph, config)[1]
    ran = _turn(graph, config, "write a cover letter for the second one")
    assert ran == ["supervisor", "resume", "supervisor"]
    letter = _replies(graph, config)[-1]
    assert f"Cover letter for {second['title']} at {second['company']}" in letter.text
    assert graph.get_state(config).values["focus"]["id"] == second["id"]
    humans = [
        m.text for m in graph.get_state(config).values["messages"] if isinstance(m, HumanMessage)
    ]
    assert humans == [NORTHWIND, "write a cover letter for the second one"]

    other = _thread()
    _turn(graph, other, "write a cover letter for the second one")
    assert _replies(graph, other)[-1].text.startswith("Which job?")


def test_the_sqlite_checkpointer_keeps_the_conversation_between_processes(
    installation: Installation,
) -> None:
    config = _thread()
    settings = installation.services.settings
    with checkpointer(settings) as saver:
        _turn(make_graph(saver), config, NORTHWIND)
    with checkpointer(settings) as saver:
        graph = make_graph(saver)
        best = _shown(graph, config)[0]
        _turn(graph, config, "show me the best one")
        shown = _replies(graph, config)[-1]
    assert shown.name == "search"
    assert shown.text.startswith(f"{best['title']} at {best['company']} [{best['id']}]")
    assert (settings.data_dir / "checkpoints.sqlite3").is_file()


def test_offline_it_says_what_it_cannot_do_without_a_model(installation: Installation) -> None:
    graph, config = make_graph(InMemorySaver()), _thread()
    assert _turn(graph, config, "hello, how are you?") == ["supervisor"]
    [reply] = _replies(graph, config)
    assert reply.name == "supervisor"
    assert "without a model" in reply.text
    assert "AJOB_LLM_PROVIDER=openai" in reply.text


def test_apply_stops_for_approval_and_submits_once_approved(
    installation: Installation, chromium_path: Path
) -> None:
    graph, config = make_graph(InMemorySaver()), _thread()
    _turn(graph, config, NORTHWIND)
    best = _shown(graph, config)[0]
    ran = _turn(graph, config, "apply to the best one")
    assert ran == ["supervisor"]
    [waiting] = graph.get_state(config).interrupts
    payload = waiting.value
    assert payload["action"] == "submit_application"
    assert payload["kind"] == "approval"
    assert payload["job"]["title"] == best["title"]
    assert {"fields", "cover_letter", "resume_diff"} <= set(payload)
    assert installation.sandbox.submissions() == []

    ran = _turn(graph, config, Command(resume={"action": "approve"}))
    assert ran == ["form_fill", "supervisor"]
    assert len(installation.sandbox.submissions()) == 1
    reply = _replies(graph, config)[-1]
    assert reply.name == "form_fill"
    assert f"for {best['title']} at {best['company']}: submitted" in reply.text
    with installation.services.sessions() as session:
        application = session.scalars(_pipeline_applications()).one()
    assert application.status == ApplicationStatus.SUBMITTED


def test_a_rejected_application_is_not_submitted(
    installation: Installation, chromium_path: Path
) -> None:
    graph, config = make_graph(InMemorySaver()), _thread()
    _turn(graph, config, NORTHWIND)
    _turn(graph, config, "apply to the best one")
    assert graph.get_state(config).interrupts
    _turn(graph, config, Command(resume={"action": "reject", "reason": "not for me"}))
    assert graph.get_state(config).interrupts == ()
    assert installation.sandbox.submissions() == []
    with installation.services.sessions() as session:
        application = session.scalars(_pipeline_applications()).one()
    assert application.status == ApplicationStatus.SKIPPED


def test_studio_sees_each_agent_as_a_subgraph_and_no_checkpointer() -> None:
    assert studio_graph.checkpointer is None
    assert studio_graph.name == "supervisor"
    nodes = set(studio_graph.get_graph(xray=1).nodes)
    assert {"supervisor", "search:model", "search:tools", "resume:tools"} <= nodes
    assert {"form_fill:tools", "outreach:tools"} <= nodes
    assert {name for name, _ in studio_graph.get_subgraphs()} == {
        "search", "resume", "form_fill", "outreach",
    }  # fmt: skip


def test_graph_state_is_plain_json(installation: Installation) -> None:
    graph, config = make_graph(InMemorySaver()), _thread()
    _turn(graph, config, f"{NORTHWIND} and write a cover letter for the best one")
    values = graph.get_state(config).values
    json.dumps({k: v for k, v in values.items() if k != "messages"})
