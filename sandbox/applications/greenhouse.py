"""Greenhouse's job-boards job page, which is also its application form, and what it accepts.

Modelled on a real capture (job-boards.greenhouse.io/aclu/jobs/8520829002): the job, then
``form#application-form`` with fields addressed by id (``first_name``, ``last_name``,
``preferred_name``, ``email``, ``phone`` with its ``country`` combobox, ``resume`` and
``cover_letter`` uploads, ``question_<id>``, the EEOC ``gender``, ``hispanic_ethnicity``,
``race``, ``veteran_status``, ``disability_status``), built from the posting's
``?questions=true`` JSON and its ``compliance`` sections. Dropdowns are react-select
comboboxes, not ``<select>``s.

``POST /{board}/jobs/{id}`` (the page's own URL, as the Remix route's action) takes the
multipart form. Refused, it answers 400 with the form re-rendered, its values kept and the
errors in place; accepted, it records the submission and redirects (303) to
``/{board}/jobs/{id}/confirmation``. In a browser the page's script posts with fetch, as the
real page does, and shows a refusal's errors in place, so attached files stay attached. See
`flow` for the shared steps and `variants` for ``?variant=``.
"""

from __future__ import annotations

from typing import Final

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sandbox import render
from sandbox.applications import checks, flow, variants, widgets
from sandbox.applications.assets import inline_script
from sandbox.applications.eeoc import RACE_SHOWN_WHEN, eeoc_sections
from sandbox.applications.flow import Filled, FormKind
from sandbox.applications.intake import PostedForm
from sandbox.applications.questions import Option, Question, form_questions
from sandbox.applications.variants import Variant
from sandbox.catalogue import Posting
from sandbox.links import job_url
from sandbox.platforms.greenhouse import application_questions
from sandbox.state import CatalogueDep

PLATFORM: Final = "greenhouse"

pages = APIRouter()

COUNTRY: Final = Question(
    name="country",
    label="Country",
    kind="select",
    required=False,
    options=tuple(
        Option(label, code)
        for code, label in (
            ("us", "United States +1"),
            ("ca", "Canada +1"),
            ("gb", "United Kingdom +44"),
            ("ie", "Ireland +353"),
            ("de", "Germany +49"),
            ("fr", "France +33"),
            ("nl", "Netherlands +31"),
            ("es", "Spain +34"),
            ("pt", "Portugal +351"),
            ("se", "Sweden +46"),
            ("pl", "Poland +48"),
            ("in", "India +91"),
            ("au", "Australia +61"),
            ("br", "Brazil +55"),
            ("mx", "Mexico +52"),
            ("jp", "Japan +81"),
        )
    ),
)
"""The phone's country code picker (part of the phone control, not a question in the JSON)."""


def form_fields(posting: Posting) -> list[Question]:
    """The form's questions, from the same JSON the Job Board API serves for ``posting``."""
    return form_questions(application_questions(posting), eeoc_sections())


def _field(question: Question, filled: Filled) -> str:
    shown_when = RACE_SHOWN_WHEN if question.name == "race" else None
    error = filled.errors.get(question.name)
    html = widgets.field(question, filled.posted, error, shown_when=shown_when)
    if question.name != "phone":
        return html
    country = widgets.field(COUNTRY, filled.posted, filled.errors.get(COUNTRY.name))
    return (
        '<fieldset class="phone-input"><legend class="visually-hidden">Phone</legend>'
        f"{country}{html}</fieldset>"
    )


def _sections(questions: list[Question], filled: Filled) -> str:
    def block(section: str) -> str:
        return "".join(_field(q, filled) for q in questions if q.section == section)

    eeoc = (
        '<div class="eeoc__container body"><div class="divider" role="separator"></div>'
        '<h2 class="section-header font-primary">Voluntary Self-Identification</h2>'
        "<p>For government reporting purposes, we ask candidates to respond to the below "
        "self-identification survey. Completion of the form is entirely voluntary.</p>"
        f"{block('eeoc')}</div>"
    )
    return (
        f'<div class="application--questions">{block("main")}</div>'
        f'<div class="application--questions"><hr>{block("custom")}</div>{eeoc}'
    )


def application_form(root: str, posting: Posting, variant: Variant | None, filled: Filled) -> str:
    """The application block of the job page: the form, its options and its scripts."""
    questions = form_fields(posting)
    banner = ""
    if filled.form_error:
        banner = (
            '<div id="form-error" class="application--error helper-text helper-text--error" '
            f'role="alert">{render.text(filled.form_error)}</div>'
        )
    captcha = variants.captcha_of(variant)
    widget = variants.captcha_widget(root, captcha) if captcha else ""
    return (
        '<div id="app" class="application">'
        '<div class="application--header"><h2 class="section-header">Apply for this job</h2>'
        '<p class="body"><span aria-hidden="true">*</span> indicates a required field</p></div>'
        f'<form id="application-form" class="application--form" method="post" '
        f'action="{render.text(JOB_BOARDS.action(root, posting, variant))}" '
        f'enctype="multipart/form-data" novalidate>{banner}'
        f"{_sections(questions, filled)}{widget}"
        '<div class="application--submit"><button type="submit" class="btn btn--pill" '
        'aria-disabled="false">Submit application</button></div></form></div>'
        f"{widgets.combobox_options(q for q in [*questions, COUNTRY] if widgets.is_combobox(q))}"
        f"{inline_script('combobox.js')}{inline_script('application.js')}"
    )


def _errors(posting: Posting, form: PostedForm) -> dict[str, str]:
    return checks.field_errors(form_fields(posting), form)


JOB_BOARDS: Final = FormKind(PLATFORM, job_url, application_form, _errors)


@pages.get("/{board}/jobs/{job_id}")
@pages.post("/{board}/jobs/{job_id}")
async def job_page(board: str, job_id: str, request: Request, catalogue: CatalogueDep) -> Response:
    """The job with its form (GET), and the form's action (POST)."""
    return await flow.answer(JOB_BOARDS, request, catalogue, board, job_id)


@pages.get("/{board}/jobs/{job_id}/confirmation")
def confirmation(board: str, job_id: str, request: Request, catalogue: CatalogueDep) -> Response:
    return flow.landing_page(JOB_BOARDS, request, catalogue, board, job_id, _submitted)


def _submitted(root: str, posting: Posting) -> tuple[str, str]:
    body = (
        '<main class="main font-secondary job-post"><div class="job-post-container">'
        '<div class="divider" role="separator"></div>'
        '<div id="application-confirmation" class="confirmation">'
        '<div class="confirmation__content">'
        '<h1 class="section-header font-primary">Thank you for applying.</h1>'
        '<div class="body"><p class="body body--medium">Your application has been submitted.</p>'
        f'<p class="body body__secondary">{render.text(posting.company_name)} has received your '
        f"application for {render.text(posting.title)}.</p></div>"
        f'<div class="confirmation__links"><a class="link" '
        f'href="{render.text(job_url(root, posting))}">Back to job post</a>'
        "</div></div></div></div></main>"
    )
    return "Application submitted", body
