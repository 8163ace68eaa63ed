from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from core.config import Settings


def _client(**overrides: object) -> TestClient:
    return TestClient(create_app(Settings(**overrides)))  # type: ignore[arg-type]


def test_embedded_default_is_healthy_without_redis(sqlite_url: str, chromium_path: Path) -> None:
    with _client(database_url=sqlite_url) as client:
        body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"status": "ok", "detail": "sqlite"}
    assert body["checks"]["redis"]["status"] == "not_configured"
    assert body["checks"]["browser"]["status"] == "ok"


def test_real_redis_and_postgres_are_checked(
    postgres_url: str, redis_url: str, chromium_path: Path
) -> None:
    with _client(database_url=postgres_url, redis_url=redis_url) as client:
        response = client.get("/health")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["checks"]["database"]["detail"] == "postgresql"
    assert body["checks"]["redis"] == {"status": "ok", "detail": "ping answered"}


def test_unreachable_redis_degrades_but_does_not_fail(sqlite_url: str, chromium_path: Path) -> None:
    with _client(database_url=sqlite_url, redis_url="redis://127.0.0.1:1/0") as client:
        response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["redis"]["status"] == "failed"
    assert body["checks"]["broker"]["status"] == "failed"


@pytest.mark.postgres
def test_unusable_database_is_down(postgres_server_url: str) -> None:
    with _client(database_url="postgresql://postgres@127.0.0.1:5432/ajob_no_such_db") as client:
        response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["status"] == "down"
    assert "ajob_no_such_db" in response.json()["checks"]["database"]["detail"]
