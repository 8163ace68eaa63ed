"""Remotive: the public remote-jobs API (remotive.com/api/remote-jobs) and its job pages.

``search`` keeps jobs whose title or description contain every word, ``category`` takes a
category slug ("software-dev", "devops", "data", ...), ``company_name`` matches the company
case-blind, and ``limit`` caps the list. There is no pagination, as on Remotive.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sandbox import render
from sandbox.catalogue import Posting
from sandbox.dates import iso_naive
from sandbox.links import REMOTIVE_CATEGORIES, job_url, referral_url
from sandbox.sources import API_PREFIXES
from sandbox.state import CatalogueDep
from sandbox.text import matches_words

router = APIRouter()

WARNING = (
    "Remotive main domain moved to remotive.com ! Please make your API calls on "
    "remotive.com/api/remote-jobs instead of remotive.io now ;) Legacy endpoint "
    "remotive.io/api/remote-jobs will be terminated in June 2022. Thank you!"
)
LEGAL = (
    "Legal warning - Hey, thanks for using Remotive's API, we appreciate it! Please link back to "
    "the URL found on Remotive AND mention Remotive as a source in order to Remotive to get "
    "traffic from your listing. Jobs displayed are delayed by 24 hours. Please note that there "
    "is absolutely no need to request Remotive Job data too frequently (we advise max. 4 times "
    "a day). Note that excessive requests will be blocked."
)
JOB_TYPE = {
    "full_time": "full_time",
    "part_time": "part_time",
    "contract": "contract",
    "intern": "internship",
}
REGION = {"US": "USA", "EU": "Europe", None: "Worldwide"}


def job_json(root: str, posting: Posting) -> dict[str, Any]:
    job = posting.job
    logo = f"{root}{API_PREFIXES['remotive']}/job/{posting.external_id}/logo"
    return {
        "id": int(posting.external_id),
        "url": job_url(root, posting),
        "title": posting.title,
        "company_name": posting.company_name,
        "company_logo": logo,
        "category": REMOTIVE_CATEGORIES[job.family][0],
        "tags": [skill.lower() for skill in (*job.skills, *job.nice_skills)],
        "job_type": JOB_TYPE[job.employment_type],
        "publication_date": iso_naive(posting.posted_at),
        "candidate_required_location": REGION[job.remote_region],
        "salary": posting.salary_text or "",
        "description": job.description_html,
        "company_logo_url": logo,
    }


@router.get("/api/remote-jobs")
def remote_jobs(
    request: Request,
    catalogue: CatalogueDep,
    search: str | None = None,
    category: str | None = None,
    company_name: str | None = None,
    limit: int | None = None,
) -> Response:
    everything = catalogue.postings("remotive")
    found = [
        p
        for p in everything
        if matches_words(f"{p.title} {p.job.description_text}", search)
        and (category is None or REMOTIVE_CATEGORIES[p.job.family][1] == category)
        and (company_name is None or company_name.lower() in p.company_name.lower())
    ]
    if limit is not None:
        found = found[: max(0, limit)]
    root = render.root_url(request)
    return render.json_response(
        {
            "00-warning": WARNING,
            "0-legal-notice": LEGAL,
            "job-count": len(found),
            "total-job-count": len(everything),
            "jobs": [job_json(root, p) for p in found],
        }
    )


@router.get("/job/{job_id}/logo")
def logo(job_id: str) -> Response:
    return render.logo_response(job_id)


@router.get("/remote-jobs/{category}/{slug}")
def job_page(category: str, slug: str, request: Request, catalogue: CatalogueDep) -> Response:
    posting = catalogue.posting("remotive", slug.rsplit("-", 1)[-1])
    if posting is None:
        return render.not_found_page("Job")
    return render.html_response(
        render.job_page(
            title=posting.title,
            company=posting.company_name,
            location=REGION[posting.job.remote_region],
            description_html=posting.job.description_html,
            apply_href=referral_url(
                render.root_url(request), catalogue.ats_posting(posting.job), "remotive"
            ),
            platform="remotive",
        )
    )
