"""Wellfound (formerly AngelList Talent): search pages carrying a normalised Apollo cache.

``/jobs?query=&page=`` and the role pages ``/role/{role}``, ``/role/r/{role}`` (remote only) and
``/role/l/{role}/{location}`` answer an HTML page whose ``__NEXT_DATA__`` holds
``props.pageProps.apolloState.data``: ``StartupResult:{id}`` and ``JobListingSearchResult:{id}``
objects linked by ``__ref``, and a ``ROOT_QUERY.talent.jobSearchResults(...)`` entry with the
startups of the page, ``page`` and ``pageCount``. Pages hold 20 jobs; ``query`` matches title,
company and description words.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sandbox import render
from sandbox.catalogue import Catalogue, Posting
from sandbox.dates import epoch_s
from sandbox.links import job_url
from sandbox.model import CatalogueJob
from sandbox.state import CatalogueDep
from sandbox.text import matches_words, slugify

router = APIRouter()

PAGE_SIZE = 20
ROLES = {
    "backend": "Software Engineer",
    "frontend": "Frontend Engineer",
    "fullstack": "Full-Stack Engineer",
    "mobile": "Mobile Engineer",
    "sre": "DevOps Engineer",
    "data_eng": "Data Engineer",
    "data_sci": "Data Scientist",
    "security": "Security Engineer",
    "qa": "QA Engineer",
    "design": "Product Designer",
    "product": "Product Manager",
    "manager": "Engineering Manager",
}
JOB_TYPES = {
    "full_time": "full-time",
    "part_time": "part-time",
    "contract": "contract",
    "intern": "internship",
}
REGIONS = {"US": ["United States"], "EU": ["Europe"], None: []}


def _locations(job: CatalogueJob) -> list[str]:
    return [place.city for place in job.places] if job.places else REGIONS[job.remote_region]


def _startup_id(posting: Posting) -> str:
    return str(posting.job.company.number)


def listing_json(posting: Posting) -> dict[str, Any]:
    job = posting.job
    return {
        "__typename": "JobListingSearchResult",
        "id": posting.external_id,
        "title": posting.title,
        "slug": slugify(job.title),
        "remote": job.is_remote,
        "locationNames": _locations(job),
        "compensation": posting.salary_text or "",
        "jobType": JOB_TYPES[job.employment_type],
        "liveStartAt": epoch_s(posting.posted_at),
        "description": job.description_html,
        "primaryRoleTitle": ROLES[job.family],
        "autoPosted": False,
    }


def startup_json(root: str, posting: Posting, listings: list[str]) -> dict[str, Any]:
    company = posting.job.company
    low, _, high = company.size.partition("-")
    return {
        "__typename": "StartupResult",
        "id": _startup_id(posting),
        "name": company.name,
        "slug": company.slug,
        "highConcept": company.high_concept,
        "companySize": f"SIZE_{low}_{high or 'PLUS'}",
        "logoUrl": f"{root}/_sandbox/logo/{company.slug}.svg",
        "highlightedJobListings": [{"__ref": f"JobListingSearchResult:{i}"} for i in listings],
    }


def apollo_state(
    root: str, postings: list[Posting], page: int, filters: dict[str, Any]
) -> dict[str, Any]:
    """The normalised cache of one results page: startups of the page and their jobs."""
    shown = render.window(postings, (page - 1) * PAGE_SIZE, PAGE_SIZE)
    data: dict[str, Any] = {}
    order: list[str] = []
    listings: dict[str, list[str]] = {}
    first: dict[str, Posting] = {}
    for posting in shown:
        startup = _startup_id(posting)
        if startup not in listings:
            order.append(startup)
            listings[startup] = []
            first[startup] = posting
        listings[startup].append(posting.external_id)
        data[f"JobListingSearchResult:{posting.external_id}"] = listing_json(posting)
    for startup in order:
        data[f"StartupResult:{startup}"] = startup_json(root, first[startup], listings[startup])
    key = "jobSearchResults(" + json.dumps({"filters": filters, "page": page}) + ")"
    data["ROOT_QUERY"] = {
        "__typename": "Query",
        "talent": {
            "__typename": "TalentQuery",
            key: {
                "__typename": "JobSearchResultsConnection",
                "totalJobCount": len(postings),
                "totalStartupCount": len({_startup_id(p) for p in postings}),
                "page": page,
                "pageCount": render.page_count(len(postings), PAGE_SIZE),
                "startups": {
                    "__typename": "StartupSearchResultConnection",
                    "edges": [
                        {
                            "__typename": "StartupSearchResultEdge",
                            "node": {"__ref": f"StartupResult:{startup}"},
                        }
                        for startup in order
                    ],
                },
            },
        },
    }
    return data


def _results(
    catalogue: Catalogue,
    *,
    query: str | None,
    role: str | None = None,
    remote: bool = False,
    location: str | None = None,
) -> list[Posting]:
    return [
        p
        for p in catalogue.postings("wellfound")
        if matches_words(f"{p.title} {p.job.company.name} {p.job.description_text}", query)
        and (role is None or slugify(ROLES[p.job.family]) == role)
        and (not remote or p.job.is_remote)
        and (location is None or location in {slugify(n) for n in _locations(p.job)})
    ]


def _search_page(
    request: Request, postings: list[Posting], page: int, filters: dict[str, Any]
) -> Response:
    page = max(page, 1)
    root = render.root_url(request)
    data = {
        "props": {
            "pageProps": {"apolloState": {"data": apollo_state(root, postings, page, filters)}},
            "__N_SSP": True,
        },
        "page": "/jobs",
        "query": {k: v for k, v in filters.items() if v is not None},
        "buildId": "sandbox",
    }
    shown = render.window(postings, (page - 1) * PAGE_SIZE, PAGE_SIZE)
    links = "".join(
        f'<a class="job-link" href="{render.text(job_url(root, p))}">{render.text(p.title)}</a>'
        for p in shown
    )
    body = f'<div id="__next">{links}</div>\n{render.json_script(data, script_id="__NEXT_DATA__")}'
    return render.html_response(render.document("Startup Jobs | Wellfound", body))


@router.get("/jobs")
def jobs(
    request: Request, catalogue: CatalogueDep, query: str | None = None, page: int = 1
) -> Response:
    found = _results(catalogue, query=query)
    return _search_page(request, found, page, {"query": query, "roleSlug": None, "remote": False})


@router.get("/role/r/{role}")
def remote_role(role: str, request: Request, catalogue: CatalogueDep, page: int = 1) -> Response:
    found = _results(catalogue, query=None, role=role, remote=True)
    return _search_page(request, found, page, {"query": None, "roleSlug": role, "remote": True})


@router.get("/role/l/{role}/{location}")
def role_in(
    role: str, location: str, request: Request, catalogue: CatalogueDep, page: int = 1
) -> Response:
    found = _results(catalogue, query=None, role=role, location=location)
    filters = {"query": None, "roleSlug": role, "locationSlug": location, "remote": False}
    return _search_page(request, found, page, filters)


@router.get("/role/{role}")
def any_role(role: str, request: Request, catalogue: CatalogueDep, page: int = 1) -> Response:
    found = _results(catalogue, query=None, role=role)
    return _search_page(request, found, page, {"query": None, "roleSlug": role, "remote": False})


@router.get("/jobs/{id_slug}")
def job_page(id_slug: str, catalogue: CatalogueDep) -> Response:
    posting = catalogue.posting("wellfound", id_slug.split("-", 1)[0])
    if posting is None:
        return render.not_found_page("Job")
    return render.html_response(
        render.job_page(
            title=posting.title,
            company=posting.company_name,
            location=", ".join(_locations(posting.job)) or "Remote",
            description_html=posting.job.description_html,
            apply_href=None,
            platform="wellfound",
        )
    )
