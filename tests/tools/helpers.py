"""Shared by the tool, agent and supervisor tests: settings that reach the sandbox, the sample
candidate, and a one-node graph that runs a tool as an agent would (its runtime injected)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from langchain_core.messages import AIMessage, ToolCall, ToolMessage
from langchain_core.tools import BaseTool
from langgraph.graph import END, START, MessagesState, StateGraph
from langgraph.prebuilt import ToolNode

from core.config import get_settings
from resumes.candidate import load_candidate, sample_candidate_path
from resumes.store import store_candidate
from sandbox.openai_stub import RunningOpenAIStub
from sandbox.server import RunningSandbox
from tools.runtime import Services, UserContext, get_services, reset_services

FEEDS = ("remotive", "remoteok")
ATS = ("greenhouse",)


@dataclass(frozen=True)
class Installation:
    services: Services
    user_id: uuid.UUID | None
    sandbox: RunningSandbox


def use_sandbox(monkeypatch: pytest.MonkeyPatch, sandbox: RunningSandbox) -> None:
    """Environment settings (what the tools read) that reach the sandbox without waiting."""
    urls = {name: sandbox.base_url(name) for name in (*FEEDS, *ATS)}
    for name, value in {
        "AJOB_HTTP_ALLOW_HOSTS": "127.0.0.1",
        "AJOB_HTTP_RATE_PER_HOST": "1000",
        "AJOB_HTTP_BURST_PER_HOST": "200",
        "AJOB_HTTP_BACKOFF_S": "0.01",
        "AJOB_HTTP_BACKOFF_MAX_S": "0.05",
        "AJOB_SOURCE_BASE_URLS": json.dumps(urls),
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    reset_services()


@contextmanager
def installed(
    monkeypatch: pytest.MonkeyPatch, sandbox: RunningSandbox, *, candidate: bool = True
) -> Iterator[Installation]:
    """The process's services on this test's database, reaching the sandbox; with the sample
    candidate loaded unless ``candidate`` is False (then ``user_id`` is None)."""
    use_sandbox(monkeypatch, sandbox)
    services = get_services()
    try:
        yield Installation(services, add_candidate(services) if candidate else None, sandbox)
    finally:
        reset_services()


@pytest.fixture(name="installation")
def installation_fixture(
    clean_sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Installation]:
    """The sandbox-backed installation with the sample candidate (tools, agents, graphs)."""
    with installed(monkeypatch, clean_sandbox) as found:
        yield found


@pytest.fixture(name="openai_installation")
def openai_installation_fixture(
    installation: Installation, openai_stub: RunningOpenAIStub, monkeypatch: pytest.MonkeyPatch
) -> Installation:
    """The installation with the openai provider chosen by the settings, on the stub."""
    use_openai_stub(monkeypatch, openai_stub)
    return installation


def use_openai_stub(monkeypatch: pytest.MonkeyPatch, stub: RunningOpenAIStub) -> None:
    """The openai provider chosen by the environment, pointed at the local stub."""
    for name, value in {
        "AJOB_LLM_PROVIDER": "openai",
        "AJOB_LLM_BASE_URL": stub.base_url,
        "AJOB_LLM_API_KEY": "test-key",
        "AJOB_LLM_MAX_ATTEMPTS": "1",
        "NO_PROXY": "127.0.0.1",
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    reset_services()


def add_candidate(services: Services) -> uuid.UUID:
    with services.sessions.begin() as session:
        stored = store_candidate(
            session, load_candidate(sample_candidate_path()), source_filename="candidate.json"
        )
        return stored.user.id


RunTool = Callable[..., ToolMessage]


def tool_runner(tools: Sequence[BaseTool]) -> RunTool:
    builder = StateGraph(MessagesState, context_schema=UserContext)
    builder.add_node("tools", ToolNode(list(tools)))
    builder.add_edge(START, "tools")
    builder.add_edge("tools", END)
    graph = builder.compile()

    def run(name: str, context: UserContext | None = None, **args: Any) -> ToolMessage:
        call = ToolCall(name=name, args=args, id=f"call-{uuid.uuid4().hex[:8]}")
        state = graph.invoke({"messages": [AIMessage("", tool_calls=[call])]}, context=context)
        message = state["messages"][-1]
        assert isinstance(message, ToolMessage)
        return message

    return run


def result(message: ToolMessage) -> dict[str, Any]:
    assert message.status == "success", message.content
    data = json.loads(str(message.content))
    assert isinstance(data, dict)
    return data
