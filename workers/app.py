"""The Celery application: Redis as broker and result backend, four queues, at-least-once delivery.

Tasks are acknowledged late and redelivered when a worker dies, so every task must
be idempotent (keyed by application id); exactly-once submission is then enforced
by the database claim, not by the queue.
"""

from __future__ import annotations

from celery import Celery
from kombu.entity import Queue

from core.config import Settings, get_settings

QUEUES = ("discovery", "applications", "outreach", "status")


def create_celery(settings: Settings) -> Celery:
    broker = settings.redis_url or "memory://"
    app = Celery(
        "ajob",
        broker=broker,
        backend=settings.redis_url or "cache+memory://",
        include=["workers.tasks"],
    )
    app.conf.update(
        task_queues=[Queue(name) for name in QUEUES],
        task_default_queue="status",
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        result_expires=3600,
        broker_connection_retry_on_startup=True,
        broker_transport_options={
            "visibility_timeout": settings.worker_visibility_timeout_s,
            "unacked_restore_throttle": 0.5,
        },
        worker_hijack_root_logger=False,
        enable_utc=True,
    )
    return app


celery_app = create_celery(get_settings())
