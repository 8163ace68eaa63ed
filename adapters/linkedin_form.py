"""LinkedIn Easy Apply, as the apply engine needs to know it.

Easy Apply is not a page of its own: the job page's "Easy Apply" button
(``button.jobs-apply-button``) opens a modal (``.jobs-easy-apply-modal``, ``role=dialog``)
over it, and the application runs inside: Contact info, Resume, Additional questions, then
Review, each step drawn in place. The footer's primary button is "Next" (``aria-label="Continue
to next step"``), then "Review" ("Review your application"), and on the last step "Submit
application", which only the exactly-once submitter clicks. Fields are labelled with ``<label
for>``, radio questions are fieldsets with a legend, and errors are ``artdeco-inline-feedback``
elements with ``role=alert``, which the generic reader already understands.

It applies as the user: it needs the user's own logged-in LinkedIn session, given as a
Playwright storage-state file (``AJOB_BROWSER_STORAGE_STATE``). Without one, the logged-out
page's "Easy Apply" (``sign-up-modal__outlet``) opens a sign-in dialog, and the engine stops
there with ``needs_human`` and says how to give it a session. It never signs in by itself.
"""

from __future__ import annotations

from typing import Final

from adapters.form_hints import FormHints

MODAL: Final = ".jobs-easy-apply-modal"

HINTS: Final = FormHints(
    platform="linkedin",
    hosts=("linkedin.com", ".linkedin.com"),
    fingerprint=(
        f"{MODAL}, button.jobs-apply-button, .top-card-layout .sign-up-modal__outlet, code#applyUrl"
    ),
    submit=(f'{MODAL} button[aria-label="Submit application"]',),
    next=(
        f'{MODAL} button[aria-label="Continue to next step"]',
        f'{MODAL} button[aria-label="Review your application"]',
    ),
    step_title=f"{MODAL} .jobs-easy-apply-content h3",
    opener=("button.jobs-apply-button", "button.sign-up-modal__outlet"),
    scope=MODAL,
    session=(
        "LinkedIn Easy Apply applies through your own LinkedIn session, and none was given: "
        "save it with `ajob session save https://www.linkedin.com/login` and set "
        "AJOB_BROWSER_STORAGE_STATE to the file it writes (docs/apply.md)"
    ),
)
