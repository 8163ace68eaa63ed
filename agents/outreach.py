"""The outreach agent: drafts an email to a job's recruiter or hiring manager and sends it.

Sending always stops for the person's approval inside the tool.
"""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel

from agents.build import Agent, build_agent
from tools.outreach import OUTREACH_TOOLS


def build_outreach_agent(model: BaseChatModel | None = None) -> Agent:
    return build_agent("outreach", OUTREACH_TOOLS, model)
