"""The resume agent: tailors the resume, writes cover letters, answers application questions.

Everything it writes comes from the master resume and passes the faithfulness validator.
"""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel

from agents.build import Agent, build_agent
from tools.resumes import RESUME_TOOLS


def build_resume_agent(model: BaseChatModel | None = None) -> Agent:
    return build_agent("resume", RESUME_TOOLS, model)
