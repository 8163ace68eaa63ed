"""Indeed: the search results page with its embedded job-cards JSON, and the job view page.

The search page embeds ``window.mosaic.providerData["mosaic-provider-jobcards"]={...};`` with 10
results per page from ``start``. It filters by ``q`` (title, company, description), ``l`` (words
of the place; "remote" matches remote jobs), ``fromage`` (posted within that many days of
CATALOGUE_NOW) and remote-only via ``sc=0kf:attr(DSQF7);`` or ``remotejob=...``. With
``__blocked=1`` (or a "blocked" fault) it answers the hCaptcha interstitial Indeed shows bots.
An Indeed Apply job's "Apply now" opens the apply flow of `sandbox.applications.indeed`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from sandbox import render
from sandbox.applications import indeed as indeed_apply
from sandbox.catalogue import Catalogue, Posting
from sandbox.dates import CATALOGUE_NOW, age, days_ago, epoch_ms
from sandbox.links import referral_url
from sandbox.model import CatalogueJob
from sandbox.state import CatalogueDep
from sandbox.text import matches_words

router = APIRouter()
router.include_router(indeed_apply.pages)

PAGE_SIZE = 10
REMOTE_ATTRIBUTE = "DSQF7"
JOB_TYPES = {
    "full_time": "Full-time",
    "part_time": "Part-time",
    "contract": "Contract",
    "intern": "Internship",
}
SNIPPET_LIST = (
    '<ul style="list-style-type:circle;margin-top: 0px;margin-bottom: 0px;padding-left:20px;">'
)


def captcha_page() -> Response:
    """The "Additional Verification Required" hCaptcha interstitial real Indeed shows to bots."""
    body = """<div class="main-wrapper" role="main">
<div class="main-content">
<h1 class="zone-name-title h1">secure.indeed.com</h1>
<h2 class="h2" id="challenge-running">Additional Verification Required</h2>
<noscript><div id="challenge-error-title">Enable JavaScript and cookies to continue</div></noscript>
<div id="challenge-form" class="challenge-form" data-action="/jobs">
<div class="h-captcha" data-sitekey="a5f74b19-9e45-40e0-b45d-47ff91b7a6c2"></div>
<iframe src="https://newassets.hcaptcha.com/captcha/v1/static/hcaptcha.html#frame=checkbox\
&amp;host=secure.indeed.com&amp;sitekey=a5f74b19-9e45-40e0-b45d-47ff91b7a6c2" \
title="Widget containing checkbox for hCaptcha security challenge" tabindex="0" \
frameborder="0" scrolling="no" style="width: 303px; height: 78px;"></iframe>
</div>
<p>Your Ray ID for this request is 8c1f2e3d4a5b6c7d</p>
</div>
</div>"""
    return render.html_response(render.document("hCaptcha solve page", body), 403)


def formatted_location(job: CatalogueJob) -> str:
    if job.is_remote:
        return "Remote"
    label = job.places[0].label
    return f"Hybrid work in {label}" if job.workplace == "hybrid" else label


def relative_time(posting: Posting) -> str:
    days = days_ago(posting.posted_at)
    if days >= 30:
        return "30+ days ago"
    if days >= 1:
        return f"{days} day{'s' if days > 1 else ''} ago"
    return "Just posted" if age(posting.posted_at) < timedelta(hours=6) else "Today"


def result_json(root: str, catalogue: Catalogue, posting: Posting) -> dict[str, Any]:
    job = posting.job
    place = job.places[0] if job.places else None
    snippet = SNIPPET_LIST + "".join(
        f"\n <li>{render.text(item)}</li>" for item in job.description.requirements[:2]
    )
    taxonomy: list[dict[str, Any]] = [
        {"label": "job-types", "attributes": [{"label": JOB_TYPES[job.employment_type]}]},
        {"label": "remote", "attributes": [{"label": "Remote"}] if job.is_remote else []},
    ]
    data: dict[str, Any] = {
        "jobkey": posting.external_id,
        "title": posting.title,
        "displayTitle": posting.title.strip(),
        "normTitle": posting.job.title,
        "company": posting.company_name,
        "formattedLocation": formatted_location(job),
        "jobLocationCity": place.city if place else "",
        "jobLocationState": place.region if place else "",
        "remoteLocation": job.is_remote,
        "snippet": snippet + "\n</ul>",
        "pubDate": epoch_ms(posting.posted_at),
        "createDate": epoch_ms(posting.posted_at),
        "formattedRelativeTime": relative_time(posting),
        "taxonomyAttributes": taxonomy,
        "viewJobLink": f"/viewjob?jk={posting.external_id}&from=serp&vjs=3",
        "link": f"/rc/clk?jk={posting.external_id}&from=jasx&tk=1",
        "indeedApplyEnabled": posting.easy_apply,
        "indeedApplyable": posting.easy_apply,
        "sponsored": False,
        "urgentlyHiring": posting.variant % 9 == 0,
    }
    if job.salary and posting.salary_text:
        data["salarySnippet"] = {
            "currency": job.salary.currency,
            "salaryTextFormatted": False,
            "source": "EXTRACTION",
            "text": posting.salary_text,
        }
        data["extractedSalary"] = {
            "min": job.salary.minimum,
            "max": job.salary.maximum,
            "type": "hourly" if job.salary.hourly else "yearly",
        }
    if not posting.easy_apply:
        data["thirdPartyApplyUrl"] = referral_url(root, catalogue.ats_posting(job), "indeed")
    return data


def _card(result: dict[str, Any]) -> str:
    key = render.text(result["jobkey"])
    return (
        f'<li><div class="cardOutline tapItem result job_{key}"><div class="job_seen_beacon">'
        f'<h2 class="jobTitle"><a class="jcs-JobTitle" data-jk="{key}" '
        f'href="{render.text(result["link"])}"><span title="{render.text(result["displayTitle"])}">'
        f"{render.text(result['displayTitle'])}</span></a></h2>"
        f'<span data-testid="company-name">{render.text(result["company"])}</span>'
        f'<div data-testid="text-location">{render.text(result["formattedLocation"])}</div>'
        f'<div class="job-snippet">{result["snippet"]}</div></div></div></li>'
    )


def _where(job: CatalogueJob) -> str:
    if job.is_remote:
        return "Remote"
    place = job.places[0]
    return f"{place.city} {place.region} {place.region_name} {place.country_name}"


@router.get("/jobs")
def search(
    request: Request,
    catalogue: CatalogueDep,
    q: str | None = None,
    location: Annotated[str | None, Query(alias="l")] = None,
    start: int = 0,
    fromage: int | None = None,
    sc: str | None = None,
    remotejob: str | None = None,
) -> Response:
    if request.query_params.get("__blocked") == "1":
        return captcha_page()
    remote_only = bool(remotejob) or REMOTE_ATTRIBUTE in (sc or "")
    found = [
        p
        for p in catalogue.postings("indeed")
        if matches_words(f"{p.title} {p.company_name} {p.job.description_text}", q)
        and matches_words(_where(p.job), location)
        and (not remote_only or p.job.is_remote)
        and (fromage is None or p.posted_at >= CATALOGUE_NOW - timedelta(days=fromage))
    ]
    start = max(start, 0)
    root = render.root_url(request)
    results = [result_json(root, catalogue, p) for p in render.window(found, start, PAGE_SIZE)]
    model = {
        "metaData": {
            "mosaicProviderJobCardsModel": {
                "results": results,
                "totalJobCount": len(found),
                "pageNumber": start // PAGE_SIZE + 1,
            }
        }
    }
    script = (
        '<script id="mosaic-data" type="text/javascript">\n'
        "window.mosaic = window.mosaic || {};\n"
        "window.mosaic.providerData = window.mosaic.providerData || {};\n"
        f'window.mosaic.providerData["mosaic-provider-jobcards"]={render.script_json(model)};\n'
        "</script>"
    )
    body = (
        '<div id="mosaic-provider-jobcards" class="mosaic mosaic-provider-jobcards">'
        f'<ul class="css-zu9cdh eu4oa1w0">{"".join(_card(r) for r in results)}</ul></div>\n'
        f"{script}"
    )
    title = f"{q or 'All'} Jobs{', Employment in ' + location if location else ''} | Indeed.com"
    return render.html_response(render.document(title, body))


@router.get("/viewjob")
def view_job(jk: str, request: Request, catalogue: CatalogueDep) -> Response:
    posting = catalogue.posting("indeed", jk)
    if posting is None:
        return render.not_found_page("Job")
    job = posting.job
    href = render.text(indeed_apply.apply_url(render.root_url(request), posting))
    apply = (
        f'<button id="indeedApplyButton" data-indeed-apply-url="{href}">Apply now</button>'
        "<script>document.getElementById('indeedApplyButton').addEventListener('click', "
        "(e) => { window.location.href = e.currentTarget.dataset.indeedApplyUrl; });</script>"
    )
    if not posting.easy_apply:
        href = referral_url(render.root_url(request), catalogue.ats_posting(job), "indeed")
        apply = (
            f'<a id="applyButtonLinkContainer" href="{render.text(href)}">Apply on company site</a>'
        )

    body = (
        '<div class="jobsearch-ViewJobLayout">'
        f'<h1 class="jobsearch-JobInfoHeader-title"><span>{render.text(posting.title)}</span></h1>'
        f'<div data-testid="inlineHeader-companyName">{render.text(posting.company_name)}</div>'
        f'<div data-testid="inlineHeader-companyLocation">'
        f"{render.text(formatted_location(job))}</div>"
        f"{apply}"
        '<div id="jobDescriptionText" class="jobsearch-JobComponent-description">'
        f"{job.description_html}</div></div>"
    )
    return render.html_response(render.document(f"{posting.title} - {posting.company_name}", body))
