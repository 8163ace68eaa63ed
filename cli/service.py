"""``ajob serve``, ``ajob worker``, ``ajob beat``: the long-running processes of a deployment."""

from __future__ import annotations

from typing import Annotated

import typer

from core.config import get_settings
from core.errors import ConfigError

NEEDS_BROKER = (
    "AJOB_REDIS_URL is not set; a {role} needs Redis as its broker "
    "(on one machine without Redis, tasks run in-process and no {role} is needed)"
)


def serve(
    host: Annotated[
        str | None, typer.Option(help="Interface to bind. Default: AJOB_API_HOST.")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port. Default: AJOB_API_PORT.")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
) -> None:
    """Run the HTTP API (uvicorn)."""
    import uvicorn

    settings = get_settings()
    uvicorn.run(
        "api.main:create_app",
        factory=True,
        host=host or settings.api_host,
        port=port or settings.api_port,
        workers=workers,
        log_config=None,
    )


def worker(
    queues: Annotated[
        str, typer.Option(help="Comma-separated queues to consume.")
    ] = "discovery,applications,outreach,status",
    concurrency: Annotated[int, typer.Option(min=1, help="Worker child processes.")] = 2,
) -> None:
    """Run a Celery worker on the given queues."""
    from workers.app import QUEUES, celery_app

    if get_settings().redis_url is None:
        raise ConfigError(NEEDS_BROKER.format(role="worker"))
    unknown = [q for q in queues.split(",") if q not in QUEUES]
    if unknown:
        raise ConfigError(f"unknown queue {unknown[0]!r}; the queues are {', '.join(QUEUES)}")
    celery_app.worker_main(
        ["worker", "--queues", queues, "--concurrency", str(concurrency), "--loglevel", "INFO"]
    )


def beat() -> None:
    """Run the Celery beat scheduler (saved searches, follow-up reminders)."""
    from workers.app import celery_app

    settings = get_settings()
    if settings.redis_url is None:
        raise ConfigError(NEEDS_BROKER.format(role="beat scheduler"))
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    schedule = settings.data_dir / "celerybeat-schedule"
    celery_app.start(["beat", "--loglevel", "INFO", "--schedule", str(schedule)])
