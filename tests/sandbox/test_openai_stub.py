"""The OpenAI stub, driven over real HTTP by the real langchain-openai and openai clients."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from langchain_openai import ChatOpenAI
from pydantic import BaseModel

from sandbox.openai_stub import (
    CACHE_BLOCK,
    CACHE_MINIMUM,
    RunningOpenAIStub,
    StubReply,
    ToolCall,
    count_tokens,
    prompt_tokens,
    serve_openai_stub,
    tokenize,
)

MODEL = "gpt-4o-mini"


@pytest.fixture(scope="module")
def served() -> Iterator[RunningOpenAIStub]:
    with serve_openai_stub(models=(MODEL, "gpt-4o")) as stub:
        yield stub


@pytest.fixture
def stub(served: RunningOpenAIStub, monkeypatch: pytest.MonkeyPatch) -> RunningOpenAIStub:
    monkeypatch.setenv("LANGSMITH_TRACING", "false")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    served.reset()
    return served


def chat(stub: RunningOpenAIStub, **options: Any) -> ChatOpenAI:
    settings: dict[str, Any] = {"model": MODEL, "max_retries": 0, **options}
    return ChatOpenAI(base_url=stub.base_url, api_key="test", **settings)


class Verdict(BaseModel):
    fit: int
    reasons: list[str]


class SearchJobs(BaseModel):
    """Search the job boards."""

    query: str
    remote: bool


def test_invoke_returns_the_scripted_text_and_the_usage_it_reported(
    stub: RunningOpenAIStub,
) -> None:
    stub.push(StubReply.text("You are a strong match for this role."))
    answer = chat(stub).invoke([SystemMessage("You rank jobs."), HumanMessage("Rank job 7.")])
    assert isinstance(answer, AIMessage)
    assert answer.content == "You are a strong match for this role."
    assert answer.response_metadata["finish_reason"] == "stop"
    assert answer.response_metadata["model_name"] == MODEL
    [request] = stub.requests
    assert request.status == 200
    assert request.headers["authorization"] == "Bearer test"
    assert request.model == MODEL
    assert request.messages == [
        {"role": "system", "content": "You rank jobs."},
        {"role": "user", "content": "Rank job 7."},
    ]
    assert request.body is not None
    prompt = len(prompt_tokens(request.body))
    completion = count_tokens("You are a strong match for this role.")
    assert request.usage is not None
    assert request.usage["prompt_tokens"] == prompt
    assert request.usage["completion_tokens"] == completion
    usage = answer.usage_metadata
    assert usage is not None
    assert usage["input_tokens"] == prompt
    assert usage["output_tokens"] == completion
    assert usage["total_tokens"] == prompt + completion
    assert usage.get("input_token_details", {}).get("cache_read") == 0
    assert usage.get("output_token_details", {}).get("reasoning") == 0


def test_structured_output_parses_a_scripted_json_reply(stub: RunningOpenAIStub) -> None:
    stub.push(StubReply.json({"fit": 82, "reasons": ["Python", "remote"]}))
    structured = chat(stub).with_structured_output(Verdict, method="json_schema", include_raw=True)
    result = structured.invoke("How well does job 7 fit?")
    assert isinstance(result, dict)
    assert result["parsing_error"] is None
    assert result["parsed"] == Verdict(fit=82, reasons=["Python", "remote"])
    [request] = stub.requests
    assert request.body is not None
    response_format = request.body["response_format"]
    assert response_format["type"] == "json_schema"
    assert response_format["json_schema"]["name"] == "Verdict"
    assert set(response_format["json_schema"]["schema"]["properties"]) == {"fit", "reasons"}
    without_schema = {k: v for k, v in request.body.items() if k != "response_format"}
    assert request.usage is not None
    assert request.usage["prompt_tokens"] > len(prompt_tokens(without_schema))


def test_tool_calls_are_parsed_and_the_tool_result_goes_back(stub: RunningOpenAIStub) -> None:
    stub.push(
        StubReply.tools(ToolCall("SearchJobs", {"query": "python", "remote": True}, id="call_1")),
        StubReply.text("Found 3 jobs."),
    )
    model = chat(stub).bind_tools([SearchJobs])
    question = HumanMessage("Find remote Python jobs.")
    call = model.invoke([question])
    assert isinstance(call, AIMessage)
    assert call.response_metadata["finish_reason"] == "tool_calls"
    assert call.tool_calls == [
        {
            "name": "SearchJobs",
            "args": {"query": "python", "remote": True},
            "id": "call_1",
            "type": "tool_call",
        }
    ]
    result = ToolMessage("3 jobs", tool_call_id="call_1")
    assert model.invoke([question, call, result]).content == "Found 3 jobs."
    first, second = stub.requests
    assert first.body is not None
    assert first.body["tools"][0]["function"]["name"] == "SearchJobs"
    assert [m["role"] for m in second.messages] == ["user", "assistant", "tool"]
    assert second.messages[1]["tool_calls"][0]["function"]["name"] == "SearchJobs"
    assert second.messages[2] == {"role": "tool", "content": "3 jobs", "tool_call_id": "call_1"}


def test_streaming_sends_the_text_in_chunks_and_the_usage_last(stub: RunningOpenAIStub) -> None:
    text = "Forty-two remote roles match, most of them in Berlin."
    stub.push(StubReply.text(text))
    chunks = list(chat(stub, stream_usage=True).stream("How many roles match?"))
    pieces = [chunk.content for chunk in chunks if chunk.content]
    assert len(pieces) == len(tokenize(text)) > 5
    assert "".join(str(piece) for piece in pieces) == text
    with_usage = [i for i, chunk in enumerate(chunks) if chunk.usage_metadata]
    with_text = [i for i, chunk in enumerate(chunks) if chunk.content]
    assert len(with_usage) == 1
    assert with_usage[0] > with_text[-1]
    whole = sum(chunks[1:], chunks[0])
    assert isinstance(whole, AIMessageChunk)
    assert whole.usage_metadata is not None
    assert whole.usage_metadata["output_tokens"] == count_tokens(text)
    [request] = stub.requests
    assert request.body is not None
    assert request.body["stream"] is True
    assert request.body["stream_options"] == {"include_usage": True}
    assert request.usage is not None
    assert whole.usage_metadata["input_tokens"] == request.usage["prompt_tokens"]


def test_streaming_a_tool_call(stub: RunningOpenAIStub) -> None:
    stub.push(StubReply.tools(ToolCall("SearchJobs", {"query": "data engineer", "remote": False})))
    chunks = list(chat(stub).bind_tools([SearchJobs]).stream("Find data engineer jobs."))
    whole = sum(chunks[1:], chunks[0])
    assert isinstance(whole, AIMessageChunk)
    [call] = whole.tool_calls
    assert call["name"] == "SearchJobs"
    assert call["args"] == {"query": "data engineer", "remote": False}
    assert str(call["id"]).startswith("call_stub")
    assert whole.usage_metadata is None


def test_raw_stream_is_openai_server_sent_events(stub: RunningOpenAIStub) -> None:
    stub.push(StubReply.text("Yes."))
    body = {
        "model": MODEL,
        "messages": [{"role": "user", "content": "Remote?"}],
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    with httpx.Client(trust_env=False) as http:
        response = http.post(
            f"{stub.base_url}/chat/completions", json=body, headers={"Authorization": "Bearer k"}
        )
    assert response.headers["content-type"].startswith("text/event-stream")
    events = [line for line in response.text.split("\n\n") if line]
    assert all(event.startswith("data: ") for event in events)
    assert events[-1] == "data: [DONE]"
    usage_chunk = httpx.Response(200, content=events[-2].removeprefix("data: ")).json()
    assert usage_chunk["choices"] == []
    assert usage_chunk["object"] == "chat.completion.chunk"
    assert usage_chunk["usage"]["completion_tokens"] == count_tokens("Yes.")
    finish = httpx.Response(200, content=events[-3].removeprefix("data: ")).json()
    assert finish["choices"][0]["finish_reason"] == "stop"
    assert finish["usage"] is None


def test_a_429_with_retry_after_is_retried_by_the_sdk(stub: RunningOpenAIStub) -> None:
    stub.push(StubReply.http_error(429, retry_after=0.05), StubReply.text("ok"))
    started = time.monotonic()
    assert chat(stub, max_retries=1).invoke("Hi").content == "ok"
    assert time.monotonic() - started < 5
    assert [r.status for r in stub.requests] == [429, 200]

    stub.push(StubReply.http_error(429, "Slow down.", retry_after=2))
    with pytest.raises(openai.RateLimitError) as raised:
        chat(stub).invoke("Hi")
    assert raised.value.response.headers["retry-after"] == "2"
    assert raised.value.response.headers["retry-after-ms"] == "2000"
    assert raised.value.body == {
        "message": "Slow down.",
        "type": "requests",
        "param": None,
        "code": "rate_limit_exceeded",
    }


def test_server_errors_take_the_openai_shape(stub: RunningOpenAIStub) -> None:
    stub.push(StubReply.http_error(503), StubReply.http_error(500, code="boom"))
    with pytest.raises(openai.InternalServerError) as overloaded:
        chat(stub).invoke("Hi")
    assert overloaded.value.status_code == 503
    assert "overloaded" in overloaded.value.message
    with pytest.raises(openai.InternalServerError) as failed:
        chat(stub).invoke("Hi")
    assert isinstance(failed.value.body, dict)
    assert failed.value.body["type"] == "server_error"
    assert failed.value.body["code"] == "boom"


def test_cache_hits_need_a_shared_prefix_of_1024_tokens(stub: RunningOpenAIStub) -> None:
    stub.responder = lambda body: StubReply.text("ok")
    stable = " ".join(f"Rule {n}: rank remote Python roles above on-site ones." for n in range(150))
    assert count_tokens(stable) > CACHE_MINIMUM + CACHE_BLOCK
    model = chat(stub)
    first = model.invoke([SystemMessage(stable), HumanMessage("Job 1: Backend engineer")])
    second = model.invoke([SystemMessage(stable), HumanMessage("Job 2: Data engineer")])
    variable_first = model.invoke([SystemMessage("Job 3: Data engineer\n" + stable)])
    assert first.usage_metadata is not None
    assert second.usage_metadata is not None
    assert variable_first.usage_metadata is not None
    bodies = [r.body for r in stub.requests]
    assert all(body is not None for body in bodies)
    one, two, _ = (prompt_tokens(body) for body in bodies if body is not None)
    shared = next(i for i, (a, b) in enumerate(zip(one, two, strict=False)) if a != b)
    expected = shared // CACHE_BLOCK * CACHE_BLOCK
    assert expected >= CACHE_MINIMUM
    assert first.usage_metadata.get("input_token_details", {}).get("cache_read") == 0
    cached = second.usage_metadata.get("input_token_details", {}).get("cache_read")
    assert cached == expected
    assert variable_first.usage_metadata.get("input_token_details", {}).get("cache_read") == 0
    assert stub.requests[1].usage is not None
    assert stub.requests[1].usage["prompt_tokens_details"]["cached_tokens"] == expected


def test_the_cache_is_per_model_and_short_prefixes_never_hit(stub: RunningOpenAIStub) -> None:
    stub.responder = lambda body: StubReply.text("ok")
    stable = "Rank jobs for the candidate. " * 300
    for model in (MODEL, "gpt-4o", MODEL):
        chat(stub, model=model).invoke([SystemMessage(stable), HumanMessage("Job 9")])
    short = "Rank jobs. " * 50
    for _ in range(2):
        chat(stub).invoke([SystemMessage(short), HumanMessage("Job 9")])
    cached = [r.usage["prompt_tokens_details"]["cached_tokens"] for r in stub.requests if r.usage]
    assert cached[:2] == [0, 0]
    assert cached[2] > 0
    assert cached[3:] == [0, 0]


def test_responder_answers_when_the_queue_is_empty(stub: RunningOpenAIStub) -> None:
    seen: list[dict[str, Any]] = []

    def respond(body: dict[str, Any]) -> StubReply:
        seen.append(body)
        return StubReply.text(f"echo: {body['messages'][-1]['content']}")

    stub.responder = respond
    stub.push(StubReply.text("queued first"))
    model = chat(stub)
    assert model.invoke("a").content == "queued first"
    assert model.invoke("b").content == "echo: b"
    assert [body["messages"][-1]["content"] for body in seen] == ["b"]
    assert stub.pending == 0


def test_a_responder_that_raises_is_reported(stub: RunningOpenAIStub) -> None:
    def respond(body: dict[str, Any]) -> StubReply:
        raise KeyError("job_id")

    stub.responder = respond
    with pytest.raises(openai.InternalServerError, match="responder raised KeyError"):
        chat(stub, max_retries=2).invoke("Hi")
    assert len(stub.requests) == 1


def test_no_scripted_reply_fails_loudly_and_is_not_retried(stub: RunningOpenAIStub) -> None:
    with pytest.raises(openai.InternalServerError, match="no reply scripted"):
        chat(stub, max_retries=2).invoke("Hi")
    assert [r.status for r in stub.requests] == [500]


def test_requests_without_a_key_get_401(stub: RunningOpenAIStub) -> None:
    body = {"model": MODEL, "messages": [{"role": "user", "content": "Hi"}]}
    stub.push(StubReply.text("never sent"))
    with httpx.Client(trust_env=False) as http:
        missing = http.post(f"{stub.base_url}/chat/completions", json=body)
        empty = http.post(
            f"{stub.base_url}/chat/completions", json=body, headers={"Authorization": "Bearer"}
        )
        models = http.get(f"{stub.base_url}/models")
    for response in (missing, empty, models):
        assert response.status_code == 401
        assert response.json()["error"]["type"] == "invalid_request_error"
        assert "API key" in response.json()["error"]["message"]
    assert [r.status for r in stub.requests] == [401, 401, 401]
    assert stub.pending == 1


def test_models_are_listed_and_unknown_ones_refused(stub: RunningOpenAIStub) -> None:
    client = openai.OpenAI(base_url=stub.base_url, api_key="test", max_retries=0)
    assert [m.id for m in client.models.list()] == [MODEL, "gpt-4o"]
    with pytest.raises(openai.NotFoundError, match="does not exist"):
        chat(stub, model="gpt-9").invoke("Hi")
    assert [(r.path, r.status) for r in stub.requests] == [
        ("/v1/models", 200),
        ("/v1/chat/completions", 404),
    ]


def test_a_delayed_reply_trips_the_client_timeout(stub: RunningOpenAIStub) -> None:
    stub.push(StubReply.text("too late", delay_s=1.0), StubReply.text("in time"))
    started = time.monotonic()
    with pytest.raises(openai.APITimeoutError):
        chat(stub, timeout=0.2).invoke("Hi")
    assert time.monotonic() - started < 0.9
    assert chat(stub, timeout=5).invoke("Hi").content == "in time"


def test_reset_forgets_replies_responder_requests_and_cache(stub: RunningOpenAIStub) -> None:
    stub.responder = lambda body: StubReply.text("ok")
    stable = "Rank jobs for the candidate. " * 300
    chat(stub).invoke(stable)
    stub.push(StubReply.text("left over"))
    stub.reset()
    assert stub.pending == 0
    assert stub.responder is None
    assert stub.requests == []
    stub.push(StubReply.text("ok"))
    answer = chat(stub).invoke(stable)
    assert answer.usage_metadata is not None
    assert answer.usage_metadata.get("input_token_details", {}).get("cache_read") == 0


def test_replies_are_checked_when_made() -> None:
    with pytest.raises(ValueError, match="no content"):
        StubReply(content="x", error=StubReply.http_error(500).error)
    with pytest.raises(ValueError, match="400-599"):
        StubReply.http_error(200)
    with pytest.raises(ValueError, match="at least one"):
        StubReply.tools()
    assert StubReply.tools(ToolCall("f", '{"broken"')).tool_calls[0].arguments_json() == (
        '{"broken"'
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello, world!", ["Hello", ",", " world", "!"]),
        ("2 + 2 = 4", ["2", " +", " ", "2", " =", " ", "4"]),
        ('{"name": "Alice"}', ['{"', "name", '":', ' "', "Alice", '"}']),
        ("HelloWorld 1234567", ["Hello", "World", " ", "123", "456", "7"]),
        ("", []),
    ],
)
def test_tokenize_splits_like_o200k_on_everyday_text(text: str, expected: list[str]) -> None:
    assert tokenize(text) == expected
    assert count_tokens(text) == len(expected)


def test_tokenize_loses_nothing_and_splits_long_words() -> None:
    text = (
        "Senior Backend Engineer (m/w/d) — Zürich, 120.000 CHF/yr.\n\n"
        "  Responsibilities:\n\t- antidisestablishmentarianism; naïve café 東京!!!\r\n"
        '{"id": 7, "tags": ["python", "remote"]}  '
    )
    tokens = tokenize(text)
    assert "".join(tokens) == text
    assert all(tokens)
    assert len(tokenize("antidisestablishmentarianism")) == 4


def test_english_prose_comes_to_about_four_characters_a_token() -> None:
    prose = (
        "We are looking for a backend engineer to design, build and operate the services that "
        "match candidates with jobs. You will work closely with product and data teams, review "
        "code, mentor others and take part in an on-call rotation. Experience with Python, "
        "PostgreSQL and distributed systems is required; Kubernetes is a plus."
    )
    assert 4 < len(prose) / count_tokens(prose) < 5.5
