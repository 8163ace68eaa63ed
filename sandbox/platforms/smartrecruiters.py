"""SmartRecruiters: the Posting API (api.smartrecruiters.com/v1/companies/...) and job pages.

The list paginates with ``offset``/``limit`` (limit at most 100, default 10) and filters by ``q``
(words of the title), ``country`` and ``city``. Like the real API, a company with no postings,
and a company that does not exist, both answer 200 with an empty ``content``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sandbox import render
from sandbox.catalogue import Posting
from sandbox.dates import iso_z_millis
from sandbox.descriptions import bullets, paragraph
from sandbox.links import ats_apply_url, job_url, stable_uuid
from sandbox.model import CatalogueJob
from sandbox.sources import API_PREFIXES
from sandbox.state import CatalogueDep
from sandbox.text import matches_words

router = APIRouter()
pages = APIRouter()

EMPLOYMENT = {
    "full_time": {"id": "permanent", "label": "Full-time"},
    "part_time": {"id": "part_time", "label": "Part-time"},
    "contract": {"id": "contract", "label": "Contract"},
    "intern": {"id": "intern", "label": "Internship"},
}
LEVELS = {
    "intern": ("internship", "Internship"),
    "junior": ("entry_level", "Entry Level"),
    "mid": ("associate", "Associate"),
    "senior": ("mid_senior_level", "Mid-Senior Level"),
    "staff": ("mid_senior_level", "Mid-Senior Level"),
    "principal": ("director", "Director"),
    "lead": ("mid_senior_level", "Mid-Senior Level"),
}
FUNCTIONS = {
    "Engineering": ("engineering", "Engineering"),
    "Infrastructure": ("information_technology", "Information Technology"),
    "Data": ("analyst", "Analyst"),
    "Security": ("information_technology", "Information Technology"),
    "Design": ("design", "Design"),
    "Product": ("product_management", "Product Management"),
}


def _location(job: CatalogueJob) -> dict[str, Any]:
    place = job.places[0] if job.places else job.company.hq
    full = "Remote" if job.is_remote else f"{place.city}, {place.region}, {place.country_name}"
    return {
        "city": place.city,
        "region": place.region,
        "country": place.country.lower(),
        "remote": job.is_remote,
        "fullLocation": full,
    }


def summary_json(root: str, posting: Posting) -> dict[str, Any]:
    job, company = posting.job, posting.job.company
    level_id, level_label = LEVELS[job.seniority]
    function_id, function_label = FUNCTIONS[job.department]
    return {
        "id": posting.external_id,
        "name": posting.title,
        "uuid": stable_uuid("smartrecruiters", posting.external_id),
        "jobAdId": stable_uuid("smartrecruiters-ad", posting.external_id),
        "defaultJobAd": True,
        "refNumber": job.requisition_id,
        "company": {"identifier": company.slug, "name": company.name},
        "releasedDate": iso_z_millis(posting.posted_at),
        "location": _location(job),
        "industry": {"id": company.industry.lower().replace(" ", "_"), "label": company.industry},
        "department": {"id": str(company.number + len(job.department)), "label": job.department},
        "function": {"id": function_id, "label": function_label},
        "typeOfEmployment": EMPLOYMENT[job.employment_type],
        "experienceLevel": {"id": level_id, "label": level_label},
        "customField": [],
        "visibility": "PUBLIC",
        "ref": f"{root}{API_PREFIXES['smartrecruiters']}/v1/companies/{company.slug}"
        f"/postings/{posting.external_id}",
        "language": {"code": "en", "label": "English", "labelNative": "English (US)"},
    }


def detail_json(root: str, posting: Posting) -> dict[str, Any]:
    text = posting.job.description
    additional = bullets(text.benefits)
    if posting.salary_text:
        additional += paragraph(f"Salary: {posting.salary_text}")
    data = summary_json(root, posting)
    data["active"] = True
    data["jobAd"] = {
        "sections": {
            "companyDescription": {
                "title": "Company Description",
                "text": paragraph(text.about_company),
            },
            "jobDescription": {
                "title": "Job Description",
                "text": paragraph(text.about_role) + bullets(text.responsibilities),
            },
            "qualifications": {
                "title": "Qualifications",
                "text": bullets(text.requirements)
                + paragraph("Nice to have:")
                + bullets(text.nice_to_have),
            },
            "additionalInformation": {"title": "Additional Information", "text": additional},
        }
    }
    data["applyUrl"] = ats_apply_url(root, posting)
    data["postingUrl"] = job_url(root, posting)
    return data


@router.get("/v1/companies/{company}/postings")
def list_postings(
    company: str,
    request: Request,
    catalogue: CatalogueDep,
    offset: int = 0,
    limit: int = 10,
    q: str | None = None,
    country: str | None = None,
    city: str | None = None,
) -> Response:
    limit = min(max(limit, 0), 100)
    known = catalogue.company(company)
    postings = (
        catalogue.postings("smartrecruiters", company)
        if known and known.ats == "smartrecruiters"
        else []
    )
    root = render.root_url(request)
    items = [
        summary_json(root, p)
        for p in postings
        if matches_words(p.title, q)
        and (country is None or _location(p.job)["country"] == country.lower())
        and (city is None or _location(p.job)["city"].lower() == city.lower())
    ]
    return render.json_response(
        {
            "offset": offset,
            "limit": limit,
            "totalFound": len(items),
            "content": render.window(items, offset, limit),
        }
    )


@router.get("/v1/companies/{company}/postings/{posting_id}")
def get_posting(
    company: str, posting_id: str, request: Request, catalogue: CatalogueDep
) -> Response:
    posting = catalogue.posting("smartrecruiters", posting_id)
    if posting is None or posting.board != company:
        return render.json_response(
            {"code": "NOT_FOUND", "message": f"Job posting with id={posting_id} not found"}, 404
        )
    return render.json_response(detail_json(render.root_url(request), posting))


@pages.get("/{company}/{posting_slug}")
def job_page(
    company: str, posting_slug: str, request: Request, catalogue: CatalogueDep
) -> Response:
    posting = catalogue.posting("smartrecruiters", posting_slug.split("-", 1)[0])
    if posting is None or posting.board != company:
        return render.not_found_page("Job")
    return render.posting_page(posting, ats_apply_url(render.root_url(request), posting))
