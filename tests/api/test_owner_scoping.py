"""User A's things are invisible and untouchable for user B: resumes, applications, chat
threads, events, tasks, preferences and secrets. Every refusal is a 404, so B cannot even
learn that an id exists."""

from __future__ import annotations

import json
import uuid

import httpx
from sqlalchemy.orm import Session, sessionmaker

from db.enums import ApplicationStatus, EventType
from db.models import Application
from db.repositories import events, tasks
from resumes.candidate import sample_candidate_path
from tests.api.conftest import Account, add_jobs, sign_up, sse_events


def _not_found(response: httpx.Response) -> None:
    assert response.status_code == 404, response.text
    assert response.json()["error"]["code"] == "not_found"


def _chat(http: httpx.Client, account: Account, body: dict[str, object]) -> str:
    with http.stream("POST", "/api/chat", json=body, headers=account.headers) as response:
        assert response.status_code == 200, response.read()
        got = sse_events(response, until=lambda seen: seen[-1]["event"] == "done")
    assert got[-1]["event"] == "done"
    thread_id: str = got[-1]["data"]["thread_id"]
    return thread_id


def test_a_user_never_reads_or_changes_another_users_things(
    client: httpx.Client, db_sessions: sessionmaker[Session]
) -> None:
    alice, bob = sign_up(client), sign_up(client)
    candidate = json.loads(sample_candidate_path().read_text())

    resume = client.post("/api/resumes", json=candidate, headers=alice.headers).json()["resume"]
    prefs = {"titles": ["Staff Engineer"], "remote": "remote", "auto_approve": True}
    assert client.put("/api/preferences", json=prefs, headers=alice.headers).status_code == 200
    secret = client.put(
        "/api/secrets/platform_credentials/linkedin",
        json={"value": "alice-password"},
        headers=alice.headers,
    )
    assert secret.status_code == 200
    thread_id = _chat(client, alice, {"message": "list my applications", "provider": "offline"})
    [job_id] = add_jobs(db_sessions, [{"title": "Platform Engineer"}])
    with db_sessions.begin() as session:
        application = Application(
            user_id=alice.user_id,
            job_id=job_id,
            status=ApplicationStatus.READY_FOR_REVIEW,
            match_score=90.0,
            evidence={"review": {"kind": "approval", "fields": [], "needs_human": []}},
        )
        session.add(application)
        session.flush()
        application.thread_id = str(application.id)
        app_id, app_thread = application.id, application.thread_id
        task_id = tasks.create(session, alice.user_id, "search", {"sources": []}).id
        event_id = events.append(
            session, EventType.STATUS_UPDATED, user_id=alice.user_id, payload={"secret": "a"}
        ).id

    # Alice sees all of it.
    assert client.get(f"/api/resumes/{resume['id']}", headers=alice.headers).status_code == 200
    assert client.get(f"/api/applications/{app_id}", headers=alice.headers).status_code == 200
    assert client.get(f"/api/chat/{thread_id}", headers=alice.headers).status_code == 200
    assert client.get(f"/api/tasks/{task_id}", headers=alice.headers).status_code == 200

    # Bob reads none of it ...
    _not_found(client.get(f"/api/resumes/{resume['id']}", headers=bob.headers))
    _not_found(client.get(f"/api/applications/{app_id}", headers=bob.headers))
    _not_found(client.get(f"/api/chat/{thread_id}", headers=bob.headers))
    _not_found(client.get(f"/api/tasks/{task_id}", headers=bob.headers))
    assert client.get("/api/resumes", headers=bob.headers).json() == []
    assert client.get("/api/applications", headers=bob.headers).json()["total"] == 0
    assert client.get("/api/chat", headers=bob.headers).json() == []
    assert client.get("/api/secrets", headers=bob.headers).json() == []
    bob_prefs = client.get("/api/preferences", headers=bob.headers).json()
    assert bob_prefs["titles"] == []
    assert bob_prefs["auto_approve"] is False
    recent = client.get("/api/events/recent", headers=bob.headers).json()
    assert all(e["id"] != str(event_id) for e in recent)
    after = client.get(f"/api/events?after={event_id}", headers=bob.headers)
    _not_found(after)
    jobs = client.get("/api/jobs", headers=bob.headers).json()["items"]
    assert [j["match_score"] for j in jobs] == [None], "Alice's match score is hers alone"
    assert client.get("/api/analytics", headers=bob.headers).json()["applications"] == 0

    # ... and changes none of it.
    _not_found(
        client.patch(f"/api/resumes/{resume['id']}", json={"label": "x"}, headers=bob.headers)
    )
    _not_found(client.delete(f"/api/resumes/{resume['id']}", headers=bob.headers))
    for action in ("approve", "reject", "retry"):
        _not_found(client.post(f"/api/applications/{app_id}/{action}", headers=bob.headers))
    _not_found(
        client.post(
            f"/api/applications/{app_id}/edit", json={"fields": {"a": "b"}}, headers=bob.headers
        )
    )
    _not_found(client.delete("/api/secrets/platform_credentials/linkedin", headers=bob.headers))
    for foreign in (thread_id, app_thread, f"chat-{uuid.uuid4().hex}"):
        _not_found(
            client.post(
                "/api/chat", json={"thread_id": foreign, "message": "hi"}, headers=bob.headers
            )
        )
        _not_found(
            client.post(
                f"/api/chat/{foreign}/resume",
                json={"answer": {"action": "approve"}},
                headers=bob.headers,
            )
        )
    apply = client.post("/api/apply", json={"job_id": str(job_id)}, headers=bob.headers)
    assert apply.status_code == 409, "Bob has no resume; Alice's is not his"

    # Alice's things are as she left them.
    assert client.get(f"/api/resumes/{resume['id']}", headers=alice.headers).json()["label"] != "x"
    assert client.get("/api/preferences", headers=alice.headers).json()["titles"] == [
        "Staff Engineer"
    ]
    assert len(client.get("/api/secrets", headers=alice.headers).json()) == 1
    with db_sessions() as session:
        row = session.get(Application, app_id)
        assert row is not None
        assert row.status is ApplicationStatus.READY_FOR_REVIEW
