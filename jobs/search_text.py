"""What full-text search over stored jobs reads, beside the title and the company.

Indexing a job's whole description (about 2.7 KB, some 300 distinct lexemes) cost more
than everything else in storing it: ``to_tsvector`` plus the GIN entries were about 0.7 ms
of PostgreSQL per new job, which capped a first load near 2,900 jobs/s on two cores
before any other work (docs/ARCHITECTURE.md, "Storing jobs fast"). What people search
their stored jobs by is named in a few places: the title and company (columns of their
own), where and how the job is worked, the skills it asks for, and what the opening says
the job is. This document holds the last three: the skills are found anywhere in the
description by ``jobs.skills`` and written with every spelling it knows, so "kafka" still
finds a job that names Kafka in its tenth paragraph and "k8s" one that says Kubernetes, but a
word that is neither a known skill nor in the opening does not.
PostgreSQL and SQLite search the same text, so a laptop and a server find the same jobs.
"""

from __future__ import annotations

from collections.abc import Sequence

from db.enums import WorkplaceType
from jobs.skills import extract_skills, spellings

OPENING_CHARS = 600
"""About a hundred words: the opening paragraph, where postings say what the job is."""


def search_text(
    description: str | None, locations: Sequence[str], workplace_type: WorkplaceType | str | None
) -> str:
    """The document: places and workplace, the skills named (each with its one-word spellings,
    as in "postgresql / postgres / psql / postgre"), then the description's opening."""
    text = description or ""
    places = list(locations)
    if workplace_type and workplace_type != WorkplaceType.UNKNOWN:
        places.append(WorkplaceType(workplace_type).value)
    skills = ", ".join(_spelled(skill) for skill in sorted(extract_skills(text)))
    return "\n".join((" | ".join(places), skills, _opening(text))).strip()


def _spelled(skill: str) -> str:
    """The skill's name and its one-word aliases: an alias of several words ("continuous
    delivery") would make each of its words find the job ("delivery")."""
    name, *aliases = spellings(skill)
    return " / ".join([name, *(alias for alias in aliases if " " not in alias)])


def _opening(text: str) -> str:
    """The first ``OPENING_CHARS`` characters, not cutting a word in two."""
    if len(text) <= OPENING_CHARS:
        return text
    cut = text.rfind(" ", 0, OPENING_CHARS + 1)
    return text[: cut if cut > 0 else OPENING_CHARS]
