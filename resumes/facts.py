"""The checkable facts of a master resume: what a tailored text may state about the candidate.

Facts are the things a recruiter would take as claims and a model is tempted to improve:
employers, titles, schools, degrees, dates, skills, numbers and metrics, certifications,
and names in general. They are collected once per master and reused for every check.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from jobs.seniority import experience_years
from jobs.skills import canonical_skill, extract_skills, skills_from_names, with_implied

_NUMBER = re.compile(
    r"(?<![\w.])(?P<cur>[$€£])?(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s*(?P<suffix>%|percent\b|k\b|m\b|bn\b|b\b|x\b|million\b|billion\b|thousand\b))?",
    re.IGNORECASE,
)
_MULTIPLIERS = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
}
_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_NUMBER_WORDS = {w: i for i, w in enumerate(_UNITS)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_NUMBER_WORD = re.compile(
    r"\b(?P<word>" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
    r"(?:-(?P<unit>" + "|".join(_UNITS[1:10]) + r"))?\b",
    re.IGNORECASE,
)
"""A number in words, "four" to "ninety-nine"; longest first, so "seventeen" is not "seven"."""
_ALNUM_DIGIT = re.compile(r"\b(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z0-9]{2,}\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+#'’.-]*[A-Za-z0-9+#]|[A-Za-z]")
_YEARS_CLAIM = re.compile(
    r"(?<![\w.])(?P<num>\d+|" + _NUMBER_WORD.pattern + r")\+?\s*(?:\w+\s+)?years?",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"['’]s$")
_SCALED = re.compile(r"\d+(?:k|m|b|bn)", re.IGNORECASE)
"""A coded token that is only a number with a multiplier ("25M"): the number check reads it."""

_DEGREE_END = r"(?!\w|\.\w)"
"""Where an abbreviated degree ends: "an MBA." at a sentence's end is still an MBA."""
_DEGREE_LEVELS = (
    ("doctorate", re.compile(r"(?i:\b(ph\.?\s?d|doctorate|doctoral|d\.?phil)\b)")),
    (
        "master",
        re.compile(
            r"(?i:\bmaster'?s\b|\bmasters\b|\bmaster of\b)"
            r"|\b(MSc|MS(?!\s+(?:Office|Excel|Word|Teams|Access|Project|SQL|Dynamics)\b)"
            r"|M\.S\.|MBA|MEng|MA|M\.A\.|MFA|MPhil|MPH|MRes)" + _DEGREE_END
        ),
    ),
    (
        "bachelor",
        re.compile(
            r"(?i:\bbachelor'?s\b|\bbachelors\b|\bbachelor of\b)"
            r"|\b(BSc|BS|B\.S\.|BA|B\.A\.|BEng|BTech|B\.Tech|BFA|BBA)" + _DEGREE_END
        ),
    ),
    ("associate", re.compile(r"(?i:\bassociate'?s? degree\b)")),
)


def degree_levels(text: str) -> set[str]:
    """Degree levels a text names: "BS" and "Bachelor of Science" are the same claim."""
    return {level for level, pattern in _DEGREE_LEVELS if pattern.search(text)}


def number_mentions(text: str) -> list[tuple[float, str]]:
    """Every numeric value stated, with the words that state it ("25 million" is 25e6)."""
    found: list[tuple[float, str]] = []
    for match in _NUMBER.finditer(text):
        value = float(match.group("num").replace(",", ""))
        suffix = (match.group("suffix") or "").lower()
        value *= _MULTIPLIERS.get(suffix, 1.0)
        found.append((round(value, 6), match.group(0)))
    for match in _NUMBER_WORD.finditer(text):
        if match.group(0).lower() == "one":
            continue  # "one of", "no one": a pronoun far more often than a count
        found.append((_word_value(match), match.group(0)))
    return found


def numbers_in(text: str) -> set[float]:
    """Every numeric value stated, normalised so "25M", "25 million" and "25,000,000" agree."""
    return {value for value, _ in number_mentions(text)}


def _word_value(match: re.Match[str]) -> float:
    word, unit = match.group("word").lower(), match.group("unit")
    value = _NUMBER_WORDS[word]
    if unit and word in _TENS:
        value += _NUMBER_WORDS[unit.lower()]
    return float(value)


def coded_tokens(text: str) -> set[str]:
    """Tokens mixing letters and digits (p95, EC2, 10x, Web3): claims a number check misses."""
    return {t.lower() for t in _ALNUM_DIGIT.findall(text) if not _SCALED.fullmatch(t)}


def words_in(text: str) -> set[str]:
    return {word_key(w) for w in _WORD.findall(text)}


def word_key(word: str) -> str:
    """A word as names are compared: lower case, no possessive ("Fieldnote's" is "fieldnote")."""
    return _POSSESSIVE.sub("", word.lower().strip(".'’"))


def normal(text: str | None) -> str:
    """Case, punctuation and spacing folded, for comparing names."""
    return " ".join(re.sub(r"[^\w+#]+", " ", (text or "").lower()).split())


def document_texts(document: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """Every free-text field of a JSON Resume document, with its path."""
    basics = document.get("basics") or {}
    for key in ("label", "summary"):
        if basics.get(key):
            yield f"basics.{key}", str(basics[key])
    for section in ("work", "projects", "volunteer", "awards", "publications"):
        for i, entry in enumerate(document.get(section) or []):
            for key in ("summary", "description"):
                if entry.get(key):
                    yield f"{section}[{i}].{key}", str(entry[key])
            for j, text in enumerate(entry.get("highlights") or []):
                yield f"{section}[{i}].highlights[{j}]", str(text)


def document_skill_names(document: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    for i, group in enumerate(document.get("skills") or []):
        for j, keyword in enumerate(group.get("keywords") or []):
            yield f"skills[{i}].keywords[{j}]", str(keyword)
    for i, project in enumerate(document.get("projects") or []):
        for j, keyword in enumerate(project.get("keywords") or []):
            yield f"projects[{i}].keywords[{j}]", str(keyword)


def _dates(document: Mapping[str, Any]) -> Iterable[str]:
    for section in ("work", "education", "projects", "volunteer"):
        for entry in document.get(section) or []:
            for key in ("startDate", "endDate"):
                if entry.get(key):
                    yield str(entry[key])
    for cert in document.get("certificates") or []:
        if cert.get("date"):
            yield str(cert["date"])


@dataclass(frozen=True)
class MasterFacts:
    """The master's facts, normalised for comparison."""

    document: Mapping[str, Any]
    employers: frozenset[str]
    schools: frozenset[str]
    projects: frozenset[str]
    certificates: frozenset[str]
    degree_levels: frozenset[str]
    skills: frozenset[str]
    """Canonical skills: listed, used in a bullet, or implied by those (FastAPI → Python)."""
    skill_names: frozenset[str]
    """Skill keywords as written, normalised, for names outside the curated vocabulary."""
    numbers: frozenset[float]
    coded: frozenset[str]
    words: frozenset[str]
    years_of_experience: int

    @classmethod
    def of(cls, document: Mapping[str, Any], *, today: date | None = None) -> MasterFacts:
        texts = [text for _, text in document_texts(document)]
        names = [name for _, name in document_skill_names(document)]
        groups = [str(g.get("name") or "") for g in document.get("skills") or []]
        work = document.get("work") or []
        education = document.get("education") or []
        certs = document.get("certificates") or []
        projects = document.get("projects") or []
        named = [
            *(str(w.get("name") or "") for w in work),
            *(str(w.get("position") or "") for w in work),
            *(str(w.get("location") or "") for w in work),
            *(str(e.get(k) or "") for e in education for k in ("institution", "area", "studyType")),
            *(str(c.get(k) or "") for c in certs for k in ("name", "issuer")),
            *(str(p.get("name") or "") for p in projects),
        ]
        every_text = [*texts, *names, *groups, *named, *_basics_texts(document)]
        skills = skills_from_names(names)
        for text in [*texts, *groups]:
            skills |= extract_skills(text)
        years = experience_years(
            ((w.get("startDate"), w.get("endDate")) for w in work), today=today or date.today()
        )
        numbers: set[float] = set()
        contact = set(contact_texts(document))
        for text in every_text:
            if text not in contact:
                numbers |= numbers_in(text)
        for value in _dates(document):
            # The year alone: a month or a day ("2018-01-15") is not a count anyone claimed.
            numbers.add(float(value.split("-")[0]))
        return cls(
            document=document,
            employers=frozenset(normal(w.get("name")) for w in work if w.get("name")),
            schools=frozenset(normal(e.get("institution")) for e in education),
            projects=frozenset(normal(p.get("name")) for p in projects),
            certificates=frozenset(normal(c.get("name")) for c in certs),
            degree_levels=frozenset(
                level
                for e in education
                for level in degree_levels(f"{e.get('studyType') or ''} {e.get('area') or ''}")
            ),
            skills=frozenset(with_implied(skills)),
            skill_names=frozenset(normal(n) for n in [*names, *groups]),
            numbers=frozenset(numbers),
            coded=frozenset(t for text in every_text for t in coded_tokens(text)),
            words=frozenset(w for text in every_text for w in words_in(text))
            | {a for e in education for a in acronyms(e.get("institution"), shortest=2)}
            | {a for w in work for a in acronyms(w.get("name"), shortest=3)},
            years_of_experience=math.floor(years) if years else 0,
        )

    def has_skill(self, name: str) -> bool:
        canonical = canonical_skill(name)
        if canonical is not None:
            return canonical in self.skills
        found = extract_skills(name)
        if found:
            return found <= self.skills
        return normal(name) in self.skill_names

    def supports_years(self, text: str) -> set[float]:
        """Numbers in "N years" claims that the work history supports (N ≤ years worked)."""
        supported: set[float] = set()
        for match in _YEARS_CLAIM.finditer(text):
            word = match.group("word")
            value = _word_value(match) if word else float(match.group("num"))
            if 0 < value <= self.years_of_experience:
                supported.add(value)
        return supported


_ACRONYM_SKIP = frozenset(["of", "the", "and", "&", "at", "for", "in", "de"])


def acronyms(name: str | None, *, shortest: int) -> set[str]:
    """How a school or employer is abbreviated: "Rhode Island School of Design" is "risd",
    "University of California, Davis" is "ucd" and "uc". Shorter ones collide with others."""
    found = set()
    for part in {name or "", (name or "").split(",")[0]}:
        initials = "".join(w[0] for w in part.split() if w.lower() not in _ACRONYM_SKIP)
        if len(initials) >= shortest and initials.isalpha():
            found.add(initials.lower())
    return found


def contact_texts(document: Mapping[str, Any]) -> Iterator[str]:
    """The master's phone, email and web addresses: their digits are not claims."""
    basics = document.get("basics") or {}
    for key in ("email", "url", "phone"):
        if basics.get(key):
            yield str(basics[key])
    for profile in basics.get("profiles") or []:
        for key in ("url", "username"):
            if profile.get(key):
                yield str(profile[key])


def _basics_texts(document: Mapping[str, Any]) -> Iterator[str]:
    basics = document.get("basics") or {}
    for key in ("name", "label"):
        if basics.get(key):
            yield str(basics[key])
    yield from contact_texts(document)
    location = basics.get("location") or {}
    for key in ("city", "region", "countryCode"):
        if location.get(key):
            yield str(location[key])
    for profile in basics.get("profiles") or []:
        if profile.get("network"):
            yield str(profile["network"])
