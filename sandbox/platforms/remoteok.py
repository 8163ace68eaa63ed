"""RemoteOK: the public JSON feed (remoteok.com/api) and its job pages.

The feed is one JSON list whose first element is the legal notice and the rest are jobs, newest
first. It has no pagination and no filters: every query parameter is ignored.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sandbox import render
from sandbox.catalogue import Posting
from sandbox.dates import CATALOGUE_NOW, epoch_s
from sandbox.links import job_url, referral_url, remoteok_slug
from sandbox.model import CatalogueJob
from sandbox.republish import annual
from sandbox.state import CatalogueDep

router = APIRouter()

LEGAL = (
    "API Terms of Service: Please link back (with follow, and without nofollow!) to the URL on "
    "Remote OK and mention Remote OK as a source, so we get traffic back from your site. If you "
    "do not we'll have to suspend API access.\n\nPlease don't use the Remote OK logo without "
    "written permission as it's a registered trademark, please DO use our name Remote OK though."
)
FAMILY_TAGS = {
    "backend": ["dev", "backend", "engineer"],
    "frontend": ["dev", "frontend", "javascript"],
    "fullstack": ["dev", "full stack", "engineer"],
    "mobile": ["dev", "mobile"],
    "sre": ["devops", "sys admin", "cloud"],
    "data_eng": ["data", "dev", "engineer"],
    "data_sci": ["data science", "machine learning", "ai"],
    "security": ["security", "infosec"],
    "qa": ["qa", "testing"],
    "design": ["design", "ux"],
    "product": ["product", "non tech"],
    "manager": ["management", "exec", "engineer"],
}
REGION = {"US": "United States", "EU": "Europe", None: "Worldwide"}


def _location(job: CatalogueJob) -> str:
    if job.is_remote:
        return REGION[job.remote_region]
    place = job.places[0]
    return f"{place.city}, {place.region_name}, {place.country_name}"


def job_json(root: str, posting: Posting) -> dict[str, Any]:
    job = posting.job
    salary = annual(job.salary) if job.salary and posting.salary_text else None
    tags = [*FAMILY_TAGS[job.family], *(s.lower() for s in job.skills[:3]), "digital nomad"]
    url = job_url(root, posting)
    return {
        "slug": remoteok_slug(posting),
        "id": posting.external_id,
        "epoch": epoch_s(posting.posted_at),
        "date": posting.posted_at.isoformat(timespec="seconds"),
        "company": posting.company_name,
        "company_logo": "",
        "position": posting.title,
        "tags": list(dict.fromkeys(tags)),
        "description": job.description.html(company=False, benefits=False),
        "location": _location(job),
        "apply_url": url,
        "salary_min": salary.minimum if salary else 0,
        "salary_max": salary.maximum if salary else 0,
        "logo": "",
        "url": url,
    }


@router.get("/api")
def feed(request: Request, catalogue: CatalogueDep) -> Response:
    root = render.root_url(request)
    notice: dict[str, Any] = {"last_updated": epoch_s(CATALOGUE_NOW), "legal": LEGAL}
    jobs = [job_json(root, p) for p in catalogue.postings("remoteok")]
    return render.json_response([notice, *jobs])


@router.get("/remote-jobs/{slug}")
def job_page(slug: str, request: Request, catalogue: CatalogueDep) -> Response:
    posting = catalogue.posting("remoteok", slug.rsplit("-", 1)[-1])
    if posting is None:
        return render.not_found_page("Job")
    return render.html_response(
        render.job_page(
            title=posting.title,
            company=posting.company_name,
            location=_location(posting.job),
            description_html=posting.job.description_html,
            apply_href=referral_url(
                render.root_url(request), catalogue.ats_posting(posting.job), "remoteok"
            ),
            platform="remoteok",
        )
    )
