"""The form-fill agent: fills application forms, submits, reports where applications stand.

Filling is a dry run; submitting always stops for the person's approval inside the tool.
"""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel

from agents.build import Agent, build_agent
from tools.applications import FORM_FILL_TOOLS


def build_form_fill_agent(model: BaseChatModel | None = None) -> Agent:
    return build_agent("form_fill", FORM_FILL_TOOLS, model)
