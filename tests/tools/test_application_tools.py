"""Form-fill tools through ToolNode: a submit waits for the person, then sends once."""

from __future__ import annotations

import json
from typing import Any

import pytest
from langchain_core.messages import AIMessage, AnyMessage
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph import START, MessagesState, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.prebuilt import ToolNode
from langgraph.types import Command

from tests.installation import Installed
from tools.applications import FORM_FILL_TOOLS
from tools.runtime import UserContext

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _graph() -> CompiledStateGraph[Any, Any, Any, Any]:
    builder = StateGraph(MessagesState, context_schema=UserContext)
    builder.add_node("tools", ToolNode(FORM_FILL_TOOLS))
    builder.add_edge(START, "tools")
    return builder.compile(checkpointer=InMemorySaver())


def _call(name: str, **args: Any) -> dict[str, list[AnyMessage]]:
    return {"messages": [AIMessage("", tool_calls=[{"name": name, "args": args, "id": "c1"}])]}


def _result(state: dict[str, Any]) -> dict[str, Any]:
    content = state["messages"][-1].content
    assert isinstance(content, str)
    parsed: dict[str, Any] = json.loads(content)
    return parsed


def test_submit_application_waits_for_approval_then_sends_once(installed: Installed) -> None:
    graph = _graph()
    config: Any = {"configurable": {"thread_id": "chat-1"}}
    job_id = installed.job_ids[0]
    state = graph.invoke(_call("submit_application", job_id=job_id), config)
    (waiting,) = state["__interrupt__"]
    assert waiting.value["action"] == "submit_application"
    assert waiting.value["kind"] == "approval"
    assert installed.sandbox.submissions() == []

    status = graph.invoke(_call("get_application_status", job_id=job_id), {
        "configurable": {"thread_id": "chat-2"}})  # fmt: skip
    assert _result(status)["status"] == "ready_for_review"
    assert "approval" in _result(status)["waiting_for"]

    state = graph.invoke(
        Command(resume={"action": "edit", "fields": {"preferred_name": "Pri"}}), config
    )
    (again,) = state["__interrupt__"]
    assert {f["name"]: f["value"] for f in again.value["fields"]}["preferred_name"] == "Pri"
    state = graph.invoke(Command(resume={"action": "approve"}), config)
    done = _result(state)
    assert done["status"] == "submitted"
    (sent,) = installed.sandbox.submissions()
    assert sent.fields["preferred_name"] == ["Pri"]

    twice = _result(graph.invoke(_call("submit_application", job_id=job_id), {
        "configurable": {"thread_id": "chat-3"}}))  # fmt: skip
    assert twice["status"] == "submitted"
    assert "already submitted" in twice["note"]
    assert len(installed.sandbox.submissions()) == 1

    listed = _result(graph.invoke(_call("list_applications"), {
        "configurable": {"thread_id": "chat-4"}}))  # fmt: skip
    assert [a["status"] for a in listed["applications"]] == ["submitted"]


def test_a_rejected_submission_sends_nothing(installed: Installed) -> None:
    graph = _graph()
    config: Any = {"configurable": {"thread_id": "chat-1"}}
    graph.invoke(_call("submit_application", job_id=installed.job_ids[0]), config)
    state = graph.invoke(Command(resume={"action": "reject", "reason": "not now"}), config)
    assert _result(state)["status"] == "skipped"
    assert installed.sandbox.submissions() == []


def test_inspect_form_reports_values_and_sources_without_submitting(installed: Installed) -> None:
    state = _graph().invoke(
        _call("inspect_form", job_id=installed.job_ids[0]),
        {"configurable": {"thread_id": "chat-1"}},
    )
    report = _result(state)
    assert report["status"] == "filled"
    email = next(f for f in report["fields"] if f["name"] == "email")
    assert email["source"] == "candidate.basics.email"
    assert "untrusted" not in report or report["note"]
    assert installed.sandbox.submissions() == []


def test_a_bad_id_is_a_one_line_tool_error(installed: Installed) -> None:
    state = _graph().invoke(
        _call("get_application_status", application_id="nope"),
        {"configurable": {"thread_id": "chat-1"}},
    )
    message = state["messages"][-1]
    assert message.status == "error"
    assert "'nope' is not an id" in message.content
