"""The candidate file: a JSON Resume v1 document plus ``application`` and ``preferences``.

One file holds everything the system may say about the candidate. It is parsed
into typed models so a malformed file is rejected up front, with the path of each
problem, instead of failing half-way through an application.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from core.errors import InputError
from db.enums import RemotePreference

_ISO_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


def _check_iso_date(value: str) -> str:
    if not _ISO_DATE.match(value):
        raise ValueError(f"{value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
    return value


ResumeDate = Annotated[str, AfterValidator(_check_iso_date)]
"""JSON Resume dates: a year, a year and month, or a full date."""


class _Open(BaseModel):
    """JSON Resume sections keep fields we do not model, so nothing the user wrote is lost."""

    model_config = ConfigDict(extra="allow")


class Location(_Open):
    address: str | None = None
    postalCode: str | None = None  # noqa: N815  (JSON Resume's own field names)
    city: str | None = None
    countryCode: str | None = None  # noqa: N815
    region: str | None = None


class Profile(_Open):
    network: str
    username: str | None = None
    url: str | None = None


class Basics(_Open):
    name: str = Field(min_length=1)
    label: str | None = None
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    phone: str | None = None
    url: str | None = None
    summary: str | None = None
    location: Location | None = None
    profiles: list[Profile] = Field(default_factory=list)


class Work(_Open):
    name: str
    position: str | None = None
    url: str | None = None
    location: str | None = None
    startDate: ResumeDate | None = None  # noqa: N815
    endDate: ResumeDate | None = None  # noqa: N815
    summary: str | None = None
    highlights: list[str] = Field(default_factory=list)


class Education(_Open):
    institution: str
    area: str | None = None
    studyType: str | None = None  # noqa: N815
    startDate: ResumeDate | None = None  # noqa: N815
    endDate: ResumeDate | None = None  # noqa: N815
    score: str | None = None
    courses: list[str] = Field(default_factory=list)


class Skill(_Open):
    name: str
    level: str | None = None
    keywords: list[str] = Field(default_factory=list)


class Certificate(_Open):
    name: str
    date: ResumeDate | None = None
    issuer: str | None = None
    url: str | None = None


class Project(_Open):
    name: str
    description: str | None = None
    highlights: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    startDate: ResumeDate | None = None  # noqa: N815
    endDate: ResumeDate | None = None  # noqa: N815
    url: str | None = None


class SalaryExpectation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount: float = Field(gt=0)
    currency: str = Field(min_length=3, max_length=3)
    period: Literal["year", "month", "week", "day", "hour"] = "year"


class Eeo(BaseModel):
    """Demographic answers; "decline" unless the candidate chose to answer."""

    model_config = ConfigDict(extra="forbid")

    gender: str = "decline"
    race: str = "decline"
    veteran: str = "decline"
    disability: str = "decline"


class BankAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(min_length=1)
    answer: str


class ApplicationAnswers(BaseModel):
    """What application forms ask beyond the resume, answered once by the candidate."""

    model_config = ConfigDict(extra="forbid")

    authorized_to_work: list[str] = Field(default_factory=list)
    requires_sponsorship: bool | None = None
    salary_expectation: SalaryExpectation | None = None
    notice_period: str | None = None
    earliest_start_date: date | None = None
    willing_to_relocate: bool | None = None
    how_did_you_hear: str | None = None
    eeo: Eeo = Field(default_factory=Eeo)
    answers: list[BankAnswer] = Field(default_factory=list)


class Preferences(BaseModel):
    model_config = ConfigDict(extra="forbid")

    titles: list[str] = Field(default_factory=list)
    locations: list[str] = Field(default_factory=list)
    remote: RemotePreference = RemotePreference.ANY
    salary_min: int | None = Field(default=None, ge=0)
    platforms: list[str] = Field(default_factory=list)
    exclude_companies: list[str] = Field(default_factory=list)


class Candidate(_Open):
    basics: Basics
    work: list[Work] = Field(default_factory=list)
    education: list[Education] = Field(default_factory=list)
    skills: list[Skill] = Field(default_factory=list)
    certificates: list[Certificate] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    application: ApplicationAnswers = Field(default_factory=ApplicationAnswers)
    preferences: Preferences = Field(default_factory=Preferences)

    def resume_document(self) -> dict[str, Any]:
        """The JSON Resume part alone, as stored and as later tailored."""
        return self.model_dump(
            mode="json", exclude={"application", "preferences"}, exclude_none=True
        )


def _format_loc(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(document)"


def parse_candidate(data: Any, *, source: str = "candidate file") -> Candidate:
    """Validate a parsed document; every schema error is reported with its path."""
    if not isinstance(data, dict):
        raise InputError(
            f"{source}: expected an object with 'basics' at the top, got {type(data).__name__}"
        )
    try:
        return Candidate.model_validate(data)
    except ValidationError as exc:
        problems = [
            f"{_format_loc(e['loc'])}: {str(e['msg']).removeprefix('Value error, ')}"
            for e in exc.errors()
        ]
        shown = "; ".join(problems[:5]) + (
            f"; and {len(problems) - 5} more" if len(problems) > 5 else ""
        )
        raise InputError(f"{source} is not a valid candidate file: {shown}") from None


def _iso_dates(value: Any) -> Any:
    """YAML reads an unquoted 2021-03-01 as a date; JSON Resume dates are strings."""
    if isinstance(value, dict):
        return {key: _iso_dates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_iso_dates(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()[:10]
    return value


def parse_structured(text: str, *, yaml_format: bool, source: str) -> Any:
    """JSON or YAML text as data; a syntax error names its line and column."""
    try:
        if yaml_format:
            return _iso_dates(yaml.safe_load(text))
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{source}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(f"{source}: invalid YAML{where}: {problem}") from None


def load_candidate(path: Path) -> Candidate:
    """Read a candidate file in JSON or YAML."""
    if not path.is_file():
        raise InputError(
            f"candidate file {path} does not exist; pass the path of a .json or .yaml file"
        )
    text = path.read_text(encoding="utf-8")
    yaml_format = path.suffix.lower() in (".yaml", ".yml")
    data = parse_structured(text, yaml_format=yaml_format, source=str(path))
    return parse_candidate(data, source=str(path))


def sample_candidate_path() -> Path:
    """The sample candidate shipped with the project, used by ``make demo``."""
    return Path(__file__).resolve().parent / "samples" / "candidate.json"
