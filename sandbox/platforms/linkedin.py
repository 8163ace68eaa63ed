"""LinkedIn's logged-out job search: the ``seeMoreJobPostings`` card fragments and job pages.

The search answers an HTML fragment of up to 10 ``<li>`` cards from ``start`` (an empty body past
the end). It filters by ``keywords`` (title, company, description), ``location`` (words of the
place or region), ``f_WT`` (1 on-site, 2 remote, 3 hybrid; comma-separated), ``f_JT`` (F, P, C,
I), and ``f_TPR=r{seconds}`` (posted within that many seconds of CATALOGUE_NOW). Job pages put
the description in ``div.show-more-less-html__markup`` and, for jobs that are applied to on the
company's site, the ATS URL in ``code#applyUrl``; "Easy Apply" jobs have none. A member signed
in (the ``li_at`` cookie) sees an Easy Apply job's page with its application modal instead:
`sandbox.applications.linkedin`.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import timedelta
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from sandbox import render
from sandbox.applications import linkedin as easy_apply
from sandbox.applications import members, variants
from sandbox.applications.intake import read_form
from sandbox.catalogue import Catalogue, Posting
from sandbox.dates import CATALOGUE_NOW, age, relative
from sandbox.links import job_url, referral_url
from sandbox.model import CatalogueJob
from sandbox.sources import API_PREFIXES
from sandbox.state import CatalogueDep, state_of
from sandbox.text import matches_words, slugify

router = APIRouter()

PAGE_SIZE = 10
WORKPLACE_CODES = {"onsite": "1", "remote": "2", "hybrid": "3"}
JOB_TYPE_CODES = {"full_time": "F", "part_time": "P", "contract": "C", "intern": "I"}
EMPLOYMENT = {
    "full_time": "Full-time",
    "part_time": "Part-time",
    "contract": "Contract",
    "intern": "Internship",
}
SENIORITY = {
    "intern": "Internship",
    "junior": "Entry level",
    "mid": "Associate",
    "senior": "Mid-Senior level",
    "staff": "Mid-Senior level",
    "lead": "Mid-Senior level",
    "principal": "Director",
}
REMOTE_LOCATION = {"US": "United States", "EU": "European Union", None: "Worldwide"}


def _token(*parts: str) -> str:
    digest = hashlib.sha1("/".join(parts).encode()).digest()[:16]
    return quote(base64.b64encode(digest).decode(), safe="")


def location_text(job: CatalogueJob) -> str:
    if job.is_remote:
        return REMOTE_LOCATION[job.remote_region]
    return job.places[0].label + (" (Hybrid)" if job.workplace == "hybrid" else "")


def _where(job: CatalogueJob) -> str:
    if job.is_remote:
        return f"{job.location_label} {REMOTE_LOCATION[job.remote_region]}" + (
            " Europe" if job.remote_region == "EU" else ""
        )
    place = job.places[0]
    return f"{place.city} {place.region} {place.region_name} {place.country_name}"


def card(root: str, posting: Posting, position: int, page: int) -> str:
    job = posting.job
    url = (
        f"{job_url(root, posting)}?position={position}&amp;pageNum={page}"
        f"&amp;refId={_token('ref', posting.external_id)}"
        f"&amp;trackingId={_token('track', posting.external_id)}"
        "&amp;trk=public_jobs_jserp-result_search-card"
    )
    company_url = (
        f"{root}{API_PREFIXES['linkedin']}/company/{slugify(job.company.name)}"
        "?trk=public_jobs_jserp-result_job-search-card-subtitle"
    )
    new = (
        "job-search-card__listdate--new"
        if age(posting.posted_at) < timedelta(days=1)
        else ("job-search-card__listdate")
    )
    salary = (
        f"""
            <span class="job-search-card__salary-info">
                {render.text(posting.salary_text)}
            </span>"""
        if posting.salary_text
        else ""
    )
    title = render.text(posting.title)
    return f"""<li>
    <div class="base-card relative w-full hover:no-underline focus:no-underline base-card--link \
base-search-card base-search-card--link job-search-card" \
data-entity-urn="urn:li:jobPosting:{posting.external_id}" \
data-impression-id="jobs-search-result-{position - 1}" \
data-reference-id="{_token("refid", posting.external_id)}" \
data-tracking-id="{_token("tid", posting.external_id)}" data-column="1" data-row="{position}">
        <a class="base-card__full-link absolute top-0 right-0 bottom-0 left-0 p-0 z-[2]" \
href="{url}" data-tracking-control-name="public_jobs_jserp-result_search-card" \
data-tracking-will-navigate>
          <span class="sr-only">
              {title}
          </span>
        </a>
      <div class="search-entity-media">
        <img class="artdeco-entity-image artdeco-entity-image--square-4" \
data-delayed-url="{root}/_sandbox/logo/{job.company.slug}.svg" \
alt="{render.text(job.company.name)}">
      </div>
      <div class="base-search-card__info">
        <h3 class="base-search-card__title">
            {title}
        </h3>
        <h4 class="base-search-card__subtitle">
            <a class="hidden-nested-link" data-tracking-client-ingraph \
data-tracking-control-name="public_jobs_jserp-result_job-search-card-subtitle" \
data-tracking-will-navigate href="{company_url}">
            {render.text(posting.company_name)}
            </a>
        </h4>
        <div class="base-search-card__metadata">
            <span class="job-search-card__location">
            {render.text(location_text(job))}
            </span>{salary}
            <time class="{new}" datetime="{posting.posted_at.date().isoformat()}">
                {relative(posting.posted_at)}
            </time>
        </div>
      </div>
    </div>
</li>
"""


def _keep(
    posting: Posting,
    keywords: str | None,
    location: str | None,
    workplaces: set[str],
    job_types: set[str],
    within_s: int | None,
) -> bool:
    job = posting.job
    haystack = f"{posting.title} {posting.company_name} {job.description_text}"
    return (
        matches_words(haystack, keywords)
        and matches_words(_where(job), location)
        and (not workplaces or WORKPLACE_CODES[job.workplace] in workplaces)
        and (not job_types or JOB_TYPE_CODES[job.employment_type] in job_types)
        and (within_s is None or posting.posted_at >= CATALOGUE_NOW - timedelta(seconds=within_s))
    )


def _codes(value: str | None) -> set[str]:
    return {v.strip() for v in (value or "").split(",") if v.strip()}


@router.get("/jobs-guest/jobs/api/seeMoreJobPostings/search")
def search(
    request: Request,
    catalogue: CatalogueDep,
    keywords: str | None = None,
    location: str | None = None,
    start: int = 0,
    workplace: Annotated[str | None, Query(alias="f_WT")] = None,
    job_type: Annotated[str | None, Query(alias="f_JT")] = None,
    posted: Annotated[str | None, Query(alias="f_TPR")] = None,
) -> Response:
    within = int(posted[1:]) if posted and posted[:1] == "r" and posted[1:].isdigit() else None
    found = [
        p
        for p in catalogue.postings("linkedin")
        if _keep(p, keywords, location, _codes(workplace), _codes(job_type), within)
    ]
    start = max(start, 0)
    root = render.root_url(request)
    cards = [
        card(root, p, position, start // PAGE_SIZE)
        for position, p in enumerate(render.window(found, start, PAGE_SIZE), 1)
    ]
    return render.html_response("".join(cards))


def _criteria(job: CatalogueJob) -> str:
    items = (
        ("Seniority level", SENIORITY[job.seniority]),
        ("Employment type", EMPLOYMENT[job.employment_type]),
        ("Job function", "Engineering and Information Technology"),
        ("Industries", job.company.industry),
    )
    return "".join(
        f"""
        <li class="description__job-criteria-item">
          <h3 class="description__job-criteria-subheader">
            {render.text(label)}
          </h3>
          <span class="description__job-criteria-text description__job-criteria-text--criteria">
            {render.text(value)}
          </span>
        </li>"""
        for label, value in items
    )


def _easy_apply(root: str, posting: Posting, member: str | None) -> str:
    """The Easy Apply button: the member's opens the modal, a visitor's a sign-in dialog."""
    path = f"{root}{API_PREFIXES['linkedin']}/jobs/view/{posting.external_id}"
    if member is None:
        return (
            '<button class="sign-up-modal__outlet">Easy Apply</button>'
            f"{easy_apply.sign_in_dialog(f'{path}/sign-in')}"
        )
    label = render.text(f"Easy Apply to {posting.title} at {posting.company_name}")
    return (
        f'<button class="jobs-apply-button artdeco-button" aria-label="{label}">'
        '<span class="artdeco-button__text">Easy Apply</span></button>'
        f"{easy_apply.modal(posting, member, f'{path}/easy-apply')}"
    )


def job_page_html(
    root: str, catalogue: Catalogue, posting: Posting, member: str | None = None
) -> str:
    job = posting.job
    apply = (
        _easy_apply(root, posting, member)
        if posting.easy_apply
        else (
            '<code id="applyUrl" style="display: none">'
            f'<!--"{referral_url(root, catalogue.ats_posting(job), "linkedin")}"--></code>'
            '<a class="apply-button apply-button--link" '
            'data-tracking-control-name="public_jobs_apply-link-offsite">Apply</a>'
        )
    )
    salary = (
        f'<div class="salary compensation__salary">{render.text(posting.salary_text)}</div>'
        if posting.salary_text
        else ""
    )
    header = easy_apply.SEARCH_BAR if member else ""
    body = f"""{header}<main class="main" id="main-content">
  <section class="top-card-layout container-lined overflow-hidden">
    <div class="top-card-layout__entity-info">
      <h1 class="top-card-layout__title font-sans text-lg topcard__title">\
{render.text(posting.title)}</h1>
      <h4 class="top-card-layout__second-subline">
        <div class="topcard__flavor-row">
          <span class="topcard__flavor">
            <a class="topcard__org-name-link topcard__flavor--black-link" \
href="{root}{API_PREFIXES["linkedin"]}/company/{slugify(job.company.name)}">
              {render.text(posting.company_name)}
            </a>
          </span>
          <span class="topcard__flavor topcard__flavor--bullet">
            {render.text(location_text(job))}
          </span>
        </div>
        <div class="topcard__flavor-row">
          <span class="posted-time-ago__text topcard__flavor--metadata">
            {relative(posting.posted_at)}
          </span>
        </div>
      </h4>
      {apply}
    </div>
  </section>
  {salary}
  <section class="description">
    <div class="description__text description__text--rich">
      <section class="show-more-less-html" data-max-lines="5">
        <div class="show-more-less-html__markup show-more-less-html__markup--clamp-after-5 \
relative overflow-hidden">
          {job.description_html}
        </div>
      </section>
    </div>
    <ul class="description__job-criteria-list">{_criteria(job)}
    </ul>
  </section>
</main>"""
    return render.document(f"{posting.company_name} hiring {posting.title} | LinkedIn", body)


@router.get("/jobs/view/{slug_id}")
def job_page(slug_id: str, request: Request, catalogue: CatalogueDep) -> Response:
    posting = catalogue.posting("linkedin", slug_id.rsplit("-", 1)[-1])
    if posting is None:
        return render.not_found_page("Job")
    variant = variants.requested(request)
    if isinstance(variant, Response):
        return variant
    if variant == "expired":
        return variants.expired_page(f"{render.root_url(request)}{API_PREFIXES['linkedin']}/jobs")
    member = easy_apply.member_of(request)
    html = job_page_html(render.root_url(request), catalogue, posting, member)
    return render.html_response(html)


@router.post("/jobs/view/{job_id}/easy-apply")
async def easy_apply_submit(job_id: str, request: Request, catalogue: CatalogueDep) -> Response:
    """Where the Easy Apply modal posts its answers: checked, then recorded once accepted."""
    posting = catalogue.posting("linkedin", job_id)
    if posting is None or not posting.easy_apply:
        return render.json_response({"errors": {"": "This job does not take Easy Apply"}}, 404)
    member = easy_apply.member_of(request)
    if member is None:
        return render.json_response({"errors": {"": "Sign in to apply"}}, 401)
    form = await read_form(request)
    errors = easy_apply.field_errors(posting, member, form)
    if errors:
        return render.json_response({"errors": errors}, 400)
    state_of(request).submissions.record(
        platform="linkedin",
        board=slugify(posting.company_name),
        external_id=posting.external_id,
        path=request.url.path,
        variant=None,
        fields=form.fields,
        files=form.files,
    )
    return render.json_response({"html": easy_apply.confirmation_html(posting)})


@router.post("/jobs/view/{job_id}/sign-in")
async def sign_in(job_id: str, request: Request) -> Response:
    """The logged-out dialog's form: the sandbox's password signs anyone in (sets ``li_at``)."""
    form = await read_form(request)
    email = form.value("session_key")
    back = f"{render.root_url(request)}{API_PREFIXES['linkedin']}/jobs/view/{job_id}"
    if not members.signs_in(email, form.value("session_password")):
        return render.html_response(
            render.document("Sign in", "<p>Wrong email or password.</p>"), 401
        )
    return members.signed_in(back, easy_apply.SESSION_COOKIE, email)


@router.get("/company/{slug}")
def company_page(slug: str, catalogue: CatalogueDep) -> Response:
    company = next((c for c in catalogue.companies if slugify(c.name) == slug), None)
    if company is None:
        return render.not_found_page("Company")
    body = f'<h1 class="top-card-layout__title">{render.text(company.name)}</h1>'
    return render.html_response(render.document(f"{company.name} | LinkedIn", body))
