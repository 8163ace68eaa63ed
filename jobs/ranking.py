"""How well a job fits a candidate: a 0–100 score with its reasons, computed without an LLM.

The score is a weighted sum of five sub-scores, each between 0 and 1::

    score = round(100 × (0.35·skills + 0.25·title + 0.15·location + 0.15·salary
                         + 0.10·seniority))

rounded half up, and 0 for a company in ``preferences.exclude_companies``. The weights
are the ``WEIGHT_*`` constants below. What each sub-score means:

- **skills**: the share of the job's skills the candidate has, a required skill
  counting 1 and a nice-to-have one ``NICE_TO_HAVE_WEIGHT``. The candidate's skills
  come from ``skills[].keywords``, ``skills[].name`` (when it names a skill),
  ``projects[].keywords`` and the skills named in ``work[].highlights``, plus what they
  imply (Django → Python). The job's come from its title and description
  (``jobs.skills``).
- **title**: the best match between the job title and ``preferences.titles`` or
  ``basics.label``, over normalised words (seniority words and "software" dropped,
  "developer" = "engineer", "back-end" = "backend"...). It is
  ``TITLE_RECALL_WEIGHT × recall + (1 − TITLE_RECALL_WEIGHT) × precision``, where recall
  is the share of the target's words found in the job title and precision the share of
  the job title's words found in the target; "engineer" weighs half, since it says
  little about the role.
- **location**: the workplace type and places against ``preferences.remote`` and
  ``preferences.locations``. A remote job suits anyone who accepts remote work (any
  preference but onsite, or "Remote" among the locations), unless it is limited to a
  region ("Remote (EU only)") where the candidate is not authorised to work
  (``application.authorized_to_work``): ``LOCATION_WRONG_REGION``. An onsite or hybrid
  job suits when one of its places is one of the candidate's cities, countries or
  regions, and scores ``LOCATION_ELSEWHERE`` otherwise (``LOCATION_RELOCATE`` for
  someone willing to relocate).
- **salary**: the job's range, made yearly (hour × 2080, day × 260, week × 52,
  month × 12), against ``preferences.salary_min``, only when both are in the currency
  of ``application.salary_expectation``: a range entirely below the minimum scores
  ``SALARY_BELOW``, one that reaches it ``SALARY_STRADDLES``, one above it 1.
- **seniority**: the candidate's years of experience (from ``work[]`` dates, overlaps
  counted once) against the years the job asks for ("5+ years", or the usual years
  of its title's level); each missing year costs ``SENIORITY_COST_PER_YEAR``.

Anything unknown (no salary stated, no skills found, no location) scores ``NEUTRAL``,
so it neither helps nor sinks a job. Reasons come most important first: the sub-scores
below neutral (problems) by the points they cost (weight × (1 − sub-score)), then the
others by weight.

Everything here is deterministic: the same candidate, job and ``today`` always give the
same result. A ``CandidateProfile`` holds everything derived from the candidate, so
scoring a job only analyses the job.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from adapters.job import Job
from db.enums import RemotePreference, WorkplaceType
from jobs import seniority
from jobs.skills import (
    JobSkills,
    canonical_skill,
    extract_skills,
    job_texts,
    skills_from_names,
    trie_pattern,
    with_implied,
)
from resumes.candidate import Candidate
from resumes.vocabulary import US_STATES as _US_STATES

WEIGHT_SKILLS = 0.35
WEIGHT_TITLE = 0.25
WEIGHT_LOCATION = 0.15
WEIGHT_SALARY = 0.15
WEIGHT_SENIORITY = 0.10
WEIGHTS: Mapping[str, float] = {
    "skills": WEIGHT_SKILLS,
    "title": WEIGHT_TITLE,
    "location": WEIGHT_LOCATION,
    "salary": WEIGHT_SALARY,
    "seniority": WEIGHT_SENIORITY,
}
"""Sub-score weights; they sum to 1. Skills and title say what the work is; location and
salary are hard limits for most people, and seniority is the softest."""

NEUTRAL = 0.5
"""The sub-score of anything that cannot be judged."""
NICE_TO_HAVE_WEIGHT = 0.5
"""A nice-to-have skill counts half a required one, both when had and when missing."""
TITLE_RECALL_WEIGHT = 0.7
"""Covering the target title's words matters more than the job title's extra words."""
TITLE_GENERIC_WEIGHT = 0.5
"""Weight of words common to most titles ("engineer"), against 1 for the others."""
TITLE_GOOD = 0.8
TITLE_POOR = 0.4

LOCATION_MATCH = 1.0
LOCATION_NOT_PREFERRED_REMOTE = 0.5
"""A remote job for someone who asked for onsite work: workable, not what they want."""
LOCATION_ONSITE_FOR_REMOTE = 0.3
"""An onsite job in the candidate's city when they asked for remote work."""
LOCATION_HYBRID_FOR_REMOTE = 0.6
LOCATION_ONSITE_FOR_HYBRID = 0.8
LOCATION_RELOCATE = 0.4
"""An onsite job elsewhere, for someone willing to relocate."""
LOCATION_ELSEWHERE = 0.1
LOCATION_WRONG_REGION = 0.1
LOCATION_REGION_UNCHECKED = 0.6
"""A remote job limited to a region, and no work authorisation to check it against."""

SALARY_MEETS = 1.0
SALARY_STRADDLES = 0.8
"""The range reaches the minimum but starts below it."""
SALARY_BELOW = 0.0

SENIORITY_COST_PER_YEAR = 0.25
SENIORITY_OVERQUALIFIED = 0.4

PERIOD_TO_YEAR: Mapping[str, int] = {"year": 1, "month": 12, "week": 52, "day": 260, "hour": 2080}
"""Multipliers to a yearly amount: 52 weeks, 260 working days, 2080 working hours. A job
without a period is taken as yearly, the way most postings state pay."""

_COMPONENTS = tuple(WEIGHTS)
_MISSING_SHOWN = 5


@dataclass(frozen=True)
class MatchResult:
    score: int
    """0..100."""
    reasons: list[str]
    """Short sentences, most important first."""
    components: dict[str, float]
    """Each sub-score, 0..1, keyed like ``WEIGHTS``."""
    matched_skills: list[str]
    """The job's skills the candidate has: required ones first, each group sorted."""
    missing_skills: list[str]
    """The job's skills the candidate lacks: required ones first, each group sorted."""


# --- titles -------------------------------------------------------------------------------

_TITLE_PHRASES = re.compile(
    r"\b(back[\s-]?end|front[\s-]?end|full[\s-]?stack|server[\s-]side|dev[\s-]ops|"
    r"machine[\s-]learning|site[\s-]reliability|quality[\s-]assurance|user[\s-]experience|"
    r"user[\s-]interface|artificial[\s-]intelligence|head of)\b"
)
_TITLE_PHRASE_WORDS = {
    "machinelearning": "ml",
    "sitereliability": "sre",
    "qualityassurance": "qa",
    "userexperience": "ux",
    "userinterface": "ui",
    "artificialintelligence": "ai",
    "serverside": "backend",
    "headof": "head",
}
_TITLE_WORD = re.compile(r"[a-z0-9+#]+")
_TITLE_SYNONYMS = {
    "developer": "engineer", "developers": "engineer", "dev": "engineer",
    "engineers": "engineer", "programmer": "engineer", "swe": "engineer", "sde": "engineer",
    "eng": "engineer", "mgr": "manager", "infra": "infrastructure", "scientists": "scientist",
    "designers": "designer", "managers": "manager",
}  # fmt: skip
_TITLE_DROPPED = frozenset(
    {
        # seniority, judged by its own sub-score
        "intern", "internship", "junior", "jr", "mid", "midlevel", "intermediate", "senior",
        "sr", "staff", "principal", "lead", "i", "ii", "iii", "iv", "v", "1", "2", "3", "4",
        "entry", "level", "associate", "experienced", "graduate", "grad", "new", "trainee",
        # words that do not tell roles apart
        "software", "the", "of", "and", "a", "an", "for", "to", "in", "at", "with", "remote",
        "hybrid", "onsite", "contract", "contractor", "freelance", "full", "part", "time",
        "fulltime", "parttime", "m", "f", "w", "d", "x", "us", "usa", "eu", "uk", "emea",
        "americas", "team",
    }
)  # fmt: skip
_TITLE_GENERIC = frozenset({"engineer"})


class _TitleTarget(NamedTuple):
    text: str
    words: frozenset[str]
    weight: float


@lru_cache(maxsize=16384)
def title_words(title: str) -> frozenset[str]:
    """The words of a title that tell roles apart, normalised."""
    lower = _TITLE_PHRASES.sub(lambda m: " " + _title_phrase(m.group(1)) + " ", title.lower())
    words = set()
    for word in _TITLE_WORD.findall(lower):
        word = _TITLE_SYNONYMS.get(word, word)
        if word not in _TITLE_DROPPED:
            words.add(word)
    return frozenset(words)


@lru_cache(maxsize=16384)
def _title_skills(title: str) -> frozenset[str]:
    """Skills a title names; cached, since the same titles come back all the time."""
    return frozenset(extract_skills(title))


def _title_phrase(phrase: str) -> str:
    joined = re.sub(r"[\s-]", "", phrase)
    return _TITLE_PHRASE_WORDS.get(joined, joined)


def _title_weight(words: Iterable[str]) -> float:
    return sum(TITLE_GENERIC_WEIGHT if w in _TITLE_GENERIC else 1.0 for w in words)


# --- places -------------------------------------------------------------------------------


def _codes(text: str) -> frozenset[str]:
    return frozenset(text.split())


_EU = _codes("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE")
_EUROPE = _EU | {"GB", "CH", "NO", "IS", "LI", "UA", "RS", "BA", "AL", "MK", "ME", "MD"}
_MIDDLE_EAST_AFRICA = _codes("IL AE SA QA EG ZA NG KE MA TN GH TR")
_NORTH_AMERICA = frozenset({"US", "CA", "MX"})
_LATAM = _codes("MX BR AR CL CO PE UY CR EC GT")
_APAC = _codes("IN PK BD LK SG MY ID PH TH VN JP KR CN HK TW AU NZ")

_COUNTRIES: Mapping[str, str] = {
    "united states": "US", "united states of america": "US", "usa": "US", "us": "US",
    "u.s.": "US", "u.s.a.": "US", "america": "US", "canada": "CA", "mexico": "MX",
    "brazil": "BR", "argentina": "AR", "chile": "CL", "colombia": "CO", "peru": "PE",
    "uruguay": "UY", "costa rica": "CR", "ecuador": "EC", "guatemala": "GT",
    "united kingdom": "GB", "uk": "GB", "u.k.": "GB", "great britain": "GB", "britain": "GB",
    "england": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB",
    "ireland": "IE", "france": "FR", "germany": "DE", "deutschland": "DE",
    "netherlands": "NL", "the netherlands": "NL", "holland": "NL", "belgium": "BE",
    "luxembourg": "LU", "spain": "ES", "portugal": "PT", "italy": "IT", "austria": "AT",
    "switzerland": "CH", "denmark": "DK", "sweden": "SE", "norway": "NO", "finland": "FI",
    "iceland": "IS", "poland": "PL", "czechia": "CZ", "czech republic": "CZ",
    "slovakia": "SK", "hungary": "HU", "romania": "RO", "bulgaria": "BG", "greece": "GR",
    "croatia": "HR", "slovenia": "SI", "estonia": "EE", "latvia": "LV", "lithuania": "LT",
    "cyprus": "CY", "malta": "MT", "ukraine": "UA", "serbia": "RS", "turkey": "TR",
    "türkiye": "TR", "israel": "IL", "united arab emirates": "AE", "uae": "AE",
    "saudi arabia": "SA", "qatar": "QA", "egypt": "EG", "south africa": "ZA",
    "nigeria": "NG", "kenya": "KE", "morocco": "MA", "ghana": "GH", "india": "IN",
    "pakistan": "PK", "bangladesh": "BD", "sri lanka": "LK", "singapore": "SG",
    "malaysia": "MY", "indonesia": "ID", "philippines": "PH", "thailand": "TH",
    "vietnam": "VN", "japan": "JP", "south korea": "KR", "korea": "KR", "china": "CN",
    "hong kong": "HK", "taiwan": "TW", "australia": "AU", "new zealand": "NZ",
}  # fmt: skip
"""Country names (and a few unambiguous abbreviations) → ISO 3166 codes."""

_US_STATE_CODES = frozenset(_US_STATES.values())

_REGIONS: Mapping[str, tuple[str, frozenset[str]]] = {
    **{name: (name.upper() if len(name) <= 3 else name.title(), frozenset({code}))
       for name, code in _COUNTRIES.items()},
    **{name: ("the US", frozenset({"US"})) for name in _US_STATES},
    "us": ("the US", frozenset({"US"})), "usa": ("the US", frozenset({"US"})),
    "united states": ("the US", frozenset({"US"})), "uk": ("the UK", frozenset({"GB"})),
    "united kingdom": ("the UK", frozenset({"GB"})),
    "eu": ("the EU", _EU), "european union": ("the EU", _EU),
    "europe": ("Europe", _EUROPE), "european": ("Europe", _EUROPE),
    "emea": ("EMEA", _EUROPE | _MIDDLE_EAST_AFRICA),
    "north america": ("North America", _NORTH_AMERICA),
    "americas": ("the Americas", _NORTH_AMERICA | _LATAM),
    "latam": ("Latin America", _LATAM), "latin america": ("Latin America", _LATAM),
    "south america": ("Latin America", _LATAM),
    "apac": ("APAC", _APAC), "asia": ("APAC", _APAC), "asia pacific": ("APAC", _APAC),
    "asia-pacific": ("APAC", _APAC),
}  # fmt: skip
"""Place names in location strings → a label for reasons and the countries they cover."""

_ANYWHERE = re.compile(r"\b(?:anywhere|worldwide|global|globally|world)\b")
_REGION_PATTERN = re.compile(r"(?<![a-z])(" + trie_pattern(_REGIONS) + r")(?![a-z])")
_REMOTE_WORDS = re.compile(
    r"\b(?:remote|anywhere|worldwide|work from home|wfh|distributed|telecommute|telework)\b"
)
_HYBRID_WORDS = re.compile(r"\bhybrid\b")
_STATE_CODE_AT_END = re.compile(r",\s*([a-z]{2})\s*(?:,\s*(?:us|usa|united states))?\s*$")
_CITY_ALIASES: Mapping[str, tuple[str, ...]] = {
    "san francisco": ("sf", "san francisco bay area", "bay area"),
    "new york": ("nyc", "new york city", "manhattan", "brooklyn"),
    "los angeles": ("la",),
    "washington": ("washington dc", "washington, d.c.", "dc"),
    "london": ("greater london",),
    "munich": ("münchen",),
    "cologne": ("köln",),
}
_CITY_CANONICAL = {alias: city for city, aliases in _CITY_ALIASES.items() for alias in aliases}


def country_code(value: str) -> str | None:
    """An ISO country code from a code or a name ("US", "usa", "Germany"), or None."""
    cleaned = value.strip()
    if len(cleaned) == 2 and cleaned.isalpha():
        upper = cleaned.upper()
        return "GB" if upper == "UK" else upper
    return _COUNTRIES.get(cleaned.lower())


def _region_of(lower: str) -> tuple[str, frozenset[str]] | None:
    """The countries a location string names (label, codes); None when it names none."""
    labels: list[str] = []
    countries: set[str] = set()
    for match in _REGION_PATTERN.finditer(lower):
        label, codes = _REGIONS[match.group(1)]
        if label not in labels:
            labels.append(label)
        countries |= codes
    if not countries:
        return None
    return " or ".join(labels), frozenset(countries)


def _place_countries(lower: str) -> frozenset[str]:
    region = _region_of(lower)
    countries = set(region[1]) if region else set()
    match = _STATE_CODE_AT_END.search(lower)
    if match and match.group(1) in _US_STATE_CODES:
        countries.add("US")
    return frozenset(countries)


def _is_remote_text(lower: str) -> bool:
    return _REMOTE_WORDS.search(lower) is not None


class _JobPlaces(NamedTuple):
    remote: bool
    hybrid: bool
    regions: tuple[str, frozenset[str]] | None
    """Where a remote job may be done; None when anywhere (or not said)."""
    places: tuple[str, ...]
    """The non-remote location strings, as written."""


def _job_places(job: Job) -> _JobPlaces:
    """Whether a job can be done remotely, and where; and its other places.

    A location that says "remote" makes the job remote whatever its workplace type, as
    does a title that says so. The region of a remote job is what its remote locations
    name ("Remote (EU only)", "Remote - US"), or else what its title names; one remote
    location naming no region (or "anywhere") leaves it open.
    """
    remote = job.workplace_type is WorkplaceType.REMOTE
    hybrid = job.workplace_type is WorkplaceType.HYBRID
    regions: tuple[str, frozenset[str]] | None = None
    open_anywhere = False
    places: list[str] = []
    for location in job.locations:
        kind, region = _classify_location(location)
        if kind == "remote":
            remote = True
            if region is None:
                open_anywhere = True
            else:
                regions = region if regions is None else _merge_regions(regions, region)
        elif kind:
            places.append(location)
            hybrid = hybrid or kind == "hybrid"
    title = job.title.lower()
    if "remote" in title and _is_remote_text(title):
        remote = True
        if regions is None and not open_anywhere:
            regions = _region_of(title)
    return _JobPlaces(remote, hybrid, None if open_anywhere else regions, tuple(places))


@lru_cache(maxsize=16384)
def _classify_location(location: str) -> tuple[str, tuple[str, frozenset[str]] | None]:
    """("remote", its region or None if open), ("hybrid"|"place", None), or ("", None) for
    a blank; cached, since a few location strings make up most jobs."""
    lower = location.lower()
    if _is_remote_text(lower):
        return "remote", (None if _ANYWHERE.search(lower) else _region_of(lower))
    if not lower.strip():
        return "", None
    return ("hybrid" if _HYBRID_WORDS.search(lower) else "place"), None


def _merge_regions(
    a: tuple[str, frozenset[str]], b: tuple[str, frozenset[str]]
) -> tuple[str, frozenset[str]]:
    label = a[0] if a[0] == b[0] else f"{a[0]} or {b[0]}"
    return label, a[1] | b[1]


# --- the candidate ------------------------------------------------------------------------


@dataclass(frozen=True)
class CandidateProfile:
    """Everything scoring needs from a candidate, derived once and reused for every job."""

    skills: frozenset[str]
    titles: tuple[_TitleTarget, ...]
    remote: RemotePreference
    accepts_remote: bool
    city_pattern: re.Pattern[str] | None
    """Matches any spelling of the candidate's cities in a lower-cased location."""
    countries: frozenset[str]
    """Countries or regions given as whole locations ("Germany", "Europe")."""
    authorized: tuple[str, ...]
    willing_to_relocate: bool
    salary_min: float | None
    salary_currency: str | None
    years: float | None
    excluded: frozenset[str]

    @classmethod
    def from_candidate(cls, candidate: Candidate, *, today: date | None = None) -> CandidateProfile:
        today = today or date.today()
        prefs = candidate.preferences
        app = candidate.application

        skills: set[str] = set()
        for group in candidate.skills:
            skills |= skills_from_names(group.keywords)
            named = canonical_skill(group.name)
            if named is not None:
                skills.add(named)
        for project in candidate.projects:
            skills |= skills_from_names(project.keywords)
        for work in candidate.work:
            for highlight in work.highlights:
                skills |= extract_skills(highlight)

        targets: list[_TitleTarget] = []
        for text in [*prefs.titles, candidate.basics.label or ""]:
            words = title_words(text)
            if words and all(t.words != words for t in targets):
                targets.append(_TitleTarget(text, words, _title_weight(words)))

        accepts_remote = prefs.remote is not RemotePreference.ONSITE
        cities: set[str] = set()
        countries: set[str] = set()
        for location in prefs.locations:
            lower = " ".join(location.lower().split())
            if _is_remote_text(lower):
                accepts_remote = True
            elif lower:
                _add_place(lower, cities, countries)
        if not cities and not countries and candidate.basics.location is not None:
            home = candidate.basics.location
            if home.city:
                _add_place(home.city.lower(), cities, countries)

        authorized = [c for c in (country_code(v) for v in app.authorized_to_work) if c]
        if not authorized and candidate.basics.location and candidate.basics.location.countryCode:
            code = country_code(candidate.basics.location.countryCode)
            authorized = [code] if code else []

        expectation = app.salary_expectation
        return cls(
            skills=frozenset(with_implied(skills)),
            titles=tuple(targets),
            remote=prefs.remote,
            accepts_remote=accepts_remote,
            city_pattern=_city_pattern(cities),
            countries=frozenset(countries),
            authorized=tuple(dict.fromkeys(authorized)),
            willing_to_relocate=bool(app.willing_to_relocate),
            salary_min=float(prefs.salary_min) if prefs.salary_min is not None else None,
            salary_currency=expectation.currency.upper() if expectation else None,
            years=seniority.experience_years(
                ((w.startDate, w.endDate) for w in candidate.work), today=today
            ),
            excluded=frozenset(_company_key(c) for c in prefs.exclude_companies if c.strip()),
        )


def _add_place(lower: str, cities: set[str], countries: set[str]) -> None:
    """Record a preferred location as a country or region ("Germany", "Europe") or a city.

    US states count as cities, matched by name: "New York" means the city to most people
    who write it, and "California" still matches "San Francisco, California".
    """
    stripped = lower.strip(" ,.")
    if stripped in _REGIONS and stripped not in _US_STATES:
        countries |= _REGIONS[stripped][1]
        return
    city = stripped.split(",")[0].strip()
    city = _CITY_CANONICAL.get(city, city)
    if city:
        cities.add(city)
        cities.update(_CITY_ALIASES.get(city, ()))


def _city_pattern(cities: set[str]) -> re.Pattern[str] | None:
    if not cities:
        return None
    names = sorted(cities, key=len, reverse=True)
    return re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(n) for n in names) + r")(?![a-z])")


_LEGAL_SUFFIX = re.compile(
    r"[\s,]+(?:inc|llc|ltd|limited|gmbh|corp|corporation|co|plc|sa|ag|bv|srl|pty)\.?$"
)


def _company_key(name: str) -> str:
    """A company's name for comparison: case, commas and a trailing legal form ("Inc.",
    "GmbH") do not tell companies apart."""
    key = " ".join(name.casefold().replace(",", " ").split())
    return _LEGAL_SUFFIX.sub("", key).strip()


# --- scoring ------------------------------------------------------------------------------


class _Part(NamedTuple):
    score: float
    reason: str | None


def score_job(profile: CandidateProfile, job: Job) -> MatchResult:
    """How well ``job`` fits the candidate behind ``profile`` (formula in the module doc)."""
    description = job.description_text or _strip_tags(job.description_html or "")
    required_text, nice_text = job_texts(description)
    required = extract_skills(required_text) | _title_skills(job.title)
    nice = extract_skills(nice_text) - required if nice_text else set()
    job_skills = JobSkills(frozenset(required), frozenset(nice))
    skills, matched, missing = _skills_part(profile, job_skills)
    parts = {
        "skills": skills,
        "title": _title_part(profile, job.title),
        "location": _location_part(profile, job),
        "salary": _salary_part(profile, job),
        "seniority": _seniority_part(profile, job.title, required_text),
    }
    components = {name: parts[name].score for name in _COMPONENTS}
    total = sum(WEIGHTS[name] * components[name] for name in _COMPONENTS)
    ranked = sorted(_COMPONENTS, key=lambda name: _importance(name, components[name]))
    reasons = [r for r in (parts[name].reason for name in ranked) if r]
    score = max(0, min(100, int(total * 100 + 0.5)))
    if profile.excluded and _company_key(job.company) in profile.excluded:
        score = 0
        reasons.insert(0, "excluded company")
    return MatchResult(score, reasons, components, matched, missing)


def _importance(name: str, value: float) -> tuple[int, float]:
    """Sort key of a reason: problems first, by weighted loss; then the rest by weight."""
    if value < NEUTRAL:
        return 0, -WEIGHTS[name] * (1.0 - value)
    return 1, -WEIGHTS[name]


def rank_jobs(profile: CandidateProfile, jobs: Iterable[Job]) -> list[tuple[Job, MatchResult]]:
    """Jobs with their results, best first; jobs with equal scores keep their input order."""
    scored = [(job, score_job(profile, job)) for job in jobs]
    scored.sort(key=lambda pair: -pair[1].score)
    return scored


def _skills_part(
    profile: CandidateProfile, job_skills: JobSkills
) -> tuple[_Part, list[str], list[str]]:
    required, nice = job_skills
    if not required and not nice:
        return _Part(NEUTRAL, "no known skills found in the job description"), [], []
    have = profile.skills
    matched_required = sorted(required & have, key=str.casefold)
    missing_required = sorted(required - have, key=str.casefold)
    matched_nice = sorted(nice & have, key=str.casefold)
    missing_nice = sorted(nice - have, key=str.casefold)
    got = len(matched_required) + NICE_TO_HAVE_WEIGHT * len(matched_nice)
    score = got / (len(required) + NICE_TO_HAVE_WEIGHT * len(nice))
    if required:
        reason = f"matches {len(matched_required)} of {len(required)} required skills"
        reason += _missing_note(missing_required)
        if nice:
            reason += f"; {len(matched_nice)} of {len(nice)} nice-to-have"
    else:
        reason = f"matches {len(matched_nice)} of {len(nice)} nice-to-have skills"
        reason += _missing_note(missing_nice)
    return _Part(score, reason), matched_required + matched_nice, missing_required + missing_nice


def _missing_note(missing: list[str]) -> str:
    if not missing:
        return ""
    shown = ", ".join(missing[:_MISSING_SHOWN])
    more = len(missing) - _MISSING_SHOWN
    return f" (missing: {shown}{f' and {more} more' if more > 0 else ''})"


def _title_part(profile: CandidateProfile, title: str) -> _Part:
    if not profile.titles:
        return _Part(NEUTRAL, "no target titles to compare the title with")
    words = title_words(title)
    if not words:
        return _Part(NEUTRAL, None)
    job_weight = _title_weight(words)
    best, best_target = 0.0, profile.titles[0]
    for target in profile.titles:
        common = _title_weight(words & target.words)
        recall = common / target.weight
        precision = common / job_weight
        value = TITLE_RECALL_WEIGHT * recall + (1 - TITLE_RECALL_WEIGHT) * precision
        if value > best:
            best, best_target = value, target
    if best >= TITLE_GOOD:
        reason = f'title matches your target "{best_target.text}"'
    elif best >= TITLE_POOR:
        reason = f'title partly matches your target "{best_target.text}"'
    else:
        reason = f'title "{title}" does not match your target titles'
    return _Part(best, reason)


def _location_part(profile: CandidateProfile, job: Job) -> _Part:
    places = _job_places(job)
    here = _matching_place(profile, places.places) if places.places else None
    if places.remote:
        if places.regions is not None:
            label, countries = places.regions
            if not profile.authorized:
                return _Part(
                    LOCATION_REGION_UNCHECKED,
                    f"remote only in {label}; your work authorization is not set",
                )
            if not countries.intersection(profile.authorized):
                return _Part(
                    LOCATION_WRONG_REGION,
                    f"remote only in {label}; you are authorized to work in "
                    + ", ".join(profile.authorized),
                )
        where = f" in {places.regions[0]}" if places.regions else ""
        if profile.accepts_remote:
            return _Part(LOCATION_MATCH, f"remote{where}, which you accept")
        if here is not None:
            return _Part(LOCATION_MATCH, f"in {here}, one of your locations (remote possible)")
        return _Part(LOCATION_NOT_PREFERRED_REMOTE, f"remote{where}; you prefer onsite work")
    if not places.places:
        return _Part(NEUTRAL, "location not stated")
    kind = "hybrid" if places.hybrid else "onsite"
    if job.workplace_type is WorkplaceType.UNKNOWN and not places.hybrid:
        kind = "located"
    if profile.remote is RemotePreference.REMOTE:
        at = here or places.places[0]
        value = LOCATION_HYBRID_FOR_REMOTE if places.hybrid else LOCATION_ONSITE_FOR_REMOTE
        if here is None:
            value = LOCATION_ELSEWHERE
        return _Part(value, f"{kind} in {at}; you want remote work")
    if here is not None:
        if kind == "onsite" and profile.remote is RemotePreference.HYBRID:
            return _Part(LOCATION_ONSITE_FOR_HYBRID, f"onsite in {here}; you prefer hybrid work")
        return _Part(LOCATION_MATCH, f"{kind} in {here}, one of your locations")
    if profile.city_pattern is None and not profile.countries:
        return _Part(NEUTRAL, f"{kind} in {places.places[0]}; you have no preferred locations")
    if profile.willing_to_relocate:
        return _Part(
            LOCATION_RELOCATE,
            f"{kind} in {places.places[0]}, not in your locations (you would relocate)",
        )
    return _Part(LOCATION_ELSEWHERE, f"{kind} in {places.places[0]}, not in your locations")


def _matching_place(profile: CandidateProfile, places: tuple[str, ...]) -> str | None:
    for place in places:
        lower = place.lower()
        if profile.city_pattern is not None and profile.city_pattern.search(lower):
            return place
        if profile.countries and profile.countries & _place_countries(lower):
            return place
    return None


def _salary_part(profile: CandidateProfile, job: Job) -> _Part:
    low, high = job.salary_min, job.salary_max
    if low is None and high is None:
        return _Part(NEUTRAL, "salary not stated")
    if profile.salary_min is None:
        return _Part(NEUTRAL, None)
    currency = (job.salary_currency or "").upper()
    mine = profile.salary_currency
    if not currency or mine is None or currency != mine:
        theirs = f"in {currency}" if currency else "without a currency"
        yours = f"in {mine}" if mine else "(your salary currency is not set)"
        return _Part(NEUTRAL, f"salary {theirs} could not be compared with your minimum {yours}")
    factor = PERIOD_TO_YEAR[job.salary_period or "year"]
    bottom = (low if low is not None else high or 0.0) * factor
    top = (high if high is not None else low or 0.0) * factor
    minimum = profile.salary_min
    if top < minimum:
        return _Part(
            SALARY_BELOW,
            f"salary range below your minimum ({_money(top, mine)} < {_money(minimum, mine)})",
        )
    if bottom >= minimum:
        return _Part(
            SALARY_MEETS,
            f"salary {_range(bottom, top, mine)} meets your minimum ({_money(minimum, mine)})",
        )
    return _Part(
        SALARY_STRADDLES,
        f"salary {_range(bottom, top, mine)} reaches your minimum ({_money(minimum, mine)})",
    )


_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}


def _money(amount: float, currency: str) -> str:
    symbol = _SYMBOLS.get(currency)
    return f"{symbol}{amount:,.0f}" if symbol else f"{amount:,.0f} {currency}"


def _range(bottom: float, top: float, currency: str) -> str:
    if bottom == top:
        return _money(bottom, currency)
    return f"{_money(bottom, currency)}–{_money(top, currency)}"


def _seniority_part(profile: CandidateProfile, title: str, required_text: str) -> _Part:
    level = seniority.level_from_title(title)
    asked = seniority.years_required(required_text)
    if asked is None and level is None:
        return _Part(NEUTRAL, "seniority not stated")
    have = profile.years
    if have is None:
        return _Part(NEUTRAL, "your work history has no dates to compare seniority with")
    you = int(have)
    if asked is not None:
        need = asked
        reason = f"asks for {asked}+ years; you have {you}"
    else:
        assert level is not None
        need = seniority.LEVEL_YEARS[level]
        usually = f" (usually {need}+ years)" if need else ""
        reason = f"{level.value} role{usually}; you have {you} years"
    if have < need:
        return _Part(max(0.0, 1.0 - SENIORITY_COST_PER_YEAR * (need - have)), reason)
    if level is not None and have > seniority.LEVEL_MAX_YEARS.get(level, have):
        return _Part(SENIORITY_OVERQUALIFIED, f"{level.value} role; you have {you} years")
    return _Part(1.0, reason)


_BLOCK_TAG = re.compile(r"<(?:br|/?p|/?li|/?h\d|/?div|/?ul|/?ol|/?tr)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def _strip_tags(html: str) -> str:
    """A rough text of an HTML description, for jobs whose adapter gave no text."""
    return _TAG.sub(" ", _BLOCK_TAG.sub("\n", html))


def countries_named(text: str) -> frozenset[str]:
    """ISO codes of the countries a text names, directly or through a region ("EU", "UK")."""
    return _place_countries(" ".join(text.lower().replace("?", " ").split()))
