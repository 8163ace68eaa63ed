"""Dates as people write them on resumes, read into JSON Resume dates.

"Mar 2021 – Present", "2018-01 to 2021-02", "01/2018 - 02/2021" and "Summer 2019" all
appear on real resumes. Each date keeps the precision it was written with (a year stays
a year) because a month nobody wrote would be an invented fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

_MONTH_NAME = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_YEAR = r"(?:19|20)\d{2}"
_ONE_DATE = (
    rf"(?:{_MONTH_NAME}\.?,?\s+(?:{_YEAR}|'\d{{2}})"
    rf"|(?:spring|summer|fall|autumn|winter)\s+{_YEAR}"
    rf"|{_YEAR}[-/.](?:1[0-2]|0?[1-9])(?:[-/.](?:3[01]|[12]\d|0?[1-9]))?(?![\d])"
    rf"|(?:1[0-2]|0?[1-9])[/.]{_YEAR}"
    rf"|{_YEAR})"
)
_BOUNDED = rf"(?<![\w/.$-]){_ONE_DATE}(?![\w/])"
_END = rf"{_ONE_DATE}(?![\w/])"
_ONGOING = r"(?:present|current(?:ly)?|now|today|ongoing|to date|date)"
_RANGE = re.compile(
    rf"(?P<start>{_BOUNDED})\s*(?:[-–—−~→]+|to|until|till|through|thru|->)\s*"
    rf"(?:(?P<ongoing>{_ONGOING})\b|(?P<end>{_END}))",
    re.IGNORECASE,
)
_SINCE = re.compile(rf"\b(?:since|from)\s+(?P<start>{_BOUNDED})", re.IGNORECASE)
_OPEN_END = re.compile(rf"(?P<start>{_BOUNDED})\s*[-–—]+\s*$", re.IGNORECASE)
_SINGLE = re.compile(_BOUNDED, re.IGNORECASE)


@dataclass(frozen=True)
class DateRange:
    """Dates found in a line; ``span`` is where they stand, so the rest can be read."""

    start: str | None
    end: str | None
    ongoing: bool
    span: tuple[int, int]


def parse_written_date(text: str) -> str | None:
    """One written date as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; None if it is not one."""
    value = text.strip().lower().rstrip(".")
    if match := re.fullmatch(rf"({_MONTH_NAME})\.?,?\s+(\d{{4}}|'\d{{2}})", value):
        year = match.group(2)
        if year.startswith("'"):
            year = f"20{year[1:]}" if int(year[1:]) <= 50 else f"19{year[1:]}"
        return f"{year}-{_MONTHS[match.group(1)[:3]]:02d}"
    if match := re.fullmatch(rf"(?:spring|summer|fall|autumn|winter)\s+({_YEAR})", value):
        return match.group(1)
    if match := re.fullmatch(rf"({_YEAR})[-/.](\d{{1,2}})(?:[-/.](\d{{1,2}}))?", value):
        year, month, day = match.group(1), int(match.group(2)), match.group(3)
        if not 1 <= month <= 12:
            return None
        return f"{year}-{month:02d}" + (f"-{int(day):02d}" if day else "")
    if match := re.fullmatch(rf"(\d{{1,2}})[/.]({_YEAR})", value):
        month = int(match.group(1))
        return f"{match.group(2)}-{month:02d}" if 1 <= month <= 12 else None
    if re.fullmatch(_YEAR, value):
        return value
    return None


def find_date_range(text: str) -> DateRange | None:
    """The first date range in a line ("Mar 2021 – Present", "since 2019", "2018 - 2021")."""
    if match := _RANGE.search(text):
        end = match.group("end")
        return DateRange(
            start=parse_written_date(match.group("start")),
            end=parse_written_date(end) if end else None,
            ongoing=match.group("ongoing") is not None,
            span=match.span(),
        )
    for pattern in (_SINCE, _OPEN_END):
        if match := pattern.search(text):
            return DateRange(
                start=parse_written_date(match.group("start")),
                end=None,
                ongoing=True,
                span=match.span(),
            )
    return None


def find_single_date(text: str) -> DateRange | None:
    """The last lone date in a line ("May 2022", "2017"), for a degree or a certificate."""
    found = list(_SINGLE.finditer(text))
    if not found:
        return None
    match = found[-1]
    value = parse_written_date(match.group(0))
    return DateRange(start=value, end=value, ongoing=False, span=match.span())
