"""How many tasks wait in each queue, for /metrics and for people deciding to add workers.

A Redis queue is a list named after the queue, under ``AJOB_WORKER_KEY_PREFIX``; tasks a
worker has taken (running, or waiting for a retry) are not in it.
"""

from __future__ import annotations

import redis

from core.config import Settings
from workers.registry import QUEUES


def queue_key(settings: Settings, queue: str) -> str:
    """The Redis list that holds ``queue``'s waiting tasks."""
    return f"{settings.worker_key_prefix}{queue}"


def queue_depths(settings: Settings) -> dict[str, int]:
    """Waiting tasks per queue; empty without Redis (the embedded default has no queues)."""
    if not settings.redis_url:
        return {}
    client = redis.Redis.from_url(settings.redis_url, socket_timeout=2, socket_connect_timeout=2)
    try:
        with client.pipeline(transaction=False) as pipe:
            for queue in QUEUES:
                pipe.llen(queue_key(settings, queue))
            lengths = pipe.execute()
    finally:
        client.close()
    return {queue: int(length) for queue, length in zip(QUEUES, lengths, strict=True)}
