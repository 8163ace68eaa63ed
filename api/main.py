"""The FastAPI application factory; resources live for the app's lifetime, not per request.

``create_app`` checks the secrets it needs at once (production refuses to start without
AJOB_JWT_SECRET and AJOB_SECRETS_KEY). The lifespan then opens the services, the graph
checkpointer and the run pools. If the database is not usable yet, the app still starts:
``/health`` says why, API routes answer 503 with the reason, and the next request after a
short pause tries again, so an API started before its database recovers on its own.
"""

from __future__ import annotations

import threading
import time
from collections.abc import AsyncIterator
from contextlib import ExitStack, asynccontextmanager

import anyio
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from langchain_core.language_models import BaseChatModel

from api.dispatch import dispatcher_for
from api.errors import ApiError, install_error_handlers
from api.logins import LoginCheck
from api.metrics import ApiMetrics
from api.middleware import BodyLimit, ClientRateLimit, RequestContext
from api.ratelimit import limiter_for
from api.routes import (
    analytics,
    applications,
    auth,
    chat,
    events,
    health,
    jobs,
    preferences,
    resumes,
    secrets,
    tailor,
)
from api.routes import metrics as metrics_routes
from api.runs import Runs
from api.state import ApiState
from core.config import Settings, get_settings
from core.crypto import cipher_for
from core.errors import AjobError
from core.logging import get_logger
from core.security import signing_secret
from db.engine import create_db_engine
from graphs.application import make_graph as make_application_graph
from graphs.checkpoint import checkpointer
from graphs.supervisor import make_graph as make_chat_graph
from tools.runtime import get_services

log = get_logger(__name__)

RETRY_START_S = 5.0
DESCRIPTION = """\
The AJOB4AGENT service: search, rank, tailor, apply with your approval, chat with the agents.

Sign in with `POST /api/auth/register` then `POST /api/auth/login`, and send the access token
as `Authorization: Bearer …`. Every error has the body
`{"error": {"code", "message", "request_id"}}`.
"""


class Startup:
    """Builds the ApiState once the database is usable; retried after a failure."""

    def __init__(
        self,
        app: FastAPI,
        settings: Settings,
        metrics: ApiMetrics,
        chat_model: BaseChatModel | None,
    ) -> None:
        self.app = app
        self.settings = settings
        self.metrics = metrics
        self.chat_model = chat_model
        self.stack = ExitStack()
        self.error: str | None = None
        self.tried_at = 0.0
        self.lock = threading.Lock()
        self.jwt_secret = signing_secret(settings)
        self.cipher = cipher_for(settings)
        self.limiter = limiter_for(settings.redis_url)

    def build(self) -> ApiState | None:
        ready: ApiState | None = self.app.state.api
        if ready is not None:
            return ready
        with self.lock:
            state: ApiState | None = self.app.state.api
            if state is not None:
                return state
            if self.error is not None and time.monotonic() - self.tried_at < RETRY_START_S:
                return None
            self.tried_at = time.monotonic()
            try:
                state = self._build()
            except AjobError as exc:
                self.error = exc.message
                log.error("API not ready", reason=exc.message)
                return None
            self.error = None
            self.app.state.api = state
            return state

    def _build(self) -> ApiState:
        settings = self.settings
        services = get_services(settings)
        saver = self.stack.enter_context(checkpointer(settings))
        application_graph = make_application_graph(saver)
        chat_graph = make_chat_graph(saver, model=self.chat_model)
        runs = self.stack.enter_context(_Closing(Runs("ajob-run", settings.api_graph_threads)))
        chat_runs = self.stack.enter_context(
            _Closing(Runs("ajob-chat", settings.api_graph_threads))
        )
        self.metrics.watch(services.sessions, settings.redis_url)
        return ApiState(
            settings=settings,
            services=services,
            limiter=self.limiter,
            metrics=self.metrics,
            jwt_secret=self.jwt_secret,
            cipher=self.cipher,
            application_graph=application_graph,
            chat_graph=chat_graph,
            runs=runs,
            chat_runs=chat_runs,
            dispatcher=dispatcher_for(services, application_graph, runs),
            logins=LoginCheck(services.sessions, settings.api_login_check_s),
        )

    def close(self) -> None:
        self.stack.close()
        self.limiter.close()

    async def ready(self) -> ApiState:
        """The app's state; while it is missing (no database yet), a retry in a thread."""
        state: ApiState | None = self.app.state.api
        if state is None:
            state = await anyio.to_thread.run_sync(self.build)
        if state is None:
            raise ApiError(
                503,
                f"the service is not ready: {self.error}; see GET /health",
                code="unavailable",
                headers={"Retry-After": str(int(RETRY_START_S))},
            )
        return state


class _Closing:
    """Shut a run pool down (waiting for its runs) when the app stops."""

    def __init__(self, runs: Runs) -> None:
        self.runs = runs

    def __enter__(self) -> Runs:
        return self.runs

    def __exit__(self, *_: object) -> None:
        self.runs.shutdown()


def create_app(
    settings: Settings | None = None, *, chat_model: BaseChatModel | None = None
) -> FastAPI:
    """The app for ``settings`` (default: the environment's). ``chat_model`` replaces the
    chat's model (tests and evaluations use a scripted one)."""
    settings = settings or get_settings()
    metrics = ApiMetrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.engine = create_db_engine(settings.database_url)
        app.state.api = None
        await anyio.to_thread.run_sync(startup.build)
        try:
            yield
        finally:
            await anyio.to_thread.run_sync(startup.close)
            app.state.engine.dispose()

    app = FastAPI(
        title="AJOB4AGENT",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    startup = Startup(app, settings, metrics, chat_model)

    app.state.api = None
    app.state.startup = startup
    install_error_handlers(app)
    app.add_middleware(
        BodyLimit,
        default=settings.api_max_body_bytes,
        larger={resumes.UPLOAD_PATH: settings.api_max_upload_bytes},
    )
    app.add_middleware(
        ClientRateLimit, limiter=lambda: startup.limiter, per_minute=settings.api_rate_limit_ip
    )
    if settings.api_cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.api_cors_origins,
            allow_credentials=False,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type", "Last-Event-ID", "X-Request-ID"],
            expose_headers=["X-Request-ID", "X-Thread-Id", "Retry-After"],
            max_age=600,
        )
    app.add_middleware(RequestContext, metrics=metrics)
    for module in (
        health,
        metrics_routes,
        auth,
        jobs,
        applications,
        resumes,
        preferences,
        analytics,
        tailor,
        chat,
        events,
        secrets,
    ):
        app.include_router(module.router)
    return app
