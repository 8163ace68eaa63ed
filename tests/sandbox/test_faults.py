"""Fault rules: each kind acts exactly ``times`` times, and every request is logged."""

from __future__ import annotations

import json
import time

import pytest
from fastapi.testclient import TestClient

GREENHOUSE = "/greenhouse/v1/boards/northwind/jobs"


def _add(client: TestClient, *rules: dict[str, object]) -> None:
    response = client.post("/_sandbox/faults", json=list(rules))
    assert response.status_code == 200


def test_429_with_retry_after_is_used_up_after_times(client: TestClient) -> None:
    _add(
        client,
        {"platform": "greenhouse", "kind": "status", "status": 429, "retry_after": 3, "times": 2},
    )
    first, second, third = (client.get(GREENHOUSE) for _ in range(3))
    assert first.status_code == second.status_code == 429
    assert first.headers["retry-after"] == "3"
    assert third.status_code == 200
    assert client.get("/_sandbox/faults").json() == {"faults": []}


def test_500_by_default_and_only_for_its_platform(client: TestClient) -> None:
    _add(client, {"platform": "lever", "kind": "status"})
    assert client.get(GREENHOUSE).status_code == 200
    failed = client.get("/lever/v0/postings/parallax")
    assert failed.status_code == 500
    assert "retry-after" not in failed.headers
    assert client.get("/lever/v0/postings/parallax").status_code == 200


def test_path_contains_matches_the_query_string_too(client: TestClient) -> None:
    url = "/linkedin/jobs-guest/jobs/api/seeMoreJobPostings/search"
    _add(client, {"path_contains": "start=10", "status": 503})
    assert client.get(url, params={"start": 0}).status_code == 200
    assert client.get(url, params={"start": 10}).status_code == 503
    assert client.get(url, params={"start": 10}).status_code == 200


def test_stall_delays_then_answers(client: TestClient) -> None:
    _add(client, {"platform": "ashby", "kind": "stall", "stall_s": 0.4})
    url = "/ashby/posting-api/job-board/stratus"
    began = time.monotonic()
    slow = client.get(url)
    slow_s = time.monotonic() - began
    began = time.monotonic()
    fast = client.get(url)
    fast_s = time.monotonic() - began
    assert slow.status_code == fast.status_code == 200
    assert slow.json() == fast.json()
    assert slow_s >= 0.4
    assert fast_s < 0.4


@pytest.mark.parametrize(
    "url",
    [
        GREENHOUSE,
        "/remoteok/api",
        "/remotive/api/remote-jobs",
        "/hn/api/v1/search_by_date?tags=story",
    ],
)
def test_malformed_json_does_not_parse(client: TestClient, url: str) -> None:
    good = client.get(url)
    _add(client, {"kind": "malformed"})
    bad = client.get(url)
    assert bad.status_code == 200
    assert bad.headers["content-type"].startswith("application/json")
    assert len(bad.content) < len(good.content)
    with pytest.raises(json.JSONDecodeError):
        json.loads(bad.content)
    assert client.get(url).json() == good.json()


@pytest.mark.parametrize(
    ("url", "marker"),
    [
        ("/glassdoor/Job/jobs.htm", '<script id="__NEXT_DATA__" type="application/json">'),
        ("/wellfound/jobs", '<script id="__NEXT_DATA__" type="application/json">'),
        ("/indeed/jobs", 'window.mosaic.providerData["mosaic-provider-jobcards"]='),
    ],
)
def test_malformed_html_keeps_the_page_but_breaks_its_json(
    client: TestClient, url: str, marker: str
) -> None:
    _add(client, {"kind": "malformed", "path_contains": url})
    bad = client.get(url)
    assert bad.status_code == 200
    assert bad.text.rstrip().endswith("</html>")
    embedded = bad.text.split(marker, 1)[1].split("</script>", 1)[0].rstrip().removesuffix(";")
    with pytest.raises(json.JSONDecodeError):
        json.loads(embedded)
    good = client.get(url).text
    embedded = good.split(marker, 1)[1].split("</script>", 1)[0].strip().removesuffix(";")
    assert json.loads(embedded)


def test_blocked_indeed_shows_the_captcha(client: TestClient) -> None:
    _add(client, {"platform": "indeed", "kind": "blocked"})
    blocked = client.get("/indeed/jobs?q=python")
    assert blocked.status_code == 403
    assert 'id="challenge-form"' in blocked.text
    assert client.get("/indeed/jobs?q=python").status_code == 200


def test_rules_are_validated(client: TestClient) -> None:
    assert client.post("/_sandbox/faults", json=[{"kind": "explode"}]).status_code == 422
    assert client.post("/_sandbox/faults", json=[{"times": 0}]).status_code == 422
    assert client.get("/_sandbox/faults").json() == {"faults": []}


def test_request_log_and_reset(client: TestClient) -> None:
    _add(client, {"platform": "remotive", "status": 502})
    client.get("/remotive/api/remote-jobs?search=python&limit=2")
    client.get(GREENHOUSE)
    client.post("/workday/wday/cxs/granitebank/External/jobs", json={"limit": 5})
    client.get("/no/such/thing")
    log = client.get("/_sandbox/requests").json()
    assert [(e["method"], e["path"], e["platform"], e["status"]) for e in log] == [
        ("GET", "/remotive/api/remote-jobs", "remotive", 502),
        ("GET", GREENHOUSE, "greenhouse", 200),
        ("POST", "/workday/wday/cxs/granitebank/External/jobs", "workday", 200),
        ("GET", "/no/such/thing", None, 404),
    ]
    assert log[0]["query"] == "search=python&limit=2"
    assert all(e["at"] for e in log)
    only = client.get("/_sandbox/requests", params={"platform": "greenhouse"}).json()
    assert [e["path"] for e in only] == [GREENHOUSE]
    _add(client, {"status": 500, "times": 5})
    assert client.post("/_sandbox/reset").json() == {"ok": True}
    assert client.get("/_sandbox/requests").json() == []
    assert client.get("/_sandbox/faults").json() == {"faults": []}
    assert client.get(GREENHOUSE).status_code == 200
