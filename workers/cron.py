"""Five-field cron expressions for saved searches (``user_preferences.search_schedule``).

Why not croniter: it is not a dependency of the app (only of dev tooling). Celery already
ships a parser for each field (``crontab_parser``: lists, ranges, steps, month and weekday
names), so this module only adds what a schedule needs on top: matching a minute, and the
latest matching minute before now. Times are UTC. As in cron, when both the day of the
month and the day of the week are restricted, a day matching either one matches.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from celery.schedules import ParseException, crontab_parser

from core.errors import InputError

ALIASES = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
}


@dataclass(frozen=True)
class Cron:
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]
    """0 = Sunday, as in cron (7 is accepted for Sunday too)."""
    any_day: bool
    any_weekday: bool

    def matches(self, at: datetime) -> bool:
        """Whether the minute ``at`` (UTC) is one this schedule fires on."""
        at = at.astimezone(UTC)
        if at.minute not in self.minutes or at.hour not in self.hours:
            return False
        if at.month not in self.months:
            return False
        day = at.day in self.days
        weekday = (at.isoweekday() % 7) in self.weekdays
        if self.any_day or self.any_weekday:
            return day and weekday
        return day or weekday

    def last_fire(self, now: datetime, *, within: timedelta) -> datetime | None:
        """The latest minute at or before ``now`` the schedule fires on, looking back ``within``."""
        minute = now.astimezone(UTC).replace(second=0, microsecond=0)
        earliest = minute - within
        while minute >= earliest:
            if self.matches(minute):
                return minute
            minute -= timedelta(minutes=1)
        return None


def _field(text: str, size: int, start: int, what: str) -> frozenset[int]:
    try:
        return frozenset(crontab_parser(size, start).parse(text))
    except (ParseException, ValueError, IndexError) as exc:
        raise InputError(f"the cron {what} field {text!r} is not valid: {exc}") from None


def parse_cron(expression: str) -> Cron:
    """A schedule from ``"m h dom mon dow"`` (or an alias such as ``@daily``); InputError if bad."""
    text = ALIASES.get(expression.strip().lower(), expression.strip())
    fields = text.split()
    if len(fields) != 5:
        raise InputError(
            f"{expression!r} is not a cron schedule: give five fields, minute hour day-of-month "
            "month day-of-week (e.g. '0 8 * * 1-5'), or @hourly, @daily, @weekly"
        )
    minute, hour, day, month, weekday = fields
    minutes = _field(minute, 60, 0, "minute")
    hours = _field(hour, 24, 0, "hour")
    days = _field(day, 31, 1, "day-of-month")
    months = _field(month, 12, 1, "month")
    weekdays = _field(weekday, 8, 0, "day-of-week")
    return Cron(
        minutes=minutes,
        hours=hours,
        days=days,
        months=months,
        weekdays=frozenset(d % 7 for d in weekdays),
        any_day=day == "*",
        any_weekday=weekday == "*",
    )
