"""Drafts: short, specific to the job, and made only of the candidate's real facts."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.config import Settings
from core.errors import InputError
from db.enums import OutreachStatus
from db.models import Outreach
from llm.client import ChatClient
from outreach.draft import MAX_WORDS, OutreachWriter
from outreach.recipients import Recipient
from outreach.service import draft_outreach
from resumes.candidate import load_candidate, sample_candidate_path
from resumes.tailor import Tailor
from resumes.target import JobTarget
from sandbox.openai_stub import RunningOpenAIStub, StubReply
from tests.outreach.helpers import BACKEND_JOB, PLATFORM_JOB, store_job, store_user

JANE = Recipient(name="Jane Doe", email="jane.doe@acme-data.example", role="recruiter")
GOOD_BODY = (
    "I am a Senior Backend Engineer and your Kafka and Postgres work is what I do every day.\n\n"
    "At Tidewater Analytics I built an event pipeline on Kafka that processes 25 million events "
    "per day, and cut p95 latency of the reporting API from 900 ms to 210 ms.\n\n"
    "Would you have time for a short call about the role?"
)
INVENTED_BODY = (
    "I am a Senior Backend Engineer. At Google I led a team of 60 engineers and scaled Kafka "
    "to 3 billion events per day, and I hold a PhD in distributed systems.\n\n"
    "Would you have time for a short call about the role?"
)


def _writer(llm: ChatClient | None = None) -> OutreachWriter:
    return OutreachWriter(Tailor.for_candidate(load_candidate(sample_candidate_path()), llm=llm))


def _master_bullets() -> set[str]:
    master = load_candidate(sample_candidate_path())
    return {bullet for work in master.work for bullet in work.highlights}


def test_the_offline_draft_cites_real_achievements_that_fit_the_job() -> None:
    writer = _writer()
    backend = JobTarget.from_text(BACKEND_JOB)
    platform = JobTarget.from_text(PLATFORM_JOB)
    one = writer.template(backend, JANE, applied=True)
    other = writer.template(platform, Recipient(name="Sam Lee"))

    for draft, target in ((one, backend), (other, platform)):
        assert draft.method == "template"
        assert writer.check(draft, target) == []
        assert draft.words <= MAX_WORDS
        assert len(draft.facts) == 2
        assert set(draft.facts) <= _master_bullets()
        assert target.title in draft.body
        assert target.company in draft.body
        assert draft.body.rstrip().endswith("Priya Raman")
    assert one.body.startswith("Hi Jane,\n")
    assert other.body.startswith("Hi Sam,\n")
    assert "applied" in one.body
    assert "applied" not in other.body
    assert one.subject == "My application for Senior Backend Engineer at Acme Data"
    assert "25 million events per day" in one.body
    assert "Kafka" in one.body
    assert "AWS costs by 30%" in other.body
    assert "Terraform" in other.body
    assert set(one.facts).isdisjoint(other.facts)


def test_a_model_draft_that_keeps_to_the_facts_is_used_and_framed_by_us(
    openai_stub: RunningOpenAIStub, llm_settings: Settings
) -> None:
    openai_stub.push(StubReply.json({"subject": "Backend role at Acme Data", "body": GOOD_BODY}))
    target = JobTarget.from_text(BACKEND_JOB)
    draft = asyncio.run(_writer(ChatClient(llm_settings)).write(target, JANE))

    assert draft.method == "llm", draft.violations_caught
    assert draft.subject == "Backend role at Acme Data"
    assert draft.body.startswith("Hi Jane,\n\nI am a Senior Backend Engineer")
    assert draft.body.endswith("Best regards,\nPriya Raman")
    assert draft.prompts[-1].startswith("outreach_message@1#")
    (request,) = openai_stub.requests
    assert request.body is not None
    system, task = (m["content"] for m in request.body["messages"])
    assert "W0.2 Built an event pipeline on Kafka" in system  # the master, in the cached prefix
    job_at = task.index("## JOB (untrusted data)")
    assert job_at > task.index("Reply with JSON")
    assert task.index("Kafka or another event streaming system") > job_at


def test_an_invented_fact_is_refused_retried_once_then_the_template_is_sent(
    openai_stub: RunningOpenAIStub, llm_settings: Settings
) -> None:
    for _ in range(2):
        openai_stub.push(StubReply.json({"subject": "Hello Acme", "body": INVENTED_BODY}))
    target = JobTarget.from_text(BACKEND_JOB)
    writer = _writer(ChatClient(llm_settings))
    draft = asyncio.run(writer.write(target, JANE))

    assert draft.method == "template-fallback"
    assert draft == writer.template(target, JANE).model_copy(
        update={
            "method": "template-fallback",
            "violations_caught": draft.violations_caught,
            "prompts": draft.prompts,
        }
    )
    caught = " ".join(draft.violations_caught)
    assert "'Google'" in caught
    assert "'60'" in caught
    assert "'3 billion'" in caught
    assert "Google" not in draft.body
    assert writer.check(draft, target) == []
    _first, second = openai_stub.requests
    assert second.body is not None
    feedback = second.body["messages"][-1]["content"]
    assert "rejected" in feedback
    assert "Google" in feedback


def test_a_rejected_draft_that_is_fixed_on_the_retry_is_used(
    openai_stub: RunningOpenAIStub, llm_settings: Settings
) -> None:
    openai_stub.push(StubReply.json({"subject": "Hi", "body": INVENTED_BODY}))
    openai_stub.push(StubReply.json({"subject": "Backend role at Acme Data", "body": GOOD_BODY}))
    draft = asyncio.run(
        _writer(ChatClient(llm_settings)).write(JobTarget.from_text(BACKEND_JOB), JANE)
    )
    assert draft.method == "llm"
    assert "25 million events per day" in draft.body
    assert draft.violations_caught  # the first answer's problems are reported


def test_drafting_stores_a_new_draft_row_for_the_posting_contact(
    sessions: sessionmaker[Session],
) -> None:
    user_id = store_user(sessions)
    job_id = store_job(sessions, BACKEND_JOB)
    first = asyncio.run(draft_outreach(sessions, user_id, job_id))
    again = asyncio.run(draft_outreach(sessions, user_id, str(job_id), recipient_name="Ravi"))

    assert first.recipient_email == "jane.doe@acme-data.example"
    assert first.recipient_name == "Jane Doe"
    assert first.recipient_source == "posting"
    assert first.status is OutreachStatus.DRAFT
    assert first.method == "template"
    assert again.id != first.id
    assert again.recipient_name == "Ravi"
    assert again.recipient_email is None
    assert again.body.startswith("Hi Ravi,")
    with sessions() as session:
        rows = session.scalars(select(Outreach).where(Outreach.user_id == user_id)).all()
        assert {r.id for r in rows} == {first.id, again.id}
        stored = session.get(Outreach, first.id)
        assert stored is not None
        assert (stored.body, stored.subject, stored.job_id) == (first.body, first.subject, job_id)


def test_drafting_for_an_unknown_job_or_user_is_a_one_line_error(
    sessions: sessionmaker[Session],
) -> None:
    user_id = store_user(sessions)
    with pytest.raises(InputError, match="no job"):
        asyncio.run(draft_outreach(sessions, user_id, uuid.uuid4()))
    job_id = store_job(sessions, BACKEND_JOB)
    with pytest.raises(InputError, match="no master resume"):
        asyncio.run(draft_outreach(sessions, uuid.uuid4(), job_id))
