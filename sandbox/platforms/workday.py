"""Workday: the candidate-facing JSON of career sites (``/wday/cxs/{tenant}/{site}/...``).

Search is a POST with ``{"appliedFacets", "limit", "offset", "searchText"}``; ``searchText``
filters by title words and ``appliedFacets`` is ignored. ``limit`` above 20 is refused with 400,
and ``total`` is the real count only on the first page (0 on later pages), both as on Workday.
Every tenant here has one site, "External".
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sandbox import render
from sandbox.catalogue import Catalogue, Posting
from sandbox.dates import days_ago
from sandbox.links import (
    WORKDAY_SITE,
    ats_apply_url,
    job_url,
    stable_uuid,
    workday_external_path,
    workday_location,
)
from sandbox.state import CatalogueDep
from sandbox.text import matches_words

router = APIRouter()
pages = APIRouter()

MAX_LIMIT = 20
TIME_TYPE = {"part_time": "Part time"}
REMOTE_TYPE = {"remote": "Remote", "hybrid": "Hybrid"}


def posted_on(posting: Posting) -> str:
    days = days_ago(posting.posted_at)
    if days == 0:
        return "Posted Today"
    if days == 1:
        return "Posted Yesterday"
    return "Posted 30+ Days Ago" if days >= 30 else f"Posted {days} Days Ago"


def _locations(posting: Posting) -> list[str]:
    job = posting.job
    return [place.label for place in job.places] if job.places else [workday_location(job)]


def _error(status: int, message: str) -> Response:
    body = {"errorCode": f"HTTP_{status}", "httpStatus": status, "message": message}
    return render.json_response(body, status)


def _site(catalogue: Catalogue, tenant: str, site: str) -> list[Posting] | None:
    company = catalogue.company(tenant)
    if company is None or company.ats != "workday" or site != WORKDAY_SITE:
        return None
    return catalogue.postings("workday", tenant)


def summary_json(posting: Posting) -> dict[str, Any]:
    places = _locations(posting)
    return {
        "title": posting.title,
        "externalPath": workday_external_path(posting),
        "locationsText": places[0] if len(places) == 1 else f"{len(places)} Locations",
        "postedOn": posted_on(posting),
        "bulletFields": [posting.external_id],
    }


def detail_json(root: str, posting: Posting) -> dict[str, Any]:
    job = posting.job
    places = _locations(posting)
    description = job.description_html
    if posting.salary_text:
        description += f"<p>Pay Range: {posting.salary_text}</p>"
    country = job.places[0].country_name if job.places else "United States of America"
    info: dict[str, Any] = {
        "id": stable_uuid("workday", posting.external_id).replace("-", ""),
        "title": posting.title,
        "jobDescription": description,
        "location": places[0],
        "additionalLocations": places[1:],
        "postedOn": posted_on(posting),
        "startDate": posting.posted_at.date().isoformat(),
        "timeType": TIME_TYPE.get(job.employment_type, "Full time"),
        "jobReqId": posting.external_id,
        "jobPostingId": workday_external_path(posting).rsplit("/", 1)[1],
        "jobPostingSiteId": WORKDAY_SITE,
        "country": {"descriptor": country, "id": stable_uuid("country", country).replace("-", "")},
        "canApply": True,
        "posted": True,
        "includeResumeParsing": True,
        "externalUrl": job_url(root, posting),
    }
    if job.workplace in REMOTE_TYPE:
        info["remoteType"] = REMOTE_TYPE[job.workplace]
    return {
        "jobPostingInfo": info,
        "hiringOrganization": {"name": job.company.name, "url": ""},
        "similarJobs": [],
        "userAuthenticated": False,
    }


@router.post("/wday/cxs/{tenant}/{site}/jobs")
async def search(tenant: str, site: str, request: Request, catalogue: CatalogueDep) -> Response:
    postings = _site(catalogue, tenant, site)
    if postings is None:
        return _error(404, "Not Found")
    try:
        body = json.loads(await request.body() or b"{}")
        limit, offset = int(body.get("limit", 20)), int(body.get("offset", 0))
        text = str(body.get("searchText") or "")
    except (ValueError, TypeError, AttributeError):
        return _error(400, "Bad Request")
    if limit > MAX_LIMIT or limit < 0 or offset < 0:
        return _error(400, "Bad Request")
    found = [p for p in postings if matches_words(p.title, text)]
    return render.json_response(
        {
            "total": len(found) if offset == 0 else 0,
            "jobPostings": [summary_json(p) for p in render.window(found, offset, limit)],
            "facets": [],
        }
    )


def _find(catalogue: Catalogue, tenant: str, site: str, path: str) -> Posting | None:
    wanted = f"/job/{path}".removesuffix("/apply")
    return next(
        (p for p in _site(catalogue, tenant, site) or [] if workday_external_path(p) == wanted),
        None,
    )


@router.get("/wday/cxs/{tenant}/{site}/job/{path:path}")
def get_job(
    tenant: str, site: str, path: str, request: Request, catalogue: CatalogueDep
) -> Response:
    posting = _find(catalogue, tenant, site, path)
    if posting is None:
        return _error(404, "Not Found")
    return render.json_response(detail_json(render.root_url(request), posting))


@pages.get("/{tenant}/{site}/job/{path:path}")
def job_page(
    tenant: str, site: str, path: str, request: Request, catalogue: CatalogueDep
) -> Response:
    posting = _find(catalogue, tenant, site, path)
    if posting is None:
        return render.not_found_page("Job")
    return render.html_response(
        render.job_page(
            title=posting.title,
            company=posting.job.company.name,
            location=_locations(posting)[0],
            description_html=posting.job.description_html,
            apply_href=ats_apply_url(render.root_url(request), posting),
            platform="workday",
        )
    )
