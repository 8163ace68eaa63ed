"""The job a resume is tailored to, and the keywords of it that a resume should cover.

``ajob tailor`` accepts a normalised Job, a JSON Resume job, plain text or a URL; they all
become one ``JobTarget``. Keywords are the skills the job names (from the curated
vocabulary in jobs/skills.py), each in the job's own spelling, because applicant-tracking
systems match words literally: "Postgres" in the job is not found by "PostgreSQL".
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from adapters.job import Job
from core.config import Settings
from core.errors import InputError
from jobs.skills import extract_job_skills, extract_skills, spellings


class JobTarget(BaseModel):
    title: str = Field(min_length=1)
    company: str = Field(min_length=1)
    description: str
    url: str | None = None
    location: str | None = None

    @classmethod
    def from_job(cls, job: Job) -> JobTarget:
        return cls(
            title=job.title,
            company=job.company,
            description=job.description_text,
            url=job.url,
            location=", ".join(job.locations) or None,
        )

    @classmethod
    def from_json_resume_job(cls, data: Mapping[str, Any]) -> JobTarget:
        """A JSON Resume job document: description plus its responsibility and skill lists."""
        parts = [str(data.get("description") or "")]
        for key, heading in (
            ("responsibilities", "Responsibilities"),
            ("qualifications", "Requirements"),
        ):
            items = data.get(key) or []
            if items:
                parts.append(heading + ":\n" + "\n".join(f"- {item}" for item in items))
        skills = [kw for group in data.get("skills") or [] for kw in group.get("keywords") or []]
        if skills:
            parts.append("Skills: " + ", ".join(skills))
        location = data.get("location") or {}
        place = ", ".join(str(location[k]) for k in ("city", "countryCode") if location.get(k))
        return cls(
            title=str(data.get("title") or ""),
            company=str(data.get("company") or ""),
            description="\n\n".join(p for p in parts if p.strip()),
            url=(data.get("meta") or {}).get("canonical"),
            location=place or None,
        )

    @classmethod
    def from_text(cls, text: str) -> JobTarget:
        """Plain text: the first line is "Title at Company" or "Title - Company", or a title."""
        lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
        if not lines:
            raise InputError("the job text is empty; paste the job description or pass a JSON file")
        title, company = _title_and_company(lines[0])
        if company is None and len(lines) > 1 and len(lines[1]) < 60:
            company = lines[1]
            lines = lines[1:]
        return cls(title=title, company=company or "the company", description="\n".join(lines[1:]))

    def require_description(self) -> None:
        if len(self.description.split()) < 5:
            raise InputError(
                f"the job {self.title!r} at {self.company} has no description to tailor to; "
                "pass the full posting (JSON, text or its URL)"
            )


_SEPARATORS = re.compile(r"\s+(?:at|@|-|–|—|\|)\s+", re.IGNORECASE)


def _title_and_company(line: str) -> tuple[str, str | None]:
    parts = _SEPARATORS.split(line, maxsplit=1)
    if len(parts) == 2 and all(p.strip() for p in parts):
        return parts[0].strip(), parts[1].strip()
    return line, None


@dataclass(frozen=True)
class Keyword:
    term: str
    """As the job writes it, e.g. "Postgres"."""
    skill: str
    """The canonical skill, e.g. "PostgreSQL"."""
    required: bool


def job_keywords(target: JobTarget) -> list[Keyword]:
    """The job's skills in its own spelling, required ones first, each once."""
    found = extract_job_skills(target.description)
    in_title = extract_skills(target.title)
    text = f"{target.title}\n{target.description}"
    lower = text.lower()
    ordered = [
        *sorted(found.required | in_title, key=lambda s: _first_position(lower, s)),
        *sorted(found.nice - in_title, key=lambda s: _first_position(lower, s)),
    ]
    return [
        Keyword(_spelling_in(text, skill), skill, skill in found.required or skill in in_title)
        for skill in dict.fromkeys(ordered)
    ]


def _pattern(spelling: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w.+#])" + re.escape(spelling) + r"(?![\w+#])", re.IGNORECASE)


def _first_position(lower: str, skill: str) -> int:
    positions = [m.start() for s in spellings(skill) if (m := _pattern(s).search(lower))]
    return min(positions) if positions else len(lower)


def _spelling_in(text: str, skill: str) -> str:
    """The spelling the job uses most, as the job writes it ("Postgres", "k8s")."""
    counts = {s: _pattern(s).findall(text) for s in spellings(skill)}
    best = max(counts, key=lambda s: len(counts[s]))
    if not counts[best] or best == skill.lower():
        return skill
    return str(counts[best][0])


def mentions(text: str, term: str) -> bool:
    """Whether ``text`` contains ``term`` as a whole word, ignoring case, as an ATS matches."""
    return _pattern(term).search(text) is not None


class Coverage(BaseModel):
    """How many of the job's keywords a resume contains literally."""

    ratio: float
    covered: list[str]
    missing: list[str]


def coverage(text: str, keywords: list[Keyword]) -> Coverage:
    covered = [k.term for k in keywords if mentions(text, k.term)]
    missing = [k.term for k in keywords if not mentions(text, k.term)]
    ratio = len(covered) / len(keywords) if keywords else 1.0
    return Coverage(ratio=round(ratio, 4), covered=covered, missing=missing)


def job_from_json(data: Any, *, source: str) -> JobTarget:
    """A normalised Job (what ``ajob search --json`` prints) or a JSON Resume job document."""
    if not isinstance(data, dict):
        raise InputError(f"{source}: expected a job object, got {type(data).__name__}")
    if {"platform", "external_id"} <= data.keys():
        try:
            return JobTarget.from_job(Job.model_validate(data))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise InputError(f"{source} is not a valid job: {where}: {first['msg']}") from None
    if data.get("title") and data.get("company"):
        return JobTarget.from_json_resume_job(data)
    raise InputError(
        f"{source}: a job needs 'title' and 'company' (a JSON Resume job) or 'platform' and "
        "'external_id' (a job from ajob search --json)"
    )


async def load_job(spec: str, settings: Settings, *, stdin: str | None = None) -> JobTarget:
    """``--job``: a JSON or text file, ``-`` for standard input, or an http(s) URL."""
    if spec.startswith(("http://", "https://")):
        from adapters.posting import fetch_posting

        return JobTarget.from_job(await fetch_posting(spec, settings))
    return read_job(spec, stdin=stdin)


def read_job(spec: str, *, stdin: str | None = None) -> JobTarget:
    """A job from a JSON or text file, or from ``stdin`` when ``spec`` is ``-``."""
    if spec == "-":
        text, source = stdin or "", "standard input"
    else:
        path = Path(spec)
        if not path.is_file():
            raise InputError(
                f"job file {spec} does not exist; pass a .json or .txt file, a URL, or -"
            )
        text, source = path.read_text(encoding="utf-8"), str(path)
    stripped = text.strip()
    if not stripped:
        raise InputError(f"the job in {source} is empty")
    if stripped.startswith(("{", "[")):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{source}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
            ) from None
        return job_from_json(data, source=source)
    return JobTarget.from_text(stripped)
