"""The Celery application: Redis as broker and result backend, four queues, at-least-once delivery.

Tasks are acknowledged late and redelivered when a worker dies, so every task must be
idempotent (keyed by application id); exactly-once submission is then enforced by the
database claim, not by the queue.

How soon a dead worker's task comes back is the visibility timeout plus one restore sweep:
both are short (``AJOB_WORKER_VISIBILITY_TIMEOUT_S``; the sweep runs every quarter of it and
scans every time, ``unacked_restore_throttle=1``), and the ``Heartbeat`` bootstep keeps live
workers' long tasks from ever reaching that age. A ``task_reject_on_worker_lost`` requeues
at once the task of a pool child that died while its worker lives on.
"""

from __future__ import annotations

from typing import Any

from celery import Celery
from celery.schedules import crontab
from kombu.entity import Exchange, Queue

from core.config import Settings, get_settings
from workers.heartbeat import Heartbeat
from workers.registry import (
    FOLLOW_UPS,
    QUEUES,
    RECOVER_SUBMISSIONS,
    ROUTES,
    SAVED_SEARCHES,
)

__all__ = ["QUEUES", "app_for", "app_settings", "celery_app", "create_celery"]

TICK_EXPIRES_S = 55
"""A tick nobody ran within the minute is dropped: the next one does its work."""

BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    "saved-searches": {"task": SAVED_SEARCHES, "schedule": crontab()},
    "follow-up-reminders": {"task": FOLLOW_UPS, "schedule": crontab()},
    "interrupted-submissions": {"task": RECOVER_SUBMISSIONS, "schedule": crontab()},
}
for _entry in BEAT_SCHEDULE.values():
    _entry["options"] = {"expires": TICK_EXPIRES_S}


def transport_options(settings: Settings) -> dict[str, Any]:
    """kombu's Redis options: fast redelivery of a dead worker's tasks, keys under the prefix."""
    visibility = settings.worker_visibility_timeout_s
    options: dict[str, Any] = {
        "visibility_timeout": visibility,
        "unacked_restore_interval": max(1.0, visibility / 4),
        "unacked_restore_throttle": 1,
    }
    if settings.worker_key_prefix:
        options["global_keyprefix"] = settings.worker_key_prefix
    return options


def create_celery(settings: Settings) -> Celery:
    broker = settings.redis_url or "memory://"
    app = Celery(
        "ajob",
        broker=broker,
        backend=settings.redis_url or "cache+memory://",
        include=["workers.tasks"],
    )
    app.conf.update(
        task_queues=[Queue(name, Exchange(name), routing_key=name) for name in QUEUES],
        task_default_queue="status",
        task_routes=ROUTES,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_track_started=True,
        worker_prefetch_multiplier=1,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        result_expires=86_400,
        broker_connection_retry_on_startup=True,
        broker_transport_options=transport_options(settings),
        result_backend_transport_options=(
            {"global_keyprefix": settings.worker_key_prefix} if settings.worker_key_prefix else {}
        ),
        beat_schedule=BEAT_SCHEDULE,
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
        enable_utc=True,
        timezone="UTC",
    )
    app.steps["worker"].add(Heartbeat)
    return app


_apps: dict[tuple[str | None, str, int], Celery] = {}


def app_for(settings: Settings) -> Celery:
    """The Celery app that talks to ``settings``' broker (the module's own when they agree)."""
    key = _key(settings)
    if key == _key(app_settings):
        return celery_app
    if key not in _apps:
        _apps[key] = create_celery(settings)
    return _apps[key]


def _key(settings: Settings) -> tuple[str | None, str, int]:
    return (settings.redis_url, settings.worker_key_prefix, settings.worker_visibility_timeout_s)


app_settings = get_settings()
celery_app = create_celery(app_settings)
