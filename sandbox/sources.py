"""The platforms the sandbox replicates and the URL prefix each one is mounted under.

The API prefix is the base URL an adapter is given (``ROOT + prefix``). ATS platforms also have
a prefix for their human-facing job pages, as the real ones serve those from another host.
"""

from __future__ import annotations

from typing import Final

ATS_PLATFORMS: Final = ("greenhouse", "lever", "lever_eu", "ashby", "smartrecruiters", "workday")
AGGREGATORS: Final = ("remoteok", "remotive", "hn", "linkedin", "indeed", "glassdoor", "wellfound")
PLATFORMS: Final = ATS_PLATFORMS + AGGREGATORS

API_PREFIXES: Final[dict[str, str]] = {
    "greenhouse": "/greenhouse",
    "lever": "/lever",
    "lever_eu": "/lever-eu",
    "ashby": "/ashby",
    "smartrecruiters": "/smartrecruiters",
    "workday": "/workday",
    "remoteok": "/remoteok",
    "remotive": "/remotive",
    "hn": "/hn",
    "linkedin": "/linkedin",
    "indeed": "/indeed",
    "glassdoor": "/glassdoor",
    "wellfound": "/wellfound",
}

PAGE_PREFIXES: Final[dict[str, str]] = {
    "greenhouse": "/greenhouse-boards",
    "lever": "/lever-jobs",
    "lever_eu": "/lever-eu-jobs",
    "ashby": "/ashby-jobs",
    "smartrecruiters": "/smartrecruiters-jobs",
    "workday": "/workday-sites",
}

CONTROL_PREFIX: Final = "/_sandbox"

_BY_SEGMENT: Final[dict[str, str]] = {
    prefix.strip("/"): platform
    for table in (API_PREFIXES, PAGE_PREFIXES)
    for platform, prefix in table.items()
}


def platform_for_path(path: str) -> str | None:
    """The platform a request path belongs to, from its first segment (None for anything else)."""
    segment = path.lstrip("/").split("/", 1)[0]
    return _BY_SEGMENT.get(segment)
