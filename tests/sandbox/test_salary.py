"""The salary formats, exactly as each platform writes them."""

from __future__ import annotations

import pytest

from sandbox import salary as fmt
from sandbox.salary import Salary

YEAR = Salary(120_000, 150_000, "USD", "year")
EURO = Salary(60_000, 80_000, "EUR", "year")
HOUR = Salary(55, 70, "USD", "hour")
ONE_RATE = Salary(55, 55, "USD", "hour")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (fmt.full(YEAR), "$120,000 - $150,000"),
        (fmt.full(HOUR), "$55 - $70 per hour"),
        (fmt.full(ONE_RATE), "$55 per hour"),
        (fmt.thousands(YEAR, dash="–"), "$120k–$150k"),
        (fmt.thousands(EURO, dash="-", repeat_symbol=False), "€60k-80k"),
        (fmt.thousands(HOUR), "$55-$70/hr"),
        (fmt.hourly(ONE_RATE), "$55/hr"),
        (fmt.iso(Salary(100_000, 120_000, "USD", "year")), "USD 100000-120000 per year"),
        (fmt.cents(Salary(150_000, 190_000, "USD", "year")), "$150,000.00 - $190,000.00"),
        (fmt.cents(ONE_RATE), "$55.00/hr"),
        (fmt.indeed(YEAR), "$120,000 - $150,000 a year"),
        (fmt.indeed(HOUR), "$55 - $70 an hour"),
        (fmt.ashby(Salary(150_000, 190_000, "USD", "year"), True), "$150K – $190K • Offers Equity"),
        (fmt.ashby(EURO, False), "€60K – €80K"),
        (
            fmt.wellfound(Salary(120_000, 160_000, "USD", "year"), (0.05, 0.25)),
            "$120k – $160k • 0.05% – 0.25%",
        ),
        (fmt.workday(YEAR), "$120,000.00 - $150,000.00 USD annually"),
    ],
)
def test_format(text: str, expected: str) -> None:
    assert text == expected
