"""Fixtures for the sandbox tests: one catalogue per session, a fresh app per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from sandbox.app import create_app
from sandbox.catalogue import Catalogue, build_catalogue

ROOT = "http://testserver"


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return build_catalogue()


@pytest.fixture
def client(catalogue: Catalogue) -> Iterator[TestClient]:
    """A client of a sandbox with no faults and an empty request log."""
    with TestClient(create_app(catalogue), base_url=ROOT) as test_client:
        yield test_client
