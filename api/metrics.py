"""Prometheus metrics: request latency measured here, business figures read at scrape time.

Latency is a histogram observed by the request middleware, labelled by route template (never
the raw path, whose ids would explode the series). Applications by status, LLM tokens and cost
come from the database when Prometheus scrapes, so every API process reports the same truth
and nothing has to be counted twice; queue depth is read from Redis when it is configured.
Each app gets its own registry, so several apps in one process (tests) do not collide.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, MutableMapping
from typing import Any, cast

import redis
from prometheus_client import CollectorRegistry, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from core.logging import get_logger
from db.models import Application
from db.repositories import llm_spend

log = get_logger(__name__)

LATENCY_BUCKETS = (0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
DEFAULT_QUEUES = ("discovery", "applications", "outreach", "status")


class DatabaseCollector(Collector):
    """Applications by status and LLM usage, one query each per scrape."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def collect(self) -> Iterator[Metric]:
        applications = GaugeMetricFamily(
            "ajob_applications", "Applications by status, all users.", labels=["status"]
        )
        tokens = CounterMetricFamily(
            "ajob_llm_tokens", "Model tokens recorded in llm_usage.", labels=["model", "kind"]
        )
        cost = CounterMetricFamily(
            "ajob_llm_cost_usd", "Estimated model cost recorded in llm_usage.", labels=["model"]
        )
        calls = CounterMetricFamily(
            "ajob_llm_calls", "Model calls recorded in llm_usage.", labels=["model"]
        )
        try:
            with self.sessions() as session:
                by_status = session.execute(
                    select(Application.status, func.count()).group_by(Application.status)
                ).all()
                usage = llm_spend.by_model(session, None)
        except Exception as exc:
            log.warning("metrics: database unavailable", error=str(exc).splitlines()[0])
            return
        for status, count in by_status:
            applications.add_metric([str(status.value)], float(count))
        for model, n, prompt, completion, cached, dollars in usage:
            calls.add_metric([model], float(n))
            tokens.add_metric([model, "prompt"], float(prompt))
            tokens.add_metric([model, "completion"], float(completion))
            tokens.add_metric([model, "cached"], float(cached))
            cost.add_metric([model], float(dollars))
        yield from (applications, tokens, cost, calls)


class QueueCollector(Collector):
    """Tasks waiting in each Celery queue (Redis lists named after the queues)."""

    def __init__(self, redis_url: str, queues: Iterable[str]) -> None:
        self.client = redis.Redis.from_url(redis_url, socket_connect_timeout=1, socket_timeout=1)
        self.queues = tuple(queues)

    def collect(self) -> Iterator[Metric]:
        depth = GaugeMetricFamily(
            "ajob_queue_depth", "Tasks waiting in each queue.", labels=["queue"]
        )
        try:
            for queue in self.queues:
                depth.add_metric([queue], float(cast(int, self.client.llen(queue))))
        except redis.RedisError as exc:
            log.warning("metrics: redis unavailable", error=str(exc).splitlines()[0])
            return
        yield depth


def queue_names() -> tuple[str, ...]:
    try:
        from workers.app import QUEUES
    except Exception:
        return DEFAULT_QUEUES
    return tuple(QUEUES)


class ApiMetrics:
    """The registry one app exposes on /metrics, and the latency histogram it feeds."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.latency = Histogram(
            "ajob_http_request_duration_seconds",
            "Time to answer an HTTP request (to the end of the response for streams).",
            labelnames=["method", "route", "status"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )

    def watch(self, sessions: sessionmaker[Session], redis_url: str | None) -> None:
        self.registry.register(DatabaseCollector(sessions))
        if redis_url:
            self.registry.register(QueueCollector(redis_url, queue_names()))

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self.latency.labels(method, route, str(status)).observe(seconds)


FIXED_PATHS = frozenset({"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"})


def route_label(scope: MutableMapping[str, Any]) -> str:
    """The route's template (``/api/jobs/{job_id}``); "unmatched" for paths no route has."""
    route = scope.get("route")
    path = getattr(route, "path_format", None) or getattr(route, "path", None)
    if path:
        return str(path)
    return str(scope["path"]) if scope.get("path") in FIXED_PATHS else "unmatched"
