"""Every link a replica hands out stays inside the sandbox and leads somewhere real."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from sandbox.catalogue import Catalogue
from sandbox.links import job_url
from sandbox.render import text
from sandbox.sources import PLATFORMS

ROOT = "http://testserver"
LISTS = [
    "/greenhouse/v1/boards/northwind/jobs?content=true",
    "/lever/v0/postings/kestrel",
    "/lever-eu/v0/postings/fjordline",
    "/ashby/posting-api/job-board/helixbio",
    "/smartrecruiters/v1/companies/alder/postings",
    "/remoteok/api",
    "/remotive/api/remote-jobs",
    "/hn/api/v1/search?tags=comment&hitsPerPage=1000",
    "/linkedin/jobs-guest/jobs/api/seeMoreJobPostings/search",
    "/indeed/jobs",
    "/glassdoor/Job/jobs.htm",
    "/wellfound/jobs",
]
ABSOLUTE = re.compile(r"https?:(?://|&#x2F;&#x2F;|\\/\\/)[^\s\"'<>&\\]+")
SCHEMA_NAMESPACES = ("http://www.w3.org/",)


@pytest.mark.parametrize("url", LISTS)
def test_list_responses_link_only_into_the_sandbox(client: TestClient, url: str) -> None:
    body = client.get(url).text
    found = ABSOLUTE.findall(body)
    assert found
    outside = [
        u
        for u in found
        if not u.replace("&#x2F;", "/").replace("\\/", "/").startswith(ROOT)
        and not u.startswith(SCHEMA_NAMESPACES)
    ]
    assert outside == []


@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_posting_page_answers(
    client: TestClient, catalogue: Catalogue, platform: str
) -> None:
    for posting in catalogue.postings(platform):
        page = client.get(job_url(ROOT, posting))
        assert page.status_code == 200, job_url(ROOT, posting)
        assert text(posting.title) in page.text or text(posting.job.title) in page.text


def test_ats_apply_pages_answer(client: TestClient, catalogue: Catalogue) -> None:
    for job in catalogue.jobs[::7]:
        posting = catalogue.ats_posting(job)
        page = client.get(job_url(ROOT, posting))
        apply = re.search(r'id="apply" class="apply-button" href="([^"]+)"', page.text)
        assert apply, job_url(ROOT, posting)
        target = apply.group(1).replace("&amp;", "&")
        assert client.get(target.split("#", 1)[0]).status_code == 200, target
