"""Tailoring and cover letters, offline and through the openai stub: always faithful."""

from __future__ import annotations

import asyncio
import copy
import json
from typing import Any

import pytest

from core.config import Settings
from llm.client import ChatClient
from resumes.candidate import load_candidate, sample_candidate_path
from resumes.cover_letter import CoverLetterWriter, format_problems
from resumes.tailor import Tailor, resume_text
from resumes.target import JobTarget, coverage, job_keywords
from sandbox.catalogue import build_catalogue
from sandbox.openai_stub import RunningOpenAIStub, StubReply

PLATFORM_JOB = JobTarget(
    title="Staff Platform Engineer",
    company="Acme Corp",
    description=(
        "We run Postgres and k8s on AWS at scale.\nRequirements:\n- 5+ years of Python or golang\n"
        "- Experience with Kafka and Terraform\n- CI/CD pipelines, Docker\n"
        "Nice to have: Rust, Snowflake"
    ),
)
DATA_JOB = JobTarget(
    title="Senior Data Platform Engineer",
    company="Brightwave",
    description=(
        "You will own our streaming stack.\nWhat you need:\n- Apache Kafka in production\n"
        "- Strong SQL and Postgres tuning\n- Python 3, Celery\n- Amazon Web Services\n"
        "Bonus: dbt, Airflow"
    ),
)
API_JOB = JobTarget(
    title="Backend Engineer, APIs",
    company="Ledgerly",
    description=(
        "Build the APIs behind our payments product.\nRequirements:\n"
        "- Python (Django or FastAPI)\n- PostgreSQL, Redis\n- Kubernetes, Docker, CI/CD\n"
        "- Golang is a plus"
    ),
)
SAMPLE_PAIRS = [PLATFORM_JOB, DATA_JOB, API_JOB]


@pytest.fixture(scope="module")
def master() -> dict[str, Any]:
    return load_candidate(sample_candidate_path()).resume_document()


@pytest.fixture(scope="module")
def tailor(master: dict[str, Any]) -> Tailor:
    return Tailor(master)


@pytest.mark.parametrize("job", SAMPLE_PAIRS, ids=lambda j: j.company)
def test_offline_tailoring_raises_keyword_coverage(tailor: Tailor, job: JobTarget) -> None:
    result = asyncio.run(tailor.tailor(job))
    assert result.method == "extractive"
    assert result.coverage_after.ratio > result.coverage_before.ratio
    keywords = job_keywords(job)
    assert coverage(resume_text(result.document), keywords) == result.coverage_after
    assert tailor.validator.check_document(result.document) == []
    for term in result.coverage_after.missing:
        skill = next(k.skill for k in keywords if k.term == term)
        assert skill not in tailor.facts.skills, f"{term} is the candidate's but was not surfaced"


def test_tailoring_keeps_every_role_and_leads_with_the_job_bullets(tailor: Tailor) -> None:
    result = asyncio.run(tailor.tailor(DATA_JOB))
    master_work = tailor.master["work"]
    work = result.document["work"]
    assert [(w["name"], w["position"], w.get("startDate"), w.get("endDate")) for w in work] == [
        (w["name"], w["position"], w.get("startDate"), w.get("endDate")) for w in master_work
    ]
    assert "Kafka" in work[0]["highlights"][0]
    for tailored, original in zip(work, master_work, strict=True):
        assert set(tailored["highlights"]) <= set(original["highlights"])
    assert result.document["basics"]["summary"] != tailor.master["basics"]["summary"]
    sections = {c.section for c in result.changes}
    assert "basics.summary" in sections
    assert "skills" in sections


def test_the_jobs_own_spelling_is_added_next_to_the_masters(tailor: Tailor) -> None:
    result = asyncio.run(tailor.tailor(PLATFORM_JOB))
    keywords = [k for g in result.document["skills"] for k in g["keywords"]]
    assert "Kubernetes (k8s)" in keywords
    assert "Go (golang)" in keywords
    assert not any("Rust" in k or "Snowflake" in k for k in keywords)
    assert "Rust" in result.coverage_after.missing


def test_long_resumes_are_trimmed_but_keep_what_the_job_needs(master: dict[str, Any]) -> None:
    long = copy.deepcopy(master)
    filler = [f"Maintained internal tool number {i} for the finance team." for i in range(1, 9)]
    long["work"][0]["highlights"] = filler + long["work"][0]["highlights"]
    result = asyncio.run(Tailor(long).tailor(DATA_JOB))
    kept = result.document["work"][0]["highlights"]
    assert len(kept) <= 6
    needed = [b for b in master["work"][0]["highlights"] if {"Kafka", "Postgres"} & set(b.split())]
    assert needed
    assert set(needed) <= set(kept[: len(needed)])


def test_catalogue_jobs_never_lose_coverage_and_stay_faithful(tailor: Tailor) -> None:
    writer = CoverLetterWriter(tailor)
    for job in build_catalogue().distinct_jobs:
        target = JobTarget(
            title=job.title, company=job.company.name, description=job.description_text
        )
        result = asyncio.run(tailor.tailor(target))
        assert result.coverage_after.ratio >= result.coverage_before.ratio, job.title
        assert tailor.validator.check_document(result.document) == [], job.title
        for paragraph in writer.template(target).paragraphs:
            allowed = [target.company, target.title]
            assert tailor.validator.check_text(paragraph, allowed=allowed) == [], job.title


def test_the_role_may_name_a_skill_the_candidate_lacks_but_the_letter_may_not_claim_it(
    tailor: Tailor,
) -> None:
    role = "Senior Machine Learning Engineer"
    opening = f"I am applying for the {role} role at Bluefin."
    assert tailor.validator.check_text(opening, allowed=["Bluefin", role]) == []
    claim = opening + " I have built machine learning models."
    violations = tailor.validator.check_text(claim, allowed=["Bluefin", role])
    assert [v.value for v in violations if v.kind == "skill"] == ["Machine Learning"]


def test_a_job_without_a_description_says_so(tailor: Tailor) -> None:
    from core.errors import InputError

    with pytest.raises(InputError, match="no description"):
        asyncio.run(tailor.tailor(JobTarget(title="Engineer", company="Acme", description="")))


def test_template_cover_letter_cites_real_achievements(tailor: Tailor) -> None:
    letter = CoverLetterWriter(tailor).template(DATA_JOB)
    assert 3 <= len(letter.paragraphs) <= 5
    assert "Brightwave" in letter.paragraphs[0]
    assert DATA_JOB.title in letter.paragraphs[0]
    assert 2 <= len(letter.achievements) <= 3
    master_bullets = {b for w in tailor.master["work"] for b in w["highlights"]}
    assert set(letter.achievements) <= master_bullets
    assert any("25 million events per day" in p for p in letter.paragraphs)
    for paragraph in letter.paragraphs:
        assert (
            tailor.validator.check_text(paragraph, allowed=[DATA_JOB.company, DATA_JOB.title]) == []
        )


# --- the openai provider, against the stub ------------------------------------------------


def _client(settings: Settings) -> ChatClient:
    return ChatClient(settings)


def _faithful_answer(tailor: Tailor) -> dict[str, Any]:
    return {
        "summary": (
            "Backend engineer with 8 years of experience building Python and Kafka services."
        ),
        "bullets": [
            {
                "id": "W0.2",
                "text": "Built a Kafka event pipeline processing 25 million events per day.",
            }
        ],
    }


def test_model_rephrasing_that_passes_the_validator_is_used(
    master: dict[str, Any], openai_stub: RunningOpenAIStub, llm_settings: Settings
) -> None:
    tailor = Tailor(master, llm=_client(llm_settings))
    openai_stub.push(StubReply.json(_faithful_answer(tailor)))
    result = asyncio.run(tailor.tailor(DATA_JOB))
    assert result.method == "llm"
    assert result.violations_caught == []
    assert (
        "Built a Kafka event pipeline processing 25 million events per day."
        in (result.document["work"][0]["highlights"])
    )
    assert result.document["basics"]["summary"].startswith("Backend engineer with 8 years")
    (request,) = openai_stub.requests
    assert request.body is not None
    system, user = request.body["messages"][0], request.body["messages"][1]
    assert system["role"] == "system"
    assert "W0.2 Built an event pipeline on Kafka" in system["content"]
    assert user["content"].rstrip().endswith(DATA_JOB.description.splitlines()[-1].strip())
    assert any(p.startswith("tailor_resume@") for p in result.prompts)


def test_fabrication_is_fed_back_once_then_replaced_by_the_extractive_version(
    master: dict[str, Any], openai_stub: RunningOpenAIStub, llm_settings: Settings
) -> None:
    tailor = Tailor(master, llm=_client(llm_settings))
    lie = {
        "summary": "Staff engineer who led 40 engineers at Stripe.",
        "bullets": [
            {"id": "W0.2", "text": "Built a Kafka pipeline processing 250 million events per day."}
        ],
    }
    openai_stub.push(StubReply.json(lie), StubReply.json(lie))
    result = asyncio.run(tailor.tailor(DATA_JOB))
    assert result.method == "extractive-fallback"
    kinds = {v["kind"] for v in result.violations_caught}
    assert {"number", "employer"} <= kinds
    assert len(openai_stub.requests) == 2
    retry = openai_stub.requests[1].body
    assert retry is not None
    assert "250" in retry["messages"][-1]["content"]
    assert "rejected" in retry["messages"][-1]["content"]
    text = json.dumps(result.document)
    assert "Stripe" not in text
    assert "250 million" not in text
    assert tailor.validator.check_document(result.document) == []


def test_a_retry_that_fixes_the_fabrication_is_accepted(
    master: dict[str, Any], openai_stub: RunningOpenAIStub, llm_settings: Settings
) -> None:
    tailor = Tailor(master, llm=_client(llm_settings))
    lie = {"summary": "Engineer with a PhD.", "bullets": []}
    openai_stub.push(StubReply.json(lie), StubReply.json(_faithful_answer(tailor)))
    result = asyncio.run(tailor.tailor(DATA_JOB))
    assert result.method == "llm"
    assert "degree" in {v["kind"] for v in result.violations_caught}
    assert len(openai_stub.requests) == 2


def test_model_cover_letter_is_checked_for_facts_and_length(
    master: dict[str, Any], openai_stub: RunningOpenAIStub, llm_settings: Settings
) -> None:
    tailor = Tailor(master, llm=_client(llm_settings))
    short = {"paragraphs": ["I want this job at Brightwave."]}
    invented = {
        "paragraphs": [
            "I am applying for the Senior Data Platform Engineer role at Brightwave. " * 3,
            "At Tidewater Analytics, I built an event pipeline on Kafka that processes "
            "90 million events per day. " * 2,
            "I also hold a Google Cloud certification and ran Snowflake at Shopify. " * 2,
            "I would welcome a conversation about the role. " * 3,
        ]
    }
    openai_stub.push(StubReply.json(short), StubReply.json(invented))
    letter = asyncio.run(CoverLetterWriter(tailor).write(DATA_JOB))
    assert letter.method == "template-fallback"
    messages = " ".join(v["message"] for v in letter.violations_caught)
    assert "paragraphs" in messages
    assert "90 million" in messages
    assert "Snowflake" in messages
    assert format_problems(letter.paragraphs) == []


def test_a_model_that_is_down_leaves_the_extractive_result(
    master: dict[str, Any], openai_stub: RunningOpenAIStub, llm_settings: Settings
) -> None:
    tailor = Tailor(master, llm=_client(llm_settings))
    openai_stub.push(*[StubReply.http_error(503)] * 3)
    result = asyncio.run(tailor.tailor(DATA_JOB))
    assert result.method == "extractive-fallback"
    assert result.violations_caught[0]["kind"] == "model"
    assert len(openai_stub.requests) == 3
