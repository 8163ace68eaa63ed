"""Contact details asked as a choice: only an option that is the candidate's own detail."""

from __future__ import annotations

from forms.mapping import contact_option
from forms.model import FormField
from resumes.candidate import load_candidate, sample_candidate_path

CANDIDATE = load_candidate(sample_candidate_path())  # San Francisco, California, US; +1 phone


def _choice(label: str, options: list[str]) -> tuple[str, str] | None:
    field = FormField(label=label, name="x", type="select", options=options)
    return contact_option(field, CANDIDATE)


def test_a_country_choice_takes_the_country_the_candidate_lives_in() -> None:
    options = ["Canada +1", "United States +1", "Germany +49"]
    assert _choice("Country", options) == (
        "United States +1",
        "candidate.basics.location.countryCode",
    )
    assert _choice("Country", ["Canada", "Germany"]) is None


def test_a_dialling_code_choice_needs_the_phone_prefix_and_the_country() -> None:
    chosen = _choice("Phone country code", ["Canada (+1)", "United States (+1)", "India (+91)"])
    assert chosen is not None
    assert chosen[0] == "United States (+1)"


def test_a_location_choice_takes_the_candidates_city_however_it_is_written() -> None:
    options = ["San Francisco, California, United States", "San Jose, California, United States"]
    assert _choice("Location", options) == (
        "San Francisco, California, United States",
        "candidate.basics.location",
    )
    assert _choice("Location", ["San Francisco, Argentina", "Berlin, Germany"]) is None


def test_an_email_choice_is_taken_only_when_it_is_the_candidates() -> None:
    assert _choice("Email address", ["priya.raman@example.org"]) == (
        "priya.raman@example.org",
        "candidate.basics.email",
    )
    assert _choice("Email address", ["someone.else@example.org"]) is None
