"""Benchmark: the HTTP API. GET /api/jobs over loopback with 100,000 jobs in PostgreSQL, and
the time the chat endpoint adds before its first event.

    .venv/bin/python bench/api.py [--jobs 100000] [--duration 10] [--connections 8 32]
                                  [--chat 40] [--log-level WARNING]

It creates a fresh PostgreSQL database (dropped afterwards), stores ``--jobs`` synthetic jobs
(titles, companies, places, ~600-character descriptions; the full-text index is built as in
production), gives one user a match score on every job (as ranking does), then starts the API
as production does (``ajob serve``: one uvicorn worker process) and drives it from a load
generator in this process: raw HTTP/1.1 keep-alive connections, each sending its next request
when the previous answer has arrived. Rate limits are off for the run (1,000 requests/s from
one address is an attack by the default limits); access logging follows ``--log-level``.

``cpu ms`` is the API process's own CPU time per request (from /proc): what one request costs
the worker process whatever else the machine is doing, so 1000 / cpu ms is the most one worker
process could serve on a free core.

For chat, a second server runs the same app with a model that answers at once and says when
it ran (``chat_app``), so the figure is the endpoint's own time before the first event: from
sending the request to the first ``token`` event, minus the model's own time.

The numbers are printed; nothing is asserted. Targets: p95 ≤ 30 ms and ≥ 1,000 requests/s per
worker process for GET /api/jobs; ≤ 50 ms added before chat's first event.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx
import psycopg
from fastapi import FastAPI
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import LanguageModelInput
from langchain_core.language_models.fake_chat_models import FakeMessagesListChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable
from psycopg.types.json import Jsonb

from bench.cpu import cpu_seconds
from bench.postgres import add_server_option, psycopg_url, scratch_database

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench password 1234"
JWT_SECRET = "bench-" + "s" * 40
WORDS = [
    *("python", "go", "rust", "postgresql", "redis", "kafka", "kubernetes", "terraform"),
    *("aws", "gcp", "react", "typescript", "billing", "payments", "search", "ranking"),
    *("platform", "reliability", "data", "pipelines", "streaming", "ledger", "mobile"),
    *("growth", "infrastructure", "security", "compliance", "analytics", "observability"),
]
TITLES = [
    "Backend Engineer",
    "Senior Backend Engineer",
    "Data Engineer",
    "Platform Engineer",
    "Site Reliability Engineer",
    "Frontend Engineer",
    "Staff Software Engineer",
    "Machine Learning Engineer",
]
PLACES = ["San Francisco, CA", "New York, NY", "Austin, TX", "Berlin", "London", "Remote"]
PLATFORMS = ["greenhouse", "lever", "ashby", "remotive", "remoteok", "linkedin"]
SCENARIOS = {
    "newest page (limit 20)": "/api/jobs?limit=20",
    "full-text q=kubernetes": "/api/jobs?q=kubernetes&limit=20",
    "filter platform=lever": "/api/jobs?platform=lever&limit=20",
    "your best matches (sort=match)": "/api/jobs?sort=match&limit=20",
    "deep page (offset 5000)": "/api/jobs?limit=20&offset=5000",
}


# ---- the database ----------------------------------------------------------------------------


def job_rows(count: int, seed: int) -> Iterator[tuple[Any, ...]]:
    from jobs.search_text import search_text

    rng = random.Random(seed)
    companies = [f"Company {n}" for n in range(max(1, count // 40))]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(count):
        title = rng.choice(TITLES)
        place = rng.choice(PLACES)
        words = " ".join(rng.choice(WORDS) for _ in range(80))
        description = f"We are hiring a {title} to work on {words}."
        workplace = "remote" if place == "Remote" else "onsite"
        stored = start + timedelta(seconds=n * 30)
        yield (
            uuid.uuid4(),
            rng.choice(PLATFORMS),
            f"bench-{n}",
            title,
            rng.choice(companies),
            Jsonb([place]),
            workplace,
            description,
            search_text(description, [place], workplace),
            f"https://jobs.example/{n}",
            Jsonb([]),
            Jsonb({}),
            stored - timedelta(days=rng.randint(0, 30)),
            stored,
            stored,
        )


def seed(url: str, jobs: int) -> uuid.UUID:
    """The jobs, one user (with a password) and that user's match score on every job."""
    from core.security import hash_password
    from db import migrate

    migrate.upgrade(url)
    dsn = psycopg_url(url)
    user_id = uuid.uuid4()
    with psycopg.connect(dsn) as conn:
        with conn.cursor().copy(
            "COPY jobs (id, platform, external_id, title, company, locations, workplace_type, "
            "description_text, search_text, url, sources, raw, posted_at, created_at, updated_at)"
            " FROM STDIN"
        ) as copy:
            for row in job_rows(jobs, seed=7):
                copy.write_row(row)
        conn.execute(
            "INSERT INTO users (id, email, password_hash, is_active, created_at, updated_at) "
            "VALUES (%s, 'bench@example.org', %s, true, now(), now())",
            (user_id, hash_password(PASSWORD)),
        )
        conn.execute(
            "INSERT INTO applications (id, user_id, job_id, status, match_score, match_reasons, "
            "answers, evidence, attempts, submit_attempts, created_at, updated_at) "
            "SELECT gen_random_uuid(), %s, id, 'discovered', (abs(hashtext(external_id)) %% 100), "
            "'[]'::jsonb, '{}'::jsonb, '{}'::jsonb, 0, 0, now(), now() FROM jobs",
            (user_id,),
        )
        conn.commit()
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return user_id


# ---- servers ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    url: str

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_server(command: Sequence[str], env: dict[str, str], port: int) -> Served:
    process = subprocess.Popen(
        list(command), env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    with httpx.Client(trust_env=False, timeout=5) as probe:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with {process.returncode}")
            try:
                if probe.get(f"{url}/health").status_code < 500:
                    return Served(process, url)
            except httpx.TransportError:
                time.sleep(0.1)
    process.kill()
    raise RuntimeError("the server did not start")


def server_env(url: str, data_dir: str, log_level: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AJOB_")}
    env |= {
        "AJOB_DATABASE_URL": url,
        "AJOB_DATA_DIR": data_dir,
        "AJOB_JWT_SECRET": JWT_SECRET,
        "AJOB_API_RATE_LIMIT_IP": "0",
        "AJOB_API_RATE_LIMIT_USER": "0",
        "AJOB_LOG_LEVEL": log_level,
        "AJOB_LOG_FORMAT": "json",
        "LANGSMITH_TRACING": "false",
    }
    return env


def login(base: str) -> str:
    response = httpx.post(
        f"{base}/api/auth/login",
        json={"email": "bench@example.org", "password": PASSWORD},
        trust_env=False,
    )
    response.raise_for_status()
    token: str = response.json()["access_token"]
    return token


# ---- the load generator ----------------------------------------------------------------------


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:])}
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
        return status
    while True:  # chunked
        size = int((await reader.readuntil(b"\r\n")).strip(), 16)
        await reader.readexactly(size + 2)
        if size == 0:
            return status


async def _connection(
    port: int, request: bytes, until: float, latencies: list[float], statuses: Counter[int]
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < until:
            started = time.perf_counter()
            writer.write(request)
            status = await _read_response(reader)
            latencies.append(time.perf_counter() - started)
            statuses[status] += 1
    finally:
        writer.close()


async def _load(
    port: int, request: bytes, connections: int, seconds: float
) -> tuple[list[float], Counter[int], float]:
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    started = time.perf_counter()
    until = started + seconds
    await asyncio.gather(
        *(_connection(port, request, until, latencies, statuses) for _ in range(connections))
    )
    return latencies, statuses, time.perf_counter() - started


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run_jobs_bench(served: Served, token: str, connections: Sequence[int], duration: float) -> None:
    port = int(served.url.rsplit(":", 1)[1])
    print(f"\nGET /api/jobs, {duration:.0f} s per row, after a 2 s warm-up")
    columns = ("req/s", "p50 ms", "p95 ms", "p99 ms", "cpu ms")
    print(f"{'query':34} {'conns':>5} " + " ".join(f"{c:>8}" for c in columns) + "  statuses")
    for label, path in SCENARIOS.items():
        request = (
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\r\n"
        ).encode()
        for conns in connections:
            asyncio.run(_load(port, request, conns, 2.0))
            cpu = cpu_seconds(served.process.pid)
            latencies, statuses, elapsed = asyncio.run(_load(port, request, conns, duration))
            cpu_ms = (cpu_seconds(served.process.pid) - cpu) * 1000 / max(1, len(latencies))
            print(
                f"{label:34} {conns:>5} {len(latencies) / elapsed:>8,.0f} "
                f"{percentile(latencies, 0.50) * 1000:>8.1f} "
                f"{percentile(latencies, 0.95) * 1000:>8.1f} "
                f"{percentile(latencies, 0.99) * 1000:>8.1f} {cpu_ms:>8.2f}  {dict(statuses)}"
            )


# ---- chat ------------------------------------------------------------------------------------


class InstantModel(FakeMessagesListChatModel):
    """Routes every turn straight to a reply, and puts its own start and end times (wall clock,
    so another process can subtract them) in that reply."""

    responses: list[BaseMessage] = []  # noqa: RUF012  (pydantic field)

    def bind_tools(
        self, tools: Any, *, tool_choice: Any = None, **kwargs: Any
    ) -> Runnable[LanguageModelInput, AIMessage]:
        return self

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        began = time.time()
        reply = json.dumps({"next": "finish", "task": "", "reply": f"model {began:.6f}"})
        ended = time.time()
        text = reply.replace(f"{began:.6f}", f"{began:.6f} {ended:.6f}")
        return ChatResult(generations=[ChatGeneration(message=AIMessage(text))])


def chat_app() -> FastAPI:
    """The API with InstantModel as the chat model (``uvicorn bench.api:chat_app --factory``)."""
    from api.main import create_app
    from core.config import get_settings
    from core.logging import configure_logging

    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    return create_app(settings, chat_model=InstantModel())


def run_chat_bench(served: Served, token: str, turns: int) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    added: list[float] = []
    first_event: list[float] = []
    with httpx.Client(base_url=served.url, trust_env=False, timeout=30) as http:
        thread_id: str | None = None
        for n in range(turns + 3):
            body: dict[str, Any] = {"message": f"hello {n}"}
            if thread_id and n % 2:
                body["thread_id"] = thread_id
            sent = time.time()
            with http.stream("POST", "/api/chat", json=body, headers=headers) as response:
                got: float | None = None
                for line in response.iter_lines():
                    if line.startswith("data:") and got is None and '"text"' in line:
                        got = time.time()
                        data = json.loads(line[5:])
                        began, ended = (float(x) for x in data["text"].split()[1:3])
                thread_id = response.headers["x-thread-id"]
            assert got is not None, "no token event"
            if n >= 3:  # warm-up turns
                first_event.append((got - sent) * 1000)
                added.append((got - sent - (ended - began)) * 1000)
    print(
        f"\nPOST /api/chat, {turns} turns (new threads and continued ones), model answers at once"
    )
    print(
        f"time to first event: median {statistics.median(first_event):.1f} ms, "
        f"p95 {percentile(first_event, 0.95):.1f} ms; "
        f"added by the endpoint (minus the model's own time): median "
        f"{statistics.median(added):.1f} ms, p95 {percentile(added, 0.95):.1f} ms"
    )


# ---- main ------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--connections", type=int, nargs="+", default=[8, 32])
    parser.add_argument("--chat", type=int, default=40, help="chat turns to time (0: skip)")
    parser.add_argument("--log-level", default="WARNING", help="the server's AJOB_LOG_LEVEL")
    add_server_option(parser)
    args = parser.parse_args()

    with scratch_database(args.server, "ajob_bench_api") as url:
        servers: list[Served] = []
        try:
            started = time.perf_counter()
            seed(url, args.jobs)
            took = time.perf_counter() - started
            print(f"{args.jobs:,} jobs stored and ranked for one user in {took:.1f} s")
            with tempfile.TemporaryDirectory(prefix="ajob-bench-api-") as data_dir:
                env = server_env(url, data_dir, args.log_level)
                port = free_port()
                ajob = str(Path(sys.executable).with_name("ajob"))
                api = start_server(
                    [ajob, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
                    env,
                    port,
                )
                servers.append(api)
                token = login(api.url)
                run_jobs_bench(api, token, args.connections, args.duration)
                api.stop()
                servers.remove(api)
                if args.chat:
                    port = free_port()
                    chat = start_server(
                        [sys.executable, "-m", "uvicorn", "bench.api:chat_app", "--factory",
                         "--host", "127.0.0.1", "--port", str(port), "--no-access-log"],
                        env,
                        port,
                    )  # fmt: skip
                    servers.append(chat)
                    run_chat_bench(chat, login(chat.url), args.chat)
        finally:
            for served in servers:
                served.stop()


if __name__ == "__main__":
    main()
