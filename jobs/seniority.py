"""Seniority on both sides: a candidate's years of experience, and what a job asks for.

A job states its seniority in two ways: a level word in its title ("Senior", "Staff",
"Engineer II") and a years pattern in its text ("5+ years of experience"). The years
pattern is the more precise, so it wins; a level alone stands for the years usually
expected at that level (``LEVEL_YEARS``).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date
from enum import Enum
from functools import lru_cache


class Level(Enum):
    INTERN = "intern"
    JUNIOR = "junior"
    MID = "mid"
    SENIOR = "senior"
    LEAD = "lead"
    STAFF = "staff"
    MANAGER = "manager"
    PRINCIPAL = "principal"
    DIRECTOR = "director"


LEVEL_YEARS: dict[Level, int] = {
    Level.INTERN: 0,
    Level.JUNIOR: 0,
    Level.MID: 2,
    Level.SENIOR: 5,
    Level.LEAD: 6,
    Level.STAFF: 8,
    Level.MANAGER: 5,
    Level.PRINCIPAL: 10,
    Level.DIRECTOR: 10,
}
"""Years of experience a level usually asks for, when the text gives no number."""

LEVEL_MAX_YEARS: dict[Level, int] = {Level.INTERN: 3, Level.JUNIOR: 5}
"""Levels meant for people early in their career: beyond these years a candidate is
clearly over-qualified."""

_LEVEL_WORDS: dict[str, Level] = {
    "intern": Level.INTERN, "internship": Level.INTERN, "co-op": Level.INTERN,
    "apprentice": Level.INTERN, "trainee": Level.INTERN,
    "junior": Level.JUNIOR, "jr": Level.JUNIOR, "entry level": Level.JUNIOR,
    "entry-level": Level.JUNIOR, "graduate": Level.JUNIOR, "new grad": Level.JUNIOR,
    "associate": Level.JUNIOR, "i": Level.JUNIOR,
    "mid": Level.MID, "mid-level": Level.MID, "mid level": Level.MID, "midlevel": Level.MID,
    "intermediate": Level.MID, "ii": Level.MID,
    "senior": Level.SENIOR, "sr": Level.SENIOR, "iii": Level.SENIOR,
    "lead": Level.LEAD, "iv": Level.STAFF,
    "staff": Level.STAFF,
    "manager": Level.MANAGER, "mgr": Level.MANAGER,
    "principal": Level.PRINCIPAL, "distinguished": Level.PRINCIPAL, "fellow": Level.PRINCIPAL,
    "director": Level.DIRECTOR, "head of": Level.DIRECTOR, "vp": Level.DIRECTOR,
    "vice president": Level.DIRECTOR, "chief": Level.DIRECTOR,
}  # fmt: skip
_LEVEL_PATTERN = re.compile(
    r"(?<![a-z0-9])("
    + "|".join(re.escape(w) for w in sorted(_LEVEL_WORDS, key=len, reverse=True))
    + r")(?![a-z0-9-])"
)
_ORDER = list(Level)

_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
}  # fmt: skip
_NUMBER = r"(?:\d{1,2}|(?<![a-z])(?:" + "|".join(_NUMBERS) + r"))"
_NUMBER_BEFORE = re.compile(_NUMBER + r"(?:[^a-z]|\bto\b){0,8}$")
"""A number right before "years": cheap to find, and it skips "yearly" and "this year"."""
_YEARS = re.compile(
    r"(?P<n>\d{1,2}|[a-z]+)(?:\s*\(\d{1,2}\+?\))?\s*(?P<plus>\+|plus)?"
    r"\s*(?:(?:-|–|to)\s*\d{1,2}\s*\+?\s*)?(?:years?|yrs?)(?![a-z])"
    r"(?P<more>\s*(?:\+|or more|and above|minimum))?(?=(?P<tail>[^.;\n]{0,60}))"
)
_FIRM_PREFIXES = ("at least", "minimum", "minimum of", "min", "min.")
_NOT_A_REQUIREMENT = re.compile(r"\b(?:we|we've|we have|our|company|founded|ago)\b")
MAX_YEARS_ASKED = 20
"""Numbers above this are about the company ("30 years in business"), not the candidate."""


@lru_cache(maxsize=16384)
def level_from_title(title: str) -> Level | None:
    """The highest level a title names ("Senior Engineering Manager" → manager), or None."""
    found = {_LEVEL_WORDS[m.group(1)] for m in _LEVEL_PATTERN.finditer(title.lower())}
    if not found:
        return None
    return max(found, key=lambda level: (LEVEL_YEARS[level], _ORDER.index(level)))


def years_required(text: str) -> int | None:
    """The most years of experience a text asks for ("5+ years", "at least three years").

    A bare number of years counts only with "+", "at least"/"minimum", "or more", or
    "experience" after it, and not in a sentence about the company ("we have 20 years of
    experience"), so "founded 10 years ago" is no requirement. Ranges count from their
    lower end: "3-5 years" asks for 3.
    """
    lower = text.lower()
    best: int | None = None
    for key in ("year", "yrs"):
        pos = lower.find(key)
        while pos >= 0:
            number = _NUMBER_BEFORE.search(lower, max(0, pos - 16), pos)
            if number is not None:
                match = _YEARS.match(lower, number.start(), pos + 80)
                years = _years_of(match, lower, best or 0) if match is not None else None
                if years is not None:
                    best = years
            pos = lower.find(key, pos + 4)
    return best


def _years_of(match: re.Match[str], lower: str, above: int) -> int | None:
    """The years a match asks for, if it is a requirement and more than ``above``."""
    number = match.group("n")
    years = int(number) if number.isdigit() else _NUMBERS.get(number, 0)
    if not above < years <= MAX_YEARS_ASKED:
        return None
    start = match.start()
    before = lower[max(0, start - 12) : start].rstrip()
    firm = (
        match.group("plus") is not None
        or match.group("more") is not None
        or before.endswith(_FIRM_PREFIXES)
    )
    if not firm and "exp" not in match.group("tail"):
        return None
    window_start = max(0, start - 45)
    sentence = max(lower.rfind(".", window_start, start), lower.rfind("\n", window_start, start))
    if _NOT_A_REQUIREMENT.search(lower, max(sentence + 1, window_start), start):
        return None
    return years


def parse_resume_date(value: str, *, end: bool) -> date:
    """A JSON Resume date ("2019", "2019-04", "2019-04-15") as a day.

    A year or a month stands for its first day as a start and its last day as an end, so
    "2018" to "2019" counts two years, as the person who wrote it meant.
    """
    parts = [int(p) for p in value.split("-")]
    year = parts[0]
    if len(parts) == 3:
        return date(year, parts[1], parts[2])
    if len(parts) == 2:
        month = parts[1]
        return date(year, month, calendar.monthrange(year, month)[1] if end else 1)
    return date(year, 12, 31) if end else date(year, 1, 1)


def experience_years(
    periods: Iterable[tuple[str | None, str | None]], *, today: date
) -> float | None:
    """Years worked, from (start, end) resume dates: overlapping jobs count once.

    A missing end means "until today"; a period without a start is skipped; periods in
    the future are cut at today. None when no period has a start.
    """
    spans: list[tuple[date, date]] = []
    for start_text, end_text in periods:
        if not start_text:
            continue
        start = parse_resume_date(start_text, end=False)
        end = parse_resume_date(end_text, end=True) if end_text else today
        end = min(end, today)
        if start <= end:
            spans.append((start, end))
    if not spans:
        return None
    spans.sort()
    days = 0
    current_start, current_end = spans[0]
    for start, end in spans[1:]:
        if start <= current_end:
            current_end = max(current_end, end)
        else:
            days += (current_end - current_start).days
            current_start, current_end = start, end
    days += (current_end - current_start).days
    return days / 365.25
