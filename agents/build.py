"""What every agent is made of: ``create_agent`` with its prompt file, its tools and a model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain.agents import create_agent
from langchain_core.language_models import BaseChatModel
from langchain_core.tools import BaseTool
from langgraph.graph.state import CompiledStateGraph

from agents.intent import AgentName
from agents.model import RunModel
from agents.offline import OfflineAgentModel
from llm.prompts import load_prompt
from tools.runtime import UserContext

Agent = CompiledStateGraph[Any, UserContext, Any, Any]


def build_agent(
    name: AgentName, tools: Sequence[BaseTool], model: BaseChatModel | None = None
) -> Agent:
    """The agent ``name`` with ``prompts/agent_<name>.md``.

    Without ``model`` it runs on the offline rules, or on the person's model when the run's
    provider is openai (``RunModel``); with one, it always uses that model.
    """
    prompt = load_prompt(f"agent_{name}")
    return create_agent(
        model or OfflineAgentModel(agent=name),
        list(tools),
        system_prompt=prompt.render(),
        middleware=[] if model is not None else [RunModel(prompt)],
        context_schema=UserContext,
        name=name,
    )
