from __future__ import annotations

import pytest

from adapters.job import Job
from db.enums import WorkplaceType
from jobs.canonical import canonical_url
from jobs.dedup import ContentKey, fingerprint, hamming, normalise_company, normalise_title, simhash

LOREM = (
    "Northwind builds data infrastructure for logistics companies. As a senior backend engineer "
    "you will design Python services on PostgreSQL and Redis, own the ingestion pipeline that "
    "processes millions of shipment events per day, mentor engineers, and work with product on "
    "the roadmap. We value careful engineering, written communication and kindness. "
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "https://boards.greenhouse.io/acme/jobs/123?gh_src=linkedin&utm_source=x",
            "https://boards.greenhouse.io/acme/jobs/123/",
        ),
        ("HTTPS://WWW.Example.com:443/Jobs/1#apply", "https://example.com/Jobs/1"),
        (
            "https://jobs.lever.co/acme/abc-123/apply?lever-source=indeed",
            "https://jobs.lever.co/acme/abc-123",
        ),
        ("https://acme.com/careers?gh_jid=42&ref=hn", "https://acme.com/careers?gh_jid=42"),
    ],
)
def test_same_posting_same_canonical_url(a: str, b: str) -> None:
    assert canonical_url(a) == canonical_url(b)


def test_identifying_parameters_are_kept() -> None:
    assert canonical_url("https://acme.com/careers?gh_jid=42") != canonical_url(
        "https://acme.com/careers?gh_jid=43"
    )
    assert canonical_url("https://www.indeed.com/viewjob?jk=abc&from=serp") == (
        "https://indeed.com/viewjob?jk=abc"
    )
    assert canonical_url("mailto:jobs@acme.com") is None
    assert canonical_url(None) is None


def test_normalisation_of_company_and_title() -> None:
    assert normalise_company("Northwind Labs, Inc.") == normalise_company("northwind labs")
    assert normalise_title("Sr. Backend Engineer (Remote)") == normalise_title(
        "senior backend engineer"
    )
    assert normalise_title("Backend Engineer - Remote, US") == "backend engineer"
    assert fingerprint("Acme GmbH", "Sr Data Eng") == fingerprint("ACME", "Senior Data Engineer")
    assert fingerprint("Acme", "Data Engineer") != fingerprint("Acme", "Data Analyst")


def test_simhash_near_for_trimmed_copies_far_for_other_text() -> None:
    full = LOREM * 6
    trimmed = " ".join(full.split()[:140]) + " Apply on our site."
    other = "Design delightful mobile experiences in Figma, run research sessions with users, " * 20
    assert simhash("too short to compare") is None
    a, b, c = simhash(full), simhash(trimmed), simhash(other)
    assert a is not None
    assert b is not None
    assert c is not None
    assert hamming(a, b) <= 3
    assert hamming(a, c) > 16
    assert -(2**63) <= a < 2**63


def test_simhash_of_a_text_is_what_stored_jobs_were_given() -> None:
    """Stored SimHashes are compared with new ones, so the value of a text must never change.
    This one (accents, a dotted capital I, the Kelvin sign) was computed by the regex
    tokenizer the byte tokenizer replaced."""
    text = " ".join(
        f"Über straße İstanbul naïve café K-{n} résumé {n * 7}th Kelvin \u212a build"
        for n in range(30)
    )
    assert simhash(text) == 273087997141150645


def _job(**overrides: object) -> Job:
    values: dict[str, object] = {
        "platform": "greenhouse",
        "external_id": "1",
        "title": "Senior Backend Engineer",
        "company": "Northwind",
        "locations": ["San Francisco, CA"],
        "description_text": LOREM * 6,
    }
    values.update(overrides)
    return Job.model_validate(values)


def test_content_key_matches_across_platforms() -> None:
    ats = ContentKey.of(_job())
    linkedin = ContentKey.of(
        _job(
            platform="linkedin",
            external_id="9",
            title="Sr. Backend Engineer",
            locations=["San Francisco, CA, United States"],
        )
    )
    snippet = ContentKey.of(
        _job(platform="indeed", external_id="x", description_text="Build Python services.")
    )
    assert ats.same_job(linkedin)
    assert ats.same_job(snippet)


def test_content_key_keeps_different_jobs_apart() -> None:
    ats = ContentKey.of(_job())
    other_city = ContentKey.of(_job(external_id="2", locations=["London, UK"]))
    other_text = ContentKey.of(
        _job(
            external_id="3",
            description_text="Run our on-call rotation and Kubernetes clusters. " * 40,
        )
    )
    other_title = ContentKey.of(_job(external_id="4", title="Staff Backend Engineer"))
    assert not ats.same_job(other_city)
    assert not ats.same_job(other_text)
    assert not ats.same_job(other_title)


def test_remote_postings_agree_on_place() -> None:
    a = ContentKey.of(_job(locations=["Remote (US)"], workplace_type=WorkplaceType.REMOTE))
    b = ContentKey.of(
        _job(
            platform="remoteok",
            external_id="r1",
            locations=["Worldwide"],
            workplace_type=WorkplaceType.REMOTE,
        )
    )
    assert a.same_job(b)
