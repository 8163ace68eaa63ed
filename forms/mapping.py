"""Choosing a value for each form field from the candidate file, and saying where it came from.

Only facts the candidate wrote are used. A required field nothing here can answer is
marked ``needs_human``; it is never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from forms.facts import AUTOCOMPLETE, WORDS, candidate_facts
from forms.model import NEEDS_HUMAN, PREFILLED, FormField
from jobs.ranking import countries_named
from resumes.answers import Answerer, Question, QuestionKind
from resumes.candidate import Candidate
from resumes.target import JobTarget


@dataclass(frozen=True)
class Documents:
    resume: Path | None = None
    cover_letter: Path | None = None


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


_CONFIRM = re.compile(r"\b(?:confirm\w*|repeat|re ?enter|retype|verify)\b")


def contact_value(field: FormField, candidate: Candidate) -> tuple[str, str] | None:
    """(value, source) for contact and link fields: by autocomplete token, name, then label.

    Names and labels vary by platform: Lever's ``urls[LinkedIn]`` and ``org``, Greenhouse's
    ``first_name``, Ashby's ``_systemfield_email``, SmartRecruiters' ``firstName`` and its
    second email box ("Confirm your email"); the words are compared, not the markup.
    """
    facts = candidate_facts(candidate)
    key = _words(field.name).removeprefix("systemfield ").removeprefix("urls ")
    label = _words(field.label).removesuffix(" optional")
    if any("email" in words and _CONFIRM.search(words) for words in (key, label)):
        return candidate.basics.email, "candidate.basics.email (asked twice)"
    fact = AUTOCOMPLETE.get(field.autocomplete or "")
    for probe in (key, label.removesuffix(" profile").removesuffix(" url")):
        fact = fact or WORDS.get(probe)
    for word in ("linkedin", "github", "portfolio", "website"):
        if fact is None and (word in label or word in key):
            fact = WORDS[word]
    if fact is None:
        return None
    value, source = facts[fact]
    if fact == "email" and "emailconfirmation" in (key, label):
        source += " (asked twice)"
    return (value, source) if value else None


def contact_option(field: FormField, candidate: Candidate) -> tuple[str, str] | None:
    """(option, source) for a contact detail asked as a choice: LinkedIn's "Email address"
    (the addresses of the signed-in account) and "Phone country code" ("United States (+1)").

    Only an option that is the candidate's own detail is taken; otherwise nothing is.
    """
    label = _words(field.label)
    if "country code" in label:
        return _dialling_option(field.options, candidate)
    if label == "country":
        return _country_option(field.options, candidate)
    found = contact_value(field, candidate)
    if found is None:
        return None
    value, source = found
    same = option_for(field.options, value)
    if same is not None:
        return same, source
    return _place_option(field.options, candidate) if source.endswith("location") else None


def option_for(options: list[str], value: str) -> str | None:
    """The one option that says ``value`` (case and spacing aside), or None."""
    same = [o for o in options if o.strip().lower() == value.strip().lower()]
    return same[0] if len(same) == 1 else None


def _home_country(candidate: Candidate) -> str:
    """The ISO code of the country the candidate lives in ("" when the file does not say)."""
    place = candidate.basics.location
    return (place.countryCode or "").upper() if place else ""


def _country_option(options: list[str], candidate: Candidate) -> tuple[str, str] | None:
    """The one option naming the country the candidate lives in ("United States +1")."""
    country = _home_country(candidate)
    named = [o for o in options if country and countries_named(o) == {country}]
    return (named[0], "candidate.basics.location.countryCode") if len(named) == 1 else None


def _place_option(options: list[str], candidate: Candidate) -> tuple[str, str] | None:
    """The one option that is the candidate's city in their country ("San Francisco,
    California, United States" for San Francisco, California, US), however it is written."""
    place = candidate.basics.location
    if place is None or not place.city:
        return None
    country = _home_country(candidate)
    city = _words(place.city)
    same = [
        o
        for o in options
        if _words(o).startswith(city) and (not country or country in countries_named(o))
    ]
    return (same[0], "candidate.basics.location") if len(same) == 1 else None


def _dialling_option(options: list[str], candidate: Candidate) -> tuple[str, str] | None:
    """The option with the candidate's phone's "+N" prefix, in the country they live in."""
    prefix = re.match(r"\s*(\+\d{1,3})\b", candidate.basics.phone or "")
    if prefix is None:
        return None
    code = f"({prefix.group(1)})"
    matching = [o for o in options if code in o]
    country = _home_country(candidate)
    if len(matching) > 1 and country:
        matching = [o for o in matching if country in countries_named(o)]
    if len(matching) != 1:
        return None
    source = "candidate.basics.phone (its country prefix)"
    return matching[0], source + (" and basics.location.countryCode" if country else "")


_QUESTION_KINDS: dict[str, QuestionKind] = {
    "combobox": "select",
    "select": "select",
    "radio": "radio",
    "buttons": "radio",
    "checkbox": "checkbox",
    "textarea": "textarea",
    "date": "date",
}


def document_for(field: FormField, documents: Documents) -> tuple[Path, str] | None:
    """The file an upload field asks for, with the option that supplied it, or None."""
    words = f"{_words(field.name)} {_words(field.label)}"
    if "cover" in words:
        return (documents.cover_letter, "--cover-letter") if documents.cover_letter else None
    if "resume" in words or "cv" in words.split():
        return (documents.resume, "--resume") if documents.resume else None
    return None


def question_of(field: FormField) -> Question:
    return Question(
        text=field.label, kind=_QUESTION_KINDS.get(field.type, "text"), options=field.options
    )


def map_field(
    field: FormField,
    candidate: Candidate,
    documents: Documents,
    answerer: Answerer | None = None,
    job: JobTarget | None = None,
) -> FormField:
    """The field with its value and source set; ``needs_human`` when required and unknown.

    Contact details and links come from ``basics``, files from ``documents``, everything
    else from the screening-answer service (application block, answer bank, resume). A value
    the page already holds (``field.value`` as read) is kept when nothing else answers.
    """
    if field.type == "file":
        document = document_for(field, documents)
        if document is not None:
            path, option = document
            return field.model_copy(update={"value": path.name, "source": f"{option} {path}"})
    elif field.type in ("text", "email", "tel", "url", "textarea"):
        found = contact_value(field, candidate)
        if found is not None:
            return field.model_copy(update={"value": found[0], "source": found[1]})
    elif field.type in ("select", "combobox") and field.options:
        chosen = contact_option(field, candidate)
        if chosen is not None:
            return field.model_copy(update={"value": chosen[0], "source": chosen[1]})
    note = None
    if answerer is not None and field.type != "file" and field.label != field.name:
        answer = answerer.answer(question_of(field), job)
        if not answer.needs_human and answer.answer is not None:
            value: str | list[str] = answer.answer
            if field.type == "checkbox" and field.options:
                value = answer.values or [answer.answer]
            return field.model_copy(update={"value": value, "source": answer.cited})
        note = answer.detail
    if field.value is not None:
        return field.model_copy(update={"source": PREFILLED, "note": note})
    if field.required:
        return field.model_copy(update={"source": NEEDS_HUMAN, "note": note})
    return field.model_copy(update={"note": note})
