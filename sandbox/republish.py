"""How aggregators re-type a job: title spelling, company name, and salary in their own format.

These small differences are what cross-platform deduplication has to see through.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from sandbox import salary as fmt
from sandbox.model import CatalogueJob, Company
from sandbox.salary import Salary
from sandbox.sources import AGGREGATORS


def vary_title(rng: random.Random, job: CatalogueJob) -> str:
    """The job's title as an aggregator re-types it: casing, whitespace, "Sr.", "(Remote)"."""
    title = job.title
    choice = rng.choices(("same", "sr", "case", "space", "remote", "pad"), (35, 15, 15, 10, 15, 10))
    match choice[0]:
        case "sr" if title.startswith("Senior "):
            return "Sr. " + title.removeprefix("Senior ")
        case "case":
            first, _, rest = title.partition(" ")
            return f"{first} {rest.lower()}" if rest else title
        case "space":
            return title.replace(" ", "  ", 1)
        case "remote" if job.is_remote:
            return rng.choice((f"{title} (Remote)", f"{title} - Remote", f"Remote {title}"))
        case "pad":
            return f" {title} "
        case _:
            return title


def vary_company(rng: random.Random, company: Company) -> str:
    r = rng.random()
    if r < 0.6:
        return company.name
    if r < 0.9:
        return company.name + company.legal_suffix
    return company.name.split()[0]


def salary_text(rng: random.Random, platform: str, job: CatalogueJob) -> str | None:
    s = job.salary
    if s is None or (platform in AGGREGATORS and rng.random() < 0.2):
        return None
    styles: dict[str, Callable[[], str]] = {
        "greenhouse": lambda: fmt.full(s),
        "lever": lambda: fmt.full(s),
        "lever_eu": lambda: fmt.full(s),
        "ashby": lambda: fmt.ashby(s, equity=job.company.is_startup),
        "smartrecruiters": lambda: fmt.iso(s),
        "workday": lambda: fmt.workday(s),
        "remoteok": lambda: fmt.full(annual(s)),
        "remotive": lambda: rng.choice(
            (
                fmt.thousands(s),
                fmt.thousands(s, dash="-", repeat_symbol=False),
                fmt.iso(s),
                fmt.full(s),
            )
        ),
        "hn": lambda: rng.choice(
            (
                fmt.thousands(s, dash="-"),
                fmt.thousands(s, dash="–"),
                fmt.thousands(s, dash=" - ") + " + equity",
                fmt.full(s),
            )
        ),
        "linkedin": lambda: fmt.cents(s),
        "indeed": lambda: fmt.indeed(s),
        "glassdoor": lambda: f"{fmt.thousands(s, dash=' - ', upper=True)} (Employer provided)",
        "wellfound": lambda: fmt.wellfound(
            s, (0.05, 0.25) if job.seniority in ("staff", "principal", "lead") else None
        ),
    }
    return styles[platform]()


def annual(s: Salary) -> Salary:
    """RemoteOK has only yearly numbers; hourly rates are annualised at 2080 hours."""
    if not s.hourly:
        return s
    return Salary(s.minimum * 2080, s.maximum * 2080, s.currency, "year")
