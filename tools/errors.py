"""How a tool fails: one line the model (and the person) can act on, never a traceback.

LangGraph's tool node only turns argument-validation errors into results; any other
exception would end the whole run. Our services raise ``AjobError`` with a one-line message
for bad input (an unknown job id, no master resume yet), so tools declared with
``service_tool`` hand that line back as an error result and the agent can recover.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from langchain.tools import BaseTool, ToolException, tool
from pydantic import BaseModel

from core.errors import AjobError


def service_tool(args_schema: type[BaseModel]) -> Callable[[Callable[..., str]], BaseTool]:
    """``@tool`` with a pydantic argument schema, whose ``AjobError`` becomes its result."""

    def make(func: Callable[..., str]) -> BaseTool:
        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> str:
            try:
                return func(*args, **kwargs)
            except AjobError as exc:
                raise ToolException(exc.message) from None

        made = tool(args_schema=args_schema)(run)
        made.handle_tool_error = True
        return made

    return make
