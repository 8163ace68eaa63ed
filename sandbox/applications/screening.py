"""The screening questions the Lever and Ashby forms ask, worded from the posting.

Neither platform publishes a posting's questions the way Greenhouse's ``?questions=true`` does,
so both replicas ask one deterministic set, phrased with the posting's country and company:
tests know every question in advance, and an answerer meets the same questions in each
platform's own markup (Lever's cards, Ashby's form definition), which is what tells a reader's
handling of the markup apart from its handling of the question.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from sandbox.model import CatalogueJob, Posting

ScreeningKind = Literal["yes_no", "choice", "long_text", "multi_choice"]

YES_NO: Final = ("Yes", "No")
HEARD_OPTIONS: Final = (
    "Company website",
    "LinkedIn",
    "Job board",
    "Referral from an employee",
    "Conference or meetup",
    "Other",
)
_WITH_ARTICLE: Final = frozenset({"United States", "United Kingdom", "Netherlands"})


@dataclass(frozen=True)
class Screening:
    key: str
    """Stable across postings: "authorized", "sponsorship", "heard", "why", "skills"."""
    text: str
    kind: ScreeningKind
    required: bool
    options: tuple[str, ...] = ()


def country_name(job: CatalogueJob) -> str:
    """The country the job is in, as a question names it ("the United States", "Germany")."""
    if job.places:
        name = job.places[0].country_name
    elif job.remote_region == "US":
        name = "United States"
    else:
        name = job.company.hq.country_name
    return f"the {name}" if name in _WITH_ARTICLE else name


def skill_asked(posting: Posting) -> str:
    """The skill the LinkedIn and Indeed replicas' years-of-experience question names: the
    job's first."""
    return posting.job.skills[0] if posting.job.skills else "software development"


def screening_questions(posting: Posting) -> list[Screening]:
    """In page order: two required yes/no questions, then three optional ones."""
    return [
        Screening(
            "authorized",
            f"Are you legally authorized to work in {country_name(posting.job)}?",
            "yes_no",
            True,
            YES_NO,
        ),
        Screening(
            "sponsorship",
            "Will you now or in the future require sponsorship for employment visa status?",
            "yes_no",
            True,
            YES_NO,
        ),
        Screening("heard", "How did you hear about this job?", "choice", False, HEARD_OPTIONS),
        Screening("why", f"Why do you want to join {posting.company_name}?", "long_text", False),
        Screening(
            "skills",
            "Which of these have you used in production?",
            "multi_choice",
            False,
            posting.job.skills,
        ),
    ]
