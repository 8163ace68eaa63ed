"""Indeed Apply, as the apply engine needs to know it.

The job page (``/viewjob?jk=…``) has an "Apply now" button (``#indeedApplyButton``) that opens
Indeed's own apply flow (``smartapply.indeed.com``): contact information, resume, the
employer's questions, then a review page whose button says "Submit your application", which
only the exactly-once submitter clicks. Each step moves on with "Continue".

It applies as the user: it needs the user's own logged-in Indeed session, given as a Playwright
storage-state file (``AJOB_BROWSER_STORAGE_STATE``). Without one, Indeed asks for an email and
a code it sends there; the engine stops with ``needs_human`` and says how to give it a session.
"""

from __future__ import annotations

from typing import Final

from adapters.form_hints import FormHints

HINTS: Final = FormHints(
    platform="indeed",
    hosts=("indeed.com", ".indeed.com"),
    fingerprint="#indeedApplyButton, .ia-BasePage",
    submit=('button.ia-continueButton:has-text("Submit your application")',),
    next=("button.ia-continueButton",),
    step_title=".ia-BasePage-heading",
    opener=("#indeedApplyButton",),
    session=(
        "Indeed Apply applies through your own Indeed session, and none was given: "
        "save it with `ajob session save https://secure.indeed.com/auth` and set "
        "AJOB_BROWSER_STORAGE_STATE to the file it writes (docs/apply.md)"
    ),
)
