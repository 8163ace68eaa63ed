"""LangGraph Studio's local server (`langgraph dev`) serving both graphs, driven with langgraph-sdk.

The server is started as `make studio` starts it, from the committed langgraph.json, in a
temporary directory: its `.langgraph_api/` lands there, and no `.env` exists there, so the
test also shows that the env file named in langgraph.json may be absent. Our settings reach
the server through its environment. `--no-reload` because other work may touch the tree while
the test runs.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from langgraph_sdk import get_sync_client
from langgraph_sdk.client import SyncLangGraphClient
from sqlalchemy import select

from adapters.base import SearchQuery
from core.config import Settings
from db import migrate
from db.engine import create_db_engine, session_factory
from db.enums import ApplicationStatus
from db.models import Application, Job
from jobs.search import SourceRequest, run_search
from resumes.candidate import load_candidate, sample_candidate_path
from resumes.store import store_candidate
from sandbox.server import RunningSandbox

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
LANGGRAPH = Path(sys.executable).parent / "langgraph"
STUDIO_FLAGS = ["dev", "--no-browser", "--allow-blocking"]
"""As in the Makefile's `studio` target (see README, "Debug in LangGraph Studio")."""
STARTUP_S = 120.0
RUN_TIMEOUT_S = 300.0
QUIET = {
    "LANGGRAPH_CLI_NO_ANALYTICS": "1",
    "LANGGRAPH_NO_VERSION_CHECK": "true",
    "LANGSMITH_TRACING": "false",
    "LANGSMITH_TEST_TRACKING": "false",
}
SUPERVISOR_NODES = {"supervisor", "search", "resume", "form_fill", "outreach"}


@dataclass
class Studio:
    url: str
    client: SyncLangGraphClient
    log: Path
    database_url: str
    user_id: str
    jobs: list[tuple[str, str]]
    """(job id, posting id) of the sandbox's Northwind jobs, by title."""

    def log_tail(self) -> str:
        return _tail(self.log)


def _tail(log: Path, lines: int = 60) -> str:
    """The end of the server's log, for a failure message."""
    text = log.read_text(encoding="utf-8", errors="replace")
    return "\n".join(text.splitlines()[-lines:])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _config(workdir: Path) -> Path:
    """The committed langgraph.json, with its repository paths made absolute for ``workdir``."""
    config: dict[str, Any] = json.loads((ROOT / "langgraph.json").read_text(encoding="utf-8"))
    assert set(config["graphs"]) == {"application", "supervisor"}, config["graphs"]
    config["graphs"] = {
        name: str(ROOT / spec.split(":")[0]) + ":" + spec.split(":")[1]
        for name, spec in config["graphs"].items()
    }
    config["dependencies"] = [str(ROOT / dep) for dep in config["dependencies"]]
    assert isinstance(config["env"], str), "langgraph.json should name an env file"
    assert not (workdir / config["env"]).exists()
    path = workdir / "langgraph.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    return path


def _server_env(workdir: Path, database_url: str, chromium: Path) -> dict[str, str]:
    """No developer AJOB_* setting leaks in; the test's database, the sandbox trusted, offline."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AJOB_")} | QUIET
    env["AJOB_DATABASE_URL"] = database_url
    env["AJOB_DATA_DIR"] = str(workdir / "data")
    env["AJOB_HTTP_ALLOW_HOSTS"] = "127.0.0.1"
    env["AJOB_BROWSER_PATH"] = str(chromium)
    env["AJOB_LLM_PROVIDER"] = "offline"
    return env


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"langgraph dev exited with {process.returncode}:\n{_tail(log)}")
        try:
            if httpx.get(f"{url}/ok", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    pytest.fail(f"langgraph dev did not answer {url}/ok within {STARTUP_S:.0f} s:\n{_tail(log)}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """The whole process group: the CLI, the server and whatever they started (Chromium)."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def _prepare_database(
    database_url: str, sandbox: RunningSandbox
) -> tuple[str, list[tuple[str, str]]]:
    """The sample candidate and the sandbox's Northwind board: the user and the jobs."""
    migrate.upgrade(database_url)
    engine = create_db_engine(database_url)
    try:
        sessions = session_factory(engine)
        candidate = load_candidate(sample_candidate_path())
        with sessions.begin() as session:
            user_id = store_candidate(session, candidate, source_filename="candidate.json").user.id
        settings = Settings(
            _env_file=None, database_url=database_url, http_allow_hosts=["127.0.0.1"]
        )
        request = SourceRequest("greenhouse", "northwind", sandbox.base_url("greenhouse"))
        report = asyncio.run(run_search(settings, sessions, [request], SearchQuery(limit=5)))
        assert report.summaries[0].found, report
        with sessions() as session:
            jobs = [
                (str(j.id), j.external_id) for j in session.scalars(select(Job).order_by(Job.title))
            ]
        assert len(jobs) >= 2, jobs
        return str(user_id), jobs
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def studio(
    tmp_path_factory: pytest.TempPathFactory, sandbox: RunningSandbox, chromium_path: Path
) -> Iterator[Studio]:
    if not LANGGRAPH.exists():
        pytest.fail(
            f"{LANGGRAPH} is missing: langgraph-cli[inmem] is a dev dependency, run make setup"
        )
    workdir = tmp_path_factory.mktemp("studio")
    database_url = f"sqlite:///{workdir / 'ajob.db'}"
    user_id, jobs = _prepare_database(database_url, sandbox)
    url = f"http://127.0.0.1:{_free_port()}"
    log = workdir / "langgraph-dev.log"
    command = [str(LANGGRAPH), *STUDIO_FLAGS, "--no-reload", "--port", url.rsplit(":", 1)[1]]
    command += ["--config", str(_config(workdir))]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=workdir,
            env=_server_env(workdir, database_url, chromium_path),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_until_up(url, process, log)
        timeouts = (10.0, RUN_TIMEOUT_S, 60.0, 10.0)  # connect, read, write, pool
        client = get_sync_client(url=url, api_key=None, timeout=timeouts)
        yield Studio(url, client, log, database_url, user_id, jobs)
    finally:
        _stop(process)


def _state(result: list[dict[str, Any]] | dict[str, Any], studio: Studio) -> dict[str, Any]:
    assert isinstance(result, dict), result
    assert "__error__" not in result, f"{result['__error__']}\n{studio.log_tail()}"
    return result


def test_studio_lists_both_graphs(studio: Studio) -> None:
    assistants = studio.client.assistants.search(limit=10)
    assert {a["graph_id"] for a in assistants} == {"application", "supervisor"}
    application = studio.client.assistants.get_graph("application")
    nodes = {node["id"] for node in application["nodes"]}
    assert {"load_job", "tailor", "inspect_form", "approval", "submit", "record"} <= nodes


def _sent(sandbox: RunningSandbox, external_id: str) -> int:
    """How many times the sandbox's forms accepted an application to this posting."""
    return sum(s.external_id == external_id for s in sandbox.submissions())


def _stored_application(studio: Studio, application_id: str) -> Application:
    engine = create_db_engine(studio.database_url)
    try:
        with session_factory(engine)() as session:
            application = session.get(Application, uuid.UUID(application_id))
            assert application is not None, application_id
            return application
    finally:
        engine.dispose()


def test_application_interrupts_for_approval_then_submits_once(
    studio: Studio, sandbox: RunningSandbox
) -> None:
    client = studio.client
    job_id, external_id = studio.jobs[0]
    before = _sent(sandbox, external_id)
    thread_id = client.threads.create()["thread_id"]

    first = _state(
        client.runs.wait(
            thread_id,
            "application",
            input={"job_id": job_id},
            context={"user_id": studio.user_id},
            raise_error=False,
        ),
        studio,
    )
    interrupts = first.get("__interrupt__") or []
    assert len(interrupts) == 1, f"expected the approval interrupt, got {first}"
    review = interrupts[0]["value"]
    assert review["kind"] == "approval"
    assert review["fields"], review
    assert all("source" in field for field in review["fields"])
    assert review["needs_human"] == [], review["needs_human"]
    assert client.threads.get(thread_id)["status"] == "interrupted"
    assert client.threads.get_state(thread_id)["next"] == ["approval"]
    assert _sent(sandbox, external_id) == before, "submitted before the approval"

    final = _state(
        client.runs.wait(
            thread_id, "application", command={"resume": {"action": "approve"}}, raise_error=False
        ),
        studio,
    )
    assert not final.get("__interrupt__"), final.get("__interrupt__")
    assert final["status"] == "submitted", f"{final.get('result')}\n{studio.log_tail()}"
    assert client.threads.get(thread_id)["status"] == "idle"
    assert _sent(sandbox, external_id) == before + 1
    application = _stored_application(studio, final["application_id"])
    assert application.status is ApplicationStatus.SUBMITTED
    assert application.thread_id == thread_id


def _said(text: str) -> dict[str, Any]:
    """A chat turn's input: the person's message."""
    return {"messages": [{"role": "user", "content": text}]}


def _reply(state: dict[str, Any]) -> str:
    """The last message of the turn, which must be the assistant's."""
    last = state["messages"][-1]
    assert last["type"] == "ai", state["messages"]
    content = last["content"]
    assert isinstance(content, str), content
    assert content.strip(), state["messages"]
    return content


def test_supervisor_answers_offline_and_applies_only_after_approval(
    studio: Studio, sandbox: RunningSandbox
) -> None:
    client = studio.client
    nodes = {node["id"] for node in client.assistants.get_graph("supervisor")["nodes"]}
    assert nodes >= SUPERVISOR_NODES, nodes
    thread_id = client.threads.create()["thread_id"]

    listed = _state(
        client.runs.wait(
            thread_id, "supervisor", input=_said("show my applications"), raise_error=False
        ),
        studio,
    )
    assert not listed.get("__interrupt__"), listed["__interrupt__"]
    _reply(listed)

    job_id, external_id = studio.jobs[1]
    before = _sent(sandbox, external_id)
    asked = _state(
        client.runs.wait(
            thread_id, "supervisor", input=_said(f"apply to {job_id}"), raise_error=False
        ),
        studio,
    )
    interrupts = asked.get("__interrupt__") or []
    assert len(interrupts) == 1, f"expected the approval interrupt, got {asked}"
    review = interrupts[0]["value"]
    assert review["action"] == "submit_application"
    assert review["kind"] == "approval"
    assert review["fields"], review
    assert review["needs_human"] == [], review["needs_human"]
    assert client.threads.get(thread_id)["status"] == "interrupted"
    assert _sent(sandbox, external_id) == before, "submitted before the approval"

    done = _state(
        client.runs.wait(
            thread_id, "supervisor", command={"resume": {"action": "approve"}}, raise_error=False
        ),
        studio,
    )
    assert not done.get("__interrupt__"), done["__interrupt__"]
    _reply(done)
    assert client.threads.get(thread_id)["status"] == "idle"
    assert _sent(sandbox, external_id) == before + 1
    said = [m["content"] for m in done["messages"] if m["type"] == "human"]
    assert said == ["show my applications", f"apply to {job_id}"], "the thread keeps the chat"
    application = _stored_application(studio, review["application_id"])
    assert application.status is ApplicationStatus.SUBMITTED
