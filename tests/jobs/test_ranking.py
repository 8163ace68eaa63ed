from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest

from adapters.job import Job
from db.enums import RemotePreference, WorkplaceType
from jobs import ranking
from jobs.ranking import CandidateProfile, MatchResult, rank_jobs, score_job
from jobs.seniority import Level, experience_years, level_from_title, years_required
from jobs.skills import (
    SKILLS,
    SectionKind,
    canonical_skill,
    extract_job_skills,
    extract_skills,
    sections,
)
from resumes.candidate import Candidate, Work, load_candidate, sample_candidate_path

TODAY = date(2025, 6, 1)
"""The sample candidate has worked since 2018-01-15, without a gap: 7.4 years by then."""

BACKEND_DESCRIPTION = """\
About Tidepool
We build the data platform behind freight tracking. Our go-to-market team just doubled.

What you'll do:
- Design and run backend services in Python and Go.
- Own our Postgres schemas and the Redis caching layer.

Requirements:
- 5+ years of experience building backend systems.
- Strong Python; FastAPI or Django.
- Kafka, Docker and k8s in production.
- AWS and Terraform.

Nice to have:
- Rust or Elixir.

Benefits:
- Snowflake-themed offsite every winter, Salesforce discounts.
"""


@pytest.fixture(scope="module")
def candidate() -> Candidate:
    return load_candidate(sample_candidate_path())


@pytest.fixture(scope="module")
def profile(candidate: Candidate) -> CandidateProfile:
    return CandidateProfile.from_candidate(candidate, today=TODAY)


def job(**fields: Any) -> Job:
    data: dict[str, Any] = {
        "platform": "greenhouse",
        "external_id": str(fields.pop("external_id", "1")),
        "title": "Senior Backend Engineer",
        "company": "Tidepool",
        "locations": ["Remote - US"],
        "workplace_type": WorkplaceType.REMOTE,
        "salary_min": 170_000,
        "salary_max": 210_000,
        "salary_currency": "USD",
        "salary_period": "year",
        "description_text": BACKEND_DESCRIPTION,
    }
    data.update(fields)
    return Job.model_validate(data)


def with_preferences(candidate: Candidate, **changes: Any) -> Candidate:
    return candidate.model_copy(
        update={"preferences": candidate.preferences.model_copy(update=changes)}
    )


# --- ranking as a whole -------------------------------------------------------------------


def test_a_strong_backend_match_outranks_a_designer_job_and_a_wrong_city_onsite_job(
    profile: CandidateProfile,
) -> None:
    backend = job(external_id=1)
    designer = job(
        external_id=2,
        title="Senior Product Designer",
        description_text="You have 5+ years of Figma, user research and prototyping.",
    )
    berlin = job(
        external_id=3,
        locations=["Berlin, Germany"],
        workplace_type=WorkplaceType.ONSITE,
        salary_min=None,
        salary_max=None,
    )

    ranked = rank_jobs(profile, [designer, berlin, backend])

    assert [j.external_id for j, _ in ranked] == ["1", "3", "2"]
    best, wrong_city, designed = (result for _, result in ranked)
    assert best.score >= 85
    assert designed.score < 50
    assert wrong_city.components["location"] == ranking.LOCATION_ELSEWHERE
    assert "onsite in Berlin, Germany, not in your locations" in wrong_city.reasons
    assert designed.components["title"] < 0.3
    assert designed.components["skills"] == 0.0


def test_the_score_is_the_documented_weighted_sum(profile: CandidateProfile) -> None:
    result = score_job(profile, job(title="Data Engineer", salary_min=150_000))

    weighted = sum(ranking.WEIGHTS[name] * value for name, value in result.components.items())
    assert set(result.components) == {"skills", "title", "location", "salary", "seniority"}
    assert sum(ranking.WEIGHTS.values()) == pytest.approx(1.0)
    assert all(0.0 <= value <= 1.0 for value in result.components.values())
    assert result.score == int(weighted * 100 + 0.5)


def test_results_are_deterministic(candidate: Candidate) -> None:
    jobs = [
        job(external_id=i, title=title, locations=locations)
        for i, (title, locations) in enumerate(
            [
                ("Backend Engineer", ["Remote"]),
                ("Staff Platform Engineer", ["San Francisco, CA"]),
                ("Frontend Engineer", ["London, UK"]),
                ("Senior Backend Engineer", ["Remote (EU only)"]),
            ]
        )
    ]

    def ranked() -> list[tuple[str, MatchResult]]:
        profile = CandidateProfile.from_candidate(candidate, today=TODAY)
        return [(j.external_id, r) for j, r in rank_jobs(profile, jobs)]

    first = ranked()
    assert ranked() == first
    assert len({r.score for _, r in first}) > 1


def test_rank_jobs_puts_the_best_first_and_keeps_input_order_for_ties(
    profile: CandidateProfile,
) -> None:
    good = job(external_id="good")
    twin_a = job(external_id="twin-a", title="Product Designer")
    twin_b = job(external_id="twin-b", title="Product Designer")
    worse = job(external_id="worse", title="Product Designer", company="Other", salary_max=1_000)
    jobs = [twin_a, worse, good, twin_b]

    ranked = rank_jobs(profile, jobs)

    assert [j.external_id for j, _ in ranked] == ["good", "twin-a", "twin-b", "worse"]
    scores = [r.score for _, r in ranked]
    assert scores == sorted(scores, reverse=True)
    shuffled = jobs[:]
    random.Random(3).shuffle(shuffled)
    assert rank_jobs(profile, shuffled)[0][0].external_id == "good"


def test_an_excluded_company_scores_zero_whatever_the_fit(candidate: Candidate) -> None:
    excluding = with_preferences(candidate, exclude_companies=["tidepool"])
    profile = CandidateProfile.from_candidate(excluding, today=TODAY)

    for company in ("Tidepool", "TIDEPOOL", "Tidepool, Inc."):
        result = score_job(profile, job(company=company))
        assert result.score == 0
        assert result.reasons[0] == "excluded company"
    assert score_job(profile, job(company="Tidepool Labs")).score > 0


# --- skills -------------------------------------------------------------------------------


def test_reason_counts_required_skills_and_names_the_missing(profile: CandidateProfile) -> None:
    description = (
        "We work in Python, Go, Rust and Scala on PostgreSQL and Redis, "
        "shipped with Docker to Kubernetes on AWS."
    )

    result = score_job(profile, job(title="Platform Engineer", description_text=description))

    assert "matches 7 of 9 required skills (missing: Rust, Scala)" in result.reasons
    assert result.missing_skills == ["Rust", "Scala"]
    assert "PostgreSQL" in result.matched_skills
    assert result.components["skills"] == pytest.approx(7 / 9)


def test_nice_to_have_skills_count_half(profile: CandidateProfile) -> None:
    description = "Requirements:\n- Python\n- Kafka\n\nNice to have:\n- Rust\n- Redis\n"

    result = score_job(profile, job(title="Platform Engineer", description_text=description))

    assert result.components["skills"] == pytest.approx((2 + 0.5) / (2 + 0.5 * 2))
    assert result.reasons[0].startswith("matches 2 of 2 required skills; 1 of 2 nice-to-have")
    assert result.matched_skills == ["Kafka", "Python", "Redis"]
    assert result.missing_skills == ["Rust"]


def test_a_description_without_known_skills_is_neutral(profile: CandidateProfile) -> None:
    result = score_job(profile, job(description_text="Join a kind team. Apply today!"))

    assert result.components["skills"] == ranking.NEUTRAL
    assert "no known skills found in the job description" in result.reasons


def test_candidate_skills_come_from_keywords_projects_highlights_and_implications(
    candidate: Candidate,
) -> None:
    bare = candidate.model_copy(
        update={
            "skills": [],
            "projects": [],
            "work": [
                Work(
                    name="Acme",
                    startDate="2020-01",
                    highlights=["Moved our reporting to Postgres and rebuilt the k8s setup."],
                )
            ],
        }
    )

    profile = CandidateProfile.from_candidate(bare, today=TODAY)
    full = CandidateProfile.from_candidate(candidate, today=TODAY)

    assert {"PostgreSQL", "Kubernetes", "SQL"} <= profile.skills
    assert "Python" not in profile.skills
    assert {"Python", "Go", "FastAPI", "Terraform", "GitHub Actions", "CI/CD"} <= full.skills


def test_aliases_map_to_canonical_names() -> None:
    text = "Our k8s, postgres and psql scripts, golang services, react.js, amazon web services"

    assert extract_skills(text) == {"Kubernetes", "PostgreSQL", "Go", "React", "AWS"}
    assert extract_skills("Node.js, NodeJS, .NET and ASP.NET Core") == {"Node.js", ".NET"}
    assert extract_skills("scikit-learn, machine-learning and CI/CD") == {
        "scikit-learn",
        "Machine Learning",
        "CI/CD",
    }
    assert canonical_skill("Postgres") == "PostgreSQL"
    assert canonical_skill("go") == "Go"
    assert canonical_skill("Languages") is None
    assert len(SKILLS) >= 250


@pytest.mark.parametrize(
    "text",
    [
        "Own our go to market strategy",
        "A go-to-market team",
        "Go-to-market experience",
        "Let's Go!",
        "Go beyond the obvious",
        "We are a Series C company.",
        "C-suite stakeholders",
        "R&D budget",
        "React to incidents quickly",
        "the rest of the team",
        "Spark-based, swift decisions; rust on the pipes",
    ],
)
def test_ordinary_words_are_not_skills(text: str) -> None:
    assert extract_skills(text) == set()


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("Experience with Go.", "Go"),
        ("Python, Go and SQL", "Go"),
        ("Strong Go skills", "Go"),
        ("python, go, rust", "Go"),
        ("C/C++ on embedded targets", "C"),
        ("Python or R.", "R"),
        ("We use React and TypeScript", "React"),
        ("REST APIs", "REST"),
        ("Apache Spark jobs", "Spark"),
    ],
)
def test_ambiguous_names_count_in_a_skill_context(text: str, skill: str) -> None:
    assert skill in extract_skills(text)


# --- required and nice-to-have ------------------------------------------------------------


def test_sections_split_required_from_nice_to_have_in_line_text() -> None:
    skills = extract_job_skills(BACKEND_DESCRIPTION)

    assert skills.required == {
        "Python",
        "Go",
        "PostgreSQL",
        "Redis",
        "FastAPI",
        "Django",
        "Kafka",
        "Docker",
        "Kubernetes",
        "AWS",
        "Terraform",
    }
    assert skills.nice == {"Rust", "Elixir"}
    kinds = [s.kind for s in sections(BACKEND_DESCRIPTION)]
    assert kinds == [
        SectionKind.NEUTRAL,
        SectionKind.NEUTRAL,
        SectionKind.REQUIRED,
        SectionKind.NICE,
        SectionKind.IGNORED,
    ]


def test_sections_work_in_a_single_paragraph() -> None:
    paragraph = (
        "We move freight. Requirements: 3+ years with Python, Kafka and PostgreSQL. "
        "Bonus: Terraform, Rust. What we offer: a Snowflake stipend."
    )

    skills = extract_job_skills(paragraph)

    assert skills.required == {"Python", "Kafka", "PostgreSQL"}
    assert skills.nice == {"Terraform", "Rust"}


def test_other_heading_spellings_are_recognised() -> None:
    text = (
        "What you'll need\n"
        "- Python and Kafka\n"
        "## Preferred Qualifications\n"
        "- Terraform\n"
        "Must have:\n"
        "- Docker\n"
        "- Pluses: Elixir\n"
        "- Redis\n"
    )

    skills = extract_job_skills(text)

    assert skills.required == {"Python", "Kafka", "Docker", "Redis"}
    assert skills.nice == {"Terraform", "Elixir"}


def test_field_lines_cover_one_line_and_list_headings_cover_their_list() -> None:
    text = (
        "Location: Remote\n"
        "Salary: up to $150k, Snowflake credits\n"
        "We build things with Python.\n"
        "Nice to have: experience with any of the following:\n"
        "- Rust\n"
        "- Elixir\n"
        "Benefits: we offer\n"
        "- a Salesforce stipend\n"
        "Tech stack: Go, Kafka\n"
        "Requirements:\n"
        "- Django\n"
        "- Bonus: Redis\n"
        "- Celery\n"
    )

    skills = extract_job_skills(text)

    assert skills.required == {"Python", "Go", "Kafka", "Django", "Celery"}
    assert skills.nice == {"Rust", "Elixir", "Redis"}


def test_without_headings_every_skill_is_required() -> None:
    skills = extract_job_skills("You will write Python and Rust, and maybe some Terraform.")

    assert skills.required == {"Python", "Rust", "Terraform"}
    assert skills.nice == frozenset()


def test_a_skill_listed_in_both_kinds_of_section_is_required() -> None:
    skills = extract_job_skills("Requirements:\n- Kafka\nNice to have:\n- Kafka Streams, Rust\n")

    assert skills.required == {"Kafka"}
    assert skills.nice == {"Rust"}


# --- title --------------------------------------------------------------------------------


def test_title_ignores_seniority_words_and_filler(profile: CandidateProfile) -> None:
    close = score_job(profile, job(title="Senior Backend Software Engineer"))
    sr = score_job(profile, job(title="Sr. Back-End Developer"))
    designer = score_job(profile, job(title="Product Designer"))
    frontend = score_job(profile, job(title="Frontend Engineer"))

    assert close.components["title"] >= 0.9
    assert sr.components["title"] >= 0.9
    assert 'title matches your target "Backend Engineer"' in close.reasons
    assert designer.components["title"] < 0.3
    assert 'title "Product Designer" does not match your target titles' in designer.reasons
    assert frontend.components["title"] < close.components["title"]


# --- location -----------------------------------------------------------------------------


@pytest.mark.parametrize("location", ["Remote (EU only)", "Remote - Europe"])
def test_remote_limited_to_europe_is_a_mismatch_for_a_us_authorized_candidate(
    profile: CandidateProfile, location: str
) -> None:
    result = score_job(profile, job(locations=[location]))

    assert result.components["location"] == ranking.LOCATION_WRONG_REGION
    assert any(
        r.startswith("remote only in ") and r.endswith("; you are authorized to work in US")
        for r in result.reasons
    )


def test_remote_open_to_the_candidate_matches(profile: CandidateProfile) -> None:
    for locations in (["Remote"], ["Remote - US"], ["Anywhere"], ["New York, NY", "Remote"]):
        result = score_job(profile, job(locations=locations))
        assert result.components["location"] == ranking.LOCATION_MATCH, locations


def test_onsite_jobs_depend_on_the_city(candidate: Candidate) -> None:
    profile = CandidateProfile.from_candidate(candidate, today=TODAY)
    onsite = {"workplace_type": WorkplaceType.ONSITE}

    home = score_job(profile, job(locations=["San Francisco, California, United States"], **onsite))
    away = score_job(profile, job(locations=["Austin, TX"], **onsite))

    assert home.components["location"] == ranking.LOCATION_MATCH
    assert away.components["location"] == ranking.LOCATION_ELSEWHERE
    remote_only = CandidateProfile.from_candidate(
        with_preferences(candidate, remote=RemotePreference.REMOTE, locations=[]), today=TODAY
    )
    result = score_job(remote_only, job(locations=["San Francisco, CA"], **onsite))
    assert result.components["location"] < ranking.NEUTRAL
    assert "onsite in San Francisco, CA; you want remote work" in result.reasons


# --- salary -------------------------------------------------------------------------------


def test_salary_below_the_minimum_is_penalised_with_the_numbers(profile: CandidateProfile) -> None:
    result = score_job(profile, job(salary_min=120_000, salary_max=140_000))

    assert result.components["salary"] == ranking.SALARY_BELOW
    assert "salary range below your minimum ($140,000 < $160,000)" in result.reasons
    assert score_job(profile, job()).score - result.score >= 15


def test_unknown_salary_is_neutral(profile: CandidateProfile) -> None:
    result = score_job(profile, job(salary_min=None, salary_max=None, salary_currency=None))

    assert result.components["salary"] == ranking.NEUTRAL
    assert "salary not stated" in result.reasons


def test_hourly_salaries_are_made_yearly(profile: CandidateProfile) -> None:
    hourly = {"salary_period": "hour", "salary_currency": "USD"}

    reaching = score_job(profile, job(salary_min=70, salary_max=80, **hourly))
    below = score_job(profile, job(salary_min=60, salary_max=70, **hourly))

    assert reaching.components["salary"] == ranking.SALARY_STRADDLES
    assert "salary $145,600–$166,400 reaches your minimum ($160,000)" in reaching.reasons
    assert "salary range below your minimum ($145,600 < $160,000)" in below.reasons
    monthly = score_job(profile, job(salary_min=15_000, salary_max=None, salary_period="month"))
    assert monthly.components["salary"] == ranking.SALARY_MEETS


def test_a_salary_in_another_currency_is_not_compared(profile: CandidateProfile) -> None:
    result = score_job(profile, job(salary_min=50_000, salary_max=60_000, salary_currency="EUR"))

    assert result.components["salary"] == ranking.NEUTRAL
    assert "salary in EUR could not be compared with your minimum in USD" in result.reasons


# --- seniority ----------------------------------------------------------------------------


def test_a_seniority_gap_is_explained(profile: CandidateProfile) -> None:
    description = "Requirements:\n- 10+ years of experience with Python and Kafka.\n"

    result = score_job(profile, job(title="Staff Backend Engineer", description_text=description))

    assert "asks for 10+ years; you have 7" in result.reasons
    assert result.components["seniority"] == pytest.approx(1 - 0.25 * (10 - 7.3676), abs=1e-3)
    enough = score_job(profile, job())
    assert enough.components["seniority"] == 1.0
    assert "asks for 5+ years; you have 7" in enough.reasons


def test_years_of_experience_count_overlapping_jobs_once() -> None:
    periods = [
        ("2015-01-01", "2018-12-31"),
        ("2017-01", "2019-12"),  # overlaps the first
        ("2021", None),  # until today
        ("2016-06-01", "2016-07-01"),  # inside the first
        (None, "2014-01-01"),  # no start: skipped
    ]

    years = experience_years(periods, today=date(2023, 1, 1))

    first_stretch = (date(2019, 12, 31) - date(2015, 1, 1)).days / 365.25
    assert years == pytest.approx(first_stretch + 2.0, abs=0.01)
    assert experience_years([], today=TODAY) is None


def test_profile_years_come_from_the_work_history(candidate: Candidate) -> None:
    overlapping = candidate.model_copy(
        update={
            "work": [
                *candidate.work,
                Work(name="Side gig", startDate="2019-01", endDate="2020-12"),
            ]
        }
    )

    plain = CandidateProfile.from_candidate(candidate, today=TODAY)
    with_side_gig = CandidateProfile.from_candidate(overlapping, today=TODAY)

    assert plain.years is not None
    assert plain.years == pytest.approx(7.37, abs=0.01)
    assert with_side_gig.years == plain.years
    later = CandidateProfile.from_candidate(candidate, today=date(2027, 6, 1))
    assert later.years == pytest.approx(plain.years + 2, abs=0.01)


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("5+ years of experience in Python", 5),
        ("at least three years of backend work", 3),
        ("3-5 years of experience", 3),
        ("2 years of Go and 7+ years overall", 7),
        ("We have over 20 years of experience in logistics.", None),
        ("Founded 10 years ago, we are growing.", None),
        ("A yearly learning budget.", None),
    ],
)
def test_years_required_patterns(text: str, years: int | None) -> None:
    assert years_required(text) == years


def test_levels_come_from_the_title() -> None:
    assert level_from_title("Sr. Backend Engineer") is Level.SENIOR
    assert level_from_title("Software Engineer II") is Level.MID
    assert level_from_title("Senior Engineering Manager") is Level.MANAGER
    assert level_from_title("Junior Developer") is Level.JUNIOR
    assert level_from_title("Backend Engineer") is None


def test_a_junior_role_is_flagged_for_a_seasoned_candidate(profile: CandidateProfile) -> None:
    result = score_job(profile, job(title="Junior Backend Engineer", description_text="Python."))

    assert result.components["seniority"] == ranking.SENIORITY_OVERQUALIFIED
    assert "junior role; you have 7 years" in result.reasons


def test_reasons_put_problems_first(profile: CandidateProfile) -> None:
    result: MatchResult = score_job(
        profile, job(locations=["Remote (EU only)"], salary_min=100_000, salary_max=120_000)
    )

    assert result.reasons[0].startswith("salary range below your minimum")
    assert result.reasons[1].startswith("remote only in the EU")
