"""The generated catalogue: deterministic, the promised size, cross-posted the way dedup needs."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter

from sandbox.catalogue import CATALOGUE_NOW, Catalogue, build_catalogue
from sandbox.sources import AGGREGATORS, ATS_PLATFORMS, PLATFORMS
from tests.helpers import ROOT as PROJECT_ROOT


def test_same_seed_gives_an_equal_catalogue(catalogue: Catalogue) -> None:
    again = build_catalogue(7)
    assert again == catalogue
    assert again.fingerprint() == catalogue.fingerprint()


def test_other_seed_gives_another_catalogue(catalogue: Catalogue) -> None:
    other = build_catalogue(8)
    assert other.fingerprint() != catalogue.fingerprint()
    assert [j.title for j in other.jobs] != [j.title for j in catalogue.jobs]


def test_catalogue_does_not_depend_on_hash_randomisation(catalogue: Catalogue) -> None:
    code = "from sandbox.catalogue import build_catalogue; print(build_catalogue().fingerprint())"
    for hash_seed in ("1", "12345"):
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=PROJECT_ROOT,
            env={"PYTHONHASHSEED": hash_seed, "PATH": ""},
            capture_output=True,
            text=True,
            check=True,
        )
        assert result.stdout.strip() == catalogue.fingerprint()


def test_size_companies_and_boards(catalogue: Catalogue) -> None:
    assert len(catalogue.distinct_jobs) == 200
    assert len({job.key for job in catalogue.jobs}) == 200
    assert len(catalogue.companies) == 20
    assert {c.ats for c in catalogue.companies} == set(ATS_PLATFORMS)
    for company in catalogue.companies:
        assert company.slug in catalogue.boards(company.ats)
        titles = [j.title for j in catalogue.jobs if j.company == company]
        assert len(titles) == len(set(titles)), company.slug


def test_every_job_is_on_its_companys_ats(catalogue: Catalogue) -> None:
    for job in catalogue.jobs:
        original = catalogue.ats_posting(job)
        assert original.platform == job.company.ats
        assert original.board == job.company.slug
        assert original.title == job.title


def test_about_forty_percent_are_cross_posted_some_widely(catalogue: Catalogue) -> None:
    counts = catalogue.aggregator_count
    cross_posted = [key for key, n in counts.items() if n > 0]
    assert len(cross_posted) == 80
    assert sum(1 for n in counts.values() if n >= 3) >= 10
    for platform in AGGREGATORS:
        assert len(catalogue.postings(platform)) >= 15, platform


def test_aggregators_retype_titles_and_companies(catalogue: Catalogue) -> None:
    aggregated = [p for name in AGGREGATORS for p in catalogue.postings(name)]
    retitled = [p for p in aggregated if p.title != p.job.title]
    renamed = [p for p in aggregated if p.company_name != p.job.company.name]
    assert len(retitled) > len(aggregated) // 4
    assert renamed
    assert any(p.title.startswith("Sr. ") for p in retitled)
    assert any(p.title != p.title.strip() for p in retitled)
    assert all(_normalise(p.title) == p.job.title.lower() for p in aggregated)


def _normalise(title: str) -> str:
    """Undo the cosmetic re-typing aggregators do; what is left must be the ATS title."""
    text = " ".join(title.lower().split()).replace("sr. ", "senior ")
    for suffix in (" (remote)", " - remote"):
        text = text.removesuffix(suffix)
    return text.removeprefix("remote ")


def test_remote_only_boards_carry_remote_jobs_only(catalogue: Catalogue) -> None:
    for platform in ("remoteok", "remotive"):
        assert all(p.job.is_remote for p in catalogue.postings(platform))


def test_reposts_are_the_same_job_later_with_a_new_id(catalogue: Catalogue) -> None:
    reposts = [p for p in catalogue.all_postings() if p.is_repost]
    assert len(reposts) == 5
    for repost in reposts:
        original = catalogue.posting(repost.platform, repost.repost_of or "")
        assert original is not None
        assert original.canonical_key == repost.canonical_key
        assert original.board == repost.board
        assert original.external_id != repost.external_id
        assert repost.posted_at > original.posted_at


def test_salaries_in_many_formats(catalogue: Catalogue) -> None:
    with_salary = [job for job in catalogue.jobs if job.salary]
    assert 100 <= len(with_salary) <= 140
    texts = [p.salary_text for p in catalogue.all_postings() if p.salary_text]
    patterns = {
        "full": r"^\$\d{2,3},\d{3} - \$\d{2,3},\d{3}$",
        "k_en_dash": r"^\$\d+k–\$\d+k$",
        "euro_k": r"^€\d+k-\d+k$",
        "iso": r"^(USD|EUR|GBP) \d+-\d+ per year$",
        "hourly": r"^\$\d+(-\$\d+)?/hr$",
        "cents": r"^\$\d{2,3},\d{3}\.00 - \$\d{2,3},\d{3}\.00$",
        "indeed": r"a year$",
        "ashby": r"^\$\d+K – \$\d+K",
    }
    for name, pattern in patterns.items():
        assert any(re.search(pattern, t) for t in texts), name
    assert {job.salary.currency for job in with_salary if job.salary} == {"USD", "EUR", "GBP"}


def test_dates_are_anchored_and_postings_newest_first(catalogue: Catalogue) -> None:
    for platform in PLATFORMS:
        postings = catalogue.postings(platform)
        assert all(p.posted_at <= CATALOGUE_NOW for p in postings)
        assert [p.posted_at for p in postings] == sorted(
            (p.posted_at for p in postings), reverse=True
        )
    recent = [p for p in catalogue.postings("linkedin") if (CATALOGUE_NOW - p.posted_at).days < 1]
    assert recent


def test_ids_are_unique_per_platform(catalogue: Catalogue) -> None:
    for platform in PLATFORMS:
        ids = Counter(p.external_id for p in catalogue.postings(platform))
        assert ids.most_common(1)[0][1] == 1, platform


def test_expected_distinct_counts(catalogue: Catalogue) -> None:
    every = catalogue.expected_distinct(PLATFORMS)
    assert every == 200
    ats = catalogue.expected_distinct(["greenhouse"])
    assert ats == len(catalogue.postings("greenhouse")) - 1  # one repost
    both = catalogue.expected_distinct(["linkedin", "indeed"])
    assert both < len(catalogue.postings("linkedin")) + len(catalogue.postings("indeed"))
    assert catalogue.expected_distinct(["greenhouse"], board="northwind") == 12
    mixed = catalogue.distinct_keys([("greenhouse", "northwind"), "linkedin"])
    northwind = catalogue.distinct_keys(["greenhouse"], board="northwind")
    linkedin = catalogue.distinct_keys(["linkedin"])
    assert mixed == northwind | linkedin
    assert len(mixed) < len(northwind) + len(linkedin)


def test_hn_threads(catalogue: Catalogue) -> None:
    titles = [s.title for s in catalogue.hn_stories]
    assert "Ask HN: Who is hiring? (November 2026)" in titles
    assert "Ask HN: Who wants to be hired? (November 2026)" in titles
    assert "Ask HN: Freelancer? Seeking freelancer? (November 2026)" in titles
    assert "Ask HN: Who is hiring? (October 2026)" in titles
    replies = [c for c in catalogue.hn_comments if c.parent_id != c.story_id]
    assert replies
    assert all(c.posting is None for c in replies)
    hiring = {str(s.object_id) for s in catalogue.hn_stories if s.kind == "hiring"}
    assert {p.board for p in catalogue.postings("hn")} == hiring
