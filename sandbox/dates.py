"""The sandbox's fixed "now" and the date formats and relative ages the platforms print.

Relative ages ("2 days ago", "Posted 3 Days Ago") and date filters ("posted in the last day")
count from CATALOGUE_NOW, never from the clock, so responses are the same every day.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Final

CATALOGUE_NOW: Final = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def age(when: datetime) -> timedelta:
    return CATALOGUE_NOW - when


def days_ago(when: datetime) -> int:
    return max(0, age(when).days)


def epoch_s(when: datetime) -> int:
    return int(when.timestamp())


def epoch_ms(when: datetime) -> int:
    return int(when.timestamp() * 1000)


def iso_z(when: datetime) -> str:
    """UTC with a Z: "2026-11-18T10:00:00Z"."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_z_millis(when: datetime) -> str:
    """UTC with milliseconds and a Z: "2026-11-18T10:00:00.000Z" (SmartRecruiters)."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def iso_offset(when: datetime, hours: int) -> str:
    """The board's local time with its offset: "2026-11-18T09:30:00-05:00" (Greenhouse)."""
    return when.astimezone(timezone(timedelta(hours=hours))).isoformat(timespec="seconds")


def iso_naive(when: datetime) -> str:
    """UTC without an offset: "2026-07-09T08:01:56" (Remotive)."""
    return when.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds")


def relative(when: datetime) -> str:
    """LinkedIn's and Indeed's style: "1 hour ago", "2 days ago", "3 weeks ago", "1 month ago"."""
    seconds = max(0, int(age(when).total_seconds()))
    for unit, size in (("month", 30 * 86400), ("week", 7 * 86400), ("day", 86400), ("hour", 3600)):
        if seconds >= size:
            n = seconds // size
            return f"{n} {unit}{'s' if n > 1 else ''} ago"
    n = max(1, seconds // 60)
    return f"{n} minute{'s' if n > 1 else ''} ago"
