"""The aggregator replicas: real formats, pagination, filters, and links back to the ATS."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from lxml import html as lxml_html

from sandbox.catalogue import CATALOGUE_NOW, Catalogue
from tests.helpers import ROOT as PROJECT_ROOT

ROOT = "http://testserver"
REAL = PROJECT_ROOT.parent / "shared" / "real" / "remote_boards"
ATS_PAGES = re.compile(
    rf"^{ROOT}/(greenhouse-boards|lever-jobs|lever-eu-jobs|ashby-jobs|smartrecruiters-jobs|"
    r"workday-sites)/"
)


def _fragments(body: str) -> list[Any]:
    """HTML elements, typed loosely: lxml's stubs do not know HtmlElement's methods."""
    return list(lxml_html.fragments_fromstring(body))


def _document(body: str) -> Any:
    return lxml_html.fromstring(body)


def _real(name: str) -> Any:
    path = REAL / name
    if not path.exists():
        pytest.skip(f"{path} is not here (the real captures are optional outside CI)")
    return json.loads(Path(path).read_text())


def _types(item: dict[str, Any]) -> dict[str, type]:
    return {key: type(value) for key, value in item.items()}


def test_remoteok_feed_matches_the_real_shape(client: TestClient, catalogue: Catalogue) -> None:
    feed = client.get("/remoteok/api").json()
    assert set(feed[0]) == {"last_updated", "legal"}
    jobs = feed[1:]
    assert [j["id"] for j in jobs] == [p.external_id for p in catalogue.postings("remoteok")]
    real = _real("remoteok.json")
    assert set(real[0]) == set(feed[0])
    for job in jobs:
        assert _types(job) == _types(real[1])
        assert job["url"].startswith(f"{ROOT}/remoteok/remote-jobs/{job['slug']}")
        assert job["slug"].endswith(f"-{job['id']}")
    paid = [j for j in jobs if j["salary_max"]]
    assert paid
    assert all(0 < j["salary_min"] <= j["salary_max"] for j in paid)
    assert any(j["salary_max"] == 0 for j in jobs)


def test_remotive_matches_the_real_shape_and_filters(
    client: TestClient, catalogue: Catalogue
) -> None:
    data = client.get("/remotive/api/remote-jobs").json()
    real = _real("remotive.json")
    assert set(data) == set(real)
    assert data["total-job-count"] == data["job-count"] == len(catalogue.postings("remotive"))
    real_keys = set().union(*(set(job) for job in real["jobs"]))
    for job in data["jobs"]:
        assert set(job) == real_keys
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", job["publication_date"])
        assert isinstance(job["id"], int)
        assert isinstance(job["salary"], str)
    assert any(j["salary"] == "" for j in data["jobs"])
    assert any(j["salary"] for j in data["jobs"])
    limited = client.get("/remotive/api/remote-jobs", params={"limit": 3}).json()
    assert limited["job-count"] == 3
    assert len(limited["jobs"]) == 3
    found = client.get("/remotive/api/remote-jobs", params={"search": "python"}).json()["jobs"]
    assert 0 < len(found) < len(data["jobs"])
    assert all("python" in (j["title"] + j["description"]).lower() for j in found)
    devops = client.get("/remotive/api/remote-jobs", params={"category": "devops"}).json()
    assert all(j["category"] == "DevOps / Sysadmin" for j in devops["jobs"])


def test_hn_threads_and_comments(client: TestClient, catalogue: Catalogue) -> None:
    stories = client.get(
        "/hn/api/v1/search_by_date",
        params={"tags": "story,author_whoishiring", "hitsPerPage": 50},
    ).json()
    titles = [hit["title"] for hit in stories["hits"]]
    assert titles[0] == "Ask HN: Who is hiring? (November 2026)"
    assert "Ask HN: Who is hiring? (October 2026)" in titles
    assert stories["nbHits"] == 4
    hiring = stories["hits"][0]
    for key in ("objectID", "created_at", "author", "story_id", "num_comments"):
        assert key in hiring
    hits: list[dict[str, Any]] = []
    page = 0
    while True:
        answer = client.get(
            "/hn/api/v1/search",
            params={"tags": f"comment,story_{hiring['objectID']}", "hitsPerPage": 4, "page": page},
        ).json()
        hits += answer["hits"]
        page += 1
        if page >= answer["nbPages"]:
            break
    assert len(hits) == answer["nbHits"] == hiring["num_comments"]
    real = _real("hn.json")
    assert set(real["hits"][0]) <= set(hits[0])
    top = [h for h in hits if h["parent_id"] == int(hiring["objectID"])]
    replies = [h for h in hits if h["parent_id"] != int(hiring["objectID"])]
    assert replies
    expected = {p.external_id for p in catalogue.postings("hn", hiring["objectID"])}
    assert {h["objectID"] for h in top} == expected
    texts = [h["comment_text"] for h in top]
    assert any(re.match(r"^[^<|]+ \| [^<]+ \| ", t) for t in texts)
    assert any("&#x2F;" in t for t in texts)
    assert all("<p>" in t for t in texts)
    assert all(ROOT.replace("/", "&#x2F;") in t for t in texts)


def test_linkedin_cards_and_pagination(client: TestClient, catalogue: Catalogue) -> None:
    url = "/linkedin/jobs-guest/jobs/api/seeMoreJobPostings/search"
    ids: list[str] = []
    start = 0
    while True:
        body = client.get(url, params={"keywords": "", "location": "", "start": start}).text
        if not body.strip():
            break
        cards = _fragments(body)
        assert 0 < len(cards) <= 10
        for li in cards:
            card = li.find_class("job-search-card")[0]
            urn = card.get("data-entity-urn")
            ids.append(urn.removeprefix("urn:li:jobPosting:"))
            link = li.find_class("base-card__full-link")[0].get("href")
            assert link.startswith(f"{ROOT}/linkedin/jobs/view/")
            assert f"-{ids[-1]}?position=" in link
            assert li.find_class("base-search-card__title")[0].text.startswith("\n")
            subtitle = li.find_class("base-search-card__subtitle")[0]
            assert subtitle.find_class("hidden-nested-link")
            assert li.find_class("job-search-card__location")
            time = li.xpath(".//time")[0]
            assert re.fullmatch(r"\d{4}-\d\d-\d\d", time.get("datetime"))
        start += 10
    assert ids == [p.external_id for p in catalogue.postings("linkedin")]
    assert start > 20


def test_linkedin_filters(client: TestClient, catalogue: Catalogue) -> None:
    url = "/linkedin/jobs-guest/jobs/api/seeMoreJobPostings/search"
    remote = client.get(url, params={"f_WT": "2", "start": 0}).text
    for li in _fragments(remote):
        job_id = li.find_class("job-search-card")[0].get("data-entity-urn").rsplit(":", 1)[1]
        posting = catalogue.posting("linkedin", job_id)
        assert posting is not None
        assert posting.job.is_remote
    day = client.get(url, params={"f_TPR": "r86400"}).text
    fresh = _fragments(day)
    assert fresh
    assert len(fresh) < len(catalogue.postings("linkedin"))
    assert all(li.xpath(".//time[@class='job-search-card__listdate--new']") for li in fresh)
    assert client.get(url, params={"keywords": "zzzunknownzzz"}).text == ""
    assert client.get(url, params={"start": 1000}).text == ""


def test_linkedin_job_page(client: TestClient, catalogue: Catalogue) -> None:
    offsite = next(p for p in catalogue.postings("linkedin") if not p.easy_apply)
    easy = next(p for p in catalogue.postings("linkedin") if p.easy_apply)
    page = _document(client.get(f"/linkedin/jobs/view/x-{offsite.external_id}").text)
    markup = page.find_class("show-more-less-html__markup")[0]
    assert markup.xpath(".//li")
    criteria = {
        item.find_class("description__job-criteria-subheader")[0]
        .text_content()
        .strip(): item.find_class("description__job-criteria-text")[0].text_content().strip()
        for item in page.find_class("description__job-criteria-item")
    }
    assert criteria["Employment type"] in ("Full-time", "Part-time", "Contract", "Internship")
    assert "Seniority level" in criteria
    raw = client.get(f"/linkedin/jobs/view/x-{offsite.external_id}").text
    apply = re.search(r'<code id="applyUrl" style="display: none"><!--"([^"]+)"--></code>', raw)
    assert apply
    assert ATS_PAGES.match(apply.group(1))
    assert "linkedin" in apply.group(1)
    easy_page = client.get(f"/linkedin/jobs/view/x-{easy.external_id}").text
    assert 'id="applyUrl"' not in easy_page


def _mosaic(body: str) -> Any:
    match = re.search(
        r'window\.mosaic\.providerData\["mosaic-provider-jobcards"\]=(\{.*?\});\n', body
    )
    assert match, body[:500]
    return json.loads(match.group(1))["metaData"]["mosaicProviderJobCardsModel"]


def test_indeed_results_and_pagination(client: TestClient, catalogue: Catalogue) -> None:
    keys: list[str] = []
    start = 0
    while True:
        model = _mosaic(client.get("/indeed/jobs", params={"q": "", "start": start}).text)
        assert model["totalJobCount"] == len(catalogue.postings("indeed"))
        if not model["results"]:
            break
        assert len(model["results"]) <= 10
        keys += [r["jobkey"] for r in model["results"]]
        start += 10
    assert keys == [p.external_id for p in catalogue.postings("indeed")]
    assert all(re.fullmatch(r"[0-9a-f]{16}", k) for k in keys)
    results = [
        r
        for s in range(0, len(keys), 10)
        for r in _mosaic(client.get("/indeed/jobs", params={"start": s}).text)["results"]
    ]
    paid = [r for r in results if "salarySnippet" in r]
    assert paid
    assert all(r["extractedSalary"]["type"] in ("yearly", "hourly") for r in paid)
    assert all(r["salarySnippet"]["text"].endswith(("a year", "an hour")) for r in paid)
    assert any("thirdPartyApplyUrl" in r for r in results)
    assert all(
        ATS_PAGES.match(r["thirdPartyApplyUrl"]) for r in results if "thirdPartyApplyUrl" in r
    )
    assert any(r["formattedLocation"].startswith("Hybrid work in ") for r in results) or any(
        r["formattedLocation"] == "Remote" for r in results
    )
    first = results[0]
    assert first["viewJobLink"].startswith("/viewjob?jk=")
    view = client.get("/indeed" + first["viewJobLink"]).text
    assert 'id="jobDescriptionText"' in view


def test_indeed_filters_and_block_page(client: TestClient, catalogue: Catalogue) -> None:
    remote = _mosaic(client.get("/indeed/jobs", params={"sc": "0kf:attr(DSQF7);"}).text)
    assert remote["totalJobCount"] == sum(
        1 for p in catalogue.postings("indeed") if p.job.is_remote
    )
    assert all(r["remoteLocation"] for r in remote["results"])
    week = _mosaic(client.get("/indeed/jobs", params={"fromage": 7}).text)
    assert 0 < week["totalJobCount"] < len(catalogue.postings("indeed"))
    blocked = client.get("/indeed/jobs", params={"q": "python", "__blocked": "1"})
    assert blocked.status_code == 403
    assert 'id="challenge-form"' in blocked.text
    assert "hcaptcha.com" in blocked.text
    assert "Additional Verification Required" in blocked.text


def _next_data(body: str) -> Any:
    doc = _document(body)
    script = doc.xpath("//script[@id='__NEXT_DATA__']")[0]
    assert script.get("type") == "application/json"
    return json.loads(script.text)


def test_glassdoor_listings_and_pagination(client: TestClient, catalogue: Catalogue) -> None:
    expected = [p.external_id for p in catalogue.postings("glassdoor")]
    assert len(expected) > 30
    ids: list[str] = []
    for page in (1, 2):
        data = _next_data(client.get("/glassdoor/Job/jobs.htm", params={"p": page}).text)
        listings = data["props"]["pageProps"]["jobListings"]
        assert listings["totalJobsCount"] == len(expected)
        assert {"cursor", "pageNumber"} <= set(listings["paginationCursors"][0])
        ids += [str(item["jobview"]["job"]["listingId"]) for item in listings["jobListings"]]
        header = listings["jobListings"][0]["jobview"]["header"]
        for key in (
            "jobTitleText",
            "employerNameFromSearch",
            "employer",
            "locationName",
            "ageInDays",
            "jobLink",
            "seoJobLink",
            "payPeriod",
            "payPeriodAdjustedPay",
            "remoteWorkTypes",
            "easyApply",
        ):
            assert key in header
        assert header["seoJobLink"].startswith(f"{ROOT}/glassdoor/job-listing/")
        assert re.search(r"-JV_(IC\d+_)?KO0,\d+_KE\d+,\d+\.htm\?jl=\d+$", header["seoJobLink"])
    assert ids == expected
    page_one = _next_data(client.get("/glassdoor/Job/jobs.htm").text)
    assert page_one["page"] == "/Job/jobs"
    paid = [
        item["jobview"]["header"]
        for item in page_one["props"]["pageProps"]["jobListings"]["jobListings"]
        if item["jobview"]["header"]["payPeriodAdjustedPay"]
    ]
    assert paid
    assert all(h["payPeriod"] in ("ANNUAL", "HOURLY") for h in paid)
    assert all(h["payPeriodAdjustedPay"]["p10"] <= h["payPeriodAdjustedPay"]["p90"] for h in paid)


def test_glassdoor_links_resolve(client: TestClient, catalogue: Catalogue) -> None:
    posting = next(p for p in catalogue.postings("glassdoor") if not p.easy_apply)
    partner = client.get(
        f"/glassdoor/partner/jobListing.htm?jobListingId={posting.external_id}",
        follow_redirects=False,
    )
    assert partner.status_code in (302, 307)
    assert ATS_PAGES.match(partner.headers["location"])


def test_wellfound_apollo_state(client: TestClient, catalogue: Catalogue) -> None:
    expected = [p.external_id for p in catalogue.postings("wellfound")]
    assert len(expected) > 20
    seen: list[str] = []
    for page in (1, 2):
        data = _next_data(client.get("/wellfound/jobs", params={"page": page}).text)
        cache = data["props"]["pageProps"]["apolloState"]["data"]
        talent = cache["ROOT_QUERY"]["talent"]
        search = next(v for k, v in talent.items() if k.startswith("jobSearchResults("))
        assert search["page"] == page
        assert search["pageCount"] == 2
        for edge in search["startups"]["edges"]:
            startup = cache[edge["node"]["__ref"]]
            assert startup["__typename"] == "StartupResult"
            for ref in startup["highlightedJobListings"]:
                job = cache[ref["__ref"]]
                assert job["__typename"] == "JobListingSearchResult"
                assert isinstance(job["remote"], bool)
                assert isinstance(job["liveStartAt"], int)
                assert job["liveStartAt"] <= CATALOGUE_NOW.timestamp()
                seen.append(job["id"])
    assert sorted(seen) == sorted(expected)


def test_wellfound_role_pages(client: TestClient, catalogue: Catalogue) -> None:
    data = _next_data(client.get("/wellfound/role/r/software-engineer").text)
    cache = data["props"]["pageProps"]["apolloState"]["data"]
    jobs = [v for k, v in cache.items() if k.startswith("JobListingSearchResult:")]
    assert jobs
    assert all(j["remote"] and j["primaryRoleTitle"] == "Software Engineer" for j in jobs)
