"""The suite names, apart from the suites themselves, so that checking a name is instant."""

from __future__ import annotations

from core.errors import InputError

SUITE_NAMES = ("tailoring", "cover_letter", "answers", "routing", "matching", "injection")
ALL = "all"


def suite_names(requested: str) -> list[str]:
    """``all`` or one known suite; anything else is refused with the list of known ones."""
    if requested == ALL:
        return list(SUITE_NAMES)
    if requested not in SUITE_NAMES:
        known = ", ".join([*SUITE_NAMES, ALL])
        raise InputError(f"unknown suite {requested!r}; the known suites are: {known}")
    return [requested]
