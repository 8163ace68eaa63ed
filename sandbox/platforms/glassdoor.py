"""Glassdoor: the job search page with its ``__NEXT_DATA__`` JSON, and the job-listing pages.

Search is ``/Job/jobs.htm`` with ``sc.keyword`` (title, company, description), ``locKeyword``
(words of the place; "remote" matches remote jobs), ``fromAge`` (days), ``remoteWorkType=1``
(remote only) and ``p`` (1-based page of 30). Relative links (``jobLink``) are relative to the
Glassdoor base URL, as on the real site; ``/partner/jobListing.htm`` redirects to the employer's
ATS posting unless the listing is "Easy Apply".
"""

from __future__ import annotations

import base64
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from sandbox import render
from sandbox.catalogue import Catalogue, Posting
from sandbox.dates import CATALOGUE_NOW, days_ago
from sandbox.links import glassdoor_seo_path, job_url, referral_url
from sandbox.model import CatalogueJob
from sandbox.state import CatalogueDep
from sandbox.text import matches_words

router = APIRouter()

PAGE_SIZE = 30


def _location(job: CatalogueJob) -> tuple[str, str]:
    if job.is_remote:
        return "Remote", "S"
    place = job.places[0]
    return (place.label if place.country == "US" else place.city), "C"


def listing_json(root: str, posting: Posting) -> dict[str, Any]:
    job, company = posting.job, posting.job.company
    salary = job.salary if posting.salary_text else None
    name, kind = _location(job)
    pay = None
    if salary:
        pay = {
            "p10": salary.minimum,
            "p50": (salary.minimum + salary.maximum) // 2,
            "p90": salary.maximum,
        }
    fragments = [*job.description.requirements[:3], *job.description.responsibilities[:1]]
    return {
        "jobview": {
            "header": {
                "jobTitleText": posting.title,
                "employerNameFromSearch": posting.company_name,
                "employer": {
                    "id": company.number,
                    "name": company.name,
                    "shortName": company.name.split()[0],
                },
                "locationName": name,
                "locationType": kind,
                "ageInDays": days_ago(posting.posted_at),
                "jobLink": f"/partner/jobListing.htm?jobListingId={posting.external_id}",
                "seoJobLink": job_url(root, posting),
                "payPeriod": ("HOURLY" if salary.hourly else "ANNUAL") if salary else None,
                "payCurrency": salary.currency if salary else None,
                "payPeriodAdjustedPay": pay,
                "salarySource": "EMPLOYER" if salary else None,
                "remoteWorkTypes": ["WORK_FROM_HOME"] if job.is_remote else None,
                "easyApply": posting.easy_apply,
                "rating": round(3.4 + (company.number % 15) / 10, 1),
            },
            "job": {
                "listingId": int(posting.external_id),
                "jobTitleText": posting.title,
                "descriptionFragmentsText": fragments,
            },
        }
    }


def _cursor(page: int) -> str:
    return base64.b64encode(f"page:{page}".encode()).decode()


def _where(job: CatalogueJob) -> str:
    if job.is_remote:
        return "Remote"
    place = job.places[0]
    return f"{place.city} {place.region} {place.region_name} {place.country_name}"


@router.get("/Job/jobs.htm")
def search(
    request: Request,
    catalogue: CatalogueDep,
    keyword: Annotated[str | None, Query(alias="sc.keyword")] = None,
    location: Annotated[str | None, Query(alias="locKeyword")] = None,
    from_age: Annotated[int | None, Query(alias="fromAge")] = None,
    remote_work_type: Annotated[int | None, Query(alias="remoteWorkType")] = None,
    p: int = 1,
) -> Response:
    found = [
        posting
        for posting in catalogue.postings("glassdoor")
        if matches_words(
            f"{posting.title} {posting.company_name} {posting.job.description_text}",
            keyword,
        )
        and matches_words(_where(posting.job), location)
        and (remote_work_type != 1 or posting.job.is_remote)
        and (from_age is None or posting.posted_at >= CATALOGUE_NOW - timedelta(days=from_age))
    ]
    page = max(p, 1)
    root = render.root_url(request)
    shown = render.window(found, (page - 1) * PAGE_SIZE, PAGE_SIZE)
    pages = render.page_count(len(found), PAGE_SIZE)
    data = {
        "props": {
            "pageProps": {
                "jobListings": {
                    "jobListings": [listing_json(root, posting) for posting in shown],
                    "totalJobsCount": len(found),
                    "paginationCursors": [
                        {"cursor": _cursor(n), "pageNumber": n}
                        for n in range(1, pages + 1)
                        if n != page
                    ],
                }
            }
        },
        "page": "/Job/jobs",
        "query": {},
    }
    cards = "".join(
        f'<li class="JobsList_jobListItem" data-jobid="{posting.external_id}">'
        f'<a class="JobCard_jobTitle" href="{render.text(job_url(root, posting))}">'
        f"{render.text(posting.title)}</a></li>"
        for posting in shown
    )
    body = (
        f'<div id="__next"><ul class="JobsList_jobsList">{cards}</ul></div>\n'
        f"{render.json_script(data, script_id='__NEXT_DATA__')}"
    )
    title = f"{keyword or 'All'} jobs | Glassdoor"
    return render.html_response(render.document(title, body))


def _page(root: str, catalogue: Catalogue, posting: Posting) -> Response:
    job = posting.job
    apply = None
    if not posting.easy_apply:
        apply = referral_url(root, catalogue.ats_posting(job), "glassdoor")
    return render.html_response(
        render.job_page(
            title=posting.title,
            company=posting.company_name,
            location=_location(job)[0],
            description_html=job.description_html,
            apply_href=apply,
            platform="glassdoor",
        )
    )


@router.get("/job-listing/{seo:path}")
def listing_page(seo: str, jl: str, request: Request, catalogue: CatalogueDep) -> Response:
    posting = catalogue.posting("glassdoor", jl)
    if posting is None or glassdoor_seo_path(posting) != f"/job-listing/{seo}":
        return render.not_found_page("Job listing")
    return _page(render.root_url(request), catalogue, posting)


@router.get("/partner/jobListing.htm")
def partner_listing(
    request: Request,
    catalogue: CatalogueDep,
    listing_id: Annotated[str, Query(alias="jobListingId")],
) -> Response:
    posting = catalogue.posting("glassdoor", listing_id)
    if posting is None:
        return render.not_found_page("Job listing")
    root = render.root_url(request)
    if posting.easy_apply:
        return _page(root, catalogue, posting)
    return RedirectResponse(referral_url(root, catalogue.ats_posting(posting.job), "glassdoor"))
