"""Workday's application flow, as the apply engine needs to know it.

A posting's apply page (``{externalUrl}/apply`` on ``{tenant}.wd{N}.myworkdayjobs.com``)
stands behind a candidate account for that tenant: a "Sign In" form with a "Create Account"
link. Without the user's stored credentials for that host the engine stops there and hands the
step to the person; with them it signs in (never creates an account). The application then
runs in steps (My Information, My Experience, Application Questions, Voluntary Disclosures,
Review), each saved by "Save and Continue" (``bottom-navigation-next-button``); on the Review
step the same button says "Submit", and only the exactly-once submitter clicks it.

Workday's markup has no ``name`` attributes and generated ids; its ``data-automation-id``
attributes are the stable hooks (``legalNameSection_firstName``, ``phone-number``,
``file-upload-input-ref``, ``progressBarActiveStep``, ``signInSubmitButton``), and the generic
reader keys fields by them. Dropdowns are ``button[aria-haspopup=listbox]`` whose options exist
only while open: the reader takes them for comboboxes.
"""

from __future__ import annotations

from typing import Final

from adapters.form_hints import FormHints, SignInForm

NEXT_BUTTON: Final = '[data-automation-id="bottom-navigation-next-button"]'
"""Older tenants' footer button; newer ones call it pageFooterNextButton."""

HINTS: Final = FormHints(
    platform="workday",
    hosts=(".myworkdayjobs.com", ".myworkdaysite.com", ".myworkday.com"),
    fingerprint=(
        '[data-automation-id="signInContent"], [data-automation-id="applyFlowPage"], '
        '[data-automation-id="progressBar"], [data-automation-id="jobPostingHeader"]'
    ),
    submit=(
        f'{NEXT_BUTTON}:text-is("Submit")',
        '[data-automation-id="pageFooterNextButton"]:text-is("Submit")',
    ),
    next=(NEXT_BUTTON, '[data-automation-id="pageFooterNextButton"]'),
    step_title='[data-automation-id="progressBarActiveStep"] [data-automation-id="stepTitle"]',
    sign_in=SignInForm(
        username='input[data-automation-id="email"]',
        password='input[data-automation-id="password"]',
        button='[data-automation-id="signInSubmitButton"]',
        error='[data-automation-id="errorMessage"]',
    ),
)
