"""The faithfulness validator, tested from outside: every injected fabrication is caught with
its kind and path, and faithful rewrites of three differently shaped masters pass untouched.

The masters: the bundled backend engineer (metrics everywhere, one certificate), a data
scientist with a PhD and a "Sr." title (British, overlapping-free research then industry),
and a product designer in Boston, MA with a BFA and not a single metric.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from resumes.candidate import load_candidate, parse_candidate, sample_candidate_path
from resumes.facts import MasterFacts, coded_tokens, degree_levels, numbers_in
from resumes.validator import Validator, Violation

TODAY = date(2025, 6, 1)
"""Fixed so years worked are known: 7 for the sample, 8 for the scientist, 7 for the designer."""

Document = dict[str, Any]


def sample() -> Document:
    return load_candidate(sample_candidate_path()).resume_document()


def data_scientist() -> Document:
    return {
        "basics": {
            "name": "Tomás Okafor",
            "label": "Sr. Data Scientist",
            "email": "tomas.okafor@example.com",
            "phone": "+44 20 7946 0958",
            "summary": "Data scientist who turns messy clinical data into models that doctors "
            "trust.",
            "location": {"city": "London", "countryCode": "GB"},
        },
        "work": [
            {
                "name": "Lumen Bio",
                "position": "Sr. Data Scientist",
                "location": "London",
                "startDate": "2020-09",
                "highlights": [
                    "Built a PyTorch model that flags sepsis risk 6 hours earlier, deployed in "
                    "3 hospitals.",
                    "Designed A/B tests for a triage app with 1.2M users, using Bayesian methods "
                    "in R.",
                    "Moved feature pipelines from Pandas scripts to Airflow and BigQuery.",
                ],
            },
            {
                "name": "Imperial College London",
                "position": "Research Assistant",
                "startDate": "2016-10",
                "endDate": "2020-08",
                "highlights": [
                    "Published 5 peer-reviewed papers on survival analysis.",
                    "Taught statistics to 120 undergraduates.",
                ],
            },
        ],
        "education": [
            {
                "institution": "Imperial College London",
                "area": "Statistics",
                "studyType": "PhD",
                "startDate": "2016-10",
                "endDate": "2020-07",
            },
            {
                "institution": "University of Lagos",
                "area": "Mathematics",
                "studyType": "BSc",
                "startDate": "2011",
                "endDate": "2015",
            },
        ],
        "skills": [
            {"name": "Modelling", "keywords": ["PyTorch", "scikit-learn", "XGBoost", "Statistics"]},
            {"name": "Data", "keywords": ["Python", "R", "SQL", "BigQuery", "Airflow", "Pandas"]},
        ],
    }


def designer() -> Document:
    return {
        "basics": {
            "name": "Mara Lindqvist",
            "label": "Product Designer",
            "email": "mara@example.net",
            "summary": "Product designer who makes complicated tools feel calm, from user "
            "research to shipped pixels.",
            "location": {"city": "Boston", "region": "MA", "countryCode": "US"},
        },
        "work": [
            {
                "name": "Fieldnote Studio",
                "position": "Product Designer",
                "location": "Boston, MA",
                "startDate": "2019-04",
                "highlights": [
                    "Led user research and prototyping for a field-service scheduling tool.",
                    "Built the studio's design system in Figma, adopted by every product team.",
                    "Made the booking flow accessible to screen-reader users.",
                ],
            },
            {
                "name": "Harbor & Pine",
                "position": "Junior Designer",
                "location": "Providence, RI",
                "startDate": "2017-06",
                "endDate": "2019-03",
                "highlights": [
                    "Designed print and web campaigns for local restaurants in Illustrator and "
                    "Photoshop.",
                ],
            },
        ],
        "education": [
            {
                "institution": "Rhode Island School of Design",
                "area": "Graphic Design",
                "studyType": "BFA",
                "startDate": "2013",
                "endDate": "2017",
            }
        ],
        "skills": [
            {
                "name": "Design",
                "keywords": ["Figma", "Sketch", "Prototyping", "User Research", "Design Systems"],
            },
            {"name": "Tools", "keywords": ["Illustrator", "Photoshop"]},
        ],
    }


MASTERS: dict[str, Callable[[], Document]] = {
    "backend": sample,
    "data-scientist": data_scientist,
    "designer": designer,
}


def validator(master: Document, synonyms: dict[str, list[str]] | None = None) -> Validator:
    return Validator(MasterFacts.of(master, today=TODAY), synonyms=synonyms)


def changed(master: Document, change: Callable[[Document], object]) -> Document:
    tailored = copy.deepcopy(master)
    change(tailored)
    return tailored


def found(violations: list[Violation]) -> set[tuple[str, str]]:
    return {(v.kind, v.path) for v in violations}


def text_kinds(violations: list[Violation]) -> set[tuple[str, str]]:
    return {(v.kind, v.value) for v in violations}


@pytest.fixture
def backend() -> Document:
    return sample()


@pytest.fixture
def check(backend: Document) -> Validator:
    return validator(backend)


# --- the masters themselves ---------------------------------------------------------------


@pytest.mark.parametrize("name", MASTERS)
def test_each_master_checked_against_itself_has_no_violation(name: str) -> None:
    master = MASTERS[name]()
    parse_candidate(master)  # each is a valid candidate file, not just a dict
    assert validator(master).check_document(master) == []


@pytest.mark.parametrize(
    ("name", "years"), [("backend", 7), ("data-scientist", 8), ("designer", 7)]
)
def test_years_worked_come_from_the_dates(name: str, years: int) -> None:
    assert MasterFacts.of(MASTERS[name](), today=TODAY).years_of_experience == years


# --- employers and titles -----------------------------------------------------------------


def test_a_new_employer_is_caught(backend: Document, check: Validator) -> None:
    tailored = changed(backend, lambda d: d["work"][1].update(name="Stripe"))
    assert found(check.check_document(tailored)) == {("employer", "work[1].name")}


@pytest.mark.parametrize(
    "title", ["Staff Backend Engineer", "Principal Backend Engineer", "Engineering Manager"]
)
def test_a_changed_title_is_caught(backend: Document, check: Validator, title: str) -> None:
    tailored = changed(backend, lambda d: d["work"][0].update(position=title))
    assert found(check.check_document(tailored)) == {("title", "work[0].position")}


def test_a_headline_the_candidate_never_held_is_caught(backend: Document, check: Validator) -> None:
    tailored = changed(backend, lambda d: d["basics"].update(label="Staff Backend Engineer"))
    assert found(check.check_document(tailored)) == {("title", "basics.label")}


def test_sr_stands_for_senior_both_ways(backend: Document, check: Validator) -> None:
    tailored = changed(backend, lambda d: d["work"][0].update(position="Sr. Backend Engineer"))
    assert check.check_document(tailored) == []

    scientist = data_scientist()
    spelled_out = changed(
        scientist, lambda d: d["work"][0].update(position="Senior Data Scientist")
    )
    spelled_out["basics"]["label"] = "Senior Data Scientist"
    assert validator(scientist).check_document(spelled_out) == []
    staff = changed(scientist, lambda d: d["work"][0].update(position="Staff Data Scientist"))
    assert found(validator(scientist).check_document(staff)) == {("title", "work[0].position")}


def test_a_configured_synonym_allows_a_title_otherwise_rejected(backend: Document) -> None:
    tailored = changed(backend, lambda d: d["work"][1].update(position="Software Developer"))
    assert found(validator(backend).check_document(tailored)) == {("title", "work[1].position")}
    assert validator(backend, {"developer": ["engineer"]}).check_document(tailored) == []


# --- numbers and metrics ------------------------------------------------------------------


def _replace_in_bullets(document: Document, old: str, new: str) -> str:
    """Replace ``old`` in the one bullet that holds it; return that bullet's path."""
    for i, work in enumerate(document["work"]):
        for j, bullet in enumerate(work.get("highlights") or []):
            if old in bullet:
                work["highlights"][j] = bullet.replace(old, new)
                return f"work[{i}].highlights[{j}]"
    raise AssertionError(f"{old!r} is in no bullet")


@pytest.mark.parametrize(
    ("old", "new", "shown"),
    [
        ("210 ms", "150 ms", "150"),
        ("25 million", "250 million", "250 million"),
        ("30%", "45%", "45%"),
        ("4 engineers", "six engineers", "six"),
        ("14 services", "40 services", None),  # 40 is a master number, but 14 → 40 still adds…
        ("300 clinics", "3,000 clinics", "3,000"),
        ("from 35% to 88%", "from 35% to 98%", "98%"),
    ],
)
def test_an_inflated_metric_is_caught(
    backend: Document, check: Validator, old: str, new: str, shown: str | None
) -> None:
    tailored = copy.deepcopy(backend)
    path = _replace_in_bullets(tailored, old, new)
    violations = check.check_document(tailored)
    if shown is None:
        # 40 exists in the master ("Used by 40 teams"), so the number check cannot tell: a
        # known limit of a value-based check, pinned here so a change to it is noticed.
        assert violations == []
        return
    assert found(violations) == {("number", path)}
    assert [v.value for v in violations] == [shown]  # as written, so the feedback is readable


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("25 million", "25M"),
        ("25 million", "25,000,000"),
        ("4 engineers", "four engineers"),
        ("30%", "30 percent"),
        ("30%", "thirty percent"),
    ],
)
def test_equivalent_writings_of_a_master_number_pass(
    backend: Document, check: Validator, old: str, new: str
) -> None:
    tailored = copy.deepcopy(backend)
    _replace_in_bullets(tailored, old, new)
    assert check.check_document(tailored) == []


@pytest.mark.parametrize(
    "text",
    [
        "Mentored 6 engineers.",  # 6 is only the month of a date in the master (2017-06)
        "Raised test coverage by 15%.",  # 15 is only the day of a date (2018-01-15)
        "Served 555 clinics.",  # 555 is only in the phone number
        "Mentored twenty-six engineers.",
        "Used by fifty teams to spot slow queries.",
    ],
)
def test_a_number_the_master_only_has_inside_a_date_or_phone_is_caught(
    check: Validator, text: str
) -> None:
    assert [v.kind for v in check.check_text(text)] == ["number"]


def test_the_candidates_own_phone_and_date_years_are_not_claims(check: Validator) -> None:
    assert check.check_text("Reach me at +1 415 555 0199 or priya.raman@example.org.") == []
    assert check.check_text("I joined Tidewater Analytics in 2021.") == []


def test_a_derived_metric_is_a_new_claim(check: Validator) -> None:
    # 900 ms → 210 ms is a 77% cut and a 4x speed-up, but the master never says so.
    assert text_kinds(check.check_text("Cut p95 latency by 77%.")) == {("number", "77%")}
    assert ("number", "4x") in text_kinds(check.check_text("Made the reporting API 4x faster."))


def test_scientist_metrics(check: Validator) -> None:
    scientist = validator(data_scientist())
    assert scientist.check_text("Flags sepsis risk six hours earlier in three hospitals.") == []
    assert scientist.check_text("A triage app with 1.2 million users.") == []
    assert text_kinds(scientist.check_text("A triage app with 12M users.")) == {("number", "12M")}
    # 8 is only a month in the master's dates ("2020-08"); it must not pass as a fact.
    assert text_kinds(scientist.check_text("Flags sepsis risk 8 hours earlier.")) == {
        ("number", "8")
    }


def test_a_designer_without_metrics_gets_none_invented() -> None:
    check = validator(designer())
    assert text_kinds(check.check_text("Raised booking conversion by 20% with user research.")) == {
        ("number", "20%")
    }
    assert text_kinds(check.check_text("Built a design system used by 12 teams.")) == {
        ("number", "12")
    }


# --- skills -------------------------------------------------------------------------------


@pytest.mark.parametrize("skill", ["Rust", "Snowflake", "Underwater Basket Weaving"])
def test_a_new_skill_in_the_skills_list_is_caught(
    backend: Document, check: Validator, skill: str
) -> None:
    tailored = changed(backend, lambda d: d["skills"][0]["keywords"].append(skill))
    assert found(check.check_document(tailored)) == {("skill", "skills[0].keywords[4]")}


def test_a_new_skill_in_a_bullet_or_the_summary_is_caught(
    backend: Document, check: Validator
) -> None:
    tailored = copy.deepcopy(backend)
    tailored["work"][0]["highlights"][2] += " Loaded the results into Snowflake."
    tailored["basics"]["summary"] += " Also builds PyTorch models."
    violations = check.check_document(tailored)
    assert ("skill", "work[0].highlights[2]") in found(violations)
    assert ("skill", "basics.summary") in found(violations)
    assert {v.value for v in violations if v.kind == "skill"} == {"Snowflake", "PyTorch"}


def test_aliases_of_master_skills_pass(backend: Document, check: Validator) -> None:
    tailored = copy.deepcopy(backend)
    tailored["skills"][1]["keywords"][2] = "Postgres"
    tailored["skills"][2]["keywords"][2] = "k8s"
    tailored["work"][0]["highlights"][0] = tailored["work"][0]["highlights"][0].replace(
        "Postgres", "PostgreSQL"
    )
    assert check.check_document(tailored) == []
    assert check.check_text("Runs Postgres on k8s.") == []


def test_a_skill_implied_by_a_master_skill_passes() -> None:
    master = sample()
    master["skills"][0]["keywords"].remove("SQL")  # PostgreSQL remains, and implies SQL
    check = validator(master)
    tailored = changed(master, lambda d: d["skills"][0]["keywords"].append("SQL"))
    assert check.check_document(tailored) == []
    assert check.check_text("Wrote SQL against PostgreSQL.") == []
    # The designer has nothing that implies SQL: the same claim is caught there.
    artist = designer()
    with_sql = changed(artist, lambda d: d["skills"][1]["keywords"].append("SQL"))
    assert found(validator(artist).check_document(with_sql)) == {("skill", "skills[1].keywords[2]")}


def test_an_implied_skill_in_the_jobs_spelling_is_not_an_unknown_name(
    backend: Document, check: Validator
) -> None:
    # The extractive tailor names implied skills (TypeScript → JavaScript, GitHub Actions →
    # CI/CD) in the summary; those are not names the master lacks.
    summary = "Backend engineer, hands-on with JavaScript, CI/CD and Kubernetes."
    assert check.check_text(summary) == []


# --- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "key", "value", "path"),
    [
        (("work", 1), "startDate", "2017-01-15", "work[1].startDate"),
        (("work", 1), "endDate", "2022-02-26", "work[1].endDate"),
        (("work", 0), "startDate", "2020-03-01", "work[0].startDate"),
        (("education", 0), "startDate", "2012-09", "education[0].startDate"),
        (("education", 0), "endDate", "2016-06", "education[0].endDate"),
        (("certificates", 0), "date", "2021-05", "certificates[0].date"),
    ],
)
def test_a_changed_date_is_caught(
    backend: Document,
    check: Validator,
    where: tuple[str, int],
    key: str,
    value: str,
    path: str,
) -> None:
    section, index = where
    tailored = changed(backend, lambda d: d[section][index].update({key: value}))
    assert found(check.check_document(tailored)) == {("date", path)}


def test_a_removed_end_date_claims_the_candidate_still_works_there(
    backend: Document, check: Validator
) -> None:
    tailored = changed(backend, lambda d: d["work"][1].pop("endDate"))
    violations = check.check_document(tailored)
    assert found(violations) == {("date", "work[1].endDate")}
    assert "present" in violations[0].message


# --- fields no entry check reads ---------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["work"][0].update(location="New York, NY"), ("employer", "work[0].location")),
        (lambda d: d["work"][1].update(url="https://stripe.com"), ("employer", "work[1].url")),
        (lambda d: d["education"][0].update(score="3.9 GPA"), ("degree", "education[0].score")),
        (
            lambda d: d["education"][0].update(courses=["Quantum Computing"]),
            ("degree", "education[0].courses"),
        ),
        (
            lambda d: d["certificates"][0].update(issuer="Google"),
            ("certification", "certificates[0].issuer"),
        ),
        (lambda d: d["projects"][0].update(startDate="2015-01"), ("date", "projects[0].startDate")),
        (lambda d: d["basics"]["location"].update(city="New York"), ("contact", "basics.location")),
        (
            lambda d: d["basics"]["profiles"].append({"network": "X", "username": "priya"}),
            ("contact", "basics.profiles"),
        ),
        (lambda d: d["basics"].update(phone="+1 212 555 0100"), ("contact", "basics.phone")),
        (
            lambda d: d.update(awards=[{"title": "Engineer of the Year", "date": "2023"}]),
            ("certification", "awards[0].title"),
        ),
        (
            lambda d: d.update(languages=[{"language": "French", "fluency": "Native"}]),
            ("skill", "languages[0].language"),
        ),
        (
            lambda d: d.update(volunteer=[{"organization": "Code for America"}]),
            ("employer", "volunteer[0].organization"),
        ),
        (
            lambda d: d["skills"].append({"name": "Machine Learning", "keywords": []}),
            ("skill", "skills[3].name"),
        ),
    ],
)
def test_a_field_the_master_does_not_have_is_caught(
    backend: Document,
    check: Validator,
    change: Callable[[Document], object],
    expected: tuple[str, str],
) -> None:
    assert found(check.check_document(changed(backend, change))) == {expected}


def test_other_sections_may_repeat_or_leave_out_what_the_master_has() -> None:
    master = sample()
    master["languages"] = [
        {"language": "English", "fluency": "Native"},
        {"language": "Tamil", "fluency": "Fluent"},
    ]
    master["awards"] = [{"title": "Hackathon winner", "date": "2019", "awarder": "Brightline"}]
    master["education"][0]["courses"] = ["Databases", "Operating Systems"]
    check = validator(master)
    assert check.check_document(master) == []
    tailored = copy.deepcopy(master)
    tailored["languages"] = tailored["languages"][:1]
    tailored["education"][0]["courses"] = ["Databases"]
    del tailored["awards"]
    assert check.check_document(tailored) == []
    fluent = changed(master, lambda d: d["languages"][1].update(fluency="Native"))
    assert found(check.check_document(fluent)) == {("skill", "languages[1].fluency")}


# --- certifications -----------------------------------------------------------------------


def test_a_new_certificate_in_the_list_is_caught(backend: Document, check: Validator) -> None:
    tailored = changed(
        backend,
        lambda d: d["certificates"].append({"name": "Certified Kubernetes Administrator"}),
    )
    assert found(check.check_document(tailored)) == {("certification", "certificates[1].name")}
    professional = changed(
        backend,
        lambda d: d["certificates"][0].update(
            name="AWS Certified Solutions Architect - Professional"
        ),
    )
    assert found(check.check_document(professional)) == {("certification", "certificates[0].name")}


@pytest.mark.parametrize(
    "text",
    [
        "AWS Certified Solutions Architect - Professional with deep Postgres experience.",
        "Holds the AWS Certified Solutions Architect – Professional.",  # an en dash
        "Certified Kubernetes Administrator.",
        "Earned the Google Professional Cloud Architect certification.",
    ],
)
def test_a_new_certification_in_prose_is_caught(check: Validator, text: str) -> None:
    assert "certification" in {v.kind for v in check.check_text(text)}


def test_the_masters_certification_in_prose_passes(check: Validator) -> None:
    assert check.check_text("AWS Certified Solutions Architect - Associate since 2022.") == []


# --- schools and degrees ------------------------------------------------------------------


def test_a_new_school_is_caught(backend: Document, check: Validator) -> None:
    tailored = changed(
        backend, lambda d: d["education"][0].update(institution="Stanford University")
    )
    assert found(check.check_document(tailored)) == {("school", "education[0].institution")}


@pytest.mark.parametrize(
    ("key", "value"),
    [("studyType", "MS"), ("studyType", "PhD"), ("area", "Electrical Engineering")],
)
def test_a_changed_degree_is_caught(
    backend: Document, check: Validator, key: str, value: str
) -> None:
    tailored = changed(backend, lambda d: d["education"][0].update({key: value}))
    assert found(check.check_document(tailored)) == {("degree", f"education[0].{key}")}


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Backend engineer with a PhD in distributed systems.", "doctorate"),
        ("Backend engineer with an MBA.", "master"),
        ("Holds an MS.", "master"),
        ("Holds a master's degree in Computer Science.", "master"),
    ],
)
def test_a_degree_level_the_master_lacks_is_caught_in_prose(
    check: Validator, text: str, level: str
) -> None:
    assert ("degree", level) in text_kinds(check.check_text(text))


def test_degree_levels_are_read_from_what_the_master_holds() -> None:
    scientist = validator(data_scientist())
    assert scientist.check_text("Data scientist with a PhD in Statistics.") == []
    assert ("degree", "master") in text_kinds(scientist.check_text("Holds an MBA."))
    artist = validator(designer())
    assert artist.check_text("Holds a BFA in Graphic Design.") == []
    assert ("degree", "master") in text_kinds(artist.check_text("Holds an MFA in Graphic Design."))


def test_milliseconds_and_places_are_not_degrees(check: Validator) -> None:
    assert check.check_text("Cut latency from 900 ms to 210 ms.") == []
    assert degree_levels("900 ms") == set()
    assert degree_levels("Automated reports in MS Excel") == set()
    # The designer's own city and a job's place given as allowed are states, not degrees.
    artist = validator(designer())
    assert artist.check_text("Product designer based in Boston, MA.") == []
    assert artist.check_text("Glad to move to Jackson, MS.", allowed=["Jackson, MS"]) == []


# --- names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "name"),
    [
        ("Backend engineer, formerly at Stripe.", "employer", "Stripe"),
        (
            "Backend engineer (previously at Google) who builds Python services.",
            "employer",
            "Google",
        ),
        ("Paired daily with Jane Smith on the platform.", "name", "Smith"),
        ("Published in Nature.", "name", "Nature"),
    ],
)
def test_a_new_company_or_person_in_prose_is_caught(
    check: Validator, text: str, kind: str, name: str
) -> None:
    assert (kind, name) in text_kinds(check.check_text(text))


def test_the_target_company_and_role_are_allowed(check: Validator) -> None:
    text = "I am excited to apply for the Staff Platform Engineer role at Acme Robotics."
    assert {v.value for v in check.check_text(text)} >= {"Acme", "Staff"}
    assert check.check_text(text, allowed=["Acme Robotics", "Staff Platform Engineer"]) == []


def test_master_names_abbreviations_and_possessives_pass() -> None:
    assert validator(sample()).check_text("I hold a BS in Computer Science from UC Davis.") == []
    artist = validator(designer())
    assert artist.check_text("Holds a BFA in Graphic Design from RISD.") == []
    assert artist.check_text("Built Fieldnote's design system in Figma.") == []


# --- years of experience ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Backend engineer with 7 years of experience.",
        "Backend engineer with seven years of experience.",
        "Backend engineer with 5+ years of Python experience.",
    ],
)
def test_years_claims_up_to_the_years_worked_pass(check: Validator, text: str) -> None:
    assert check.check_text(text) == []


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Backend engineer with 8 years of experience.", "8"),
        ("Backend engineer with over 10 years of experience.", "10"),
        ("Backend engineer with 15 years of experience.", "15"),  # 15: a day in the dates
        ("Backend engineer with seventeen years of experience.", "seventeen"),
    ],
)
def test_years_claims_above_the_years_worked_are_caught(
    check: Validator, text: str, shown: str
) -> None:
    assert text_kinds(check.check_text(text)) == {("number", shown)}


def test_years_claims_follow_each_masters_history() -> None:
    scientist = validator(data_scientist())
    assert scientist.check_text("Eight years of experience in clinical modelling.") == []
    assert text_kinds(scientist.check_text("9 years of experience.")) == {("number", "9")}


# --- faithful rewrites --------------------------------------------------------------------


def test_a_faithful_rewrite_of_the_backend_master_passes(
    backend: Document, check: Validator
) -> None:
    tailored = copy.deepcopy(backend)
    tailored["basics"]["summary"] = (
        "Senior backend engineer with 7 years of experience building reliable Python and Go "
        "services, focused on Postgres performance."
    )
    tailored["work"][0]["highlights"] = [
        "Built a Kafka event pipeline processing 25M events a day.",
        "Reduced p95 latency of the reporting API from 900 ms to 210 ms through redesigned "
        "PostgreSQL indexes and a Redis read-through cache.",
        "Led the zero-downtime migration of 14 services from a monolith to FastAPI microservices.",
        "Mentored four engineers and ran backend hiring.",
    ]
    tailored["work"][1]["highlights"] = [
        "Cut AWS costs 30% by rightsizing RDS and moving batch jobs to spot instances.",
        "Built Django APIs for a patient scheduling app used by 300 clinics.",
    ]
    tailored["skills"] = [
        {"name": "Backend", "keywords": ["Python", "Postgres", "Kafka", "Redis", "FastAPI"]},
        {"name": "Infrastructure", "keywords": ["AWS", "k8s", "Docker", "Terraform"]},
    ]
    tailored["projects"][0]["highlights"] = ["Used by forty teams to find slow Postgres queries."]
    allowed = ["Acme Robotics", "Staff Backend Engineer"]
    assert check.check_document(tailored, allowed=allowed) == []

    letter = (
        "I am applying for the Staff Backend Engineer role at Acme Robotics. At Tidewater "
        "Analytics I cut p95 latency of our reporting API from 900 ms to 210 ms and built a "
        "Kafka pipeline that handles 25 million events per day. Before that, at Brightline "
        "Health, I wrote the Django APIs behind a scheduling app used by 300 clinics and "
        "reduced AWS costs by 30%. I hold a BS in Computer Science from UC Davis and the AWS "
        "Certified Solutions Architect - Associate certification."
    )
    assert check.check_text(letter, allowed=allowed) == []


def test_a_faithful_rewrite_of_the_scientist_master_passes() -> None:
    master = data_scientist()
    tailored = copy.deepcopy(master)
    tailored["basics"]["label"] = "Senior Data Scientist"
    tailored["basics"]["summary"] = (
        "Senior data scientist with a PhD in Statistics and 8 years of experience building "
        "PyTorch models for clinical data."
    )
    tailored["work"][0]["position"] = "Senior Data Scientist"
    tailored["work"][0]["highlights"] = [
        "Moved feature pipelines from Pandas scripts to Airflow and BigQuery.",
        "Deployed a PyTorch sepsis-risk model in three hospitals that flags risk six hours "
        "earlier.",
        "Ran Bayesian A/B tests in R for a triage app with 1.2 million users.",
    ]
    tailored["work"][1]["highlights"] = [
        "Published five peer-reviewed papers on survival analysis."
    ]
    tailored["education"] = tailored["education"][:1]
    tailored["skills"] = [
        {"name": "Machine Learning", "keywords": ["PyTorch", "scikit-learn", "XGBoost"]},
        {"name": "Data", "keywords": ["Python", "SQL", "BigQuery", "Airflow", "Pandas"]},
    ]
    check = validator(master)
    assert (
        check.check_document(tailored, allowed=["Northwind Health", "Staff Data Scientist"]) == []
    )
    assert (
        check.check_text(
            "I earned my PhD in Statistics at Imperial College London and hold a BSc in "
            "Mathematics from the University of Lagos."
        )
        == []
    )


def test_a_faithful_rewrite_of_the_designer_master_passes() -> None:
    master = designer()
    tailored = copy.deepcopy(master)
    tailored["basics"]["summary"] = (
        "Product designer in Boston, MA who makes complicated tools feel calm, from user "
        "research and prototyping to shipped pixels."
    )
    tailored["work"][0]["highlights"] = [
        "Built Fieldnote's design system in Figma; every product team adopted it.",
        "Led user research and prototyping for a field-service scheduling tool.",
    ]
    tailored["work"][1]["highlights"] = []
    check = validator(master)
    allowed = ["Linear", "Senior Product Designer"]
    assert check.check_document(tailored, allowed=allowed) == []
    letter = (
        "I am applying for the Senior Product Designer role at Linear. At Fieldnote Studio I "
        "built the design system in Figma, and at Harbor & Pine I designed campaigns in "
        "Illustrator and Photoshop. I studied Graphic Design at RISD."
    )
    assert check.check_text(letter, allowed=allowed) == []


# --- the helpers the checks rest on -------------------------------------------------------


def test_number_readings() -> None:
    assert numbers_in("25M") == numbers_in("25 million") == numbers_in("25,000,000") == {25e6}
    assert numbers_in("twenty-five engineers") == {25.0}
    assert numbers_in("seventeen years") == {17.0}
    assert numbers_in("one of the first engineers") == set()  # a pronoun, not a count
    assert coded_tokens("25M events, 3bn rows, p95 on EC2, 10x") == {"p95", "ec2", "10x"}
