"""The URL of every posting's human-facing page and apply page, inside the sandbox.

Each keeps its real platform's shape after the sandbox prefix (Greenhouse's
``/{board}/jobs/{id}``, Lever's ``/{site}/{id}/apply``, LinkedIn's ``/jobs/view/{slug}-{id}``), so
code that recognises platforms by URL sees what it would see on the real sites. Aggregators that
send applicants to the company link to the job's ATS posting, tagged with the source.
"""

from __future__ import annotations

import re
import uuid
from typing import Final
from urllib.parse import urlencode, urlsplit, urlunsplit

from sandbox.model import CatalogueJob, Posting
from sandbox.sources import API_PREFIXES, PAGE_PREFIXES
from sandbox.text import slugify

WORKDAY_SITE: Final = "External"

REMOTIVE_CATEGORIES: Final[dict[str, tuple[str, str]]] = {
    "backend": ("Software Development", "software-dev"),
    "frontend": ("Software Development", "software-dev"),
    "fullstack": ("Software Development", "software-dev"),
    "mobile": ("Software Development", "software-dev"),
    "manager": ("Software Development", "software-dev"),
    "security": ("Software Development", "software-dev"),
    "sre": ("DevOps / Sysadmin", "devops"),
    "data_eng": ("Data", "data"),
    "data_sci": ("Data", "data"),
    "qa": ("QA", "qa"),
    "design": ("Design", "design"),
    "product": ("Product", "product"),
}

_SOURCE_PARAM: Final[dict[str, str]] = {"greenhouse": "gh_src", "lever": "lever-source"}
_PATH_PART = re.compile(r"[^A-Za-z0-9]+")


def stable_uuid(*parts: str) -> str:
    """A UUID that is a function of ``parts``, for platforms that show one next to the id."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "sandbox:" + "/".join(parts)))


def with_query(url: str, **params: str) -> str:
    scheme, netloc, path, query, fragment = urlsplit(url)
    extra = urlencode(params)
    return urlunsplit((scheme, netloc, path, f"{query}&{extra}" if query else extra, fragment))


def workday_location(job: CatalogueJob) -> str:
    """Workday's location text: "Austin, TX", "Remote - USA"."""
    if job.is_remote:
        return "Remote - USA" if job.remote_region == "US" else "Remote"
    return job.places[0].label


def workday_external_path(posting: Posting) -> str:
    """Workday's path of a job: "/job/Austin-TX/Senior-Backend-Engineer_R123456"."""
    where = _PATH_PART.sub("-", workday_location(posting.job)).strip("-")
    title = _PATH_PART.sub("-", posting.title).strip("-")
    return f"/job/{where}/{title}_{posting.external_id}"


def linkedin_slug(posting: Posting) -> str:
    return f"{slugify(posting.title)}-at-{slugify(posting.company_name)}-{posting.external_id}"


def remoteok_slug(posting: Posting) -> str:
    return f"remote-{slugify(posting.title)}-{slugify(posting.company_name)}-{posting.external_id}"


def glassdoor_seo_path(posting: Posting) -> str:
    """Glassdoor's SEO path; KO and KE are the title's and employer's spans in the slug.

    E.g. "/job-listing/backend-engineer-northwind-labs-JV_IC1147401_KO0,16_KE17,31.htm".
    """
    title, employer = slugify(posting.title), slugify(posting.job.company.name)
    city = (
        ""
        if posting.job.is_remote
        else f"IC{1_100_000 + sum(map(ord, posting.job.places[0].city))}_"
    )
    start = len(title) + 1
    spans = f"KO0,{len(title)}_KE{start},{start + len(employer)}"
    return f"/job-listing/{title}-{employer}-JV_{city}{spans}.htm"


def job_url(root: str, posting: Posting) -> str:
    """The page where a person reads ``posting``."""
    board, pid = posting.board or "", posting.external_id
    page = f"{root}{PAGE_PREFIXES.get(posting.platform, '')}"
    api = f"{root}{API_PREFIXES[posting.platform]}"
    match posting.platform:
        case "greenhouse":
            return f"{page}/{board}/jobs/{pid}"
        case "lever" | "lever_eu" | "ashby":
            return f"{page}/{board}/{pid}"
        case "smartrecruiters":
            return f"{page}/{board}/{pid}-{slugify(posting.title)}"
        case "workday":
            return f"{page}/{board}/{WORKDAY_SITE}{workday_external_path(posting)}"
        case "remoteok":
            return f"{api}/remote-jobs/{remoteok_slug(posting)}"
        case "remotive":
            category = REMOTIVE_CATEGORIES[posting.job.family][1]
            return f"{api}/remote-jobs/{category}/{slugify(posting.title)}-{pid}"
        case "hn":
            return f"{api}/item?id={pid}"
        case "linkedin":
            return f"{api}/jobs/view/{linkedin_slug(posting)}"
        case "indeed":
            return f"{api}/viewjob?jk={pid}"
        case "glassdoor":
            return f"{api}{glassdoor_seo_path(posting)}?jl={pid}"
        case "wellfound":
            return f"{api}/jobs/{pid}-{slugify(posting.job.title)}"
    raise ValueError(f"no job page for platform {posting.platform!r}")


def ats_apply_url(root: str, posting: Posting) -> str:
    """The application page of an ATS posting."""
    url = job_url(root, posting)
    match posting.platform:
        case "lever" | "lever_eu" | "workday":
            return f"{url}/apply"
        case "ashby":
            return f"{url}/application"
        case "smartrecruiters":
            board = posting.board or ""
            publication = stable_uuid("smartrecruiters", posting.external_id)
            page = f"{root}{PAGE_PREFIXES['smartrecruiters']}"
            return f"{page}/oneclick-ui/company/{board}/publication/{publication}?dcr_ci={board}"
    return url


def referral_url(root: str, ats_posting: Posting, source: str) -> str:
    """Where an aggregator sends applicants: the ATS apply page, tagged with the aggregator."""
    param = _SOURCE_PARAM.get(ats_posting.platform.removesuffix("_eu"), "utm_source")
    return with_query(ats_apply_url(root, ats_posting), **{param: source})
