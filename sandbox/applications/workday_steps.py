"""What each step of a Workday application asks, and how the server checks a step's answers.

The steps are Workday's: My Information, My Experience, Application Questions, Voluntary
Disclosures, Review. Every field is keyed by its ``data-automation-id`` (Workday's markup has no
names), which is also the key it is posted and recorded under; a radio or checkbox group is
keyed by its inputs' shared name. Choices are posted as their option's text, except Yes/No
radios (``true``/``false``) and a ticked checkbox (``true``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from sandbox.applications import checks
from sandbox.applications.intake import PostedForm
from sandbox.applications.questions import Option, Question
from sandbox.applications.screening import screening_questions
from sandbox.applications.variants import PHONE_REFUSAL
from sandbox.catalogue import Posting
from sandbox.links import stable_uuid

Widget = Literal["text", "textarea", "file", "dropdown", "radio", "checkbox", "checkboxes"]

SOURCES: Final = (
    "Career Site",
    "Company Website",
    "Employee Referral",
    "Indeed",
    "Job Fair",
    "LinkedIn",
    "Other",
)
COUNTRIES: Final = (
    "United States of America",
    "Canada",
    "United Kingdom",
    "Ireland",
    "Germany",
    "Spain",
    "India",
)
DEFAULT_COUNTRY: Final = "United States of America"
PHONE_TYPES: Final = ("Mobile", "Home", "Work")
DECLINE: Final = "I do not wish to answer"
TERMS: Final = "Yes, I have read and consent to the terms and conditions"
FILETYPES: Final = ("pdf", "doc", "docx", "rtf", "txt")
PHONE_DIGITS: Final = re.compile(r"\d")


@dataclass(frozen=True)
class Field:
    question: Question
    """Named by the field's key: its ``data-automation-id``, or its radio/checkbox group name."""
    widget: Widget
    section: str
    """The heading it is shown under."""
    default: str | None = None
    """What the page preselects (a dropdown's option)."""

    @property
    def key(self) -> str:
        return self.question.name


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    fields: tuple[Field, ...]


def _text(key: str, label: str, section: str, *, required: bool = False) -> Field:
    question = Question(key, label, "text", required, is_email=key == "email")
    return Field(question, "text", section)


def _dropdown(
    key: str,
    label: str,
    options: Sequence[str],
    section: str,
    *,
    required: bool = False,
    default: str | None = None,
) -> Field:
    question = Question(key, label, "select", required, tuple(Option(o, o) for o in options))
    return Field(question, "dropdown", section, default)


def _yes_no(key: str, label: str, section: str) -> Field:
    question = Question(key, label, "select", True, (Option("Yes", "true"), Option("No", "false")))
    return Field(question, "radio", section)


def question_key(posting: Posting, key: str) -> str:
    """The key of an Application Questions item ("authorized", "sponsorship", "salary"…)."""
    return f"primaryQuestionnaire--{stable_uuid('workday-question', posting.external_id, key)}"


def _my_information(posting: Posting) -> Step:
    return Step(
        "my-information",
        "My Information",
        (
            _dropdown(
                "sourceDropdown",
                "How Did You Hear About Us?",
                SOURCES,
                "How Did You Hear About Us?",
                required=True,
            ),
            _yes_no(
                "candidateIsPreviousWorker",
                f"Have you previously worked for {posting.company_name}?",
                "Previous Worker",
            ),
            _dropdown(
                "countryDropdown",
                "Country",
                COUNTRIES,
                "Country",
                required=True,
                default=DEFAULT_COUNTRY,
            ),
            _text("legalNameSection_firstName", "First Name", "Legal Name", required=True),
            _text("legalNameSection_lastName", "Last Name", "Legal Name", required=True),
            _text("addressSection_city", "City", "Address"),
            _text("email", "Email Address", "Email Address", required=True),
            _dropdown("phone-device-type", "Phone Device Type", PHONE_TYPES, "Phone"),
            _text("phone-number", "Phone Number", "Phone", required=True),
        ),
    )


def _my_experience() -> Step:
    resume = Question("file-upload-input-ref", "Resume/CV", "file", True, filetypes=FILETYPES)
    return Step(
        "my-experience",
        "My Experience",
        (
            Field(resume, "file", "Resume/CV"),
            _text("linkedinQuestion", "LinkedIn", "Social Network URLs"),
        ),
    )


def _application_questions(posting: Posting) -> Step:
    asked = {s.key: s for s in screening_questions(posting)}
    section = "Application Questions"
    fields = [
        _dropdown(
            question_key(posting, key),
            asked[key].text,
            asked[key].options,
            section,
            required=True,
        )
        for key in ("authorized", "sponsorship")
    ]
    salary = _text(question_key(posting, "salary"), "What are your salary expectations?", section)
    fields.append(salary)
    why = Question(question_key(posting, "why"), asked["why"].text, "textarea", False)
    fields.append(Field(why, "textarea", section))
    skills = asked["skills"]
    options = tuple(Option(o, o) for o in skills.options)
    picked = Question(question_key(posting, "skills"), skills.text, "multi_select", False, options)
    fields.append(Field(picked, "checkboxes", section))
    return Step("application-questions", "Application Questions", tuple(fields))


def _voluntary_disclosures() -> Step:
    section = "Voluntary Disclosures"
    terms = Question("agreementCheckbox", TERMS, "select", True, (Option(TERMS, "true"),))
    return Step(
        "voluntary-disclosures",
        "Voluntary Disclosures",
        (
            _dropdown("gender", "Gender", ("Male", "Female", DECLINE), section),
            _dropdown(
                "ethnicityDropdown",
                "Ethnicity",
                (
                    "American Indian or Alaska Native (United States of America)",
                    "Asian (United States of America)",
                    "Black or African American (United States of America)",
                    "Hispanic or Latino (United States of America)",
                    "Native Hawaiian or Other Pacific Islander (United States of America)",
                    "Two or More Races (United States of America)",
                    "White (United States of America)",
                    DECLINE,
                ),
                section,
            ),
            _dropdown(
                "veteranStatus",
                "Veteran Status",
                (
                    "I am not a protected veteran",
                    "I identify as one or more of the classifications of protected veteran",
                    "I do not wish to self-identify",
                ),
                section,
            ),
            Field(terms, "checkbox", "Terms and Conditions"),
        ),
    )


def steps(posting: Posting) -> list[Step]:
    """Every step in order; the last, Review, asks nothing."""
    return [
        _my_information(posting),
        _my_experience(),
        _application_questions(posting),
        _voluntary_disclosures(),
        Step("review", "Review", ()),
    ]


def step_errors(step: Step, form: PostedForm, saved_files: Sequence[str]) -> dict[str, str]:
    """Key → message for every refused answer of one step (a file saved earlier counts)."""
    questions = [
        f.question
        for f in step.fields
        if not (f.widget == "file" and f.key in saved_files and form.file(f.key) is None)
    ]
    errors = checks.field_errors(questions, form, lambda q: (q.name, None))
    phone = form.value("phone-number")
    if (
        "phone-number" in {f.key for f in step.fields}
        and phone
        and len(PHONE_DIGITS.findall(phone)) < 7
    ):
        errors["phone-number"] = PHONE_REFUSAL
    return errors
