"""``ajob worker`` for several queues: one Celery worker node per queue, each with its own pool.

Celery sizes a pool per worker process, not per queue, so per-queue concurrency means one
node per queue: a burst of searches can then never take the processes applications need.
This supervisor starts the nodes, forwards SIGTERM and SIGINT to them (a warm shutdown:
running tasks finish), and stops them all as soon as one exits, so the container or service
manager that restarts ``ajob worker`` sees the failure instead of a half-working worker.
On Linux each node also dies with the supervisor (``PR_SET_PDEATHSIG``).
"""

from __future__ import annotations

import ctypes
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from types import FrameType

from core.logging import get_logger

log = get_logger(__name__)

PR_SET_PDEATHSIG = 1


def node_command(
    queues: Sequence[str], concurrency: int, hostname: str, *, loglevel: str
) -> list[str]:
    """The ``celery worker`` arguments of one node (``name@host``) consuming ``queues``."""
    name = "-".join(queues) if len(queues) < 4 else "all"
    return [
        "worker",
        "--queues",
        ",".join(queues),
        "--concurrency",
        str(concurrency),
        "--hostname",
        f"{name}@{hostname}",
        "--pool",
        "prefork",
        "--loglevel",
        loglevel,
        "--without-mingle",
        "--without-gossip",
    ]


def _die_with_parent() -> None:
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except OSError:
        pass


def supervise(nodes: Sequence[tuple[str, int]], hostname: str) -> int:
    """Run ``ajob worker --queues Q --concurrency N`` for each (Q, N); return the exit code."""
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "cli.main",
                "worker",
                "--queues",
                queue,
                "--concurrency",
                str(concurrency),
                "--hostname",
                hostname,
            ],
            preexec_fn=_die_with_parent,
        )
        for queue, concurrency in nodes
    ]
    stopping = False

    def forward(signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        for process in processes:
            if process.poll() is None:
                process.send_signal(signum)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        while True:
            exited = [p for p in processes if p.poll() is not None]
            if exited:
                break
            time.sleep(0.5)
        if not stopping:
            first = exited[0]
            log.error("a worker node exited; stopping the others", code=first.returncode)
            forward(signal.SIGTERM, None)
        for process in processes:
            process.wait()
        return next((p.returncode for p in exited if p.returncode), 0)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
