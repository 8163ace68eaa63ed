"""What every route shares: one error body, request ids, body size limits, CORS, OpenAPI,
/metrics, and a database that is not there yet."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest
from sqlalchemy.orm import Session, sessionmaker

from db.enums import ApplicationStatus
from db.models import Application, LlmUsage
from tests.api.conftest import Serve, add_jobs, running, sign_up


def _body(response: httpx.Response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert set(error) == {"code", "message", "request_id"}
    assert error["code"] == code
    assert error["request_id"] == response.headers["x-request-id"]
    message: str = error["message"]
    return message


def test_every_failure_has_the_same_body(client: httpx.Client) -> None:
    me = sign_up(client)
    assert "/nowhere" in _body(client.get("/nowhere"), 404, "not_found")
    assert "DELETE" in _body(
        client.delete("/api/preferences", headers=me.headers), 405, "method_not_allowed"
    )
    message = _body(
        client.put("/api/preferences", json={"remote": "mars"}, headers=me.headers),
        422,
        "invalid_request",
    )
    assert message.startswith("remote:")
    _body(
        client.get("/api/applications", params={"status": "dreaming"}, headers=me.headers),
        422,
        "invalid_request",
    )
    _body(
        client.post("/tailor", json={"job_id": "greenhouse:nope"}, headers=me.headers),
        404,
        "not_found",
    )


def test_request_ids_are_echoed_or_made(client: httpx.Client) -> None:
    given = client.get("/health", headers={"x-request-id": "proxy-1234.abc"})
    assert given.headers["x-request-id"] == "proxy-1234.abc"
    odd = client.get("/health", headers={"x-request-id": "no spaces allowed!"})
    assert odd.headers["x-request-id"] != "no spaces allowed!"
    assert len(odd.headers["x-request-id"]) == 32


def test_bodies_over_the_limit_are_refused(serve: Serve) -> None:
    server = serve(api_max_body_bytes=2048)
    with server.client() as http:
        me = sign_up(http)
        big = {"titles": ["x" * 40] * 50}
        declared = http.put("/api/preferences", json=big, headers=me.headers)
        assert "2048" in _body(declared, 413, "too_large")

        def chunks() -> object:
            yield b'{"titles": ["' + b"x" * 3000 + b'"]}'

        streamed = http.put(
            "/api/preferences",
            content=chunks(),  # type: ignore[arg-type]
            headers=me.headers | {"content-type": "application/json"},
        )
        _body(streamed, 413, "too_large")


def test_cors_follows_the_settings(serve: Serve) -> None:
    server = serve(api_cors_origins="https://app.example.org")
    with server.client() as http:
        preflight = http.options(
            "/api/jobs",
            headers={
                "Origin": "https://app.example.org",
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "authorization",
            },
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == "https://app.example.org"
        other = http.get("/health", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


def test_openapi_documents_the_routes_and_bearer_auth(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {
        "/api/auth/login",
        "/api/jobs",
        "/api/jobs/search",
        "/api/apply",
        "/api/applications/{application_id}/approve",
        "/api/chat",
        "/api/chat/{thread_id}/resume",
        "/api/events",
        "/tailor",
        "/tailor/batch",
        "/api/resumes/upload",
        "/api/preferences",
        "/api/analytics",
        "/health",
        "/metrics",
    } <= paths
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert "HTTPValidationError" not in spec["components"]["schemas"], "422 is our error body"
    assert client.get("/docs").status_code == 200


def test_metrics_report_latency_applications_and_model_spend(
    client: httpx.Client, db_sessions: sessionmaker[Session]
) -> None:
    me = sign_up(client)
    [job] = add_jobs(db_sessions, [{}])
    with db_sessions.begin() as session:
        session.add(Application(user_id=me.user_id, job_id=job, status=ApplicationStatus.SUBMITTED))
        session.add(
            LlmUsage(
                user_id=me.user_id,
                provider="openai",
                model="gpt-4o-mini",
                prompt_tokens=1200,
                completion_tokens=300,
                cached_tokens=1024,
                cost_usd=Decimal("0.000450"),
            )
        )
    client.get("/api/jobs", headers=me.headers)
    text = client.get("/metrics").text
    assert (
        'ajob_http_request_duration_seconds_count{method="GET",route="/api/jobs",status="200"} 1.0'
        in text
    )
    assert 'ajob_applications{status="submitted"} 1.0' in text
    assert 'ajob_llm_tokens_total{kind="prompt",model="gpt-4o-mini"} 1200.0' in text
    assert 'ajob_llm_cost_usd_total{model="gpt-4o-mini"} 0.00045' in text
    assert "ajob_queue_depth" not in text, "no Redis, no queues"


@pytest.mark.redis
def test_metrics_report_queue_depth_with_redis(serve: Serve, redis_url: str) -> None:
    server = serve(redis_url=redis_url)
    with server.client() as http:
        text = http.get("/metrics").text
    assert 'ajob_queue_depth{queue="discovery"}' in text


@pytest.mark.postgres
def test_without_its_database_the_api_says_so_and_health_says_why(
    postgres_server_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api.main import create_app
    from core.config import Settings

    missing = postgres_server_url.rsplit("/", 1)[0] + "/ajob_no_such_database"
    app = create_app(Settings(database_url=missing, jwt_secret="s" * 40))
    with running(app) as server, server.client() as http:
        health = http.get("/health")
        assert health.status_code == 503
        assert health.json()["status"] == "down"
        message = _body(
            http.post("/api/auth/login", json={"email": "a@b.co", "password": "x"}),
            503,
            "unavailable",
        )
        assert "ajob_no_such_database" in message
