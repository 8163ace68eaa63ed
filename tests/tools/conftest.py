"""Fixtures for the tool tests: an installation with the sample candidate, or without one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sandbox.server import RunningSandbox
from tests.tools.helpers import Installation, installation_fixture, installed

__all__ = ["empty_installation", "installation_fixture"]


@pytest.fixture
def empty_installation(
    clean_sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Installation]:
    """The same settings, but nobody has loaded a resume yet."""
    with installed(monkeypatch, clean_sandbox, candidate=False) as found:
        yield found
