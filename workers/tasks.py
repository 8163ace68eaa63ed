"""Task definitions. Later issues add discovery, application, outreach and status tasks here."""

from __future__ import annotations

from workers.app import celery_app


@celery_app.task(name="ajob.ping", queue="status")
def ping() -> str:
    """A no-op that proves a worker is consuming; used by health checks and tests."""
    return "pong"
