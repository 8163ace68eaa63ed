"""Tailoring (the seed's /tailor and /tailor/batch), preferences and analytics over HTTP."""

from __future__ import annotations

import json
from decimal import Decimal

import httpx
from sqlalchemy.orm import Session, sessionmaker

from db.enums import ApplicationStatus
from db.models import Application, LlmUsage
from resumes.candidate import sample_candidate_path
from tests.api.conftest import add_jobs, sign_up

DESCRIPTION = (
    "We run Python services on Kubernetes and PostgreSQL. You will design APIs, own "
    "reliability and mentor engineers."
)


def test_tailor_one_and_many_jobs(client: httpx.Client, db_sessions: sessionmaker[Session]) -> None:
    me = sign_up(client)
    no_resume = client.post("/tailor", json={"job_id": "x:y"}, headers=me.headers)
    assert no_resume.status_code == 404
    job_a, job_b = add_jobs(
        db_sessions,
        [
            {
                "title": "Senior Backend Engineer",
                "company": "Northwind",
                "description_text": DESCRIPTION,
            },
            {"title": "Platform Engineer", "company": "Globex", "description_text": DESCRIPTION},
        ],
    )
    needs_resume = client.post("/tailor", json={"job_id": str(job_a)}, headers=me.headers)
    assert needs_resume.status_code == 422
    assert "resume" in needs_resume.json()["error"]["message"]
    candidate = json.loads(sample_candidate_path().read_text())
    client.post("/api/resumes", json=candidate, headers=me.headers)

    tailored = client.post("/tailor", json={"job_id": str(job_a)}, headers=me.headers)
    assert tailored.status_code == 200, tailored.text
    body = tailored.json()
    assert body["provider"] == "offline"
    assert body["resume"]["basics"]["name"] == "Priya Raman"
    assert "Northwind" in body["cover_letter"]
    assert body["keyword_coverage"]["after"] >= body["keyword_coverage"]["before"]
    kept = client.get("/api/resumes", params={"kind": "tailored"}, headers=me.headers).json()
    assert [(r["id"], r["job_id"]) for r in kept] == [(body["resume_id"], str(job_a))]

    batch = client.post(
        "/tailor/batch",
        json={"job_ids": [str(job_a), "greenhouse:missing", str(job_b)]},
        headers=me.headers,
    ).json()["items"]
    assert [item["ok"] for item in batch] == [True, False, True]
    assert "no job" in batch[1]["error"]
    assert batch[2]["result"]["company"] == "Globex"
    too_many = client.post("/tailor/batch", json={"job_ids": ["a"] * 21}, headers=me.headers)
    assert too_many.status_code == 422


def test_preferences_round_trip(client: httpx.Client) -> None:
    me = sign_up(client)
    defaults = client.get("/api/preferences", headers=me.headers).json()
    assert defaults["auto_approve"] is False
    wanted = {
        "titles": ["Backend Engineer"],
        "locations": ["Berlin", "Remote"],
        "remote": "hybrid",
        "salary_min": 90000,
        "salary_currency": "EUR",
        "platforms": ["lever"],
        "exclude_companies": ["Initech"],
        "auto_approve": True,
        "auto_approve_min_score": 90,
        "search_schedule": "0 8 * * 1-5",
    }
    saved = client.put("/api/preferences", json=wanted, headers=me.headers)
    assert saved.json() == wanted
    assert client.get("/api/preferences", headers=me.headers).json() == wanted
    bad = client.put(
        "/api/preferences", json=wanted | {"salary_currency": "euro"}, headers=me.headers
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["message"].startswith("salary_currency:")


def test_analytics_counts_the_funnel_and_the_spend(
    client: httpx.Client, db_sessions: sessionmaker[Session]
) -> None:
    me, other = sign_up(client), sign_up(client)
    jobs = add_jobs(
        db_sessions,
        [{"platform": "greenhouse"}, {"platform": "greenhouse"}, {"platform": "lever"}, {}],
    )
    statuses = [
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.READY_FOR_REVIEW,
        ApplicationStatus.INTERVIEWING,
    ]
    with db_sessions.begin() as session:
        for job, status in zip(jobs, statuses, strict=False):
            session.add(Application(user_id=me.user_id, job_id=job, status=status))
        session.add(
            Application(user_id=other.user_id, job_id=jobs[3], status=ApplicationStatus.OFFER)
        )
        for user, tokens in ((me.user_id, 1000), (other.user_id, 5)):
            session.add(
                LlmUsage(
                    user_id=user,
                    provider="openai",
                    model="gpt-4o-mini",
                    prompt_tokens=tokens,
                    completion_tokens=100,
                    cached_tokens=0,
                    cost_usd=Decimal("0.0003"),
                )
            )
    report = client.get("/api/analytics", headers=me.headers).json()
    assert report["applications"] == 3
    assert report["by_status"] == {"submitted": 1, "ready_for_review": 1, "interviewing": 1}
    assert report["by_platform"] == {
        "greenhouse": {"submitted": 1, "ready_for_review": 1},
        "lever": {"interviewing": 1},
    }
    reached = {stage["stage"]: stage["reached"] for stage in report["funnel"]}
    assert reached == {
        "discovered": 3,
        "tailored": 3,
        "reviewed": 3,
        "submitted": 2,
        "interviewing": 1,
        "offer": 0,
    }
    assert report["llm"]["total_tokens"] == 1100
    assert report["llm"]["cost_usd"] == 0.0003
    assert report["llm"]["by_model"][0]["model"] == "gpt-4o-mini"
