"""The catalogue's data types: companies, distinct jobs, postings, and the HN threads.

A `CatalogueJob` is one job as its company means it; a `Posting` is that job as one platform
publishes it (own id, own title spelling, own salary string). `canonical_key` links them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Final, Literal

from sandbox.descriptions import Description
from sandbox.salary import Salary
from sandbox.text import html_to_text
from sandbox.vocabulary import Place

STARTUP_SIZES: Final = ("11-50", "51-200", "201-500")

Seniority = Literal["intern", "junior", "mid", "senior", "staff", "principal", "lead"]
EmploymentType = Literal["full_time", "part_time", "contract", "intern"]
Workplace = Literal["onsite", "hybrid", "remote"]
HnThreadKind = Literal["hiring", "seeking", "freelance"]


@dataclass(frozen=True)
class Company:
    slug: str
    """Also the board token / site / company id / Workday tenant on its ATS."""
    name: str
    ats: str
    offices: tuple[Place, ...]
    industry: str
    size: str
    high_concept: str
    legal_suffix: str
    number: int
    """A stable numeric id, used where a platform numbers employers (Glassdoor, Wellfound)."""

    @property
    def hq(self) -> Place:
        return self.offices[0]

    @property
    def currency(self) -> str:
        return {"US": "USD", "GB": "GBP"}.get(self.hq.country, "EUR")

    @property
    def is_startup(self) -> bool:
        return self.size in STARTUP_SIZES


@dataclass(frozen=True)
class CatalogueJob:
    """One distinct job, as its company means it; postings are its appearances on platforms."""

    key: str
    company: Company
    title: str
    family: str
    department: str
    team: str
    seniority: Seniority
    employment_type: EmploymentType
    workplace: Workplace
    places: tuple[Place, ...]
    """Offices the job is attached to; empty for remote jobs."""
    remote_region: str | None
    """For remote jobs: "US", "EU" or None (anywhere)."""
    skills: tuple[str, ...]
    nice_skills: tuple[str, ...]
    description: Description
    salary: Salary | None
    posted_at: datetime
    requisition_id: str

    @property
    def is_remote(self) -> bool:
        return self.workplace == "remote"

    @property
    def location_label(self) -> str:
        """As boards write it: "Remote", "Remote (US)", "Austin, TX", "Berlin, Germany"."""
        if self.is_remote:
            return f"Remote ({self.remote_region})" if self.remote_region else "Remote"
        return self.places[0].label

    @property
    def country(self) -> str:
        """ISO2 country the job is in (for remote jobs, the company's)."""
        if self.places:
            return self.places[0].country
        return "US" if self.remote_region == "US" else self.company.hq.country

    @cached_property
    def description_html(self) -> str:
        """Rendered once per job: every search of an aggregator replica reads it."""
        return self.description.html()

    @cached_property
    def description_text(self) -> str:
        return html_to_text(self.description_html)


@dataclass(frozen=True)
class Posting:
    """A job as one platform publishes it."""

    platform: str
    external_id: str
    job: CatalogueJob
    board: str | None
    """The ATS board (company slug) or the HN thread id; None on boards without boards."""
    posted_at: datetime
    title: str
    company_name: str
    salary_text: str | None
    """The salary as this platform writes it; None when the posting shows no salary."""
    variant: int
    """A per-posting number renderers use to vary formatting deterministically."""
    repost_of: str | None = None
    """The external id of the earlier posting this one re-posts, on the same board."""
    easy_apply: bool = False
    """The aggregator takes applications itself instead of linking to the ATS."""

    @property
    def canonical_key(self) -> str:
        return self.job.key

    @property
    def is_repost(self) -> bool:
        return self.repost_of is not None


@dataclass(frozen=True)
class HnStory:
    object_id: int
    kind: HnThreadKind
    title: str
    created_at: datetime


@dataclass(frozen=True)
class HnComment:
    object_id: int
    story_id: int
    parent_id: int
    author: str
    created_at: datetime
    text_html: str
    """HN-escaped HTML; empty for job comments, which are rendered with links at request time."""
    posting: Posting | None = None
