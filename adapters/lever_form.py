"""Lever's application form, as the apply engine needs to know it.

``jobs.lever.co/{site}/{id}/apply`` (``jobs.eu.lever.co`` in the EU) is one multipart form,
``form#application-form``: ``name``, ``email``, ``phone``, ``org`` (current company), links as
``urls[LinkedIn]``, ``urls[GitHub]``…, question cards as ``cards[{id}][field{N}]`` and the EEO
selects as ``eeo[...]``. Its visible submit, ``#btn-submit``, is a type=button that runs an
invisible hCaptcha first. The generic filler drives it; this module lets the engine name the
platform where the host does not.
"""

from __future__ import annotations

from typing import Final

from adapters.form_hints import FormHints

HINTS: Final = FormHints(
    platform="lever",
    hosts=(".lever.co",),
    fingerprint='form#application-form input[name="org"], form#application-form [name^="urls["]',
)
