"""Apply → review → decide, over HTTP, on the sandbox's Greenhouse form in the real Chromium.

The whole path a client takes: upload a resume file, search in the background, start the
application, read the review while it waits, edit, approve (202), and see it submitted exactly
once, with the events to prove it. Rejecting sends nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from resumes.candidate import sample_candidate_path
from sandbox.server import RunningSandbox
from tests.api.conftest import Account, Serve, Server, sign_up
from tests.tools.helpers import use_sandbox

pytestmark = [pytest.mark.browser, pytest.mark.slow]

Detail = dict[str, Any]


def _wait(
    http: httpx.Client, account: Account, path: str, done: Callable[[Detail], bool]
) -> Detail:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        body: Detail = http.get(path, headers=account.headers).json()
        if done(body):
            return body
        time.sleep(0.2)
    raise AssertionError(f"{path} never reached the expected state: {body}")


@pytest.fixture
def ready(
    serve: Serve,
    clean_sandbox: RunningSandbox,
    chromium_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[Server, RunningSandbox]:
    use_sandbox(monkeypatch, clean_sandbox)
    return serve(), clean_sandbox


def _start_application(http: httpx.Client) -> tuple[Account, Detail]:
    me = sign_up(http)
    uploaded = http.post(
        "/api/resumes/upload",
        params={"filename": "candidate.json"},
        content=sample_candidate_path().read_bytes(),
        headers=me.headers | {"content-type": "application/json"},
    )
    assert uploaded.status_code == 201, uploaded.text
    task = http.post(
        "/api/jobs/search", json={"boards": ["greenhouse:northwind"]}, headers=me.headers
    ).json()
    _wait(http, me, f"/api/tasks/{task['id']}", lambda t: t["state"] == "succeeded")
    jobs = http.get("/api/jobs", params={"platform": "greenhouse"}, headers=me.headers).json()
    job = jobs["items"][0]
    started = http.post("/api/apply", json={"job_id": job["id"]}, headers=me.headers)
    assert started.status_code == 202, started.text
    application_id = started.json()["application_id"]
    assert started.json()["thread_id"] == application_id
    detail = _wait(
        http,
        me,
        f"/api/applications/{application_id}",
        lambda d: d["waiting_for"] == "approval" or d["last_error"] is not None,
    )
    assert detail["last_error"] is None, detail["last_error"]
    return me, detail


def test_apply_review_edit_approve_submits_once(ready: tuple[Server, RunningSandbox]) -> None:
    server, sandbox = ready
    with server.client() as http:
        me, detail = _start_application(http)
        application_id = detail["id"]
        review = detail["review"]
        assert detail["status"] == "ready_for_review"
        assert review["kind"] == "approval"
        assert review["resume_diff"].startswith("--- master resume")
        assert review["needs_human"] == []
        email = next(f for f in review["fields"] if f["name"] == "email")
        assert email["source"] == "candidate.basics.email"
        assert sandbox.submissions() == [], "nothing is sent before the approval"

        letter = "Dear Northwind team,\n\nI would like to build your platform.\n\nPriya"
        edited = http.post(
            f"/api/applications/{application_id}/edit",
            json={"cover_letter": letter},
            headers=me.headers,
        )
        assert edited.status_code == 200, edited.text
        assert "I would like to build your platform." in edited.json()["review"]["cover_letter"]
        assert edited.json()["waiting_for"] == "approval"

        unknown = http.post(
            f"/api/applications/{application_id}/edit",
            json={"fields": {"no_such_field": "x"}},
            headers=me.headers,
        )
        assert unknown.status_code == 422
        assert "no_such_field" in unknown.json()["error"]["message"]

        approved = http.post(f"/api/applications/{application_id}/approve", headers=me.headers)
        assert approved.status_code == 202, approved.text
        done = _wait(
            http,
            me,
            f"/api/applications/{application_id}",
            lambda d: not d["running"] and d["status"] not in ("ready_for_review", "ready"),
        )
        assert done["status"] == "submitted", done
        again = http.post(f"/api/applications/{application_id}/approve", headers=me.headers)
        assert again.status_code == 409
        recent = http.get("/api/events/recent", params={"limit": 500}, headers=me.headers).json()
        assert any(
            e["type"] == "application.submitted" and e["entity_id"] == application_id
            for e in recent
        )
        listed = http.get(
            "/api/applications", params={"status": "submitted"}, headers=me.headers
        ).json()
        assert [a["id"] for a in listed["items"]] == [application_id]
        funnel = http.get("/api/analytics", headers=me.headers).json()
        assert funnel["by_status"]["submitted"] == 1
    submissions = sandbox.submissions()
    assert len(submissions) == 1, "exactly once"
    assert submissions[0].fields["email"] == ["priya.raman@example.org"]


def test_reject_sends_nothing(ready: tuple[Server, RunningSandbox]) -> None:
    server, sandbox = ready
    with server.client() as http:
        me, detail = _start_application(http)
        rejected = http.post(
            f"/api/applications/{detail['id']}/reject",
            json={"reason": "not for me"},
            headers=me.headers,
        )
        assert rejected.status_code == 200, rejected.text
        assert rejected.json()["status"] == "skipped"
        assert rejected.json()["waiting_for"] is None
    assert sandbox.submissions() == []
