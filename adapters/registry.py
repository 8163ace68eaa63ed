"""Which sources exist, by the name users type after --source."""

from __future__ import annotations

from importlib import import_module

from adapters.base import Source
from core.errors import InputError

SOURCE_MODULES: dict[str, str] = {
    "greenhouse": "adapters.greenhouse",
    "lever": "adapters.lever",
    "lever_eu": "adapters.lever",
    "ashby": "adapters.ashby",
    "smartrecruiters": "adapters.smartrecruiters",
    "workday": "adapters.workday",
    "remoteok": "adapters.remoteok",
    "remotive": "adapters.remotive",
    "hn": "adapters.hn",
    "linkedin": "adapters.linkedin",
    "indeed": "adapters.indeed",
    "glassdoor": "adapters.glassdoor",
    "wellfound": "adapters.wellfound",
}

EMPLOYER_PLATFORMS: frozenset[str] = frozenset(
    {"greenhouse", "lever", "lever_eu", "ashby", "smartrecruiters", "workday"}
)
"""The applicant tracking systems: a job's posting there is the employer's own, the full text
and the form to apply at; the other sources are copies of it (or, for Easy Apply, their own)."""


def known_sources() -> list[str]:
    return list(SOURCE_MODULES)


def source_class(name: str) -> type[Source]:
    """The adapter class for ``name``; unknown names list the known ones."""
    key = name.strip().lower().replace("-", "_")
    if key not in SOURCE_MODULES:
        raise InputError(f"unknown source {name!r}; the sources are: {', '.join(known_sources())}")
    module = import_module(SOURCE_MODULES[key])
    for value in vars(module).values():
        if (
            isinstance(value, type)
            and issubclass(value, Source)
            and getattr(value, "name", None) == key
        ):
            return value
    raise InputError(f"source {name!r} is registered but {SOURCE_MODULES[key]} does not define it")
