"""Lever: the Postings API (api.lever.co and api.eu.lever.co) and the hosted job pages.

One router serves both regions; the prefix a request came in on says which, and a site exists
only in its own region (as on Lever, a US site answers "Document not found" on the EU host).
Pagination is ``skip``/``limit``; ``location``, ``commitment``, ``team`` and ``department`` filter
by exact value as Lever does. Everything is returned as JSON whatever ``mode`` says. The apply
page (``/{site}/{id}/apply``) is `sandbox.applications.lever`.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sandbox import render
from sandbox.catalogue import Catalogue, Posting
from sandbox.dates import epoch_ms
from sandbox.descriptions import bullets, paragraph
from sandbox.links import ats_apply_url, job_url
from sandbox.sources import platform_for_path
from sandbox.state import CatalogueDep
from sandbox.text import html_to_text

router = APIRouter()
pages = APIRouter()

COMMITMENT = {
    "full_time": "Full-time",
    "part_time": "Part-time",
    "contract": "Contract",
    "intern": "Intern",
}
INTERVAL = {"year": "per-year-salary", "hour": "per-hour-wage"}


def _platform(request: Request) -> str:
    return platform_for_path(request.url.path) or "lever"


def _li(items: tuple[str, ...]) -> str:
    return bullets(items).removeprefix("<ul>").removesuffix("</ul>")


def posting_json(root: str, posting: Posting) -> dict[str, Any]:
    job = posting.job
    text = job.description
    description = (
        f"<div>{paragraph(text.about_company)}<p><b>About the role</b></p>"
        f"{paragraph(text.about_role)}</div>"
    )
    additional = f"<div><b>Benefits</b></div>{bullets(text.benefits)}"
    workplace = job.workplace if job.workplace != "onsite" or posting.variant % 5 else "unspecified"
    labels = [place.label for place in job.places] or [job.location_label]
    data: dict[str, Any] = {
        "additional": additional,
        "additionalPlain": html_to_text(additional),
        "categories": {
            "commitment": COMMITMENT[job.employment_type],
            "department": job.department,
            "location": labels[0],
            "team": job.team,
            "allLocations": labels,
        },
        "createdAt": epoch_ms(posting.posted_at),
        "descriptionPlain": html_to_text(description),
        "description": description,
        "id": posting.external_id,
        "lists": [
            {"text": "What you'll do", "content": _li(text.responsibilities)},
            {"text": "Requirements", "content": _li(text.requirements)},
            {"text": "Nice to have", "content": _li(text.nice_to_have)},
        ],
        "text": posting.title,
        "country": job.country,
        "workplaceType": workplace,
        "opening": "",
        "openingPlain": "",
        "descriptionBody": description,
        "descriptionBodyPlain": html_to_text(description),
        "hostedUrl": job_url(root, posting),
        "applyUrl": ats_apply_url(root, posting),
    }
    if job.salary and posting.salary_text:
        sentence = f"<div>The pay range for this role is {posting.salary_text}.</div>"
        data["salaryRange"] = {
            "min": job.salary.minimum,
            "max": job.salary.maximum,
            "currency": job.salary.currency,
            "interval": INTERVAL[job.salary.period],
        }
        data["salaryDescription"] = sentence
        data["salaryDescriptionPlain"] = html_to_text(sentence)
    return data


def _site(catalogue: Catalogue, platform: str, site: str) -> list[Posting] | None:
    company = catalogue.company(site)
    if company is None or company.ats != platform:
        return None
    return catalogue.postings(platform, site)


def _not_found() -> Response:
    return render.json_response({"ok": False, "error": "Document not found"}, 404)


@router.get("/v0/postings/{site}")
def list_postings(
    site: str,
    request: Request,
    catalogue: CatalogueDep,
    skip: int = 0,
    limit: int | None = None,
    location: str | None = None,
    commitment: str | None = None,
    team: str | None = None,
    department: str | None = None,
) -> Response:
    postings = _site(catalogue, _platform(request), site)
    if postings is None:
        return _not_found()
    root = render.root_url(request)
    items = [posting_json(root, p) for p in postings]
    wanted = {"location": location, "commitment": commitment, "team": team}
    items = [
        item
        for item in items
        if all(value is None or item["categories"][key] == value for key, value in wanted.items())
        and (department is None or item["categories"]["department"] == department)
    ]
    return render.json_response(render.window(items, skip, len(items) if limit is None else limit))


@router.get("/v0/postings/{site}/{posting_id}")
def get_posting(site: str, posting_id: str, request: Request, catalogue: CatalogueDep) -> Response:
    postings = _site(catalogue, _platform(request), site)
    posting = next((p for p in postings or [] if p.external_id == posting_id), None)
    if posting is None:
        return _not_found()
    return render.json_response(posting_json(render.root_url(request), posting))


def _page(request: Request, catalogue: Catalogue, site: str, posting_id: str) -> Posting | None:
    posting = catalogue.posting(_platform(request), posting_id)
    return posting if posting is not None and posting.board == site else None


@pages.get("/{site}/{posting_id}")
def job_page(site: str, posting_id: str, request: Request, catalogue: CatalogueDep) -> Response:
    posting = _page(request, catalogue, site, posting_id)
    if posting is None:
        return render.not_found_page("Posting")
    root = render.root_url(request)
    return render.posting_page(posting, ats_apply_url(root, posting))
