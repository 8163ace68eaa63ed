"""Chat over SSE end to end: a scripted model drives the supervisor through the real app,
the stream carries token, step, interrupt and done events, an approval is answered through
the resume endpoint, and the history keeps the conversation."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from langchain_core.messages import AIMessage, BaseMessage, ToolMessage
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db.enums import OutreachStatus
from db.models import Outreach
from resumes.candidate import sample_candidate_path
from tests.agents.helpers import ScriptedModel, call, route
from tests.api.conftest import Account, Serve, add_jobs, sign_up, sse_events


def _turn(
    http: httpx.Client, account: Account, path: str, body: dict[str, Any]
) -> tuple[list[dict[str, Any]], httpx.Headers]:
    with http.stream("POST", path, json=body, headers=account.headers) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        events = sse_events(response, until=lambda seen: seen[-1]["event"] == "done")
        return events, response.headers


def _kinds(events: list[dict[str, Any]]) -> list[str]:
    return [e["event"] for e in events]


def _text(events: list[dict[str, Any]]) -> str:
    return "".join(e["data"]["text"] for e in events if e["event"] == "token")


def test_a_turn_streams_steps_tokens_and_done_and_the_thread_remembers(
    serve: Serve, db_sessions: sessionmaker[Session]
) -> None:
    add_jobs(db_sessions, [{"title": "Platform Engineer"}, {"title": "Data Engineer"}])
    model = ScriptedModel(
        responses=[
            route("search", task="List the stored jobs."),
            call("list_jobs"),
            AIMessage("Two jobs are stored: Platform Engineer and Data Engineer."),
            route("finish"),
            route("finish", reply="You asked about stored jobs."),
        ]
    )
    server = serve(chat_model=model)
    with server.client() as http:
        me = sign_up(http)
        events, headers = _turn(http, me, "/api/chat", {"message": "what jobs do I have?"})
        thread_id = headers["x-thread-id"]
        assert thread_id.startswith("chat-")
        steps = [e["data"] for e in events if e["event"] == "step"]
        assert {"kind": "tool_call", "agent": "search", "tool": "list_jobs", "args": {}} in steps
        assert {
            "kind": "tool_result",
            "agent": "search",
            "tool": "list_jobs",
            "status": "done",
        } in (steps)
        assert {"kind": "agent", "agent": "search"} in steps
        assert "Two jobs are stored" in _text(events)
        assert events[-1] == {
            "event": "done",
            "data": {"thread_id": thread_id, "waiting": False},
        }
        assert "route" not in _text(events), "the router's JSON is never streamed"

        again, _ = _turn(
            http, me, "/api/chat", {"thread_id": thread_id, "message": "what did I ask?"}
        )
        assert _text(again) == "You asked about stored jobs."
        history = http.get(f"/api/chat/{thread_id}", headers=me.headers).json()
        assert [(m["role"], m["name"]) for m in history["messages"]] == [
            ("user", None),
            ("assistant", "search"),
            ("user", None),
            ("assistant", "supervisor"),
        ]
        assert history["title"] == "what jobs do I have?"
        assert history["waiting"] == []
        listed = http.get("/api/chat", headers=me.headers).json()
        assert [t["thread_id"] for t in listed] == [thread_id]
    assert model.done


def _outreach_id(prompt: list[BaseMessage]) -> str:
    for message in reversed(prompt):
        if isinstance(message, ToolMessage):
            return str(json.loads(str(message.content))["outreach_id"])
    raise AssertionError("no draft yet")


def test_an_approval_interrupt_is_streamed_and_answered_through_resume(
    serve: Serve, db_sessions: sessionmaker[Session]
) -> None:
    [job_id] = add_jobs(db_sessions, [{"title": "Staff Engineer", "company": "Northwind Labs"}])
    model = ScriptedModel(
        responses=[
            route("outreach", task=f"Write to the recruiter of job {job_id} and send it."),
            call(
                "draft_outreach",
                job_id=str(job_id),
                recipient_name="Dana Smith",
                recipient_email="dana@northwind.example",
            ),
            lambda prompt: call("send_outreach", outreach_id=_outreach_id(prompt)),
            AIMessage("Not sent: you rejected it."),
            route("finish"),
        ]
    )
    server = serve(chat_model=model, smtp_host="127.0.0.1", smtp_port=9)
    with server.client() as http:
        me = sign_up(http)
        candidate = json.loads(sample_candidate_path().read_text())
        assert http.post("/api/resumes", json=candidate, headers=me.headers).status_code == 201
        events, headers = _turn(http, me, "/api/chat", {"message": "email the recruiter"})
        thread_id = headers["x-thread-id"]
        [waiting] = [e["data"] for e in events if e["event"] == "interrupt"]
        assert waiting["value"]["action"] == "send_outreach"
        assert waiting["value"]["to"]["email"] == "dana@northwind.example"
        assert events[-1]["data"] == {"thread_id": thread_id, "waiting": True}

        busy = http.post(
            "/api/chat", json={"thread_id": thread_id, "message": "hello?"}, headers=me.headers
        )
        assert busy.status_code == 409
        assert "resume" in busy.json()["error"]["message"]
        history = http.get(f"/api/chat/{thread_id}", headers=me.headers).json()
        assert [w["id"] for w in history["waiting"]] == [waiting["id"]]

        answered, _ = _turn(
            http,
            me,
            f"/api/chat/{thread_id}/resume",
            {"answer": {"action": "reject", "reason": "not now"}},
        )
        assert "Not sent" in _text(answered)
        assert answered[-1]["data"] == {"thread_id": thread_id, "waiting": False}
        nothing = http.post(
            f"/api/chat/{thread_id}/resume",
            json={"answer": {"action": "approve"}},
            headers=me.headers,
        )
        assert nothing.status_code == 409
    with db_sessions() as session:
        statuses = session.scalars(select(Outreach.status)).all()
    assert statuses == [OutreachStatus.DRAFT], "a rejected email is never sent"


def test_offline_chat_works_without_a_model(client: httpx.Client) -> None:
    me = sign_up(client)
    events, _ = _turn(client, me, "/api/chat", {"message": "list my applications"})
    kinds = _kinds(events)
    assert kinds[-1] == "done"
    assert "error" not in kinds
    calls = [e["data"]["tool"] for e in events if e["data"].get("kind") == "tool_call"]
    assert calls == ["list_applications"]
    assert _text(events), "the offline model's reply streams as tokens"


@pytest.mark.parametrize("body", [{"message": ""}, {"message": "x" * 9000}, {"thread_id": 1}])
def test_bad_chat_input_is_one_clear_error(client: httpx.Client, body: dict[str, Any]) -> None:
    me = sign_up(client)
    response = client.post("/api/chat", json=body, headers=me.headers)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"
