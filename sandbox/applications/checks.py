"""Server-side checks of a posted application, as the real sites make them after the browser's.

A client that skips the page's script (or a filler that forges the POST) meets the same rules:
required fields, a plausible email, a known option for every choice, an allowed file type.
The messages are Greenhouse's own UI strings, so error-reading code sees what it will see live.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Final

from sandbox.applications.intake import PostedForm
from sandbox.applications.questions import Question

REQUIRED: Final = "This field is required."
BAD_EMAIL: Final = "Please enter a valid email address (example@domain.com)."
BAD_OPTION: Final = "Please select a valid option."
BAD_FILETYPE: Final = "Invalid file format selected."
EMAIL: Final = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _file_problem(
    question: Question, form: PostedForm, posted: str, manual: str | None
) -> str | None:
    upload = form.file(posted)
    if upload is not None:
        suffix = upload.filename.rsplit(".", 1)[-1].lower() if "." in upload.filename else ""
        return BAD_FILETYPE if question.filetypes and suffix not in question.filetypes else None
    typed = form.value(manual) if manual else ""
    return REQUIRED if question.required and not typed else None


def problem(question: Question, form: PostedForm, posted: str, manual: str | None) -> str | None:
    """What is wrong with ``question``'s answer, posted under ``posted`` (and, for a file, its
    typed alternative under ``manual``); None if it is fine."""
    if question.kind == "file":
        return _file_problem(question, form, posted, manual)
    values = form.values(posted)
    if not values:
        return REQUIRED if question.required else None
    if question.kind in ("select", "multi_select"):
        return None if all(question.allows(v) for v in values) else BAD_OPTION
    if question.is_email and not EMAIL.match(values[0].strip()):
        return BAD_EMAIL
    return None


def _own_names(question: Question) -> tuple[str, str | None]:
    return question.posted_name, question.text_alternative


def field_errors(
    questions: Iterable[Question],
    form: PostedForm,
    names: Callable[[Question], tuple[str, str | None]] = _own_names,
) -> dict[str, str]:
    """Field name → message, for every question whose answer is refused.

    ``names`` gives the names a question is posted under (its value, and a file's typed
    alternative): the job-boards form posts the JSON's names, the legacy form wraps them.
    """
    errors: dict[str, str] = {}
    for question in questions:
        message = problem(question, form, *names(question))
        if message:
            errors[question.name] = message
    return errors
