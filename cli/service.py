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
    concurrency: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="One worker node for all the queues, with this many processes. "
            "Default: one node per queue, sized by AJOB_WORKER_CONCURRENCY_<QUEUE>.",
        ),
    ] = None,
    hostname: Annotated[
        str,
        typer.Option(
            help="The host part of the node names (QUEUE@HOSTNAME); give each worker "
            "process on one machine its own. Default: this machine's name."
        ),
    ] = "%h",
) -> None:
    """Run Celery workers for the given queues (a pool per queue unless --concurrency)."""
    from workers.registry import QUEUES, concurrency_of
    from workers.supervise import node_command, supervise

    settings = get_settings()
    if settings.redis_url is None:
        raise ConfigError(NEEDS_BROKER.format(role="worker"))
    names = list(dict.fromkeys(q.strip() for q in queues.split(",") if q.strip()))
    unknown = [q for q in names if q not in QUEUES]
    if unknown or not names:
        raise ConfigError(
            f"unknown queue {unknown[0] if unknown else queues!r}; "
            f"the queues are {', '.join(QUEUES)}"
        )
    if concurrency is None and len(names) > 1:
        nodes = [(q, concurrency_of(settings, q)) for q in names]
        code = supervise(nodes, hostname)
        raise typer.Exit(code if code >= 0 else 128 - code)
    from workers.app import celery_app

    processes = concurrency or concurrency_of(settings, names[0])
    celery_app.worker_main(node_command(names, processes, hostname, loglevel=settings.log_level))


def beat() -> None:
    """Run the Celery beat scheduler (saved searches, follow-up reminders); run only one."""
    from workers.app import celery_app

    settings = get_settings()
    if settings.redis_url is None:
        raise ConfigError(NEEDS_BROKER.format(role="beat scheduler"))
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    schedule = settings.data_dir / "celerybeat-schedule"
    celery_app.start(["beat", "--loglevel", settings.log_level, "--schedule", str(schedule)])
