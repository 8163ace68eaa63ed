"""A private installation for running the chat graph on a case: its own database and folder.

The agents act only through their tools, and the tools read the database (the candidate,
the job), so a suite that runs the graph needs one. It lives in the run's scratch folder
and is configured as the process's services for the length of the suite, the way the CLI
configures them; nothing touches the person's own database.
"""

from __future__ import annotations

import threading
import uuid
from typing import Any

from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph.state import CompiledStateGraph
from sqlalchemy import select

from db.models import Job as JobRow
from db.models import LlmUsage
from evals.context import RunContext
from evals.fixtures import FixtureJob
from graphs.routing import ROUTER_PROMPT
from graphs.supervisor import make_graph
from jobs.store import store_jobs
from llm.prompts import load_prompt
from llm.usage import UsageRecord
from resumes.candidate import Candidate
from resumes.store import store_candidate
from tools.runtime import Services, UserContext, get_services, reset_services

Graph = CompiledStateGraph[Any, UserContext, Any, Any]


class AgentEnvironment:
    def __init__(self, ctx: RunContext) -> None:
        folder = ctx.work_dir / "agents"
        folder.mkdir(parents=True, exist_ok=True)
        self.settings = ctx.settings.model_copy(
            update={
                "database_url": f"sqlite:///{folder / 'eval.db'}",
                "data_dir": folder / "data",
                "llm_cache": False,
            }
        )
        self.services: Services = get_services(self.settings)
        self._users: dict[str, uuid.UUID] = {}
        self._lock = threading.Lock()
        model = ctx.chat_model(load_prompt(ROUTER_PROMPT))
        self.graph: Graph = make_graph(InMemorySaver(), model=model)
        """Offline: the agents' own rules; with a model, that model routes and acts (usage
        recorded under the router prompt)."""

    def user(self, name: str, candidate: Candidate) -> uuid.UUID:
        """The user holding ``candidate`` (stored once per name)."""
        with self._lock:
            if name not in self._users:
                with self.services.sessions.begin() as session:
                    stored = store_candidate(session, candidate, source_filename=f"{name}.json")
                    self._users[name] = stored.user.id
            return self._users[name]

    def store_job(self, job: FixtureJob) -> uuid.UUID:
        """Store the posting; one that dedup folds into another case's job is refused, since
        the case would then read the other posting's text."""
        with self._lock, self.services.sessions.begin() as session:
            [stored] = store_jobs(session, [job.as_job()])
            row = session.get(JobRow, stored.job_id)
            if row is None or row.description_text != job.description:
                raise ValueError(
                    f"job {job.id!r} was merged with another case's job as a duplicate; "
                    "give it its own title or company"
                )
            return stored.job_id

    def usage(self, user_id: uuid.UUID) -> list[UsageRecord]:
        """The model calls the tools made for ``user_id`` (each tool has its own client,
        writing to llm_usage), as records for the case's own account."""
        with self.services.sessions() as session:
            rows = session.scalars(select(LlmUsage).where(LlmUsage.user_id == user_id)).all()
        return [
            UsageRecord(
                provider=row.provider,
                model=row.model,
                prompt_name=row.prompt_name or "",
                prompt_version=row.prompt_version or "",
                prompt_tokens=row.prompt_tokens,
                completion_tokens=row.completion_tokens,
                cached_tokens=row.cached_tokens,
                cost_usd=float(row.cost_usd),
                latency_ms=row.latency_ms or 0,
                cache_hit=row.cache_hit,
            )
            for row in rows
        ]

    def close(self) -> None:
        reset_services()
