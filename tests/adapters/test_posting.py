"""One posting from its page: JSON-LD first (real captures), then the page's own text."""

from __future__ import annotations

import json

import pytest

from adapters.errors import SourceBlocked, SourceError
from adapters.posting import parse_posting_page, unread_job
from db.enums import WorkplaceType
from tests.helpers import ROOT

REAL = ROOT.parent / "shared" / "real" / "ashby_workable_jobpages"


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real captures not present")
def test_real_ashby_and_workable_pages_give_their_json_ld_posting() -> None:
    ramp = parse_posting_page(
        "https://jobs.ashbyhq.com/ramp/x", (REAL / "ashby_ramp_job_page.rendered.html").read_text()
    )
    assert (ramp.title, ramp.company) == ("Software Engineer, Accounting", "Ramp")
    assert ramp.locations == ["New York City, NY, USA"]
    assert ramp.employment_type == "full_time"
    assert len(ramp.description_text) > 1000
    assert "<" not in ramp.description_text
    hf = parse_posting_page(
        "https://apply.workable.com/huggingface/j/x",
        (REAL / "workable_huggingface_job_page.rendered.html").read_text(),
    )
    assert hf.company == "Hugging Face"
    assert hf.workplace_type is WorkplaceType.REMOTE


def test_json_ld_inside_a_graph_wins_over_the_page() -> None:
    posting = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Organization", "name": "Not this"},
            {
                "@type": "JobPosting",
                "title": "Data Engineer",
                "hiringOrganization": {"@type": "Organization", "name": "Acme"},
                "description": "<p>We use <b>Python</b> and Airflow.</p>",
                "identifier": {"@type": "PropertyValue", "value": "DE-42"},
                "datePosted": "2026-11-01",
            },
        ],
    }
    page = (
        "<html><head><script type='application/ld+json'>"
        + json.dumps(posting)
        + "</script></head><body><h1>Other title</h1></body></html>"
    )
    job = parse_posting_page("https://acme.example/jobs/42", page)
    assert (job.title, job.company, job.external_id) == ("Data Engineer", "Acme", "DE-42")
    assert job.description_text == "We use Python and Airflow."
    assert job.posted_at is not None
    assert job.posted_at.year == 2026


def test_a_plain_page_gives_its_heading_company_and_main_text() -> None:
    page = """<html><head><meta property="og:site_name" content="Acme"></head><body>
    <nav>Jobs Blog Login</nav><main><h1>Platform Engineer</h1>
    <p>Remote. You will run Kubernetes.</p><script>track()</script></main>
    <footer>© Acme</footer></body></html>"""
    job = parse_posting_page("https://acme.example/careers/platform", page)
    assert (job.title, job.company) == ("Platform Engineer", "Acme")
    assert "Kubernetes" in job.description_text
    assert "Login" not in job.description_text
    assert "track" not in job.description_text
    assert job.workplace_type is WorkplaceType.REMOTE
    assert job.url == job.apply_url == "https://acme.example/careers/platform"


def test_a_page_without_a_title_is_refused() -> None:
    with pytest.raises(SourceError, match="no job title"):
        parse_posting_page("https://acme.example/x", "<html><body><p>hello</p></body></html>")


def test_a_captcha_widget_does_not_hide_the_job_but_a_challenge_page_does() -> None:
    page = (
        '<html><head><script src="https://js.hcaptcha.com/1/api.js"></script></head>'
        "<body><h1>Platform Engineer</h1><main><p>Build the platform.</p></main></body></html>"
    )
    assert parse_posting_page("https://jobs.lever.co/acme/1", page).title == "Platform Engineer"
    challenge = (
        "<html><head><title>Just a moment...</title></head>"
        '<body><div id="challenge-form"></div></body></html>'
    )
    with pytest.raises(SourceBlocked):
        parse_posting_page("https://acme.example/x", challenge)


def test_unread_postings_on_one_host_are_different_jobs() -> None:
    first = unread_job("https://jobs.lever.co/acme/1111")
    second = unread_job("https://jobs.lever.co/acme/2222")
    assert first.title == "Application at jobs.lever.co/acme/1111"
    assert first.title != second.title
    assert first.external_id != second.external_id


def test_a_job_boards_page_names_the_employer_not_the_board() -> None:
    linkedin = (
        '<html><head><meta property="og:site_name" content="LinkedIn"></head><body>'
        '<h1>Data Engineer</h1><a class="topcard__org-name-link">Granite Bank</a></body></html>'
    )
    indeed = (
        '<html><head><meta property="og:site_name" content="Indeed"></head><body>'
        '<h1>Data Engineer</h1><div data-testid="inlineHeader-companyName">Stratus Labs</div>'
        "</body></html>"
    )
    assert parse_posting_page("https://www.linkedin.com/jobs/view/1", linkedin).company == (
        "Granite Bank"
    )
    assert parse_posting_page("https://www.indeed.com/viewjob?jk=1", indeed).company == (
        "Stratus Labs"
    )
