"""What the app holds for its lifetime, in one typed object on ``app.state.api``.

Built in the lifespan (the checkpointer and graphs need an open connection) and torn down
there, so nothing lives at import time and several apps can exist in one process.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from langgraph.graph.state import CompiledStateGraph

from api.dispatch import Dispatcher
from api.logins import LoginCheck
from api.metrics import ApiMetrics
from api.ratelimit import Limiter
from api.runs import Runs
from core.config import Settings
from core.crypto import Cipher
from graphs.application import ApplicationGraph
from tools.runtime import Services, UserContext

ChatGraph = CompiledStateGraph[Any, UserContext, Any, Any]


@dataclass
class ApiState:
    settings: Settings
    services: Services
    limiter: Limiter
    metrics: ApiMetrics
    jwt_secret: str
    cipher: Cipher
    application_graph: ApplicationGraph
    chat_graph: ChatGraph
    runs: Runs
    """Application and search runs."""
    chat_runs: Runs
    """Chat turns, apart, so a long application run never delays a reply."""
    dispatcher: Dispatcher
    logins: LoginCheck
