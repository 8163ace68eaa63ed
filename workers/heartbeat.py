"""Keep a live worker's tasks from being handed to another worker: a heartbeat in Redis.

Redis has no acknowledgements; kombu emulates them with a sorted set (``unacked_index``) of
every delivered, unacknowledged message, scored by the time of delivery. Any worker's
periodic sweep puts back on its queue each message older than the visibility timeout. That
is how a killed worker's task comes back, but the sweep cannot tell a dead worker from a
slow task: with a timeout short enough to recover in seconds, every task running longer
would run twice.

So each worker refreshes the score of the messages it holds (running, waiting for a pool
slot, or waiting for a retry's countdown) every quarter of the visibility timeout. A live
worker's messages never age; a dead worker's stop being refreshed and come back one
visibility timeout after its last heartbeat. The heartbeat runs on the worker's event loop
in the main process, which no task blocks (tasks run in the prefork children).
"""

from __future__ import annotations

import time
from typing import Any, ClassVar, cast

import redis
from celery import bootsteps
from celery.worker import state

from core.logging import get_logger

log = get_logger(__name__)

UNACKED_INDEX = "unacked_index"
"""kombu's sorted set of delivered, unacknowledged messages (``Channel.unacked_index_key``)."""


def held_delivery_tags() -> list[str]:
    """Delivery tags of every message this worker holds: reserved, scheduled or running."""
    tags: list[str] = []
    for request in list(state.requests.values()):
        message = getattr(request, "message", None)
        tag = getattr(message, "delivery_tag", None)
        if tag:
            tags.append(str(tag))
    return tags


def refresh(client: redis.Redis, key: str, tags: list[str], now: float) -> int:
    """Move ``tags``' delivery time to ``now``; only tags still unacknowledged (``XX``)."""
    if not tags:
        return 0
    return cast(int, client.zadd(key, dict.fromkeys(tags, now), xx=True, ch=True))


class Heartbeat(bootsteps.StartStopStep):  # type: ignore[misc]
    """The worker bootstep that refreshes this worker's messages every ``interval`` seconds."""

    requires: ClassVar[frozenset[str]] = frozenset({"celery.worker.components:Timer"})

    def __init__(self, worker: Any, **kwargs: Any) -> None:
        super().__init__(worker, **kwargs)
        conf = worker.app.conf
        options = conf.broker_transport_options or {}
        url = conf.broker_url or ""
        self.enabled = url.startswith(("redis://", "rediss://", "unix://"))
        self.interval = max(0.5, float(options.get("visibility_timeout", 3600)) / 4)
        self.key = f"{options.get('global_keyprefix', '')}{UNACKED_INDEX}"
        self.url = url
        self.client: redis.Redis | None = None
        self.tref: Any = None

    def start(self, worker: Any) -> None:
        if not self.enabled:
            return
        self.client = redis.Redis.from_url(self.url, socket_timeout=5, socket_connect_timeout=5)
        self.tref = worker.timer.call_repeatedly(self.interval, self.beat, priority=10)

    def beat(self) -> None:
        if self.client is None:
            return
        try:
            refresh(self.client, self.key, held_delivery_tags(), time.time())
        except redis.RedisError as exc:
            log.warning("worker heartbeat failed", error=str(exc).splitlines()[0])

    def stop(self, worker: Any) -> None:
        if self.tref is not None:
            self.tref.cancel()
            self.tref = None
        if self.client is not None:
            self.client.close()
            self.client = None
