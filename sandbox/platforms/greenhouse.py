"""Greenhouse: the Job Board API (boards-api.greenhouse.io) and the hosted board pages.

The list endpoint returns every job of a board at once (no pagination, no filters: the real API
has none). ``content`` is entity-escaped HTML, as Greenhouse sends it, and only present with
``content=true``. Dates carry the board's UTC offset. A job's page, which on job-boards is also
its application form, lives in ``sandbox.applications.greenhouse``.
"""

from __future__ import annotations

from html import escape
from typing import Any, Final

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sandbox import render
from sandbox.applications.eeoc import eeoc_sections
from sandbox.catalogue import Catalogue, Posting
from sandbox.dates import iso_offset
from sandbox.links import job_url
from sandbox.state import CatalogueDep
from sandbox.text import slugify

router = APIRouter()
pages = APIRouter()

ALLOWED_FILETYPES: Final = ("pdf", "doc", "docx", "txt", "rtf")


def _offset(posting: Posting) -> int:
    return -5 if posting.job.company.hq.country == "US" else 1


def _number(text: str) -> int:
    """A stable id for a name (department, office) within the sandbox."""
    return 4_000_000 + sum((i + 1) * ord(c) for i, c in enumerate(text)) % 900_000


def _content(posting: Posting) -> str:
    html = posting.job.description_html
    if posting.salary_text:
        html += (
            "<p><strong>Pay transparency</strong></p>"
            f"<p>The pay range for this role is {posting.salary_text} "
            f"({posting.job.salary.currency if posting.job.salary else 'USD'}).</p>"
        )
    return escape(html, quote=True)


def job_json(root: str, posting: Posting, *, content: bool) -> dict[str, Any]:
    job = posting.job
    offices: list[dict[str, Any]] = [
        {
            "id": _number(place.city),
            "name": place.city,
            "location": place.label,
            "child_ids": [],
            "parent_id": None,
        }
        for place in job.places
    ] or [{"id": _number("Remote"), "name": "Remote", "location": "Remote", "child_ids": []}]
    data: dict[str, Any] = {
        "absolute_url": job_url(root, posting),
        "data_compliance": [
            {
                "type": "gdpr",
                "requires_consent": False,
                "requires_processing_consent": False,
                "requires_retention_consent": False,
                "retention_period": None,
            }
        ],
        "internal_job_id": int(posting.external_id) // 3,
        "location": {"name": job.location_label},
        "metadata": [],
        "id": int(posting.external_id),
        "updated_at": iso_offset(posting.posted_at, _offset(posting)),
        "requisition_id": job.requisition_id,
        "title": posting.title,
        "company_name": job.company.name,
        "first_published": iso_offset(posting.posted_at, _offset(posting)),
        "language": "en",
        "departments": [
            {
                "id": _number(job.department),
                "name": job.department,
                "child_ids": [],
                "parent_id": None,
            }
        ],
        "offices": offices,
    }
    if content:
        data["content"] = _content(posting)
    return data


def _select(name: str, label: str, required: bool, options: list[str]) -> dict[str, Any]:
    values = [{"label": option, "value": index} for index, option in enumerate(options, 1)]
    return {
        "description": None,
        "label": label,
        "required": required,
        "fields": [{"name": name, "type": "multi_value_single_select", "values": values}],
    }


def _field(label: str, name: str, kind: str, required: bool) -> dict[str, Any]:
    return {
        "description": None,
        "label": label,
        "required": required,
        "fields": [{"name": name, "type": kind, "values": []}],
    }


def _document(label: str, name: str, required: bool) -> dict[str, Any]:
    """A file question with its "Enter manually" alternative, as Greenhouse pairs them."""
    question = _field(label, name, "input_file", required)
    question["fields"][0]["allowed_filetypes"] = list(ALLOWED_FILETYPES)
    question["fields"].append({"name": f"{name}_text", "type": "textarea", "values": []})
    return question


def application_questions(posting: Posting) -> list[dict[str, Any]]:
    """The application questions Greenhouse returns with ``questions=true``.

    The job page's form is built from these (``sandbox.applications.greenhouse``). The skills
    question's ``multi_select_style`` alternates between postings ("checkbox": a checkbox
    group; None: a multi-value combobox), so both renderings of the real site are served.
    """
    number = int(posting.external_id) % 100_000_000
    resume = _document("Resume/CV", "resume", True)
    cover = _document("Cover Letter", "cover_letter", False)
    return [
        _field("First Name", "first_name", "input_text", True),
        _field("Last Name", "last_name", "input_text", True),
        _field("Preferred First Name", "preferred_name", "input_text", False),
        _field("Email", "email", "input_text", True),
        _field("Phone", "phone", "input_text", False),
        resume,
        cover,
        _field("LinkedIn Profile", f"question_{number + 1}", "input_text", False),
        _field("Website", f"question_{number + 2}", "input_text", False),
        _select(
            f"question_{number + 3}",
            "Will you now or in the future require sponsorship for employment visa status?",
            True,
            ["Yes", "No"],
        ),
        {
            "description": None,
            "label": "Which of these have you used in production?",
            "required": False,
            "multi_select_style": "checkbox" if posting.variant % 2 == 0 else None,
            "fields": [
                {
                    "name": f"question_{number + 4}",
                    "type": "multi_value_multi_select",
                    "values": [
                        {"label": skill, "value": index}
                        for index, skill in enumerate(posting.job.skills, 1)
                    ],
                }
            ],
        },
        _field("Why do you want to work here?", f"question_{number + 5}", "textarea", False),
    ]


def _board_missing() -> Response:
    return render.json_response({"status": 404, "error": "Job board not found"}, 404)


def _board(catalogue: Catalogue, board: str) -> list[Posting] | None:
    company = catalogue.company(board)
    if company is None or company.ats != "greenhouse":
        return None
    return catalogue.postings("greenhouse", board)


@router.get("/v1/boards/{board}")
def board_info(board: str, catalogue: CatalogueDep) -> Response:
    company = catalogue.company(board)
    if company is None or company.ats != "greenhouse":
        return _board_missing()
    return render.json_response(
        {"name": company.name, "content": f"<p>{escape(company.high_concept)}.</p>"}
    )


@router.get("/v1/boards/{board}/jobs")
def list_jobs(
    board: str, request: Request, catalogue: CatalogueDep, content: bool = False
) -> Response:
    postings = _board(catalogue, board)
    if postings is None:
        return _board_missing()
    root = render.root_url(request)
    jobs = [job_json(root, p, content=content) for p in postings]
    return render.json_response({"jobs": jobs, "meta": {"total": len(jobs)}})


@router.get("/v1/boards/{board}/jobs/{job_id}")
def get_job(
    board: str, job_id: str, request: Request, catalogue: CatalogueDep, questions: bool = False
) -> Response:
    postings = _board(catalogue, board)
    if postings is None:
        return _board_missing()
    posting = next((p for p in postings if p.external_id == job_id), None)
    if posting is None:
        return render.json_response({"status": 404, "error": "Job not found"}, 404)
    data = job_json(render.root_url(request), posting, content=True)
    if questions:
        data["questions"] = application_questions(posting)
        data["location_questions"] = []
        data["compliance"] = eeoc_sections()
        data["demographic_questions"] = None
    return render.json_response(data)


@pages.get("/{board}")
def board_page(board: str, request: Request, catalogue: CatalogueDep) -> Response:
    postings = _board(catalogue, board)
    if postings is None:
        return render.not_found_page("Job board")
    root = render.root_url(request)
    items = "".join(
        f'<div class="opening"><a href="{render.text(job_url(root, p))}">{render.text(p.title)}</a>'
        f'<span class="location">{render.text(p.job.location_label)}</span></div>'
        for p in postings
    )
    name = postings[0].company_name if postings else slugify(board)
    body = f"<h1>{render.text(name)}</h1>{items}"
    return render.html_response(render.document(f"Jobs at {name}", body))
