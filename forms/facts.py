"""The candidate's contact facts a form asks for, and the words and tokens that name them.

One table serves three readers of a field: its name and label (`WORDS`, compared as words, so
Lever's ``urls[LinkedIn]``, Greenhouse's ``first_name`` and SmartRecruiters' ``firstName`` all
land on one fact), its HTML ``autocomplete`` token (`AUTOCOMPLETE`, the standard's names), and
the model, which may only name a `Fact` (forms/identify.py): the value is always read from the
candidate file here, never written by whoever recognised the field.
"""

from __future__ import annotations

from typing import Final, Literal

from resumes.candidate import Candidate

Fact = Literal[
    "first_name",
    "last_name",
    "full_name",
    "email",
    "phone",
    "city",
    "city_region",
    "location",
    "linkedin",
    "github",
    "website",
    "current_company",
    "current_title",
]

WORDS: Final[dict[str, Fact]] = {
    "first name": "first_name",
    "firstname": "first_name",
    "last name": "last_name",
    "lastname": "last_name",
    "name": "full_name",
    "full name": "full_name",
    "email": "email",
    "email address": "email",
    "emailconfirmation": "email",
    "phone": "phone",
    "phone number": "phone",
    "phonenumber": "phone",
    "mobile phone number": "phone",
    "mobile phone": "phone",
    "linkedin": "linkedin",
    "github": "github",
    "website": "website",
    "portfolio": "website",
    "org": "current_company",
    "current company": "current_company",
    "location": "location",
    "current location": "location",
    "city": "city",
    "city state": "city_region",
}
"""A field's name or label, as lower-case words, → the fact it asks for."""

AUTOCOMPLETE: Final[dict[str, Fact]] = {
    "name": "full_name",
    "given-name": "first_name",
    "family-name": "last_name",
    "email": "email",
    "tel": "phone",
    "url": "website",
    "organization": "current_company",
    "organization-title": "current_title",
    "address-level2": "city",
}
"""HTML autofill tokens (the WHATWG standard's field names) → the fact they ask for."""


def _profile_url(candidate: Candidate, network: str) -> str | None:
    for profile in candidate.basics.profiles:
        if profile.network.lower() == network and profile.url:
            return profile.url
    return None


def candidate_facts(candidate: Candidate) -> dict[Fact, tuple[str | None, str]]:
    """Each fact's value in the candidate file (None: not there) and where it is."""
    basics = candidate.basics
    first, _, last = basics.name.partition(" ")
    current = [w for w in candidate.work if not w.endDate]
    place = basics.location
    city = place.city if place else None
    region = ", ".join(p for p in (city, place.region) if p) if place and city else None
    home = ", ".join(p for p in (place.city, place.region, place.countryCode) if p) if place else ""
    role = "candidate.work (the role without an end date)"
    return {
        "first_name": (first, "candidate.basics.name (first word)"),
        "last_name": (last or None, "candidate.basics.name (after the first word)"),
        "full_name": (basics.name, "candidate.basics.name"),
        "email": (basics.email, "candidate.basics.email"),
        "phone": (basics.phone, "candidate.basics.phone"),
        "city": (city, "candidate.basics.location.city"),
        "city_region": (region, "candidate.basics.location (city, region)"),
        "location": (home or None, "candidate.basics.location"),
        "linkedin": (_profile_url(candidate, "linkedin"), "candidate.basics.profiles[LinkedIn]"),
        "github": (_profile_url(candidate, "github"), "candidate.basics.profiles[GitHub]"),
        "website": (basics.url, "candidate.basics.url"),
        "current_company": (current[0].name if current else None, role),
        "current_title": (current[0].position if current else None, role),
    }
