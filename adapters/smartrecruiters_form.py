"""SmartRecruiters' application form, as the apply engine needs to know it.

The posting's ``applyUrl`` is the one-click apply page,
``jobs.smartrecruiters.com/oneclick-ui/company/{company}/publication/{uuid}``; the posting page
``jobs.smartrecruiters.com/{company}/{id}-{slug}`` links to it. The page is one form whose
controls carry ``data-test`` hooks (``personal-info-first-name-input``,
``personal-info-email-confirm-input``, ``web-profiles-linkedin``,
``hiring-manager-message-text``, ``consent-box``) and whose footer holds ``footer-submit``
(some companies' forms put the screening questions on a second screen behind ``footer-next``).
It asks for the email twice: the generic mapping answers "Confirm your email" with the same
address. Contact fields are named ``firstName``, ``lastName``, ``email``,
``emailConfirmation``, ``phoneNumber``.
"""

from __future__ import annotations

from typing import Final

from adapters.form_hints import FormHints

HINTS: Final = FormHints(
    platform="smartrecruiters",
    hosts=(".smartrecruiters.com",),
    fingerprint='[data-test^="personal-info-"], [data-test="footer-submit"]',
    submit=('[data-test="footer-submit"]',),
    next=('[data-test="footer-next"]',),
)
