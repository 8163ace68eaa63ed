"""Greenhouse's application forms, as the apply engine needs to know them.

Two forms: the current job-boards.greenhouse.io page, ``form#application-form`` with fields by
id (``first_name``, ``last_name``, ``email``, ``question_<id>``, the EEO selects) and
react-select comboboxes; and the legacy boards.greenhouse.io form, whose fields are named
``job_application[...]``. A company's careers page may embed either in an iframe
(``greenhouse.io/embed/job_app?for=…``). The generic filler drives both; this module only lets
the engine name the platform where the host does not (a careers domain, the sandbox).
"""

from __future__ import annotations

from typing import Final

from adapters.form_hints import FormHints

HINTS: Final = FormHints(
    platform="greenhouse",
    hosts=(".greenhouse.io",),
    fingerprint='form#application-form input#first_name, [name="job_application[first_name]"]',
)
