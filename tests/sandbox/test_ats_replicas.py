"""The ATS replicas answer in their platforms' real formats, paginate and 404 as those do."""

from __future__ import annotations

import html
import re
from typing import Any

from fastapi.testclient import TestClient

from sandbox.catalogue import Catalogue

ROOT = "http://testserver"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def test_greenhouse_board_list(client: TestClient, catalogue: Catalogue) -> None:
    expected = catalogue.postings("greenhouse", "northwind")
    data = client.get("/greenhouse/v1/boards/northwind/jobs", params={"content": "true"}).json()
    assert data["meta"] == {"total": len(expected)}
    assert [str(j["id"]) for j in data["jobs"]] == [p.external_id for p in expected]
    job = data["jobs"][0]
    for key in ("internal_job_id", "requisition_id", "company_name", "metadata", "offices"):
        assert key in job
    assert isinstance(job["id"], int)
    assert job["absolute_url"] == f"{ROOT}/greenhouse-boards/northwind/jobs/{job['id']}"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-05:00", job["updated_at"])
    assert job["content"].startswith("&lt;p&gt;")
    assert "<" not in job["content"]
    assert "<li>" in html.unescape(job["content"])
    assert job["departments"][0]["name"] in (
        "Engineering",
        "Data",
        "Design",
        "Product",
        "Infrastructure",
        "Security",
    )
    assert isinstance(job["location"]["name"], str)


def test_greenhouse_content_only_when_asked(client: TestClient) -> None:
    jobs = client.get("/greenhouse/v1/boards/northwind/jobs").json()["jobs"]
    assert all("content" not in job for job in jobs)


def test_greenhouse_job_with_questions(client: TestClient, catalogue: Catalogue) -> None:
    posting = catalogue.postings("greenhouse", "bluefin")[0]
    url = f"/greenhouse/v1/boards/bluefin/jobs/{posting.external_id}"
    data = client.get(url, params={"questions": "true"}).json()
    assert data["title"] == posting.title
    fields = {f["name"]: f for q in data["questions"] for f in q["fields"]}
    for name in ("first_name", "last_name", "email", "phone", "resume", "cover_letter"):
        assert name in fields
    assert fields["resume"]["type"] == "input_file"
    types = {f["type"] for f in fields.values()}
    assert {
        "input_text",
        "input_file",
        "textarea",
        "multi_value_single_select",
        "multi_value_multi_select",
    } <= types
    labels = " ".join(q["label"] for q in data["questions"])
    assert "LinkedIn" in labels
    assert "sponsorship" in labels
    assert data["location_questions"] == []
    assert {s["type"] for s in data["compliance"]} == {"eeoc"}
    eeoc = {f["name"] for s in data["compliance"] for q in s["questions"] for f in q["fields"]}
    assert eeoc == {"gender", "hispanic_ethnicity", "race", "veteran_status", "disability_status"}
    assert data["demographic_questions"] is None
    assert "questions" not in client.get(url).json()


def test_greenhouse_404s(client: TestClient, catalogue: Catalogue) -> None:
    response = client.get("/greenhouse/v1/boards/no-such-board/jobs")
    assert response.status_code == 404
    assert response.json() == {"status": 404, "error": "Job board not found"}
    lever_company = next(c.slug for c in catalogue.companies if c.ats == "lever")
    assert client.get(f"/greenhouse/v1/boards/{lever_company}/jobs").status_code == 404
    assert client.get("/greenhouse/v1/boards/northwind/jobs/1").status_code == 404


def test_lever_list_and_pagination(client: TestClient, catalogue: Catalogue) -> None:
    expected = [p.external_id for p in catalogue.postings("lever", "parallax")]
    assert len(expected) > 5
    full = client.get("/lever/v0/postings/parallax", params={"mode": "json"}).json()
    assert isinstance(full, list)
    assert [p["id"] for p in full] == expected
    pages: list[str] = []
    for skip in range(0, len(expected), 3):
        page = client.get(
            "/lever/v0/postings/parallax", params={"mode": "json", "skip": skip, "limit": 3}
        ).json()
        assert len(page) <= 3
        pages += [p["id"] for p in page]
    assert pages == expected
    posting = full[0]
    assert UUID.match(posting["id"])
    assert set(posting["categories"]) >= {
        "location",
        "team",
        "department",
        "commitment",
        "allLocations",
    }
    assert posting["workplaceType"] in ("onsite", "remote", "hybrid", "unspecified")
    assert isinstance(posting["createdAt"], int)
    assert posting["createdAt"] > 1_700_000_000_000
    assert posting["hostedUrl"] == f"{ROOT}/lever-jobs/parallax/{posting['id']}"
    assert posting["applyUrl"] == posting["hostedUrl"] + "/apply"
    requirements = next(x for x in posting["lists"] if x["text"] == "Requirements")
    assert requirements["content"].startswith("<li>")
    assert "<" not in posting["descriptionPlain"]


def test_lever_salary_range_on_some(client: TestClient) -> None:
    postings = [
        p
        for site in ("parallax", "kestrel", "orchard", "quarry")
        for p in client.get(f"/lever/v0/postings/{site}").json()
    ]
    ranges = [p["salaryRange"] for p in postings if "salaryRange" in p]
    assert 0 < len(ranges) < len(postings)
    assert {r["interval"] for r in ranges} <= {"per-year-salary", "per-hour-wage"}
    assert all(r["min"] <= r["max"] for r in ranges)


def test_lever_filters(client: TestClient) -> None:
    everything = client.get("/lever/v0/postings/orchard").json()
    commitment = everything[0]["categories"]["commitment"]
    kept = client.get("/lever/v0/postings/orchard", params={"commitment": commitment}).json()
    assert kept
    assert all(p["categories"]["commitment"] == commitment for p in kept)
    assert len(kept) == sum(1 for p in everything if p["categories"]["commitment"] == commitment)


def test_lever_regions_are_separate(client: TestClient) -> None:
    assert client.get("/lever-eu/v0/postings/brightwell").status_code == 200
    missing = client.get("/lever-eu/v0/postings/parallax")
    assert missing.status_code == 404
    assert missing.json() == {"ok": False, "error": "Document not found"}
    assert client.get("/lever/v0/postings/brightwell").status_code == 404
    eu = client.get("/lever-eu/v0/postings/brightwell").json()[0]
    assert eu["hostedUrl"].startswith(f"{ROOT}/lever-eu-jobs/brightwell/")


def test_ashby_board(client: TestClient, catalogue: Catalogue) -> None:
    url = "/ashby/posting-api/job-board/stratus"
    data = client.get(url, params={"includeCompensation": "true"}).json()
    assert data["apiVersion"] == "1"
    assert len(data["jobs"]) == len(catalogue.postings("ashby", "stratus"))
    job = data["jobs"][0]
    assert UUID.match(job["id"])
    assert job["employmentType"] in ("FullTime", "PartTime", "Contract", "Intern")
    assert job["workplaceType"] in ("Remote", "Hybrid", "OnSite")
    assert job["isListed"] is True
    assert job["applyUrl"] == f"{ROOT}/ashby-jobs/stratus/{job['id']}/application"
    paid = [j for j in data["jobs"] if j["compensation"]["summaryComponents"]]
    assert paid
    component = paid[0]["compensation"]["summaryComponents"][0]
    assert component["compensationType"] == "Salary"
    assert component["minValue"] <= component["maxValue"]
    assert " – " in paid[0]["compensation"]["compensationTierSummary"]
    plain = client.get(url).json()["jobs"]
    assert all(j["compensation"] is None for j in plain)


def test_ashby_unknown_board(client: TestClient) -> None:
    assert client.get("/ashby/posting-api/job-board/nobody").status_code == 404


def _all_smartrecruiters(client: TestClient, company: str, limit: int) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    offset = 0
    while True:
        page = client.get(
            f"/smartrecruiters/v1/companies/{company}/postings",
            params={"offset": offset, "limit": limit},
        ).json()
        found += page["content"]
        offset += limit
        if offset >= page["totalFound"]:
            return found


def test_smartrecruiters_list_detail_and_pagination(
    client: TestClient, catalogue: Catalogue
) -> None:
    expected = [p.external_id for p in catalogue.postings("smartrecruiters", "harborview")]
    assert [p["id"] for p in _all_smartrecruiters(client, "harborview", 4)] == expected
    first = client.get("/smartrecruiters/v1/companies/harborview/postings").json()
    assert first["totalFound"] == len(expected)
    assert first["limit"] == 10
    item = first["content"][0]
    assert item["company"]["identifier"] == "harborview"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z", item["releasedDate"])
    assert item["location"]["country"] == item["location"]["country"].lower()
    assert item["typeOfEmployment"]["id"] in ("permanent", "contract", "part_time", "intern")
    detail = client.get(item["ref"].removeprefix(ROOT)).json()
    sections = detail["jobAd"]["sections"]
    assert set(sections) == {
        "companyDescription",
        "jobDescription",
        "qualifications",
        "additionalInformation",
    }
    assert "<li>" in sections["qualifications"]["text"]
    assert detail["postingUrl"].startswith(f"{ROOT}/smartrecruiters-jobs/harborview/")
    assert detail["applyUrl"].startswith(f"{ROOT}/smartrecruiters-jobs/oneclick-ui/")


def test_smartrecruiters_query_and_empty_companies(client: TestClient) -> None:
    base = "/smartrecruiters/v1/companies"
    everything = client.get(f"{base}/meridian/postings", params={"limit": 100}).json()["content"]
    word = everything[0]["name"].split()[-1]
    found = client.get(f"{base}/meridian/postings", params={"q": word, "limit": 100}).json()
    assert found["content"]
    assert all(word.lower() in p["name"].lower() for p in found["content"])
    for company in ("no-such-company", "northwind"):
        empty = client.get(f"{base}/{company}/postings")
        assert empty.status_code == 200
        assert empty.json()["content"] == []
        assert empty.json()["totalFound"] == 0


def _workday(client: TestClient, **body: Any) -> Any:
    payload = {"appliedFacets": {}, "limit": 20, "offset": 0, "searchText": ""} | body
    return client.post("/workday/wday/cxs/granitebank/External/jobs", json=payload)


def test_workday_pagination_and_total_quirk(client: TestClient, catalogue: Catalogue) -> None:
    expected = catalogue.postings("workday", "granitebank")
    assert len(expected) > 20
    first = _workday(client).json()
    second = _workday(client, offset=20).json()
    assert first["total"] == len(expected)
    assert second["total"] == 0
    assert len(first["jobPostings"]) == 20
    assert len(first["jobPostings"]) + len(second["jobPostings"]) == len(expected)
    item = first["jobPostings"][0]
    assert re.fullmatch(r"/job/[^/]+/[^/]+_R\d+", item["externalPath"])
    assert item["bulletFields"] == [item["externalPath"].rsplit("_", 1)[1]]
    posted = {p["postedOn"] for p in first["jobPostings"] + second["jobPostings"]}
    assert all(
        re.fullmatch(r"Posted (Today|Yesterday|\d+ Days Ago|30\+ Days Ago)", p) for p in posted
    )
    assert any(" Days Ago" in p for p in posted)
    assert _workday(client, limit=50).status_code == 400


def test_workday_search_text_and_detail(client: TestClient) -> None:
    everything = _workday(client).json()["jobPostings"]
    word = everything[0]["title"].split()[-1]
    found = _workday(client, searchText=word).json()
    assert found["jobPostings"]
    assert all(word.lower() in p["title"].lower() for p in found["jobPostings"])
    path = everything[0]["externalPath"]
    detail = client.get(f"/workday/wday/cxs/granitebank/External{path}").json()
    info = detail["jobPostingInfo"]
    assert info["title"] == everything[0]["title"]
    assert info["jobReqId"] == everything[0]["bulletFields"][0]
    assert info["timeType"] in ("Full time", "Part time")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", info["startDate"])
    assert info["externalUrl"] == f"{ROOT}/workday-sites/granitebank/External{path}"
    assert detail["hiringOrganization"]["name"] == "Granite Bank"
    assert "<p>" in info["jobDescription"]


def test_workday_multi_location_and_404s(client: TestClient) -> None:
    texts = {p["locationsText"] for p in _workday(client).json()["jobPostings"]} | {
        p["locationsText"] for p in _workday(client, offset=20).json()["jobPostings"]
    }
    assert "2 Locations" in texts
    assert "Remote - USA" in texts or "Remote" in texts
    payload = {"appliedFacets": {}, "limit": 20, "offset": 0, "searchText": ""}
    assert client.post("/workday/wday/cxs/nobody/External/jobs", json=payload).status_code == 404
    assert (
        client.post("/workday/wday/cxs/granitebank/Internal/jobs", json=payload).status_code == 404
    )
    assert client.get("/workday/wday/cxs/granitebank/External/job/X/Y_R1").status_code == 404
