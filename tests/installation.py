"""An installed user with the sample candidate and the sandbox's Greenhouse jobs."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass

from sqlalchemy import select, update

from adapters.base import SearchQuery
from db.models import Job
from jobs.search import SourceRequest, run_search
from resumes.candidate import load_candidate, sample_candidate_path
from resumes.store import store_candidate
from sandbox.server import RunningSandbox
from tools.runtime import Services, get_services


@dataclass(frozen=True)
class Installed:
    services: Services
    user_id: uuid.UUID
    job_ids: list[str]
    """The Greenhouse jobs of the sandbox's "northwind" board."""
    sandbox: RunningSandbox

    def use_variant(self, job_id: str, variant: str) -> None:
        """Point the job's application page at one of the sandbox's form variants."""
        with self.services.sessions.begin() as session:
            row = session.get(Job, uuid.UUID(job_id))
            assert row is not None
            url = f"{row.apply_url or row.url}?variant={variant}"
            session.execute(update(Job).where(Job.id == row.id).values(apply_url=url))


def install(sandbox: RunningSandbox) -> Installed:
    services = get_services()
    with services.sessions.begin() as session:
        stored = store_candidate(
            session, load_candidate(sample_candidate_path()), source_filename="candidate.json"
        )
        user_id = stored.user.id
    request = SourceRequest("greenhouse", "northwind", sandbox.base_url("greenhouse"))
    asyncio.run(run_search(services.settings, services.sessions, [request], SearchQuery(limit=20)))
    with services.sessions() as session:
        ids = [str(i) for i in session.scalars(select(Job.id).order_by(Job.title))]
    assert ids, "the sandbox's northwind board should list jobs"
    return Installed(services, user_id, ids, sandbox)
