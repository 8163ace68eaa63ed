"""Wake-ups for live event streams, through Redis pub/sub when AJOB_REDIS_URL is set.

The events table is the record; these messages only say "user U has new events". After a
commit that wrote events, each affected user's channel gets one message, so an open stream
(the API's ``/api/events``, on any machine) reads the new rows at once instead of at its next
poll. A lost message (Redis down, a stream reconnecting) only delays a stream to that poll.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Protocol

import redis
import redis.asyncio as aioredis
import structlog

log = structlog.get_logger(__name__)

PREFIX = "ajob:events:"


def channel(user_id: str) -> str:
    return f"{PREFIX}{user_id}"


@functools.lru_cache(maxsize=4)
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)


def notify(redis_url: str | None, user_ids: Iterable[str]) -> None:
    """Tell each user's streams that new events are committed; never fails the caller."""
    if not redis_url:
        return
    users = sorted(set(user_ids))
    if not users:
        return
    try:
        pipe = _client(redis_url).pipeline(transaction=False)
        for user_id in users:
            pipe.publish(channel(user_id), "new")
        pipe.execute()
    except redis.RedisError as exc:
        log.warning("events.notify_failed", error=str(exc).splitlines()[0], users=len(users))


class Waiter(Protocol):
    async def __call__(self, seconds: float) -> bool: ...


@asynccontextmanager
async def listening(redis_url: str | None, user_id: str) -> AsyncIterator[Waiter]:
    """A ``wait(seconds)`` that returns True as soon as the user has new events, or False when
    the time passes first; without Redis (or with Redis down) it simply sleeps."""
    import anyio

    async def sleep(seconds: float) -> bool:
        await anyio.sleep(seconds)
        return False

    if not redis_url:
        yield sleep
        return
    client = aioredis.Redis.from_url(redis_url, socket_connect_timeout=1)
    pubsub = client.pubsub(ignore_subscribe_messages=True)
    try:
        await pubsub.subscribe(channel(user_id))
    except redis.RedisError as exc:
        log.warning("events.listen_failed", error=str(exc).splitlines()[0])
        await client.aclose()
        yield sleep
        return

    async def wait(seconds: float) -> bool:
        try:
            message = await pubsub.get_message(timeout=seconds)
        except redis.RedisError:
            await anyio.sleep(seconds)
            return False
        return message is not None

    try:
        yield wait
    finally:
        await pubsub.aclose()  # type: ignore[no-untyped-call]
        await client.aclose()
