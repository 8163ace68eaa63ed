"""The ``openai`` provider: langchain-openai's ChatOpenAI, with retries, a cache and accounting.

Any OpenAI-compatible server works (OpenAI, gateways, vLLM, Ollama, llama.cpp): the base
URL, model and key are settings. The SDK's own retries are switched off so that one
policy applies everywhere: 429, 5xx and network errors are retried with backoff that
honours Retry-After, up to ``llm_max_attempts``; a rate limit slows work down instead of
failing it. Everything else (a bad key, an unknown model) fails at once with one line.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
import openai
import structlog
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_openai import ChatOpenAI
from pydantic import BaseModel, SecretStr, ValidationError
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from core.config import Settings
from core.errors import AjobError, ConfigError
from core.retry_after import parse_retry_after
from llm.cache import ResponseCache, cache_key
from llm.prompts import Prompt
from llm.usage import UsageContext, UsageLedger, UsageRecord, estimate_cost

log = structlog.get_logger(__name__)

T = TypeVar("T", bound=BaseModel)

PROVIDER = "openai"


class LlmError(AjobError):
    """The model could not be used: unreachable after retries, refused the key, bad reply."""


class LlmOutputError(LlmError):
    """The model answered, but not in the shape asked for; callers retry or fall back."""


@dataclass(frozen=True)
class LlmRequest:
    """One call: a stable system prefix (cacheable), then the task text with the job last.

    ``prompts`` are the files the messages were rendered from: the first one names the
    call in ``llm_usage`` and all of them key the cache.
    """

    prompts: tuple[Prompt, ...]
    system: str
    user: str

    @property
    def name(self) -> str:
        return self.prompts[-1].name

    @property
    def version(self) -> str:
        return self.prompts[-1].version

    def messages(self, feedback: Sequence[str] = ()) -> list[BaseMessage]:
        messages: list[BaseMessage] = [SystemMessage(self.system), HumanMessage(self.user)]
        messages.extend(HumanMessage(text) for text in feedback)
        return messages


@dataclass(frozen=True)
class _Reply:
    content: str
    prompt_tokens: int
    completion_tokens: int
    cached_tokens: int


def response_format(schema: type[BaseModel]) -> dict[str, Any]:
    """OpenAI's JSON-schema structured output, parsed here rather than by the SDK.

    Parsing ourselves keeps the raw reply (for the cache) and turns a malformed one into
    an ``LlmOutputError`` the caller can retry, instead of an exception from deep inside.
    """
    return {
        "type": "json_schema",
        "json_schema": {"name": schema.__name__, "schema": schema.model_json_schema()},
    }


def _retryable(exc: BaseException) -> bool:
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code == 429 or exc.status_code >= 500
    return isinstance(exc, openai.APIConnectionError)  # includes APITimeoutError


def _retry_after(exc: BaseException | None) -> float | None:
    if not isinstance(exc, openai.APIStatusError):
        return None
    return parse_retry_after(exc.response.headers.get("retry-after"))


def require_api_key(settings: Settings) -> SecretStr:
    if not settings.llm_api_key:
        raise ConfigError(
            "the openai provider needs an API key: set AJOB_LLM_API_KEY "
            "(any non-empty value for a local server), or use --llm offline"
        )
    return settings.llm_api_key


def chat_openai(
    settings: Settings,
    *,
    max_retries: int,
    http_async_client: httpx.AsyncClient | None = None,
    callbacks: Sequence[BaseCallbackHandler] = (),
    stream_usage: bool | None = None,
) -> ChatOpenAI:
    """The one place a ChatOpenAI is built from the settings (base URL, key, model, timeout)."""
    return ChatOpenAI(
        model=settings.llm_model,
        base_url=settings.llm_base_url,
        api_key=require_api_key(settings),
        timeout=settings.llm_timeout_s,
        max_retries=max_retries,
        temperature=settings.llm_temperature,
        http_async_client=http_async_client,
        callbacks=list(callbacks) or None,
        stream_usage=stream_usage,
    )


class ChatClient:
    """Calls one model; every call is cached, retried and recorded in the ledger."""

    provider = PROVIDER

    def __init__(
        self,
        settings: Settings,
        *,
        ledger: UsageLedger | None = None,
        cache: ResponseCache | None = None,
        context: UsageContext | None = None,
    ) -> None:
        require_api_key(settings)
        self.settings = settings
        self.model_name = settings.llm_model
        self.ledger = ledger if ledger is not None else UsageLedger()
        self.cache = cache
        self.context = context or UsageContext()
        self._models: dict[int, ChatOpenAI] = {}

    def _model_for_loop(self) -> ChatOpenAI:
        """One ChatOpenAI per event loop, each with its own HTTP client.

        langchain-openai otherwise shares one process-wide async client, which breaks as
        soon as a second ``asyncio.run`` (a CLI step, a Celery task) uses a new loop.
        """
        loop = id(asyncio.get_running_loop())
        model = self._models.get(loop)
        if model is None:
            model = chat_openai(
                self.settings,
                max_retries=0,
                http_async_client=httpx.AsyncClient(timeout=self.settings.llm_timeout_s),
            )
            self._models[loop] = model
        return model

    async def structured(
        self, request: LlmRequest, schema: type[T], *, feedback: Sequence[str] = ()
    ) -> T:
        """The reply parsed into ``schema`` (JSON-schema structured output)."""
        content = await self._call(request, feedback, schema)
        try:
            return schema.model_validate_json(content)
        except ValidationError as exc:
            raise LlmOutputError(
                f"{request.name}: the model's reply does not match {schema.__name__}: "
                f"{exc.errors()[0]['msg']}"
            ) from None

    async def text(self, request: LlmRequest, *, feedback: Sequence[str] = ()) -> str:
        return await self._call(request, feedback, None)

    async def _call(
        self, request: LlmRequest, feedback: Sequence[str], schema: type[BaseModel] | None
    ) -> str:
        messages = request.messages(feedback)
        key = cache_key(
            {
                "model": self.model_name,
                "temperature": self.settings.llm_temperature,
                "prompts": [[p.name, p.version, p.sha256] for p in request.prompts],
                "messages": [[m.type, m.content] for m in messages],
                "schema": schema.model_json_schema() if schema is not None else None,
            }
        )
        started = time.perf_counter()
        cached = self.cache.get(key) if self.cache is not None else None
        if cached is not None:
            self._record(request, _Reply(str(cached["content"]), 0, 0, 0), started, hit=True)
            return str(cached["content"])
        reply = await self._with_retries(request, messages, schema)
        self._record(request, reply, started, hit=False)
        if self.cache is not None:
            self.cache.set(key, {"content": reply.content})
        return reply.content

    async def _with_retries(
        self, request: LlmRequest, messages: list[BaseMessage], schema: type[BaseModel] | None
    ) -> _Reply:
        backoff = wait_exponential_jitter(initial=1, max=self.settings.llm_backoff_max_s)

        def wait(state: RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome else None
            after = _retry_after(exc)
            if after is not None:
                return min(after, self.settings.llm_backoff_max_s)
            return float(backoff(state))

        def before_sleep(state: RetryCallState) -> None:
            exc = state.outcome.exception() if state.outcome else None
            log.warning(
                "llm.retry",
                prompt=request.name,
                attempt=state.attempt_number,
                error=type(exc).__name__,
                wait_s=round(state.next_action.sleep, 2) if state.next_action else None,
            )

        try:
            async for attempt in AsyncRetrying(
                retry=retry_if_exception(_retryable),
                wait=wait,
                stop=stop_after_attempt(self.settings.llm_max_attempts),
                before_sleep=before_sleep,
                reraise=True,
            ):
                with attempt:
                    return await self._invoke(messages, schema)
        except openai.APIStatusError as exc:
            raise LlmError(self._status_message(exc)) from None
        except openai.APIConnectionError as exc:
            raise LlmError(
                f"cannot reach the model server at {self._where()} after "
                f"{self.settings.llm_max_attempts} attempts ({type(exc).__name__}); "
                "check AJOB_LLM_BASE_URL"
            ) from None
        raise AssertionError("unreachable: tenacity either returns or raises")

    async def _invoke(self, messages: list[BaseMessage], schema: type[BaseModel] | None) -> _Reply:
        model = self._model_for_loop()
        if schema is None:
            message = await model.ainvoke(messages)
        else:
            message = await model.ainvoke(messages, response_format=response_format(schema))
        assert isinstance(message, AIMessage)
        usage = message.usage_metadata
        details = (usage.get("input_token_details") if usage else None) or {}
        content = message.content if isinstance(message.content, str) else message.text
        return _Reply(
            content=content,
            prompt_tokens=usage["input_tokens"] if usage else 0,
            completion_tokens=usage["output_tokens"] if usage else 0,
            cached_tokens=int(details.get("cache_read", 0) or 0),
        )

    def _record(self, request: LlmRequest, reply: _Reply, started: float, *, hit: bool) -> None:
        self.ledger.add(
            UsageRecord(
                provider=PROVIDER,
                model=self.model_name,
                prompt_name=request.name,
                prompt_version=request.version,
                prompt_tokens=reply.prompt_tokens,
                completion_tokens=reply.completion_tokens,
                cached_tokens=reply.cached_tokens,
                cost_usd=estimate_cost(
                    self.settings.llm_prices,
                    self.model_name,
                    reply.prompt_tokens,
                    reply.completion_tokens,
                    reply.cached_tokens,
                ),
                latency_ms=int((time.perf_counter() - started) * 1000),
                cache_hit=hit,
                context=self.context,
            )
        )

    def _where(self) -> str:
        return self.settings.llm_base_url or "api.openai.com"

    def _status_message(self, exc: openai.APIStatusError) -> str:
        status = exc.status_code
        if status in (401, 403):
            return (
                f"the model server at {self._where()} refused the API key ({status}); "
                "check AJOB_LLM_API_KEY"
            )
        if status == 404:
            return (
                f"model {self.model_name!r} not found at {self._where()} (404); "
                "check AJOB_LLM_MODEL"
            )
        if status == 429 or status >= 500:
            return (
                f"the model server at {self._where()} still answered {status} after "
                f"{self.settings.llm_max_attempts} attempts; try again later"
            )
        return f"the model server at {self._where()} rejected the request ({status}): {exc.message}"
