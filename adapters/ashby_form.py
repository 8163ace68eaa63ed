"""Ashby's application form, as the apply engine needs to know it.

``jobs.ashbyhq.com/{board}/{id}/application`` draws its form from the page's app data: entries
``div.ashby-application-form-field-entry`` keyed by path, the system fields
``_systemfield_name``, ``_systemfield_email``, ``_systemfield_resume`` and
``_systemfield_location``, Yes/No questions as aria-pressed buttons, and a fetch submit. The
generic filler drives it; this module lets the engine name the platform where the host does not.
"""

from __future__ import annotations

from typing import Final

from adapters.form_hints import FormHints

HINTS: Final = FormHints(
    platform="ashby",
    hosts=(".ashbyhq.com",),
    fingerprint='.ashby-application-form-container, [name="_systemfield_name"]',
)
