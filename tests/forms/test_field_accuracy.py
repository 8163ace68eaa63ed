"""The labelled field-accuracy set (bench/labels/, bench/field_accuracy.py): that every label fits
its form, and that a submission is scored field by field, required fields apart."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from bench.apply import FORMS
from bench.field_accuracy import (
    LABELLED,
    RESUME_SHA,
    Expected,
    LabelError,
    Score,
    compare,
    expectations,
    load_labels,
)
from resumes.candidate import Candidate
from sandbox.applications.log import Submission, SubmittedFile
from sandbox.catalogue import Catalogue, Posting, build_catalogue
from tests.forms.answered import answered_candidate


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return build_catalogue()


@pytest.fixture(scope="module")
def candidate() -> Candidate:
    return answered_candidate()


def _posting(catalogue: Catalogue, platform: str, index: int = 0) -> Posting:
    return catalogue.postings(FORMS[platform].catalogue)[index]


def _as_sent(expected: list[Expected], posting: Posting) -> Submission:
    """The submission that carries exactly the labelled answers (the first acceptable one)."""
    fields = {e.name: list(e.values[0]) for e in expected if e.file is None and e.values[0]}
    files = tuple(
        SubmittedFile(e.name, "cv.pdf", "application/pdf", 10, e.file)
        for e in expected
        if e.file is not None
    )
    board = posting.board or ""
    return Submission(1, "x", board, posting.external_id, "/", None, fields, files, "")


@pytest.mark.parametrize("platform", LABELLED)
def test_every_label_fits_every_posting_of_its_form(
    catalogue: Catalogue, candidate: Candidate, platform: str
) -> None:
    entries = load_labels(platform)
    postings = catalogue.postings(FORMS[platform].catalogue)
    for posting in postings:
        expected = expectations(platform, posting, entries, candidate)
        assert any(e.required for e in expected)
        assert compare(expected, _as_sent(expected, posting), posting.external_id) == []


def test_a_wrong_required_answer_is_a_required_mismatch(
    catalogue: Catalogue, candidate: Candidate
) -> None:
    posting = _posting(catalogue, "smartrecruiters")
    expected = expectations("smartrecruiters", posting, load_labels("smartrecruiters"), candidate)
    sent = _as_sent(expected, posting)
    sent.fields["phoneNumber"] = ["+1 415 555 0100"]
    sent.fields["hiringManagerMessage"] = ["Hello"]  # labelled empty, so this is wrong too
    wrong = compare(expected, sent, posting.external_id)
    assert {(m.field.name, m.field.required, m.sent) for m in wrong} == {
        ("phoneNumber", True, ("+1 415 555 0100",)),
        ("hiringManagerMessage", False, ("Hello",)),
    }
    score = Score()
    score.add(expected, wrong)
    assert score.required_right == score.required - 1
    assert score.every_right == score.every - 2


def test_options_are_compared_by_the_values_they_post(
    catalogue: Catalogue, candidate: Candidate
) -> None:
    posting = _posting(catalogue, "greenhouse")
    expected = expectations("greenhouse", posting, load_labels("greenhouse"), candidate)
    gender = next(e for e in expected if e.name == "gender")
    assert gender.values == (("3",),)  # "Decline To Self Identify" is Greenhouse's value 3
    sent = _as_sent(expected, posting)
    sent.fields["gender"] = ["Decline To Self Identify"]  # the text is not what the form posts
    [wrong] = compare(expected, sent, posting.external_id)
    assert wrong.field.name == "gender"


def test_nothing_submitted_or_another_file_is_wrong(
    catalogue: Catalogue, candidate: Candidate
) -> None:
    posting = _posting(catalogue, "lever")
    expected = expectations("lever", posting, load_labels("lever"), candidate)
    assert len(compare(expected, None, "p")) == len(expected)
    sent = _as_sent(expected, posting)
    other = replace(sent.files[0], sha256="0" * 64)
    [wrong] = compare(expected, replace(sent, files=(other,)), "p")
    assert wrong.field.name == "resume"
    assert wrong.field.file == RESUME_SHA


def test_the_authorization_answer_follows_the_jobs_country(
    catalogue: Catalogue, candidate: Candidate
) -> None:
    from sandbox.applications.screening import country_name

    entries = load_labels("ashby")
    answers = {}
    for posting in catalogue.postings("ashby"):
        expected = expectations("ashby", posting, entries, candidate)
        authorized = next(e for e in expected if e.label.startswith("Are you legally"))
        answers[country_name(posting.job)] = authorized.values
    assert answers["the United States"] == (("true",),)  # Ashby's Yes
    assert {v for k, v in answers.items() if k != "the United States"} == {(("false",),)}


def test_a_label_file_that_misses_a_field_or_an_option_is_refused(
    catalogue: Catalogue, candidate: Candidate, tmp_path: Path
) -> None:
    posting = _posting(catalogue, "workday")
    entries = load_labels("workday")
    fewer = [e for e in entries if e.get("name") != "gender"]
    with pytest.raises(LabelError, match="unlabelled fields \\['gender'\\]"):
        expectations("workday", posting, fewer, candidate)
    wrong = [{**e, "expect": "Maybe"} if e.get("name") == "gender" else e for e in entries]
    with pytest.raises(LabelError, match="'Maybe' is not an option of 'Gender'"):
        expectations("workday", posting, wrong, candidate)
    (tmp_path / "workday.json").write_text(json.dumps({"platform": "lever", "fields": []}))
    with pytest.raises(LabelError):
        load_labels("workday", tmp_path)
