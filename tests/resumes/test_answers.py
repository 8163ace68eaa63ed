"""Screening answers, tested from outside: each rule answers from the candidate's own file and
says where from; what the file doesn't answer goes to a human, never to a guess.

Years are checked against hand computations with a fixed ``today``.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from resumes.answers import Answer, Answerer, Question, choose_option
from resumes.candidate import Candidate, parse_candidate, sample_candidate_path
from resumes.target import JobTarget

TODAY = date(2025, 6, 1)


def sample_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(sample_candidate_path().read_text())
    return data


def candidate(**application: Any) -> Candidate:
    """The sample candidate with some ``application`` fields changed."""
    data = sample_data()
    data["application"].update(application)
    return parse_candidate(data)


def ask(
    who: Candidate,
    text: str,
    options: list[str] | None = None,
    *,
    kind: str | None = None,
    job: JobTarget | None = None,
    today: date = TODAY,
) -> Answer:
    question = Question.model_validate(
        {"text": text, "options": options or [], "kind": kind or ("select" if options else "text")}
    )
    return Answerer(who, today=today).answer(question, job)


def job_in(location: str | None) -> JobTarget:
    return JobTarget(
        title="Backend Engineer", company="Acme", description="Build APIs.", location=location
    )


@pytest.fixture
def priya() -> Candidate:
    return candidate()


YES_NO = ["Yes", "No"]


# --- sponsorship and authorization --------------------------------------------------------


@pytest.mark.parametrize(("requires", "expected"), [(False, "No"), (True, "Yes")])
def test_sponsorship_comes_from_the_application_block(requires: bool, expected: str) -> None:
    who = candidate(requires_sponsorship=requires)
    for text in (
        "Will you now or in the future require sponsorship for employment visa status?",
        "Do you need H-1B visa sponsorship?",
    ):
        answer = ask(who, text, YES_NO)
        assert (answer.answer, answer.source) == (expected, "application"), text
        assert answer.detail == "application.requires_sponsorship"


def test_sponsorship_not_set_needs_a_human() -> None:
    answer = ask(candidate(requires_sponsorship=None), "Will you require visa sponsorship?")
    assert answer.needs_human
    assert answer.answer is None
    assert "requires_sponsorship" in answer.detail


def test_work_without_sponsorship_is_asked_the_other_way_round() -> None:
    question = "Are you legally authorized to work in the United States without sponsorship?"
    assert ask(candidate(requires_sponsorship=False), question, YES_NO).answer == "Yes"
    assert ask(candidate(requires_sponsorship=True), question, YES_NO).answer == "No"
    canada = "Are you legally authorized to work in Canada without sponsorship?"
    assert ask(candidate(requires_sponsorship=False), canada, YES_NO).answer == "No"
    plain = "Can you work for us without visa sponsorship?"
    assert ask(candidate(requires_sponsorship=False), plain, YES_NO).answer == "Yes"


def test_holding_a_visa_is_not_needing_sponsorship(priya: Candidate) -> None:
    assert ask(priya, "Do you currently hold an H-1B visa?", YES_NO).needs_human


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Are you legally authorized to work in the United States?", "Yes"),
        ("Are you eligible to work in the US?", "Yes"),
        ("Are you legally authorized to work in Canada?", "No"),
        ("Do you have the right to work in the UK?", "No"),
    ],
)
def test_authorization_for_the_country_the_question_names(
    priya: Candidate, text: str, expected: str
) -> None:
    answer = ask(priya, text, YES_NO)
    assert (answer.answer, answer.source) == (expected, "application")
    assert answer.detail.startswith("application.authorized_to_work")


@pytest.mark.parametrize(
    ("location", "expected"), [("Austin, TX", "Yes"), ("Berlin, Germany", "No")]
)
def test_authorization_for_the_jobs_country(priya: Candidate, location: str, expected: str) -> None:
    text = "Are you legally authorized to work in the country where this job is located?"
    assert ask(priya, text, YES_NO, job=job_in(location)).answer == expected


def test_authorization_with_no_country_needs_a_human(priya: Candidate) -> None:
    text = "Are you legally authorized to work in the country where this job is located?"
    for job in (None, job_in(None), job_in("Remote")):
        answer = ask(priya, text, YES_NO, job=job)
        assert answer.needs_human
        assert "country" in answer.detail
    empty = ask(candidate(authorized_to_work=[]), "Are you authorized to work in the US?")
    assert empty.needs_human


# --- salary -------------------------------------------------------------------------------


def test_salary_as_text_and_as_a_number(priya: Candidate) -> None:
    text = ask(priya, "What are your salary expectations?")
    assert (text.answer, text.source) == ("185,000 USD per year", "application")
    assert text.detail == "application.salary_expectation"
    assert ask(priya, "Desired salary (USD)", kind="number").answer == "185000"


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["$100,000 - $150,000", "$150,000 - $200,000", "$200,000+"], "$150,000 - $200,000"),
        (["Under $100k", "$100k-$150k", "$150k-$200k", "Over $200k"], "$150k-$200k"),
        (["Less than $180,000", "$180,000 or more"], "$180,000 or more"),
    ],
)
def test_salary_picks_the_option_whose_range_holds_the_expectation(
    priya: Candidate, options: list[str], expected: str
) -> None:
    answer = ask(priya, "What is your expected compensation?", options)
    assert (answer.answer, answer.source) == (expected, "application")


def test_salary_with_no_matching_range_or_no_expectation_needs_a_human(priya: Candidate) -> None:
    low = ask(priya, "Expected salary?", ["$50,000 - $80,000", "$80,000 - $120,000"])
    assert low.needs_human
    assert "185,000" in low.detail
    assert ask(candidate(salary_expectation=None), "What are your salary expectations?").needs_human


def test_a_current_salary_is_not_the_expectation(priya: Candidate) -> None:
    answer = ask(priya, "What is your current salary?")
    assert answer.needs_human
    assert answer.answer is None


# --- start date, relocation, how you heard ------------------------------------------------


def test_start_date_and_notice_period() -> None:
    both = candidate(earliest_start_date="2025-07-01", notice_period="Four weeks")
    assert ask(both, "What is your earliest start date?").answer == "2025-07-01"
    assert ask(both, "When can you start?", kind="date").answer == "2025-07-01"
    notice = ask(both, "What is your notice period?")
    assert (notice.answer, notice.detail) == ("Four weeks", "application.notice_period")

    only_notice = candidate(notice_period="Two weeks")
    assert ask(only_notice, "When can you start?").answer == "Two weeks"
    # A date field cannot take "Two weeks", and a date nobody gave would be invented.
    assert ask(only_notice, "Earliest start date", kind="date").needs_human

    neither = candidate(notice_period=None)
    assert ask(neither, "When are you available to start?").needs_human


@pytest.mark.parametrize(("willing", "expected"), [(True, "Yes"), (False, "No")])
def test_relocation(willing: bool, expected: str) -> None:
    answer = ask(candidate(willing_to_relocate=willing), "Are you willing to relocate?", YES_NO)
    assert (answer.answer, answer.detail) == (expected, "application.willing_to_relocate")
    assert ask(candidate(willing_to_relocate=None), "Would you relocate?", YES_NO).needs_human


def test_how_did_you_hear(priya: Candidate) -> None:
    free = ask(priya, "How did you hear about this job?")
    assert (free.answer, free.source) == ("Company careers page", "application")
    closest = ask(priya, "How did you hear about us?", ["LinkedIn", "Company website", "Referral"])
    assert closest.answer == "Company website"
    nothing_close = ask(priya, "How did you find this role?", ["LinkedIn", "Referral", "Other"])
    assert nothing_close.needs_human
    assert ask(candidate(how_did_you_hear=None), "How did you hear about us?").needs_human


# --- EEO ----------------------------------------------------------------------------------

DECLINE_WORDINGS = [
    "I don't wish to answer",
    "I don’t wish to answer",
    "Decline to self-identify",
    "Decline To Self Identify",
    "Prefer not to say",
    "I prefer not to answer",
    "I do not want to answer",
    "I choose not to disclose",
]
EEO_QUESTIONS = {
    "What is your gender?": ["Male", "Female", "Non-binary"],
    "Race / Ethnicity": ["Hispanic or Latino", "White", "Asian", "Two or more races"],
    "Veteran status": ["I am a protected veteran", "I am not a protected veteran"],
    "Do you have a disability?": [
        "Yes, I have a disability (or previously had a disability)",
        "No, I do not have a disability and have not had one in the past",
    ],
}


@pytest.mark.parametrize("decline", DECLINE_WORDINGS)
@pytest.mark.parametrize("question", EEO_QUESTIONS)
def test_eeo_declines_with_the_forms_own_wording(
    priya: Candidate, question: str, decline: str
) -> None:
    answer = ask(priya, question, [*EEO_QUESTIONS[question], decline])
    assert (answer.answer, answer.source) == (decline, "application")
    assert answer.detail.startswith("application.eeo.")


@pytest.mark.parametrize("question", EEO_QUESTIONS)
def test_eeo_without_a_decline_option_needs_a_human(priya: Candidate, question: str) -> None:
    answer = ask(priya, question, EEO_QUESTIONS[question])
    assert answer.needs_human
    assert answer.answer is None
    assert "decline" in answer.detail


def test_eeo_as_free_text_declines_in_words(priya: Candidate) -> None:
    assert ask(priya, "What is your gender?").answer == "I decline to self-identify"


def test_an_eeo_answer_the_candidate_gave_is_never_swapped_for_a_similar_word() -> None:
    data = sample_data()
    data["application"]["eeo"] = {"gender": "Male"}
    male = parse_candidate(data)
    options = ["Female", "Male (including transgender men)", "Decline to self-identify"]
    assert ask(male, "Gender", options).answer == "Male (including transgender men)"
    # "Male" is four letters of "Female"; with no Male option a human must choose.
    assert ask(male, "Gender", ["Female", "Non-binary"]).needs_human
    assert choose_option("Male", ["Female", "Man (cis)"]) is None


@pytest.mark.parametrize(
    ("value", "options", "expected"),
    [
        ("Yes", ["Yes", "No"], "Yes"),
        ("No", ["Yes, I will", "No, I will not"], "No, I will not"),
        ("Yes", ["Yes, 5+ years", "No"], None),  # says more than the resume's "yes"
        ("Yes", ["Yes, 5+ years", "Yes, less than 5 years", "No"], None),
        ("5", ["Less than 5 years", "More than 10 years"], None),
        ("White", ["Asian", "White (Not Hispanic or Latino)"], "White (Not Hispanic or Latino)"),
        ("decline", ["Yes", "No", "I prefer not to answer"], "I prefer not to answer"),
        ("decline", ["Yes", "No"], None),
    ],
)
def test_choose_option(value: str, options: list[str], expected: str | None) -> None:
    assert choose_option(value, options) == expected


def test_a_yes_with_a_number_in_it_goes_to_a_human(priya: Candidate) -> None:
    answer = ask(priya, "Do you have experience with Kafka?", ["Yes, 5+ years", "No"])
    assert answer.needs_human
    assert "Yes" in answer.detail


# --- the answer bank ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Why do you want to work here?",
        "why do you want to work here",
        "Why do you want to work with us?",
        "Why do you want to work here? (no more than 100 words)",
    ],
)
def test_the_answer_bank_matches_a_reworded_question(priya: Candidate, text: str) -> None:
    answer = ask(priya, text)
    assert answer.source == "answer_bank"
    assert answer.answer is not None
    assert answer.answer.startswith("I enjoy building dependable backend systems")
    assert "Why do you want to work here?" in answer.detail


@pytest.mark.parametrize(
    "text",
    [
        "Why do you want to leave your current job?",
        "What do you want to work on here?",
        "Do you want to work here?",
        "Why don't you want to work here?",
        "Why do you want to work remotely?",
        "Are you comfortable working in the Eastern time zone?",
    ],
)
def test_the_answer_bank_ignores_a_different_question_that_shares_words(
    priya: Candidate, text: str
) -> None:
    answer = ask(priya, text)
    assert answer.source != "answer_bank", answer.detail


def test_the_bank_answer_is_mapped_onto_options(priya: Candidate) -> None:
    answer = ask(priya, "Are you comfortable working in Pacific time?", YES_NO)
    assert (answer.answer, answer.source) == ("Yes", "answer_bank")


# --- years, from the dates of the roles ---------------------------------------------------


def _years(start: date, end: date) -> float:
    return (end - start).days / 365.25


def test_years_with_a_skill_count_only_the_roles_that_use_it(priya: Candidate) -> None:
    # Kafka: Tidewater only, 2021-03-01 to today.
    kafka = ask(priya, "How many years of experience do you have with Kafka?")
    assert kafka.answer == str(int(_years(date(2021, 3, 1), TODAY)))  # 4.25 → "4"
    assert kafka.source == "resume"
    assert "Tidewater Analytics" in kafka.detail
    assert "Brightline" not in kafka.detail

    # Django: Brightline only, 2018-01-15 to 2021-02-26.
    django = ask(priya, "How many years of Django experience do you have?")
    assert django.answer == str(int(_years(date(2018, 1, 15), date(2021, 2, 26))))  # 3.12 → 3

    # Python: both roles, a 3-day gap between them.
    python = ask(priya, "How many years have you worked with Python?")
    both = _years(date(2018, 1, 15), date(2021, 2, 26)) + _years(date(2021, 3, 1), TODAY)
    assert python.answer == str(int(both)) == "7"


def test_years_round_down_near_an_anniversary(priya: Candidate) -> None:
    # 364 days of Kafka is not a year.
    day_before = ask(priya, "How many years of Kafka experience?", today=date(2022, 2, 28))
    assert day_before.answer == "0"
    after = ask(priya, "How many years of Kafka experience?", today=date(2022, 3, 2))
    assert after.answer == "1"


@pytest.mark.parametrize(
    ("skill", "options", "expected"),
    [
        ("Kafka", ["0-1", "2-4", "5+ years"], "2-4"),
        ("Python", ["0-1 years", "2-4 years", "5+ years"], "5+ years"),
        ("Django", ["Less than 1 year", "1-2 years", "3 or more years"], "3 or more years"),
    ],
)
def test_years_pick_the_range_option(
    priya: Candidate, skill: str, options: list[str], expected: str
) -> None:
    answer = ask(priya, f"How many years of experience do you have with {skill}?", options)
    assert (answer.answer, answer.source) == (expected, "resume")


def test_total_years_count_overlapping_roles_once() -> None:
    data = sample_data()
    data["work"].append(
        {
            "name": "Side Gig LLC",
            "position": "Contract Engineer",
            "startDate": "2019-01",
            "endDate": "2019-12",
            "highlights": ["Built a Go CLI."],
        }
    )
    who = parse_candidate(data)
    answer = ask(who, "How many years of professional experience do you have?")
    both = _years(date(2018, 1, 15), date(2021, 2, 26)) + _years(date(2021, 3, 1), TODAY)
    assert answer.answer == str(int(both))
    assert answer.detail == "resume: all roles' dates"
    ranged = ask(who, "Years of experience?", ["Less than 2 years", "2-5 years", "5+ years"])
    assert ranged.answer == "5+ years"


def test_years_with_a_skill_no_role_mentions_need_a_human(priya: Candidate) -> None:
    rust = ask(priya, "How many years of experience do you have with Rust?")
    assert rust.needs_human
    assert "Rust" in rust.detail
    several = ask(priya, "How many years of experience do you have with Kafka and Django?")
    assert several.needs_human


# --- degree and skills --------------------------------------------------------------------


def test_highest_degree(priya: Candidate) -> None:
    text = ask(priya, "What is the highest level of education you have completed?")
    assert (text.answer, text.source) == ("BS Computer Science", "resume")
    assert text.detail == "education: University of California, Davis"
    options = ["High school", "Bachelor's degree", "Master's degree", "Doctorate"]
    picked = ask(priya, "What is the highest degree you hold?", options)
    assert picked.answer == "Bachelor's degree"


def test_highest_degree_is_the_highest_not_the_first() -> None:
    data = sample_data()
    data["education"] = [
        {"institution": "University of Lagos", "area": "Mathematics", "studyType": "BSc"},
        {"institution": "Imperial College London", "area": "Statistics", "studyType": "PhD"},
        {"institution": "LSE", "area": "Statistics", "studyType": "MSc"},
    ]
    who = parse_candidate(data)
    text = ask(who, "What is the highest level of education you have completed?")
    assert (text.answer, text.detail) == ("PhD Statistics", "education: Imperial College London")
    options = ["Bachelor's Degree", "Master's Degree", "Doctorate (PhD)", "Other"]
    assert ask(who, "Highest degree?", options).answer == "Doctorate (PhD)"

    data["education"] = []
    assert ask(parse_candidate(data), "What is your highest degree?").needs_human


def test_a_degree_option_of_the_same_level_is_not_taken_for_the_one_held() -> None:
    data = sample_data()
    data["education"][0]["studyType"] = "MS"
    who = parse_candidate(data)
    assert ask(who, "Highest degree?", ["BS", "MBA", "MS", "PhD"]).answer == "MS"
    # An MS holder is not an MBA: with no MS option, a human chooses.
    assert ask(who, "Highest degree?", ["BS", "MBA", "PhD"]).needs_human


@pytest.mark.parametrize(
    "text",
    [
        "Do you have experience with Kubernetes?",
        "Do you have experience with Postgres?",
        "Have you used SQL?",
        "Have you worked with Kafka?",
    ],
)
def test_has_skill_yes_when_the_resume_has_it(priya: Candidate, text: str) -> None:
    answer = ask(priya, text, YES_NO)
    assert (answer.answer, answer.source) == ("Yes", "resume")
    assert answer.detail.startswith("resume lists or uses")


@pytest.mark.parametrize(
    "text",
    [
        "Do you have experience with Rust?",
        "Have you used PyTorch?",
        "Do you have experience with Snowflake?",
    ],
)
def test_has_skill_never_says_no_by_guess(priya: Candidate, text: str) -> None:
    answer = ask(priya, text, YES_NO)
    assert answer.needs_human
    assert answer.answer is None


# --- everything else ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("What is your favourite colour?", []),
        ("Describe a conflict you resolved.", []),
        ("Which office would you prefer?", ["London", "Berlin", "New York"]),
        ("Are you a US citizen?", YES_NO),
    ],
)
def test_unknown_questions_need_a_human_with_a_reason(
    priya: Candidate, text: str, options: list[str]
) -> None:
    answer = ask(priya, text, options)
    assert answer.needs_human
    assert answer.answer is None  # never a random pick among the options
    assert answer.detail


def test_every_answer_says_where_it_came_from(priya: Candidate) -> None:
    questions = [
        ("Will you require sponsorship?", YES_NO),
        ("Are you authorized to work in the US?", YES_NO),
        ("Salary expectations?", []),
        ("When can you start?", []),
        ("Are you willing to relocate?", YES_NO),
        ("How did you hear about us?", []),
        ("Gender", ["Male", "Female", "Decline to self-identify"]),
        ("Why do you want to work here?", []),
        ("How many years of experience do you have with Go?", []),
        ("What is the highest degree you hold?", []),
        ("Do you have experience with Docker?", YES_NO),
        ("What is your favourite colour?", []),
    ]
    for text, options in questions:
        answer = ask(priya, text, options)
        assert answer.detail.strip(), text
        assert answer.question == text
        assert (answer.answer is None) == answer.needs_human, text


@pytest.mark.parametrize(
    "question",
    [
        "How many years of roadmapping experience do you have?",
        "How many years of work experience do you have with roadmapping?",
        "How many years have you worked on roadmapping?",
    ],
)
def test_years_of_something_no_role_names_are_not_all_years_worked(
    priya: Candidate, question: str
) -> None:
    """A subject the skill list does not know is still a subject: all roles' dates would
    claim every year worked was spent on it."""
    answer = ask(priya, question)
    assert answer.needs_human
    assert answer.detail == "it asks for years of roadmapping, which no role in the resume names"
    general = ask(priya, "How many years of relevant work experience do you have?")
    assert general.detail == "resume: all roles' dates"
