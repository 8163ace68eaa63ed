"""Fixtures: a real SMTP server on loopback that records every message, sessions per backend."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from db.engine import session_factory
from tests.outreach.helpers import Recorder, SmtpServer, authenticate, free_port


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """An aiosmtpd server on a free loopback port that asks for a login (no TLS)."""
    recorder = Recorder()
    port = free_port()
    controller = Controller(
        recorder,
        hostname="127.0.0.1",
        port=port,
        authenticator=authenticate,
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield SmtpServer(recorder, port)
    finally:
        controller.stop()


@pytest.fixture
def db(engine: Engine) -> sessionmaker[Session]:
    """Sessions on a migrated database of each backend (SQLite, and Postgres when present)."""
    return session_factory(engine)
