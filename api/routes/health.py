"""``GET /health``: is each part this deployment depends on usable right now?

Parts that are not configured (no Redis on the embedded default) are reported as
such, not as failures. A failing optional part makes the status ``degraded`` with
HTTP 200; only an unusable database, without which nothing works, answers 503.
"""

from __future__ import annotations

from typing import Literal

import redis
from fastapi import APIRouter, Request, Response
from pydantic import BaseModel
from sqlalchemy import Engine, text

from core.config import Settings
from db.engine import describe_db_error

router = APIRouter(tags=["health"])

CheckState = Literal["ok", "failed", "not_configured"]


class Check(BaseModel):
    status: CheckState
    detail: str


class Health(BaseModel):
    status: Literal["ok", "degraded", "down"]
    checks: dict[str, Check]


def check_database(engine: Engine) -> Check:
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        return Check(status="failed", detail=describe_db_error(exc))
    return Check(status="ok", detail=engine.dialect.name)


def check_redis(url: str | None, role: str) -> Check:
    if url is None:
        return Check(status="not_configured", detail=f"no AJOB_REDIS_URL: {role} runs in-process")
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
        client.close()
    except redis.RedisError as exc:
        return Check(status="failed", detail=str(exc).splitlines()[0])
    return Check(status="ok", detail="ping answered")


def check_browser(settings: Settings) -> Check:
    path = settings.resolve_browser()
    if path is None or not path.exists():
        return Check(status="failed", detail="no Chromium found; set AJOB_BROWSER_PATH")
    return Check(status="ok", detail=str(path))


@router.get("/health", response_model=Health)
def health(request: Request, response: Response) -> Health:
    settings: Settings = request.app.state.settings
    checks = {
        "database": check_database(request.app.state.engine),
        "redis": check_redis(settings.redis_url, "events and rate limits"),
        "broker": check_redis(settings.redis_url, "the task queue"),
        "browser": check_browser(settings),
    }
    if checks["database"].status == "failed":
        response.status_code = 503
        return Health(status="down", checks=checks)
    degraded = any(c.status == "failed" for c in checks.values())
    return Health(status="degraded" if degraded else "ok", checks=checks)
