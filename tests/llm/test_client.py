"""The openai provider through the real langchain-openai client, over HTTP, against the stub."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from adapters.job import Job
from core.config import Settings
from core.errors import ConfigError
from db.engine import session_factory
from db.models import LlmUsage
from db.repositories import applications
from jobs.store import store_jobs
from llm.cache import RedisCache, SqliteCache, response_cache
from llm.client import ChatClient, LlmError, LlmOutputError, LlmRequest
from llm.prompts import Prompt, load_prompt, parse_prompt
from llm.provider import make_llm
from llm.usage import UsageContext, UsageLedger, database_sink, estimate_cost
from resumes.candidate import load_candidate, sample_candidate_path
from resumes.store import store_master
from sandbox.openai_stub import RunningOpenAIStub, StubReply


class Verdict(BaseModel):
    label: str
    score: int


def _prompt(version: str = "1") -> Prompt:
    return parse_prompt(
        f"---\nname: probe\nversion: {version}\n---\nClassify: {{{{ text }}}}\n", source="test"
    )


def _request(text: str = "hello", version: str = "1") -> LlmRequest:
    prompt = _prompt(version)
    return LlmRequest(
        prompts=(prompt,), system="You label text.", user=prompt.render({"text": text})
    )


def _client(settings: Settings, **kwargs: object) -> ChatClient:
    return ChatClient(settings, **kwargs)  # type: ignore[arg-type]


async def test_structured_output_parses_and_records_usage(
    openai_stub: RunningOpenAIStub, llm_settings: Settings
) -> None:
    openai_stub.push(StubReply.json({"label": "greeting", "score": 3}))
    client = _client(llm_settings)
    verdict = await client.structured(_request(), Verdict)
    assert verdict == Verdict(label="greeting", score=3)
    (recorded,) = openai_stub.requests
    assert recorded.body is not None
    assert recorded.body["response_format"]["type"] == "json_schema"
    assert recorded.headers["authorization"] == "Bearer test-key"
    (usage,) = client.ledger.records
    assert usage.prompt_name == "probe"
    assert usage.prompt_version == "1"
    assert recorded.usage is not None
    assert usage.prompt_tokens == recorded.usage["prompt_tokens"] > 0
    assert usage.completion_tokens == recorded.usage["completion_tokens"] > 0
    assert usage.cost_usd == estimate_cost(
        llm_settings.llm_prices, "gpt-4o-mini", usage.prompt_tokens, usage.completion_tokens, 0
    )
    assert usage.cost_usd > 0
    assert not usage.cache_hit


async def test_rate_limit_is_retried_after_the_servers_wait(
    openai_stub: RunningOpenAIStub, llm_settings: Settings
) -> None:
    openai_stub.push(
        StubReply.http_error(429, retry_after=0.01),
        StubReply.http_error(503),
        StubReply.text("fine"),
    )
    assert await _client(llm_settings).text(_request()) == "fine"
    assert [r.status for r in openai_stub.requests] == [429, 503, 200]


async def test_rate_limit_that_never_ends_gives_one_clear_error(
    openai_stub: RunningOpenAIStub, llm_settings: Settings
) -> None:
    openai_stub.push(*[StubReply.http_error(429, retry_after=0.01)] * 3)
    with pytest.raises(LlmError, match=r"still answered 429 after 3 attempts"):
        await _client(llm_settings).text(_request())
    assert len(openai_stub.requests) == 3


async def test_a_refused_key_fails_at_once(
    openai_stub: RunningOpenAIStub, llm_settings: Settings
) -> None:
    openai_stub.push(StubReply.http_error(401, "bad key"))
    with pytest.raises(LlmError, match=r"refused the API key.*AJOB_LLM_API_KEY"):
        await _client(llm_settings).text(_request())
    assert len(openai_stub.requests) == 1


async def test_a_reply_in_the_wrong_shape_is_an_output_error(
    openai_stub: RunningOpenAIStub, llm_settings: Settings
) -> None:
    openai_stub.push(StubReply.json({"label": "x"}))
    with pytest.raises(LlmOutputError, match="does not match Verdict"):
        await _client(llm_settings).structured(_request(), Verdict)


async def test_cache_hit_makes_no_second_call(
    openai_stub: RunningOpenAIStub, llm_settings: Settings
) -> None:
    openai_stub.push(StubReply.json({"label": "a", "score": 1}))
    cache = response_cache(llm_settings)
    assert isinstance(cache, SqliteCache)
    first = _client(llm_settings, cache=cache)
    assert await first.structured(_request(), Verdict) == Verdict(label="a", score=1)
    second = _client(llm_settings, cache=response_cache(llm_settings))
    assert await second.structured(_request(), Verdict) == Verdict(label="a", score=1)
    assert len(openai_stub.requests) == 1
    (hit,) = second.ledger.records
    assert hit.cache_hit
    assert hit.prompt_tokens == hit.completion_tokens == 0
    assert hit.cost_usd == 0


async def test_cache_key_changes_with_prompt_version_and_input(
    openai_stub: RunningOpenAIStub, llm_settings: Settings
) -> None:
    openai_stub.responder = lambda body: StubReply.json(
        {"label": "x", "score": len(openai_stub.requests)}
    )
    client = _client(llm_settings, cache=response_cache(llm_settings))
    await client.structured(_request("hello", "1"), Verdict)
    await client.structured(_request("hello", "2"), Verdict)
    await client.structured(_request("other", "2"), Verdict)
    await client.structured(_request("hello", "1"), Verdict)
    assert len(openai_stub.requests) == 3
    assert [r.cache_hit for r in client.ledger.records] == [False, False, False, True]


@pytest.mark.redis
async def test_redis_cache_is_shared_between_clients(
    openai_stub: RunningOpenAIStub, llm_settings: Settings, redis_url: str
) -> None:
    settings = llm_settings.model_copy(update={"redis_url": redis_url})
    assert isinstance(response_cache(settings), RedisCache)
    openai_stub.push(StubReply.text(f"once {uuid.uuid4()}"))
    request = _request(f"redis {uuid.uuid4()}")
    first = await _client(settings, cache=response_cache(settings)).text(request)
    second = await _client(settings, cache=response_cache(settings)).text(request)
    assert first == second
    assert len(openai_stub.requests) == 1


def test_cache_can_be_switched_off(llm_settings: Settings) -> None:
    assert response_cache(llm_settings.model_copy(update={"llm_cache": False})) is None


async def test_usage_is_written_to_llm_usage_with_the_application(
    openai_stub: RunningOpenAIStub, llm_settings: Settings, session: Session
) -> None:
    candidate = load_candidate(sample_candidate_path())
    user, _, _, _ = store_master(
        session, candidate, source_format="json-resume", source_filename=None
    )
    unique = uuid.uuid4().hex
    job = Job(platform="greenhouse", external_id=unique, title="Engineer", company=f"Acme {unique}")
    (stored,) = store_jobs(session, [job])
    application = applications.get_or_create(session, user.id, stored.job_id)
    session.commit()
    factory = session_factory(session.get_bind())  # type: ignore[arg-type]
    client = _client(
        llm_settings,
        ledger=UsageLedger(sink=database_sink(factory)),
        context=UsageContext(user_id=user.id, application_id=application.id),
    )
    openai_stub.push(StubReply.text("one"), StubReply.text("two"))
    await client.text(_request("a"))
    await client.text(_request("b"))
    rows = session.scalars(select(LlmUsage).where(LlmUsage.application_id == application.id)).all()
    assert len(rows) == 2
    assert {r.prompt_name for r in rows} == {"probe"}
    assert sum(r.prompt_tokens for r in rows) == sum(
        (r.usage or {})["prompt_tokens"] for r in openai_stub.requests
    )
    assert all(r.provider == "openai" and r.model == "gpt-4o-mini" for r in rows)


def test_offline_is_no_client_and_openai_needs_a_key(tmp_path: Path) -> None:
    assert make_llm(Settings(data_dir=tmp_path)) is None
    assert make_llm(Settings(data_dir=tmp_path, llm_provider="offline")) is None
    with pytest.raises(ConfigError, match="AJOB_LLM_API_KEY"):
        make_llm(Settings(data_dir=tmp_path, llm_provider="openai"))


def test_unknown_models_cost_nothing_rather_than_a_guess() -> None:
    assert estimate_cost({}, "llama3", 1000, 1000, 0) == 0.0
    prices = {"m": {"input": 1.0, "cached_input": 0.5, "output": 2.0}}
    assert estimate_cost(prices, "m", 1_000_000, 1_000_000, 500_000) == pytest.approx(
        0.5 + 0.25 + 2.0
    )


def test_every_prompt_file_declares_name_and_version() -> None:
    for name in ("candidate_context", "tailor_resume", "cover_letter", "screening_answer"):
        prompt = load_prompt(name)
        assert prompt.name == name
        assert prompt.version
        assert len(prompt.sha256) == 64
    with pytest.raises(ConfigError, match="front matter"):
        parse_prompt("no front matter", source="x.md")
    with pytest.raises(ConfigError, match="name and a version"):
        parse_prompt("---\nname: x\n---\nbody", source="x.md")
