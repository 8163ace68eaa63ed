"""Ashby: the public Posting API (api.ashbyhq.com/posting-api) and the hosted job pages.

The board endpoint returns every listed job at once (no pagination, no filters, as on Ashby).
``compensation`` is filled only with ``includeCompensation=true`` and is null otherwise. The
application page (``/{board}/{id}/application``) is `sandbox.applications.ashby`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from sandbox import render
from sandbox.catalogue import Catalogue, Posting
from sandbox.links import ats_apply_url, job_url
from sandbox.state import CatalogueDep
from sandbox.text import html_to_text

router = APIRouter()
pages = APIRouter()

EMPLOYMENT = {
    "full_time": "FullTime",
    "part_time": "PartTime",
    "contract": "Contract",
    "intern": "Intern",
}
WORKPLACE = {"remote": "Remote", "hybrid": "Hybrid", "onsite": "OnSite"}


def _compensation(posting: Posting) -> dict[str, Any]:
    salary = posting.job.salary
    if salary is None or posting.salary_text is None:
        return {
            "compensationTierSummary": None,
            "scrapeableCompensationSalarySummary": None,
            "compensationTiers": [],
            "summaryComponents": [],
        }
    component = {
        "compensationType": "Salary",
        "interval": "1 HOUR" if salary.hourly else "1 YEAR",
        "currencyCode": salary.currency,
        "minValue": salary.minimum,
        "maxValue": salary.maximum,
    }
    summary = posting.salary_text.split(" • ")[0]
    return {
        "compensationTierSummary": posting.salary_text,
        "scrapeableCompensationSalarySummary": summary.replace(" – ", " - "),
        "compensationTiers": [
            {"id": posting.external_id, "title": "Zone A", "tierSummary": summary}
        ],
        "summaryComponents": [component],
    }


def job_json(root: str, posting: Posting, *, compensation: bool) -> dict[str, Any]:
    job = posting.job
    places = [place.city for place in job.places]
    location = places[0] if places else job.location_label
    description = job.description_html
    return {
        "id": posting.external_id,
        "title": posting.title,
        "department": job.department,
        "team": job.team,
        "employmentType": EMPLOYMENT[job.employment_type],
        "location": location,
        "secondaryLocations": [{"location": city} for city in places[1:]],
        "publishedAt": posting.posted_at.isoformat(timespec="milliseconds"),
        "isListed": True,
        "isRemote": job.is_remote,
        "workplaceType": WORKPLACE[job.workplace],
        "address": {
            "postalAddress": {
                "addressLocality": job.places[0].city if job.places else None,
                "addressRegion": job.places[0].region_name if job.places else None,
                "addressCountry": job.places[0].country_name if job.places else None,
            }
        },
        "jobUrl": job_url(root, posting),
        "applyUrl": ats_apply_url(root, posting),
        "descriptionHtml": description,
        "descriptionPlain": html_to_text(description),
        "shouldDisplayCompensationOnJobPostings": posting.salary_text is not None,
        "compensation": _compensation(posting) if compensation else None,
    }


def _board(catalogue: Catalogue, board: str) -> list[Posting] | None:
    company = catalogue.company(board)
    if company is None or company.ats != "ashby":
        return None
    return catalogue.postings("ashby", board)


@router.get("/posting-api/job-board/{board}")
def job_board(
    board: str,
    request: Request,
    catalogue: CatalogueDep,
    include_compensation: Annotated[bool, Query(alias="includeCompensation")] = False,
) -> Response:
    postings = _board(catalogue, board)
    if postings is None:
        return render.json_response(
            {"success": False, "errors": [f"Job board '{board}' not found"]}, 404
        )
    root = render.root_url(request)
    jobs = [job_json(root, p, compensation=include_compensation) for p in postings]
    return render.json_response({"apiVersion": "1", "jobs": jobs})


def _page(catalogue: Catalogue, board: str, job_id: str) -> Posting | None:
    posting = catalogue.posting("ashby", job_id)
    return posting if posting is not None and posting.board == board else None


@pages.get("/{board}/{job_id}")
def job_page(board: str, job_id: str, request: Request, catalogue: CatalogueDep) -> Response:
    posting = _page(catalogue, board, job_id)
    if posting is None:
        return render.not_found_page("Job")
    return render.posting_page(posting, ats_apply_url(render.root_url(request), posting))
