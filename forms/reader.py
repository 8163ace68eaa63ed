"""Reading a live form into FormField records, from the DOM as the browser built it.

A field's label is, in order: its ``<label for>`` or ``aria-labelledby``; a label wrapping it
(for a lone input); the question it belongs to (a group's legend, or the label-like element
of the nearest question container, as Lever's ``.application-label`` and Ashby's headings
are); then ``aria-label`` and placeholder. The key is the name attribute, else
``data-automation-id`` (Workday's stable hook; its ids are generated), else the id. A
react-select combobox is one ``combobox`` field under its id, and so is a
``button[aria-haspopup=listbox]`` (Workday's dropdowns: the options exist only while open);
radio and checkbox groups are one field with their choices as options; a pair of
``aria-pressed`` buttons (Ashby's Yes/No) is one ``buttons`` field reached through
``locator``. Inputs a person cannot see or reach (``display: none`` without a visible label)
are not fields, except file inputs, which sites hide behind an upload button. Nor are the
site's own controls: a search box, anything in its header or navigation.

A field's ``value`` is what the control already holds (a preselected country, the email a
sign-in filled in), so a value the page chose is not taken for a missing answer.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.async_api import Frame, Page

from forms.model import FormField

_READ_FIELDS = (Path(__file__).with_name("read_fields.js")).read_text(encoding="utf-8")

_TYPES = {"textarea": "textarea", "select": "select", "email": "email", "tel": "tel", "url": "url",
          "file": "file", "checkbox": "checkbox", "radio": "radio", "date": "date",
          "buttons": "buttons"}  # fmt: skip
_MARKERS = re.compile(r"(?:\s*\(optional\)|[\s*✱])+$", re.IGNORECASE)
"""What pages append to a label to say required or optional ("*", "✱", "(optional)")."""


def humanise(key: str) -> str:
    """A label from a field's name when the page gives none: ``eeo[gender]`` → "eeo gender"."""
    return " ".join(re.findall(r"[A-Za-z]+", key.replace("_systemfield_", " ")))


def _field(raw: dict[str, Any]) -> FormField:
    kind = "combobox" if raw["combo"] else _TYPES.get(raw["tag"], _TYPES.get(raw["type"], "text"))
    label = _MARKERS.sub("", " ".join(str(raw["label"]).split())) or humanise(raw["key"])
    return FormField(
        label=label,
        name=raw["key"],
        type=kind,
        required=bool(raw["required"]),
        options=raw["options"],
        locator=raw["locator"],
        value=raw["current"],
        autocomplete=raw.get("autocomplete") or None,
    )


async def read_fields(target: Page | Frame, scope: str | None = None) -> list[FormField]:
    """Every fillable field of the page (or iframe), in document order, once per key.

    ``scope`` is where the application lives when it opens in a dialog over the job page
    (LinkedIn's Easy Apply modal): only its fields count, and none while it is closed, so the
    page's own controls (a search box) are never taken for the application's.
    """
    seen: set[str] = set()
    fields: list[FormField] = []
    for raw in await target.evaluate(_READ_FIELDS, scope):
        if raw["key"] in seen:
            continue
        seen.add(raw["key"])
        fields.append(_field(raw))
    return fields
