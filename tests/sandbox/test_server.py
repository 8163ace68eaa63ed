"""serve_sandbox: the sandbox over real HTTP on a free loopback port, stopped cleanly."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from sandbox.catalogue import build_catalogue
from sandbox.faults import FaultRule
from sandbox.server import serve_sandbox


def test_serves_over_http_with_faults_and_log() -> None:
    with serve_sandbox() as sandbox, httpx.Client(trust_env=False, timeout=5) as http:
        assert sandbox.url.startswith("http://127.0.0.1:")
        assert not sandbox.url.endswith("/")
        base = sandbox.base_url("greenhouse")
        assert base == f"{sandbox.url}/greenhouse"
        jobs = http.get(f"{base}/v1/boards/northwind/jobs").json()["jobs"]
        assert len(jobs) == len(sandbox.catalogue.postings("greenhouse", "northwind"))
        page = http.get(jobs[0]["absolute_url"])
        assert jobs[0]["absolute_url"].startswith(f"{sandbox.url}/greenhouse-boards/northwind/")
        assert page.status_code == 200

        rules = [{"platform": "greenhouse", "status": 429, "retry_after": 1, "times": 1}]
        assert http.post(f"{sandbox.url}/_sandbox/faults", json=rules).status_code == 200
        limited = http.get(f"{base}/v1/boards/northwind/jobs")
        assert limited.status_code == 429
        assert limited.headers["retry-after"] == "1"
        sandbox.add_faults(FaultRule(platform="remoteok", kind="stall", stall_s=1.0))
        with pytest.raises(httpx.ReadTimeout):
            http.get(sandbox.base_url("remoteok") + "/api", timeout=0.2)
        assert http.get(f"{base}/v1/boards/northwind/jobs").status_code == 200
        statuses = [r.status for r in sandbox.requests("greenhouse")]
        assert statuses == [200, 200, 429, 200]
        sandbox.reset()
        assert sandbox.requests() == []
        url = sandbox.url
    with pytest.raises(httpx.ConnectError), httpx.Client(trust_env=False) as http:
        http.get(f"{url}/_sandbox/health")


def test_serves_a_given_catalogue_on_two_ports_at_once() -> None:
    other = build_catalogue(seed=11)
    with serve_sandbox(catalogue=other) as first, serve_sandbox() as second:
        assert first.url != second.url
        with httpx.Client(trust_env=False) as http:
            one = http.get(f"{first.url}/_sandbox/catalogue").json()
            two = http.get(f"{second.url}/_sandbox/catalogue").json()
        assert one["seed"] == 11
        assert two["seed"] == 7
        sources = {row["source"]: row for row in one["sources"]}
        assert len(sources) == 13
        assert sources["workday"]["base_url"] == f"{first.url}/workday"
        assert sources["greenhouse"]["boards"] == other.boards("greenhouse")


def test_a_request_answered_after_a_reset_is_not_logged_as_the_next_ones() -> None:
    """A "late" answer lands after the reset that ended its test; the next test must not see it."""
    with serve_sandbox() as sandbox, httpx.Client(trust_env=False, timeout=10) as http:
        sandbox.add_faults(FaultRule(platform="remoteok", kind="late", stall_s=1.0))
        with ThreadPoolExecutor(max_workers=1) as pool:
            late = pool.submit(http.get, sandbox.base_url("remoteok") + "/api")
            while sandbox.state.faults.pending():
                time.sleep(0.01)
            sandbox.reset()
            assert late.result().status_code == 200
        assert sandbox.requests() == []
        assert http.get(sandbox.base_url("remoteok") + "/api").status_code == 200
        assert [r.status for r in sandbox.requests("remoteok")] == [200]
