"""The sandbox's job catalogue: about 200 distinct jobs and every place each one is published.

Each job is on its company's ATS; some are republished on aggregators with their own ids and
slightly different titles, company names and salary strings, and a few are reposted on the ATS
with a new id. Every posting carries ``canonical_key`` (the key of its distinct job), so a test
can compute how many distinct jobs a search over any set of platforms should find.

The catalogue is a pure function of the seed: one ``random.Random(seed)``, no clock (dates are
anchored at ``CATALOGUE_NOW``), no iteration over sets.
"""

from __future__ import annotations

import hashlib
import random
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from typing import Final

from sandbox.dates import CATALOGUE_NOW
from sandbox.descriptions import write_description
from sandbox.hn_threads import HnDraft, hn_comments, hn_stories
from sandbox.model import (
    CatalogueJob,
    Company,
    EmploymentType,
    HnComment,
    HnStory,
    Posting,
    Seniority,
    Workplace,
)
from sandbox.republish import salary_text, vary_company, vary_title
from sandbox.salary import Salary
from sandbox.sources import AGGREGATORS, ATS_PLATFORMS, PLATFORMS
from sandbox.vocabulary import (
    BASE_SALARY_USD,
    COMPANIES,
    CURRENCY_FACTOR,
    FAMILIES,
    PLACES,
    SENIORITY_PREFIX,
    SENIORITY_WEIGHTS,
    CompanySpec,
    Family,
    Place,
)

__all__ = [
    "CATALOGUE_NOW",
    "Catalogue",
    "CatalogueJob",
    "Company",
    "HnComment",
    "HnStory",
    "Posting",
    "build_catalogue",
]

CROSS_POSTED_JOBS: Final = 80
REPOSTED_ON: Final = ("greenhouse", "lever", "ashby", "smartrecruiters", "workday")
"""One older job is re-posted on each of these."""

Selector = str | tuple[str, str | None]
"""A platform name, or (platform, board) for one board of it."""


@dataclass(frozen=True)
class Catalogue:
    seed: int
    companies: tuple[Company, ...]
    jobs: tuple[CatalogueJob, ...]
    by_platform: dict[str, tuple[Posting, ...]]
    """Postings per platform, newest first."""
    hn_stories: tuple[HnStory, ...]
    hn_comments: tuple[HnComment, ...]
    _index: dict[tuple[str, str], Posting] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        for postings in self.by_platform.values():
            for p in postings:
                self._index[(p.platform, p.external_id)] = p

    @property
    def distinct_jobs(self) -> tuple[CatalogueJob, ...]:
        return self.jobs

    def postings(self, platform: str, board: str | None = None) -> list[Posting]:
        """The postings on ``platform`` (on ``board`` only, when given), newest first."""
        if platform not in self.by_platform:
            raise KeyError(f"unknown platform {platform!r}; the platforms are {PLATFORMS}")
        found = self.by_platform[platform]
        return [p for p in found if board is None or p.board == board]

    def all_postings(self) -> list[Posting]:
        return [p for platform in PLATFORMS for p in self.by_platform[platform]]

    def posting(self, platform: str, external_id: str) -> Posting | None:
        return self._index.get((platform, external_id))

    def company(self, slug: str) -> Company | None:
        return next((c for c in self.companies if c.slug == slug), None)

    def boards(self, platform: str) -> list[str]:
        """Board tokens on an ATS (company slugs), thread ids on HN, nothing elsewhere."""
        if platform in ATS_PLATFORMS:
            return [c.slug for c in self.companies if c.ats == platform]
        if platform == "hn":
            return [str(s.object_id) for s in self.hn_stories if s.kind == "hiring"]
        return []

    def ats_posting(self, job: CatalogueJob) -> Posting:
        """The job's original posting on its company's ATS (not a repost)."""
        return next(
            p for p in self.by_platform[job.company.ats] if p.job.key == job.key and not p.is_repost
        )

    def distinct_keys(self, sources: Iterable[Selector], board: str | None = None) -> set[str]:
        """The canonical keys of every posting on ``sources``.

        Each source is a platform name or a (platform, board) pair; ``board`` applies to the
        plain names, e.g. ``distinct_keys([("greenhouse", "northwind"), "linkedin"])``.
        """
        keys: set[str] = set()
        for source in sources:
            name, where = source if isinstance(source, tuple) else (source, board)
            keys.update(p.canonical_key for p in self.postings(name, where))
        return keys

    def expected_distinct(self, sources: Iterable[Selector], board: str | None = None) -> int:
        """How many distinct jobs a complete search of ``sources`` should end up with."""
        return len(self.distinct_keys(sources, board))

    def fingerprint(self) -> str:
        """A digest of the whole catalogue, to compare builds across processes."""
        text = repr((self.seed, self.companies, self.jobs, self.by_platform, self.hn_comments))
        return hashlib.sha256(text.encode()).hexdigest()

    @cached_property
    def aggregator_count(self) -> dict[str, int]:
        """For each job key, on how many aggregators it is republished."""
        counts: dict[str, int] = {job.key: 0 for job in self.jobs}
        for platform in AGGREGATORS:
            for key in sorted({p.canonical_key for p in self.by_platform[platform]}):
                counts[key] += 1
        return counts


class _Ids:
    """Unique, platform-shaped ids drawn from the catalogue's random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[tuple[str, str]] = set()
        self.makers: dict[str, Callable[[], str]] = {
            "greenhouse": lambda: str(rng.randrange(4_000_000_000, 8_000_000_000)),
            "lever": self._uuid,
            "lever_eu": self._uuid,
            "ashby": self._uuid,
            "smartrecruiters": lambda: str(rng.randrange(744_000_000_000_000, 745_000_000_000_000)),
            "workday": lambda: f"R{rng.randrange(100_000, 1_000_000)}",
            "remoteok": lambda: str(rng.randrange(1_100_000, 1_200_000)),
            "remotive": lambda: str(rng.randrange(2_000_000, 2_100_000)),
            "linkedin": lambda: str(rng.randrange(4_100_000_000, 4_200_000_000)),
            "indeed": lambda: f"{rng.getrandbits(64):016x}",
            "glassdoor": lambda: str(rng.randrange(1_009_000_000_000, 1_010_000_000_000)),
            "wellfound": lambda: str(rng.randrange(3_000_000, 4_000_000)),
        }

    def _uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def new(self, platform: str) -> str:
        while True:
            value = self.makers[platform]()
            if (platform, value) not in self.used:
                self.used.add((platform, value))
                return value


def build_catalogue(seed: int = 7) -> Catalogue:
    """The catalogue for ``seed``; the same seed always gives an equal catalogue."""
    rng = random.Random(seed)
    ids = _Ids(rng)
    companies = _companies(rng)
    jobs: list[CatalogueJob] = []
    for company, spec in zip(companies, COMPANIES, strict=True):
        jobs.extend(_jobs_of(rng, company, spec))

    postings: dict[str, list[Posting]] = {platform: [] for platform in PLATFORMS}
    for job in jobs:
        postings[job.company.ats].append(_ats_posting(rng, ids, job))
    _add_reposts(rng, ids, postings)

    stories = hn_stories(rng)
    hn_drafts: list[HnDraft] = []
    for job in rng.sample(jobs, CROSS_POSTED_JOBS):
        for platform in _aggregators_for(rng, job):
            if platform == "hn":
                when = _republished_at(rng, job)
                hn_drafts.append((when, job, salary_text(rng, "hn", job), rng.randrange(1000)))
            else:
                postings[platform].append(_aggregator_posting(rng, ids, platform, job))
    comments = hn_comments(rng, stories, hn_drafts)
    postings["hn"] = [c.posting for c in comments if c.posting is not None]

    return Catalogue(
        seed=seed,
        companies=tuple(companies),
        jobs=tuple(jobs),
        by_platform={
            platform: tuple(sorted(found, key=lambda p: (p.posted_at, p.external_id), reverse=True))
            for platform, found in postings.items()
        },
        hn_stories=tuple(stories),
        hn_comments=tuple(comments),
    )


def _companies(rng: random.Random) -> list[Company]:
    numbers = rng.sample(range(100_000, 1_000_000), len(COMPANIES))
    return [
        Company(
            slug=spec.slug,
            name=spec.name,
            ats=spec.ats,
            offices=tuple(PLACES[city] for city in spec.offices),
            industry=spec.industry,
            size=spec.size,
            high_concept=spec.high_concept,
            legal_suffix=spec.legal_suffix,
            number=number,
        )
        for spec, number in zip(COMPANIES, numbers, strict=True)
    ]


def _jobs_of(rng: random.Random, company: Company, spec: CompanySpec) -> list[CatalogueJob]:
    jobs: list[CatalogueJob] = []
    titles: set[str] = set()
    weights = [f.weight for f in FAMILIES]
    for index in range(spec.jobs):
        family = rng.choices(FAMILIES, weights)[0]
        employment = _employment(rng, family)
        seniority = _seniority(rng, family, employment)
        team = rng.choice(family.teams)
        title = _unique_title(rng, family, seniority, team, titles)
        workplace: Workplace = (
            "remote"
            if rng.random() < spec.remote_share
            else ("hybrid" if rng.random() < 0.45 else "onsite")
        )
        places: tuple[Place, ...] = ()
        region: str | None = None
        if workplace == "remote":
            if company.hq.country == "US":
                region = "US" if rng.random() < 0.6 else None
            else:
                region = "EU" if rng.random() < 0.7 else None
        else:
            first = company.hq if rng.random() < 0.7 else rng.choice(company.offices)
            others = [p for p in company.offices if p != first]
            places = (first, rng.choice(others)) if others and rng.random() < 0.15 else (first,)
        core = rng.choice(family.core_skills)
        skills = (core, *rng.sample(family.supporting_skills, 3))
        spare = [s for s in (*family.core_skills, *family.supporting_skills) if s not in skills]
        nice = tuple(rng.sample(spare, 2))
        description = write_description(
            rng,
            company=company.name,
            high_concept=company.high_concept,
            small_company=company.is_startup,
            family=family,
            title=title,
            seniority=seniority,
            team=team,
            remote=workplace == "remote",
            skills=skills,
            nice_skills=nice,
        )
        jobs.append(
            CatalogueJob(
                key=f"{company.slug}-{index + 1:03d}",
                company=company,
                title=title,
                family=family.key,
                department=family.department,
                team=team,
                seniority=seniority,
                employment_type=employment,
                workplace=workplace,
                places=places,
                remote_region=region,
                skills=skills,
                nice_skills=nice,
                description=description,
                salary=_salary(rng, company, family, seniority, employment),
                posted_at=_posted_at(rng),
                requisition_id=f"{family.department[:3].upper()}-{rng.randrange(1000, 10000)}",
            )
        )
    return jobs


def _employment(rng: random.Random, family: Family) -> EmploymentType:
    r = rng.random()
    if r < 0.05 and family.intern_title:
        return "intern"
    if r < 0.13:
        return "contract"
    if r < 0.16:
        return "part_time"
    return "full_time"


def _seniority(rng: random.Random, family: Family, employment: EmploymentType) -> Seniority:
    if employment == "intern":
        return "intern"
    if family.key == "manager":
        return "senior" if rng.random() < 0.4 else "mid"
    levels: list[Seniority] = ["junior", "mid", "senior", "staff", "principal", "lead"]
    return rng.choices(levels, [SENIORITY_WEIGHTS[level] for level in levels])[0]


def _unique_title(
    rng: random.Random, family: Family, seniority: Seniority, team: str, taken: set[str]
) -> str:
    for attempt in range(20):
        if seniority == "intern" and family.intern_title:
            base = family.intern_title
        else:
            base = SENIORITY_PREFIX[seniority] + rng.choice(family.titles)
        title = base if attempt < 3 else f"{base}, {team}"
        if attempt >= 6:
            title = f"{base}, {rng.choice(family.teams)} ({attempt})"
        if title not in taken:
            taken.add(title)
            return title
    raise AssertionError("no free title")  # pragma: no cover - twenty tries always find one


def _salary(
    rng: random.Random,
    company: Company,
    family: Family,
    seniority: Seniority,
    employment: EmploymentType,
) -> Salary | None:
    if rng.random() >= 0.65:
        return None
    currency = company.currency
    if employment != "full_time":
        low = rng.randrange(30, 46) if employment == "intern" else rng.randrange(45, 96)
        high = low + rng.choice((0, 10, 15, 20))
        return Salary(low, high, currency, "hour")
    level = "lead" if family.key == "manager" else seniority
    lo, hi = BASE_SALARY_USD[level]
    factor = CURRENCY_FACTOR[currency] * (0.95 if family.key in ("design", "product") else 1.0)
    low = _round_to(rng.uniform(lo, hi) * factor, 5000)
    return Salary(low, low + _round_to(low * rng.uniform(0.15, 0.3), 5000), currency, "year")


def _round_to(value: float, step: int) -> int:
    return max(step, round(value / step) * step)


def _posted_at(rng: random.Random) -> datetime:
    if rng.random() < 0.15:
        minutes = rng.randrange(60, 47 * 60)
    else:
        minutes = rng.randrange(2 * 24 * 60, 45 * 24 * 60)
    return CATALOGUE_NOW - timedelta(minutes=minutes)


def _ats_posting(rng: random.Random, ids: _Ids, job: CatalogueJob) -> Posting:
    platform = job.company.ats
    return Posting(
        platform=platform,
        external_id=ids.new(platform),
        job=job,
        board=job.company.slug,
        posted_at=job.posted_at,
        title=job.title,
        company_name=job.company.name,
        salary_text=salary_text(rng, platform, job),
        variant=rng.randrange(1000),
    )


def _add_reposts(rng: random.Random, ids: _Ids, postings: dict[str, list[Posting]]) -> None:
    """Re-post one older job on each of five ATS platforms: same job, new id, later date."""
    for platform in REPOSTED_ON:
        old = [p for p in postings[platform] if p.posted_at < CATALOGUE_NOW - timedelta(days=20)]
        original = rng.choice(old)
        again = original.posted_at + timedelta(days=rng.uniform(14, 19))
        postings[platform].append(
            Posting(
                platform=platform,
                external_id=ids.new(platform),
                job=original.job,
                board=original.board,
                posted_at=again.replace(microsecond=0),
                title=original.title,
                company_name=original.company_name,
                salary_text=original.salary_text,
                variant=rng.randrange(1000),
                repost_of=original.external_id,
            )
        )


def _aggregators_for(rng: random.Random, job: CatalogueJob) -> list[str]:
    chances = {
        "remoteok": 0.7 if job.is_remote else 0.0,
        "remotive": 0.65 if job.is_remote else 0.0,
        "hn": 0.3,
        "linkedin": 0.65,
        "indeed": 0.5,
        "glassdoor": 0.55,
        "wellfound": 0.45 if job.company.is_startup else 0.0,
    }
    chosen = [platform for platform in AGGREGATORS if rng.random() < chances[platform]]
    return chosen or ["linkedin"]


def _republished_at(rng: random.Random, job: CatalogueJob) -> datetime:
    later = job.posted_at + timedelta(minutes=rng.randrange(0, 72 * 60))
    return min(later, CATALOGUE_NOW - timedelta(minutes=rng.randrange(5, 60)))


def _aggregator_posting(rng: random.Random, ids: _Ids, platform: str, job: CatalogueJob) -> Posting:
    return Posting(
        platform=platform,
        external_id=ids.new(platform),
        job=job,
        board=None,
        posted_at=_republished_at(rng, job),
        title=vary_title(rng, job),
        company_name=vary_company(rng, job.company),
        salary_text=salary_text(rng, platform, job),
        variant=rng.randrange(1000),
        easy_apply=platform in ("linkedin", "glassdoor", "indeed") and rng.random() < 0.3,
    )
