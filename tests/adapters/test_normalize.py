from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from adapters.normalize import (
    employment_type,
    html_to_text,
    parse_datetime,
    parse_relative_age,
    parse_salary,
    split_locations,
    workplace_from_text,
    workplace_from_value,
)
from db.enums import WorkplaceType


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$120,000 - $150,000 a year", (120000, 150000, "USD", "year")),
        ("$120k–$150k", (120000, 150000, "USD", "year")),
        ("€60k-80k", (60000, 80000, "EUR", "year")),
        ("USD 100000-120000 per year", (100000, 120000, "USD", "year")),
        ("$55/hr", (55, 55, "USD", "hour")),
        ("$150,000.00 - $190,000.00", (150000, 190000, "USD", "year")),
        ("£45,000 - £55,000 per annum", (45000, 55000, "GBP", "year")),
        ("€ 55.000,00 - 65.000,00", (55000, 65000, "EUR", "year")),
        ("Salary up to $185,500 + equity", (None, 185500, "USD", "year")),
        ("from $90k", (90000, None, "USD", "year")),
        ("CHF 120 000 - 140 000", (120000, 140000, "CHF", "year")),
        ("$30 - $45 per hour", (30, 45, "USD", "hour")),
        ("competitive", (None, None, None, None)),
        (None, (None, None, None, None)),
    ],
)
def test_parse_salary(text: str | None, expected: tuple[object, ...]) -> None:
    assert parse_salary(text) == expected


def test_html_to_text_keeps_structure_and_decodes_entities() -> None:
    html = (
        "<p>We&#x27;re hiring.</p><ul><li>Python</li><li>Go &amp; Rust</li></ul>"
        "<script>x()</script>"
    )
    assert html_to_text(html) == "We're hiring.\n- Python\n- Go & Rust"


def test_html_to_text_of_plain_text_and_empty() -> None:
    assert html_to_text("just  text &amp; more") == "just text & more"
    assert html_to_text("") == ""
    assert html_to_text(None) == ""


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (("Remote (US)",), WorkplaceType.REMOTE),
        (("Hybrid - Berlin",), WorkplaceType.HYBRID),
        (("New York, NY", "Onsite"), WorkplaceType.ONSITE),
        (("New York, NY",), WorkplaceType.UNKNOWN),
    ],
)
def test_workplace_from_text(texts: tuple[str, ...], expected: WorkplaceType) -> None:
    assert workplace_from_text(*texts) is expected


def test_workplace_from_platform_values() -> None:
    assert workplace_from_value("OnSite") is WorkplaceType.ONSITE
    assert workplace_from_value("remote") is WorkplaceType.REMOTE
    assert workplace_from_value("unspecified") is WorkplaceType.UNKNOWN


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Full-time", "full_time"),
        ("FULL_TIME", "full_time"),
        ("FullTime", "full_time"),
        ("Permanent (Full-time)", "full_time"),
        ("part_time", "part_time"),
        ("Contractor", "contract"),
        ("Intern", "internship"),
        ("whenever", None),
    ],
)
def test_employment_type(value: str, expected: str | None) -> None:
    assert employment_type(value) == expected


def test_dates_from_iso_epoch_and_relative() -> None:
    assert parse_datetime("2026-07-10T02:20:45+00:00") == datetime(
        2026, 7, 10, 2, 20, 45, tzinfo=UTC
    )
    assert parse_datetime("2026-07-09T08:01:56") == datetime(2026, 7, 9, 8, 1, 56, tzinfo=UTC)
    assert parse_datetime(1783650045) == datetime.fromtimestamp(1783650045, tz=UTC)
    assert parse_datetime(1783650045000) == datetime.fromtimestamp(1783650045, tz=UTC)
    now = datetime(2026, 11, 20, tzinfo=UTC)
    assert parse_relative_age("Posted 3 Days Ago", now) == now - timedelta(days=3)
    assert parse_relative_age("Posted 30+ Days Ago", now) == now - timedelta(days=30)
    assert parse_relative_age("Posted Today", now) == now
    assert parse_datetime("not a date") is None


def test_split_locations_drops_empty_parts() -> None:
    assert split_locations("Orlando, ") == ["Orlando"]
    assert split_locations("Berlin; Remote") == ["Berlin", "Remote"]
