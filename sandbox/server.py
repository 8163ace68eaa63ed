"""Run the sandbox on a loopback port in a background thread, for tests, the demo and benchmarks.

``serve_sandbox()`` binds the port itself (port 0 picks a free one), starts uvicorn in a thread,
waits until ``/_sandbox/health`` answers, and stops the server when the ``with`` block ends.
The object it yields gives the ROOT URL, each source's base URL, and direct access to the
fault rules, the request log and the submissions (the same ones the ``/_sandbox`` endpoints use).
``serve_in_thread`` is the part any app can use; the OpenAI stub is served with it too.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI

from sandbox.app import create_app
from sandbox.applications.log import Submission
from sandbox.catalogue import Catalogue
from sandbox.faults import FaultRule, LoggedRequest
from sandbox.sources import API_PREFIXES, PLATFORMS
from sandbox.state import SandboxState

STARTUP_TIMEOUT_S = 15.0


@dataclass(frozen=True)
class RunningSandbox:
    url: str
    """ROOT, without a trailing slash, e.g. "http://127.0.0.1:40123"."""
    app: FastAPI

    @property
    def state(self) -> SandboxState:
        state: SandboxState = self.app.state.sandbox
        return state

    @property
    def catalogue(self) -> Catalogue:
        return self.state.catalogue

    def base_url(self, platform: str) -> str:
        """The base URL to give the ``platform`` adapter, e.g. ROOT + "/greenhouse"."""
        return self.url + API_PREFIXES[platform]

    def base_urls(self) -> dict[str, str]:
        return {platform: self.base_url(platform) for platform in PLATFORMS}

    def add_faults(self, *rules: FaultRule | dict[str, Any]) -> None:
        """Append fault rules, given as `FaultRule`s or as the dicts the HTTP endpoint takes."""
        self.state.faults.add(
            *(r if isinstance(r, FaultRule) else FaultRule.model_validate(r) for r in rules)
        )

    def requests(self, platform: str | None = None) -> list[LoggedRequest]:
        return self.state.log.entries(platform)

    def submissions(self, platform: str | None = None) -> list[Submission]:
        """The applications the forms accepted (of ``platform`` only, if given), oldest first."""
        return self.state.submissions.entries(platform)

    def reset(self) -> None:
        """Forget all fault rules, logged requests and submissions."""
        self.state.reset()


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    return sock


@contextmanager
def serve_sandbox(
    host: str = "127.0.0.1", port: int = 0, catalogue: Catalogue | None = None
) -> Iterator[RunningSandbox]:
    """Serve a sandbox (of ``catalogue``, or the default one) for the duration of a ``with``."""
    app = create_app(catalogue)
    with serve_in_thread(app, host, port, "/_sandbox/health", "sandbox server") as url:
        yield RunningSandbox(url, app)


@contextmanager
def serve_in_thread(
    app: FastAPI, host: str, port: int, health_path: str, name: str
) -> Iterator[str]:
    """Serve ``app`` with uvicorn in a daemon thread; yields its root URL once it is up.

    The socket is bound here, before uvicorn starts, so port 0 yields the free port that was
    picked and no other process can take it in between. "Up" means ``health_path`` answers 200.
    """
    sock = _bind(host, port)
    bound_port = sock.getsockname()[1]
    config = uvicorn.Config(
        app, log_level="warning", access_log=False, lifespan="off", log_config=None
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name=name.replace(" ", "-"), daemon=True
    )
    thread.start()
    shown_host = f"[{host}]" if ":" in host else host
    url = f"http://{shown_host}:{bound_port}"
    try:
        _wait_until_up(url, health_path, thread, name)
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=STARTUP_TIMEOUT_S)
        sock.close()


def _wait_until_up(url: str, health_path: str, thread: threading.Thread, name: str) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    with httpx.Client(trust_env=False, timeout=2.0) as client:
        while time.monotonic() < deadline:
            if not thread.is_alive():
                raise RuntimeError(f"the {name} at {url} stopped while starting")
            try:
                if client.get(f"{url}{health_path}").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.02)
    raise RuntimeError(f"the {name} at {url} did not answer within {STARTUP_TIMEOUT_S}s")
