"""Jobs over HTTP: filters, full-text q, sort by your match, pagination, one job, and a search
that runs in the background against the sandbox and reports through its task and events."""

from __future__ import annotations

import time
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy.orm import Session, sessionmaker

from db.enums import WorkplaceType
from db.repositories.applications import upsert_match_scores
from sandbox.server import RunningSandbox
from tests.api.conftest import Account, Serve, add_jobs, sign_up
from tests.tools.helpers import use_sandbox


@pytest.fixture
def catalogue(db_sessions: sessionmaker[Session]) -> list[uuid.UUID]:
    specs: list[dict[str, Any]] = [
        {"title": "Senior Python Engineer", "company": "Acme", "platform": "greenhouse"},
        {"title": "Python Data Engineer", "company": "Globex", "platform": "lever"},
        {
            "title": "Frontend Developer",
            "company": "Acme",
            "platform": "lever",
            "workplace_type": WorkplaceType.ONSITE,
            "locations": ["Berlin"],
        },
        {
            "title": "Site Reliability Engineer",
            "company": "Initech",
            "platform": "ashby",
            "description_text": "Kubernetes and Python on call.",
        },
        *({"title": f"Backend Engineer {n}", "company": "Umbrella"} for n in range(8)),
    ]
    return add_jobs(db_sessions, specs)


def _titles(page: dict[str, Any]) -> list[str]:
    return [item["title"] for item in page["items"]]


def _get(http: httpx.Client, account: Account, **params: Any) -> dict[str, Any]:
    response = http.get("/api/jobs", params=params, headers=account.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_filters_full_text_and_pagination(client: httpx.Client, catalogue: list[uuid.UUID]) -> None:
    me = sign_up(client)
    everything = _get(client, me, limit=5, count="true")
    assert everything["total"] == 12
    assert len(everything["items"]) == 5
    assert everything["has_more"] is True
    pages = [_get(client, me, limit=5, offset=offset) for offset in (0, 5, 10)]
    assert [page["has_more"] for page in pages] == [True, True, False]
    assert [page["total"] for page in pages] == [None] * 3, "counted only when asked"
    flat = [title for page in pages for title in _titles(page)]
    assert len(flat) == 12
    assert len(set(flat)) == 12, "pages neither overlap nor skip"
    assert _get(client, me, platform="lever", count="true")["total"] == 2
    assert _get(client, me, company="acme", count="true")["total"] == 2
    onsite = _get(client, me, workplace="onsite")
    assert _titles(onsite) == ["Frontend Developer"]
    python = _get(client, me, q="python")
    assert set(_titles(python)) == {
        "Senior Python Engineer",
        "Python Data Engineer",
        "Site Reliability Engineer",
    }, "q searches title, company and the description's opening"
    assert _titles(_get(client, me, q="python data")) == ["Python Data Engineer"]
    assert _get(client, me, q="nothing-like-this", count="true")["total"] == 0
    bad = client.get("/api/jobs", params={"limit": 1000}, headers=me.headers)
    assert bad.status_code == 422
    assert bad.json()["error"]["message"].startswith("query.limit:")
    assert client.get("/api/jobs", params={"sort": "best"}, headers=me.headers).status_code == 422


def test_sort_by_your_match_score(
    client: httpx.Client, catalogue: list[uuid.UUID], db_sessions: sessionmaker[Session]
) -> None:
    me, other = sign_up(client), sign_up(client)
    with db_sessions.begin() as session:
        upsert_match_scores(
            session,
            me.user_id,
            [(catalogue[3], 91.0, ["python"]), (catalogue[0], 75.0, []), (catalogue[5], 40.0, [])],
        )
        upsert_match_scores(session, other.user_id, [(catalogue[5], 99.0, [])])
    best = _get(client, me, sort="match", limit=3)["items"]
    assert [item["id"] for item in best] == [str(catalogue[i]) for i in (3, 0, 5)]
    assert [item["match_score"] for item in best] == [91.0, 75.0, 40.0]
    assert all(item["application_status"] == "discovered" for item in best)
    ranked = _get(client, me, sort="match", count="true")
    assert ranked["total"] == 3, "sort=match lists the jobs ranked for you"
    assert ranked["has_more"] is False
    good = _get(client, me, min_score=70, count="true")
    assert good["total"] == 2
    theirs = _get(client, other, sort="match", limit=1)["items"][0]
    assert theirs["id"] == str(catalogue[5])
    assert theirs["match_score"] == 99.0


def test_one_job_in_full(
    client: httpx.Client, catalogue: list[uuid.UUID], db_sessions: sessionmaker[Session]
) -> None:
    me = sign_up(client)
    with db_sessions.begin() as session:
        upsert_match_scores(session, me.user_id, [(catalogue[3], 88.0, ["Kubernetes"])])
    job = client.get(f"/api/jobs/{catalogue[3]}", headers=me.headers).json()
    assert job["title"] == "Site Reliability Engineer"
    assert job["description"] == "Kubernetes and Python on call."
    assert job["match_score"] == 88.0
    assert job["match_reasons"] == ["Kubernetes"]
    missing = client.get(f"/api/jobs/{uuid.uuid4()}", headers=me.headers)
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"


def _wait_for_task(http: httpx.Client, account: Account, task_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        task: dict[str, Any] = http.get(f"/api/tasks/{task_id}", headers=account.headers).json()
        if task["state"] in ("succeeded", "failed"):
            return task
        time.sleep(0.1)
    raise AssertionError(f"task {task_id} did not finish")


def test_a_search_runs_in_the_background_and_reports_through_events(
    serve: Serve, clean_sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_sandbox(monkeypatch, clean_sandbox)
    server = serve()
    with server.client() as http:
        me = sign_up(http)
        started = http.post(
            "/api/jobs/search",
            json={"boards": ["greenhouse:northwind"], "limit": 20},
            headers=me.headers,
        )
        assert started.status_code == 202, started.text
        task = _wait_for_task(http, me, started.json()["id"])
        assert task["state"] == "succeeded", task
        assert task["result"]["new"] > 0
        listed = _get(http, me, platform="greenhouse", count="true")
        assert listed["total"] == task["result"]["found"]
        recent = http.get("/api/events/recent", params={"limit": 500}, headers=me.headers).json()
        discovered = [e for e in recent if e["type"] == "job.discovered"]
        assert len(discovered) == task["result"]["new"]
        [done] = [e for e in recent if e["entity_type"] == "search"]
        assert done["entity_id"] == task["id"]
        assert done["payload"]["kind"] == "search.finished"
        assert done["payload"]["new"] == task["result"]["new"]
        other = sign_up(http)
        assert http.get(f"/api/tasks/{task['id']}", headers=other.headers).status_code == 404


def test_a_search_with_an_unknown_source_is_refused_up_front(client: httpx.Client) -> None:
    me = sign_up(client)
    response = client.post("/api/jobs/search", json={"sources": ["myspace"]}, headers=me.headers)
    assert response.status_code == 422
    assert "unknown source" in response.json()["error"]["message"]
