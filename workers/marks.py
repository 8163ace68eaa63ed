"""Claim a key once: so a scheduled run fires once however many ticks see it due.

Beat may send a tick twice (a restart, a redelivered tick), and a late tick looks back over
the minutes it missed; each saved search's fire time is claimed here before it is enqueued.
With Redis the claim is ``SET NX`` with an expiry, shared by every worker; on the embedded
default it is this process's memory, which is all there is.
"""

from __future__ import annotations

import threading
import time

import redis

from core.config import Settings

_local: dict[str, float] = {}
_lock = threading.Lock()


def claim_once(settings: Settings, key: str, *, ttl_s: int) -> bool:
    """True for the first caller to claim ``key`` within ``ttl_s`` seconds, False for the rest."""
    full = f"{settings.worker_key_prefix}ajob:once:{key}"
    if settings.redis_url:
        client = redis.Redis.from_url(settings.redis_url, socket_timeout=5)
        try:
            return bool(client.set(full, "1", nx=True, ex=ttl_s))
        finally:
            client.close()
    now = time.monotonic()
    with _lock:
        for stale in [k for k, until in _local.items() if until <= now]:
            del _local[stale]
        if full in _local:
            return False
        _local[full] = now + ttl_s
        return True
