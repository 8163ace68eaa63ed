"""The sandbox app: every platform's replica under its prefix, plus the control endpoints.

A middleware applies fault rules and logs each platform request. The control endpoints live
under ``/_sandbox``: ``POST /faults`` (a JSON list of rules, appended), ``GET /faults`` (rules
with uses left), ``POST /reset`` (clear rules, log and submissions), ``GET /requests`` (the log),
``GET /submissions`` (every application a form accepted, ``?platform=`` to filter),
``GET /catalogue`` (sources, base URLs, boards, counts), ``GET /health``, and the captcha
widgets' iframes (``/captcha/...``, see ``sandbox.applications.variants``).
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import Response
from starlette.middleware.base import RequestResponseEndpoint

from sandbox import render
from sandbox.applications import ashby as ashby_form
from sandbox.applications import greenhouse as greenhouse_form
from sandbox.applications import greenhouse_legacy
from sandbox.applications import lever as lever_form
from sandbox.applications import smartrecruiters as smartrecruiters_form
from sandbox.applications import workday as workday_form
from sandbox.applications.variants import captcha_frames
from sandbox.catalogue import Catalogue, build_catalogue
from sandbox.faults import FaultRule, break_body, status_response
from sandbox.platforms import (
    ashby,
    glassdoor,
    greenhouse,
    hn,
    indeed,
    lever,
    linkedin,
    remoteok,
    remotive,
    smartrecruiters,
    wellfound,
    workday,
)
from sandbox.sources import (
    API_PREFIXES,
    CONTROL_PREFIX,
    PAGE_PREFIXES,
    PLATFORMS,
    platform_for_path,
)
from sandbox.state import SandboxState, state_of

API_ROUTERS: dict[str, APIRouter] = {
    "greenhouse": greenhouse.router,
    "lever": lever.router,
    "lever_eu": lever.router,
    "ashby": ashby.router,
    "smartrecruiters": smartrecruiters.router,
    "workday": workday.router,
    "remoteok": remoteok.router,
    "remotive": remotive.router,
    "hn": hn.router,
    "linkedin": linkedin.router,
    "indeed": indeed.router,
    "glassdoor": glassdoor.router,
    "wellfound": wellfound.router,
}
FORM_ROUTERS: list[tuple[str, APIRouter]] = [
    ("greenhouse", greenhouse_form.pages),
    ("greenhouse", greenhouse_legacy.pages),
    ("lever", lever_form.pages),
    ("lever_eu", lever_form.pages),
    ("ashby", ashby_form.pages),
    ("smartrecruiters", smartrecruiters_form.pages),
    ("workday", workday_form.pages),
]
"""Job pages that are application forms, mounted under their platform's page prefix."""
PAGE_ROUTERS: dict[str, APIRouter] = {
    "greenhouse": greenhouse.pages,
    "lever": lever.pages,
    "lever_eu": lever.pages,
    "ashby": ashby.pages,
    "smartrecruiters": smartrecruiters.pages,
    "workday": workday.pages,
}


def sources_overview(catalogue: Catalogue, root: str) -> list[dict[str, Any]]:
    """Per source: the base URL an adapter is given, its boards, and how many postings it has."""
    return [
        {
            "source": platform,
            "base_url": root + API_PREFIXES[platform],
            "boards": catalogue.boards(platform),
            "postings": len(catalogue.postings(platform)),
            "distinct_jobs": catalogue.expected_distinct([platform]),
        }
        for platform in PLATFORMS
    ]


control = APIRouter()


@control.post("/faults")
def add_faults(rules: list[FaultRule], request: Request) -> dict[str, Any]:
    state = state_of(request)
    state.faults.add(*rules)
    return {"faults": state.faults.pending()}


@control.get("/faults")
def list_faults(request: Request) -> dict[str, Any]:
    return {"faults": state_of(request).faults.pending()}


@control.post("/reset")
def reset(request: Request) -> dict[str, bool]:
    state_of(request).reset()
    return {"ok": True}


@control.get("/requests")
def requests_log(request: Request, platform: str | None = None) -> list[dict[str, object]]:
    return [entry.as_dict() for entry in state_of(request).log.entries(platform)]


@control.get("/submissions")
def submissions(request: Request, platform: str | None = None) -> list[dict[str, object]]:
    return [entry.as_dict() for entry in state_of(request).submissions.entries(platform)]


@control.get("/catalogue")
def catalogue_overview(request: Request) -> dict[str, Any]:
    catalogue = state_of(request).catalogue
    return {
        "seed": catalogue.seed,
        "distinct_jobs": len(catalogue.distinct_jobs),
        "postings": len(catalogue.all_postings()),
        "sources": sources_overview(catalogue, render.root_url(request)),
    }


@control.get("/health")
def health(request: Request) -> dict[str, Any]:
    return {"ok": True, "jobs": len(state_of(request).catalogue.distinct_jobs)}


@control.get("/logo/{name}.svg")
def logo(name: str) -> Response:
    return render.logo_response(name)


def blocked_response(platform: str | None, status: int) -> Response:
    """The platform's bot check: Indeed's hCaptcha page, a plain refusal elsewhere."""
    if platform == "indeed":
        page = indeed.captcha_page()
        page.status_code = status
        return page
    body = render.document("Access denied", "<h1>Access denied</h1><p>Automated access.</p>")
    return render.html_response(body, status)


async def _malformed(response: Response) -> Response:
    """The response with its body broken (see `break_body`), as status 200."""
    chunks: list[bytes] = []
    iterator = getattr(response, "body_iterator", None)
    if iterator is None:
        chunks.append(bytes(response.body))
    else:
        async for chunk in iterator:
            chunks.append(chunk.encode() if isinstance(chunk, str) else bytes(chunk))
    content_type = response.headers.get("content-type", "")
    headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
    return Response(break_body(b"".join(chunks), content_type), status_code=200, headers=headers)


async def _answer(
    request: Request,
    call_next: RequestResponseEndpoint,
    rule: FaultRule | None,
    platform: str | None,
) -> Response:
    if rule is None:
        return await call_next(request)
    match rule.kind:
        case "stall":
            await asyncio.sleep(rule.stall_s)
            return await call_next(request)
        case "late":
            response = await call_next(request)
            await asyncio.sleep(rule.stall_s)
            return response
        case "status":
            return status_response(rule)
        case "blocked":
            return blocked_response(platform, rule.answer_status)
        case "malformed":
            return await _malformed(await call_next(request))


async def faults_and_log(request: Request, call_next: RequestResponseEndpoint) -> Response:
    path = request.url.path
    if path.startswith(CONTROL_PREFIX):
        return await call_next(request)
    state = state_of(request)
    epoch = state.log.epoch()
    platform = platform_for_path(path)
    query = request.url.query
    rule = state.faults.take(platform, f"{path}?{query}" if query else path, request.method)
    response = await _answer(request, call_next, rule, platform)
    state.log.record(request.method, path, query, platform, response.status_code, epoch)
    return response


def home_page(request: Request) -> Response:
    catalogue = state_of(request).catalogue
    rows = "".join(
        f"<tr><td>{row['source']}</td><td><code>{render.text(row['base_url'])}</code></td>"
        f"<td>{render.text(', '.join(row['boards']) or '-')}</td><td>{row['postings']}</td></tr>"
        for row in sources_overview(catalogue, render.root_url(request))
    )
    body = (
        "<h1>AJOB4AGENT sandbox</h1>"
        f"<p>{len(catalogue.distinct_jobs)} distinct jobs, seed {catalogue.seed}.</p>"
        f"<table><tr><th>source</th><th>base URL</th><th>boards</th><th>postings</th></tr>"
        f"{rows}</table>"
    )
    return render.html_response(render.document("AJOB4AGENT sandbox", body))


def create_app(catalogue: Catalogue | None = None) -> FastAPI:
    """The sandbox serving ``catalogue`` (the default seed's when None)."""
    app = FastAPI(
        title="AJOB4AGENT sandbox",
        docs_url=f"{CONTROL_PREFIX}/docs",
        redoc_url=None,
        openapi_url=f"{CONTROL_PREFIX}/openapi.json",
    )
    app.state.sandbox = SandboxState(catalogue or build_catalogue())
    app.middleware("http")(faults_and_log)
    app.include_router(control, prefix=CONTROL_PREFIX)
    app.include_router(captcha_frames, prefix=CONTROL_PREFIX, include_in_schema=False)
    app.add_api_route("/", home_page, methods=["GET"], include_in_schema=False)
    for platform, router in API_ROUTERS.items():
        app.include_router(router, prefix=API_PREFIXES[platform], tags=[platform])
    for platform, router in [*FORM_ROUTERS, *PAGE_ROUTERS.items()]:
        app.include_router(router, prefix=PAGE_PREFIXES[platform], tags=[platform])
    return app
