"""Sections that hold one item a line: skills, certificates, awards, languages, interests.

Each line is cut into its parts; what a part is follows from its form: "Languages:
Python, Go" is a named group of keywords, "AWS Certified … — Amazon Web Services ·
May 2022" a name, an issuer and a date, "Spanish (fluent)" a language and its fluency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from resumes.fields import (
    split_commas,
    split_commas_outside_brackets,
    split_strong,
    squash,
    take_urls,
)
from resumes.lines import Line
from resumes.written_dates import find_single_date

_GROUP = re.compile(r"^([^:]{1,40}?)\s*:\s*(.+)$")
_SUBHEADING = re.compile(r"^[^:,;]{1,40}:$")
_GROUP_BY_GAP = re.compile(r"^(.{1,40}?)(?:\t|\s{2,}|\s+[|–—]\s+)(.+[,;].+)$")
_LEVELS = re.compile(
    r"^(?:associate|professional|specialty|foundational|practitioner|expert|fundamentals|"
    r"advanced|intermediate|level \w+|part \w+)$",
    re.IGNORECASE,
)
_CREDENTIAL_ID = re.compile(
    r"^(?:credential|license|licence|cert(?:ificate)?)?\s*(?:id|no|number|#)\b", re.IGNORECASE
)
_EXPIRY = re.compile(r"\b(?:expires?|expiration|expiry|valid until|valid through)\b", re.I)
_EARNED = re.compile(r"\b(?:issued|earned|obtained|awarded|completed|received)\b\s*:?", re.I)
_BY = re.compile(r"\s+(?:by|from)\s+", re.IGNORECASE)
_ISSUER_LINE = re.compile(r"^(?:issuer|issuing organi[sz]ation|issued by|awarded by)\b", re.I)
_FLUENCY = re.compile(r"^(?P<language>[^(:–—-]+?)\s*(?:\((?P<p>[^)]+)\)|[:–—-]\s*(?P<d>.+))$")


def _named_lists(lines: list[Line]) -> tuple[list[dict[str, Any]], list[str]]:
    """Groups written as "Name: a, b" (or "Name<tab>a, b", or "Name:" over a list), and
    the items of lists under no name."""
    groups: list[dict[str, Any]] = []
    loose: list[str] = []
    under: dict[str, Any] | None = None
    for line in lines:
        text = line.text.strip()
        if not text:
            under = None
            continue
        if _SUBHEADING.match(text) and not line.bullet:
            under = {"name": squash(text), "keywords": []}
            groups.append(under)
            continue
        match = _GROUP.match(text) or _GROUP_BY_GAP.match(text)
        if match is not None:
            under = None
            keywords = split_commas_outside_brackets(match.group(2))
            if keywords:
                groups.append({"name": squash(match.group(1)), "keywords": keywords})
        elif under is not None:
            under["keywords"] += split_commas_outside_brackets(text)
        else:
            loose += split_commas_outside_brackets(text)
    return [group for group in groups if group["keywords"]], loose


def parse_skills(lines: list[Line], title: str) -> list[dict[str, Any]]:
    """ "Languages: Python, Go" lines as named groups; a bare list goes under the heading."""
    groups, loose = _named_lists(lines)
    if loose:
        groups.append({"name": title.title(), "keywords": loose})
    return groups


def parse_interests(lines: list[Line]) -> list[dict[str, Any]]:
    groups, loose = _named_lists(lines)
    return groups + [{"name": item} for item in loose]


def parse_languages(lines: list[Line]) -> list[dict[str, Any]]:
    """ "English (native), Spanish – fluent" as JSON Resume ``languages``."""
    languages: list[dict[str, Any]] = []
    for line in lines:
        for item in split_commas_outside_brackets(line.text):
            match = _FLUENCY.match(item)
            if match:
                fluency = squash(match.group("p") or match.group("d") or "")
                languages.append({"language": squash(match.group("language")), "fluency": fluency})
            else:
                languages.append({"language": item})
    return languages


@dataclass(frozen=True)
class _Credential:
    name: str
    issuer: str | None
    date: str | None
    url: str | None


def _bracketed(match: re.Match[str]) -> str:
    """An acronym in brackets stays with the name ("(CKA)"); anything else is its own part."""
    inner = match.group(1).strip()
    return match.group(0) if re.fullmatch(r"[A-Z][A-Z0-9+-]{1,7}", inner) else f" | {inner} | "


def _credentials(lines: list[Line]) -> list[_Credential]:
    """Name, issuer, date and link of each line; a line holding only an issuer or a date
    completes the one above it."""
    found: list[_Credential] = []
    for line in lines:
        text = _EXPIRY.split(line.text.strip())[0]
        if not text.strip():
            continue
        urls, text = take_urls(text)
        dated = find_single_date(text)
        date = dated.start if dated else None
        if dated:
            text = f"{text[: dated.span[0]]} {text[dated.span[1] :]}"
        text = _EARNED.sub(" ", text)
        text = re.sub(r"\(([^()]*)\)", _bracketed, text)
        parts = [p for p in split_strong(text) if not _CREDENTIAL_ID.match(p)]
        parts = [p for p in (squash(p) for p in parts) if p]
        if len(parts) == 1:
            parts = split_commas(parts[0])
        if parts and len(by := _BY.split(parts[-1], maxsplit=1)) == 2:
            parts[-1:] = by
        if found and (not parts or _ISSUER_LINE.match(line.text.strip())):
            previous = found[-1]
            issuer = squash(re.sub(r"^[^:]*:", "", parts[0])) if parts else None
            found[-1] = _Credential(
                previous.name, previous.issuer or issuer, previous.date or date, previous.url
            )
            continue
        if not parts:
            continue
        name, rest = parts[0], parts[1:]
        while rest and _LEVELS.match(rest[0]):
            name = f"{name} - {rest.pop(0)}"
        found.append(_Credential(name, rest[0] if rest else None, date, urls[0] if urls else None))
    return found


def _records(
    lines: list[Line], name: str, issuer: str, date: str, *, url: bool = True
) -> list[dict[str, Any]]:
    """Credential-like lines under the section's own JSON Resume field names."""
    records: list[dict[str, Any]] = []
    for found in _credentials(lines):
        record: dict[str, Any] = {name: found.name}
        link = found.url if url else None
        for key, value in ((issuer, found.issuer), (date, found.date), ("url", link)):
            if value:
                record[key] = value
        records.append(record)
    return records


def parse_certificates(lines: list[Line]) -> tuple[list[dict[str, Any]], list[str]]:
    """One certificate a line: its name, then the issuer, with the date it was earned."""
    certificates = _records(lines, "name", "issuer", "date")
    warnings = [
        f"certificate '{c['name']}': no issuer found" for c in certificates if "issuer" not in c
    ]
    return certificates, warnings


def parse_awards(lines: list[Line]) -> list[dict[str, Any]]:
    return _records(lines, "title", "awarder", "date", url=False)


def parse_publications(lines: list[Line]) -> list[dict[str, Any]]:
    return _records(lines, "name", "publisher", "releaseDate")
