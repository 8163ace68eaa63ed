"""The search agent: finds jobs on the platforms, reads stored ones, ranks them for the person.

It only reads and searches; it has no tool that applies or writes to anyone.
"""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel

from agents.build import Agent, build_agent
from tools.jobs import SEARCH_TOOLS


def build_search_agent(model: BaseChatModel | None = None) -> Agent:
    return build_agent("search", SEARCH_TOOLS, model)
