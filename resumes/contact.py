"""The top of a resume read into JSON Resume ``basics``: name, title, contact and links.

The lines above the first section heading hold the name and a contact line whose
parts are cut apart by dots, bars or wide gaps. Each part is recognised by its form
(an address, a phone number, a link, a place), and links to known networks become
``profiles`` with their user names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from resumes.fields import (
    EMAIL,
    PHONE,
    absolute_url,
    close_letter_spacing,
    is_place,
    role_score,
    split_strong,
    squash,
    take_urls,
)
from resumes.lines import Line, ends_sentence
from resumes.vocabulary import COUNTRY_CODES
from resumes.written_dates import find_date_range

_NETWORKS = {
    "linkedin.com": "LinkedIn",
    "github.com": "GitHub",
    "gitlab.com": "GitLab",
    "bitbucket.org": "Bitbucket",
    "twitter.com": "Twitter",
    "x.com": "X",
    "stackoverflow.com": "Stack Overflow",
    "medium.com": "Medium",
    "dev.to": "DEV",
    "dribbble.com": "Dribbble",
    "behance.net": "Behance",
    "kaggle.com": "Kaggle",
    "leetcode.com": "LeetCode",
    "hackerrank.com": "HackerRank",
    "codepen.io": "CodePen",
    "huggingface.co": "Hugging Face",
    "youtube.com": "YouTube",
    "instagram.com": "Instagram",
    "facebook.com": "Facebook",
    "mastodon.social": "Mastodon",
    "orcid.org": "ORCID",
    "researchgate.net": "ResearchGate",
    "scholar.google.com": "Google Scholar",
    "wellfound.com": "Wellfound",
    "angel.co": "AngelList",
}
_PROFILE_URL = {
    "LinkedIn": "https://www.linkedin.com/in/{}",
    "GitHub": "https://github.com/{}",
    "GitLab": "https://gitlab.com/{}",
    "Twitter": "https://twitter.com/{}",
    "X": "https://x.com/{}",
}
_LINK_WORDS = frozenset(
    ["website", "web", "site", "portfolio", "blog", "homepage", "home page", "email", "e-mail"]
    + [network.lower() for network in _NETWORKS.values()]
)
"""Words shown in place of a link (its address is in the PDF's link annotations)."""
_LABEL = re.compile(
    r"^(?P<label>e-?mail|phone|tel|telephone|mobile|cell|ph|web|website|site|portfolio|"
    r"homepage|blog|linkedin|github|gitlab|twitter|address|location|name)\s*[:：]\s*",
    re.IGNORECASE,
)
_NAME = re.compile(
    r"^[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){1,4}(?:,\s*[A-Z][A-Za-z.]{1,6}){0,2}$"
)
_PHONE_LINE = re.compile(r"^(?:phone|tel|telephone|mobile|cell)\s*[:：]\s*(.+)$", re.IGNORECASE)
_NOT_A_NAME = re.compile(r"^(?:r[eé]sum[eé]|cv|curriculum vitae)\b", re.IGNORECASE)
_POSTAL = re.compile(
    r"\s+(\d{5}(?:-\d{4})?|[A-Z]\d[A-Z] ?\d[A-Z]\d|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})$"
)


@dataclass
class _Found:
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    profiles: list[dict[str, str]] = field(default_factory=list)
    others: list[tuple[int, str]] = field(default_factory=list)
    """Parts that are none of the above, with the number of their line."""


_LABEL_NETWORKS = {
    "linkedin": "LinkedIn",
    "github": "GitHub",
    "gitlab": "GitLab",
    "twitter": "Twitter",
}
"""Profile networks a contact line names by a label ("GitHub: praman")."""


def _phones(text: str) -> tuple[list[str], str]:
    found: list[str] = []

    def keep(match: re.Match[str]) -> str:
        value = match.group(0).strip()
        digits = re.sub(r"\D", "", value)
        if 7 <= len(digits) <= 15 and find_date_range(value) is None:
            found.append(value)
            return " "
        return value

    return found, PHONE.sub(keep, text)


def _read_part(part: str, line_number: int, found: _Found, *, opening: bool = False) -> None:
    """File one part of a contact line; the resume's ``opening`` part is never a place,
    so "Jane Doe, MBA" stays a name."""
    label = ""
    if match := _LABEL.match(part):
        label, part = match.group("label").lower(), part[match.end() :]
    part = re.sub(r"mailto:", "", part, flags=re.IGNORECASE)
    emails = EMAIL.findall(part)
    found.emails += emails
    for email in emails:
        part = part.replace(email, " ")
    urls, part = take_urls(part)
    found.urls += urls
    phones, part = _phones(part)
    found.phones += phones
    rest = squash(part)
    if not rest or ((urls or emails) and len(rest.split()) <= 3):
        return
    network = _LABEL_NETWORKS.get(label)
    if network and re.fullmatch(r"@?[\w.-]+", rest):
        username = rest.lstrip("@")
        found.profiles.append(
            {
                "network": network,
                "username": username,
                "url": _PROFILE_URL[network].format(username),
            }
        )
    elif label in ("address", "location") or (not opening and is_place(_POSTAL.sub("", rest))):
        found.places.append(rest)
    elif label == "name":
        found.others.insert(0, (-1, rest))
    else:
        found.others.append((line_number, rest))


def profile_for(url: str) -> dict[str, str] | None:
    """A JSON Resume profile for a link to a known network's user page, else None."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    host = re.sub(r"^[a-z]{2}\.(?=linkedin\.com$)", "", host)
    network = _NETWORKS.get(host)
    if network is None:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if network == "LinkedIn":
        if len(segments) < 2 or segments[0] not in ("in", "pub"):
            return None
        username = segments[1]
    elif network == "Stack Overflow":
        if len(segments) < 2 or segments[0] != "users":
            return None
        username = segments[2] if len(segments) > 2 else segments[1]
    elif network in ("GitHub", "GitLab", "Bitbucket"):
        if len(segments) != 1:
            return None
        username = segments[0]
    elif segments:
        username = segments[-1] if network == "Google Scholar" else segments[0]
    else:
        return None
    return {"network": network, "username": username.lstrip("@"), "url": url}


def parse_location(text: str) -> dict[str, str]:
    """ "San Francisco, CA 94115" → city, region, postal code (and a country code if named)."""
    location: dict[str, str] = {}
    if match := _POSTAL.search(text):
        location["postalCode"] = match.group(1)
        text = text[: match.start()]
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) == 1:
        code = COUNTRY_CODES.get(parts[0].lower())
        return {**location, "countryCode": code} if code else {**location, "city": parts[0]}
    location["city"] = parts[0]
    country = COUNTRY_CODES.get(parts[-1].lower())
    if country:
        location["countryCode"] = country
        parts = parts[:-1]
    if len(parts) > 1:
        location["region"] = ", ".join(parts[1:])
    elif not country and len(parts) == 1:
        location["region"] = parts[-1]
    return location


def _name_from(candidates: list[tuple[int, str]], titles: set[int]) -> tuple[int, str] | None:
    """The first part that reads as a person's name, preferring a document title."""
    ranked = sorted(enumerate(candidates), key=lambda item: item[1][0] not in titles)
    for index, (_, text) in ranked:
        text = close_letter_spacing(text)
        if _NAME.match(text) and role_score(text) == 0 and not _NOT_A_NAME.match(text):
            return index, text.title() if text.isupper() else text
    return None


def _name_and_label(found: _Found, titles: set[int], basics: dict[str, Any]) -> None:
    """The name, and the job title written beside it or on the next line (role words only)."""
    named = _name_from(found.others, titles)
    if named is None:
        return
    index, basics["name"] = named
    name_line, _ = found.others.pop(index)
    after = [(n, t) for n, t in found.others[index:] if n in (name_line, name_line + 1)]
    if after:
        label_line, label = after[0]
        if len(label.split()) <= 10 and not ends_sentence(label) and role_score(label) > 0:
            basics["label"] = label
            found.others.remove((label_line, label))


def _profiles(
    found: _Found, links: list[str], shown: str
) -> tuple[list[dict[str, str]], str | None]:
    """Profiles from the links, and the first other link (the person's own site).

    A link only the PDF's annotations hold counts when the top of the resume names its
    network or its user ("LinkedIn" as the link's words); links further down belong to
    employers and projects.
    """
    profiles = list(found.profiles)
    hidden = [absolute_url(u) for u in links if not u.lower().startswith("mailto:")]
    site: str | None = None
    for url in hidden + found.urls:
        profile = profile_for(url)
        if profile is None:
            site = site or (url if url in found.urls else None)
            continue
        if url not in found.urls and not (
            profile["network"].lower() in shown or profile["username"].lower() in shown
        ):
            continue
        key = (profile["network"], profile["username"].lower())
        if key not in {(p["network"], p["username"].lower()) for p in profiles}:
            profiles.append(profile)
    return profiles, site


def _email(found: _Found, links: list[str], everything: list[Line]) -> tuple[str | None, list[str]]:
    if found.emails:
        return found.emails[0], []
    mailto = [u[7:].split("?")[0] for u in links if u.lower().startswith("mailto:")]
    if mailto:
        return mailto[0], []
    anywhere = [m.group(0) for line in everything for m in EMAIL.finditer(line.text)]
    if not anywhere:
        return None, []
    return anywhere[0], [
        f"the email address {anywhere[0]} was found below the contact details; "
        "check that it is yours"
    ]


def _phone(found: _Found, everything: list[Line]) -> str | None:
    if found.phones:
        return found.phones[0]
    for line in everything:
        if match := _PHONE_LINE.match(line.text):
            phones, _ = _phones(match.group(1))
            if phones:
                return phones[0]
    return None


def parse_basics(
    header: list[Line], *, contact: list[Line], everything: list[Line], links: list[str]
) -> tuple[dict[str, Any], list[str]]:
    """``basics`` from the lines above the first section (and a Contact section, if any).

    ``links`` are addresses the file held behind link words (PDF annotations). The name
    or the email may be missing from the result; the caller decides what that means.
    """
    found = _Found()
    titles: set[int] = set()
    top = [line for line in header + contact if not line.blank]
    for number, line in enumerate(top):
        if line.heading == 1:
            titles.add(number)
        for index, part in enumerate(split_strong(line.text)):
            _read_part(part, number, found, opening=number == 0 and index == 0)
    basics: dict[str, Any] = {}
    _name_and_label(found, titles, basics)
    if not found.places:
        place = next((o for o in found.others if is_place(o[1], known_region=False)), None)
        if place is not None:
            found.others.remove(place)
            found.places.append(place[1])
    email, warnings = _email(found, links, everything)
    if email:
        basics["email"] = email
    if phone := _phone(found, everything):
        basics["phone"] = phone
    if found.places:
        basics["location"] = parse_location(found.places[0])
    profiles, site = _profiles(found, links, " ".join(line.text for line in top).lower())
    if site:
        basics["url"] = site
    if profiles:
        basics["profiles"] = profiles
    summary = [text for _, text in found.others if len(text.split()) >= 12]
    if summary:
        basics["summary"] = " ".join(summary)
    leftover = [
        text
        for _, text in found.others
        if len(text.split()) < 12
        and text.lower() not in _LINK_WORDS
        and not _NOT_A_NAME.fullmatch(text)
    ]
    if leftover:
        warnings.append(
            "not imported from the top of the resume: " + "; ".join(f"'{t}'" for t in leftover)
        )
    return basics, warnings
