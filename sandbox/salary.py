"""Salaries and the many ways platforms write them.

The same range appears as "$120,000 - $150,000" on one board, "$120k–$150k" in a Hacker News
comment and "USD 120000-150000 per year" on another; salary parsing has to read them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

Period = Literal["year", "hour"]

SYMBOLS: Final[dict[str, str]] = {"USD": "$", "EUR": "€", "GBP": "£"}


@dataclass(frozen=True)
class Salary:
    minimum: int
    maximum: int
    currency: str
    period: Period

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.currency]

    @property
    def hourly(self) -> bool:
        return self.period == "hour"


def full(s: Salary, dash: str = " - ") -> str:
    """Whole amounts: "$120,000 - $150,000", "$55 - $70 per hour", "$55 per hour"."""
    text = f"{s.symbol}{s.minimum:,}"
    if s.maximum != s.minimum:
        text += f"{dash}{s.symbol}{s.maximum:,}"
    return f"{text} per hour" if s.hourly else text


def cents(s: Salary) -> str:
    """LinkedIn's card style: "$150,000.00 - $190,000.00", "$55.00/hr - $70.00/hr"."""
    unit = "/hr" if s.hourly else ""
    low = f"{s.symbol}{s.minimum:,.2f}{unit}"
    return low if s.minimum == s.maximum else f"{low} - {s.symbol}{s.maximum:,.2f}{unit}"


def thousands(s: Salary, dash: str = " - ", repeat_symbol: bool = True, upper: bool = False) -> str:
    """In thousands: "$120k - $150k", "$120k–$150k", "€60k-80k", "$150K – $190K".

    Hourly rates are written per hour instead ("$55/hr").
    """
    if s.hourly:
        return hourly(s)
    k = "K" if upper else "k"
    low = f"{s.symbol}{s.minimum // 1000}{k}"
    high = f"{s.symbol if repeat_symbol else ''}{s.maximum // 1000}{k}"
    return f"{low}{dash}{high}"


def hourly(s: Salary) -> str:
    """Per hour: "$55/hr" when the range is one rate, "$55-$70/hr" otherwise."""
    if s.minimum == s.maximum:
        return f"{s.symbol}{s.minimum}/hr"
    return f"{s.symbol}{s.minimum}-{s.symbol}{s.maximum}/hr"


def iso(s: Salary) -> str:
    """Currency code first: "USD 100000-120000 per year"."""
    return f"{s.currency} {s.minimum}-{s.maximum} per {s.period}"


def indeed(s: Salary) -> str:
    """Indeed's salary snippet: "$120,000 - $150,000 a year", "$55 - $70 an hour"."""
    unit = "an hour" if s.hourly else "a year"
    if s.minimum == s.maximum:
        return f"{s.symbol}{s.minimum:,} {unit}"
    return f"{s.symbol}{s.minimum:,} - {s.symbol}{s.maximum:,} {unit}"


def ashby(s: Salary, equity: bool) -> str:
    """Ashby's compensationTierSummary: "$150K – $190K • Offers Equity"."""
    if s.hourly:
        text = f"{s.symbol}{s.minimum}/hr – {s.symbol}{s.maximum}/hr"
    else:
        text = thousands(s, dash=" – ", upper=True)
    return f"{text} • Offers Equity" if equity else text


def wellfound(s: Salary, equity: tuple[float, float] | None) -> str:
    """Wellfound's compensation line: "$120k – $160k • 0.05% – 0.25%"."""
    text = thousands(s, dash=" – ")
    if equity:
        text += f" • {equity[0]:g}% – {equity[1]:g}%"
    return text


def workday(s: Salary) -> str:
    """The pay sentence Workday tenants put in descriptions."""
    unit = "per hour" if s.hourly else "annually"
    amount = f"{s.symbol}{s.minimum:,.2f}"
    if s.maximum != s.minimum:
        amount += f" - {s.symbol}{s.maximum:,.2f}"
    return f"{amount} {s.currency} {unit}"
