"""Greenhouse's voluntary self-identification (EEOC) questions, in the API's JSON shape.

One definition serves both the Job Board API (``compliance`` with ``?questions=true``) and the
job page's form, so a filler that reads the JSON finds exactly the options the page offers.
Names, values and option wordings are Greenhouse's own ("Decline To Self Identify", "I don't
wish to answer"): fillers match answers to these strings, so they must not be paraphrased.
The race question is only asked of applicants who answer "No" to the Hispanic/Latino question,
as on the real page.
"""

from __future__ import annotations

from typing import Any, Final

DECLINE: Final = "Decline To Self Identify"

RACE_SHOWN_WHEN: Final = ("hispanic_ethnicity", "No")
"""The answer that reveals the race question (its field name and value)."""


def _question(name: str, label: str, options: list[tuple[str, str]]) -> dict[str, Any]:
    values = [{"label": label, "value": value} for label, value in options]
    return {
        "required": False,
        "label": label,
        "description": None,
        "fields": [{"name": name, "type": "multi_value_single_select", "values": values}],
    }


def _numbered(*labels: str) -> list[tuple[str, str]]:
    return [(label, str(index)) for index, label in enumerate(labels, 1)]


def eeoc_sections() -> list[dict[str, Any]]:
    """The EEOC sections in the order the page shows them, each with its questions."""
    return [
        {
            "type": "eeoc",
            "description": (
                "<h3><strong>Voluntary Self-Identification</strong></h3><p>For government "
                "reporting purposes, we ask candidates to respond to the below self-identification"
                " survey. Completion of the form is entirely voluntary.</p>"
            ),
            "questions": [
                _question("gender", "Gender", _numbered("Male", "Female", DECLINE)),
                _question(
                    "hispanic_ethnicity",
                    "Are you Hispanic/Latino?",
                    [("No", "No"), ("Yes", "Yes"), (DECLINE, DECLINE)],
                ),
                _question(
                    "race",
                    "Please identify your race",
                    _numbered(
                        "American Indian or Alaskan Native",
                        "Asian",
                        "Black or African American",
                        "Hispanic or Latino",
                        "White",
                        "Native Hawaiian or Other Pacific Islander",
                        "Two or More Races",
                        DECLINE,
                    ),
                ),
            ],
        },
        {
            "type": "eeoc",
            "description": (
                "<p>If you believe you belong to any of the categories of protected veterans, "
                "please indicate by making the appropriate selection.</p>"
            ),
            "questions": [
                _question(
                    "veteran_status",
                    "Veteran Status",
                    _numbered(
                        "I am not a protected veteran",
                        "I identify as one or more of the classifications of a protected veteran",
                        "I don't wish to answer",
                    ),
                )
            ],
        },
        {
            "type": "eeoc",
            "description": (
                "<h3><strong>Voluntary Self-Identification of Disability</strong></h3>"
                "<p>Completing this form is voluntary, and your answer is confidential.</p>"
            ),
            "questions": [
                _question(
                    "disability_status",
                    "Disability Status",
                    _numbered(
                        "Yes, I have a disability, or have had one in the past",
                        "No, I do not have a disability and have not had one in the past",
                        "I do not want to answer",
                    ),
                )
            ],
        },
    ]
