"""Turning each platform's loose fields into the Job record's strict ones.

Salary strings, workplace and employment types, dates and HTML descriptions come in
many spellings; the parsing lives here once instead of in every adapter.
"""

from __future__ import annotations

import html as html_lib
import re
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple, get_args

import lxml.etree

from adapters.job import EmploymentType, SalaryPeriod
from db.enums import WorkplaceType

CURRENCY_SYMBOLS = {
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "C$": "CAD",
    "A$": "AUD",
}
CURRENCY_CODES = {
    "USD", "EUR", "GBP", "CAD", "AUD", "CHF", "INR", "JPY", "SEK", "NOK", "DKK", "PLN", "SGD",
    "NZD", "BRL", "MXN",
}  # fmt: skip

_PERIOD_WORDS: dict[str, SalaryPeriod] = {
    "year": "year", "yr": "year", "annum": "year", "annual": "year", "annually": "year",
    "yearly": "year", "month": "month", "mo": "month", "monthly": "month", "week": "week",
    "weekly": "week", "day": "day", "daily": "day", "hour": "hour", "hr": "hour", "hourly": "hour",
}  # fmt: skip

_EMPLOYMENT: dict[str, EmploymentType] = {
    "fulltime": "full_time", "full": "full_time", "permanent": "full_time", "regular": "full_time",
    "parttime": "part_time", "part": "part_time", "contract": "contract", "contractor": "contract",
    "freelance": "contract", "temporary": "temporary", "temp": "temporary",
    "internship": "internship", "intern": "internship", "volunteer": "volunteer",
}  # fmt: skip


_BLOCK_TAGS = frozenset(
    {"br", "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr"}
)
_FULL_DOCUMENT = re.compile(r"^\s*<(?:html|!doctype)", re.IGNORECASE)
_HTML_PARSER = lxml.etree.HTMLParser()
"""A plain lxml parser: lxml.html's element classes cost a Python lookup per element."""


def html_to_text(markup: str | None) -> str:
    """Readable plain text from an HTML fragment: block elements become line breaks."""
    if not markup or not markup.strip():
        return ""
    if "<" not in markup:
        return _squash(html_lib.unescape(markup))
    if not _FULL_DOCUMENT.match(markup):
        markup = f"<html><body>{markup}</body></html>"
    try:
        document = lxml.etree.fromstring(markup, _HTML_PARSER)
    except (ValueError, lxml.etree.ParserError):
        document = None
    if document is None:
        return _squash(html_lib.unescape(re.sub(r"<[^>]+>", " ", markup)))
    body = document.find("body")
    root = document if body is None else body
    for element in root.iter(lxml.etree.Element):
        if element.tag in _BLOCK_TAGS and element is not root:
            element.tail = "\n" + (element.tail or "")
            if element.tag == "li":
                element.text = "- " + (element.text or "")
    lxml.etree.strip_elements(root, "script", "style", with_tail=False)
    return _squash(lxml.etree.tostring(root, method="text", encoding="unicode", with_tail=False))


def _squash(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.replace("\xa0", " ").splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def unescape_html_entities(text: str) -> str:
    """Greenhouse sends its HTML entity-escaped (&lt;p&gt;); undo that once.

    When &lt; and &gt; are the only entities, two replacements give what ``html.unescape``
    gives, at a fifth of its cost (it calls back into Python for every entity).
    """
    if "&lt;" not in text and "&gt;" not in text:
        return text
    tags = text.replace("&lt;", "<").replace("&gt;", ">")
    return tags if "&" not in tags else html_lib.unescape(text)


def workplace_from_text(*texts: str | None) -> WorkplaceType:
    """Remote, hybrid or onsite as stated in location or title text; unknown when silent."""
    joined = " ".join(t for t in texts if t).lower()
    if re.search(r"\bhybrid\b", joined):
        return WorkplaceType.HYBRID
    if re.search(r"\b(remote|anywhere|distributed|work from home|wfh)\b", joined):
        return WorkplaceType.REMOTE
    if re.search(r"\b(on-?site|in[- ]office|in person)\b", joined):
        return WorkplaceType.ONSITE
    return WorkplaceType.UNKNOWN


def workplace_from_value(value: str | None) -> WorkplaceType:
    """A platform's own workplace field (onsite, ON_SITE, Remote, hybrid, unspecified...)."""
    key = re.sub(r"[^a-z]", "", (value or "").lower())
    if key in ("remote", "fullyremote", "remoteonly"):
        return WorkplaceType.REMOTE
    if key == "hybrid":
        return WorkplaceType.HYBRID
    if key in ("onsite", "inoffice", "office", "inperson"):
        return WorkplaceType.ONSITE
    return WorkplaceType.UNKNOWN


def employment_type(value: str | None) -> EmploymentType | None:
    """FULL_TIME, Full-time, full_time, Permanent (Full-time), Contractor... → our vocabulary."""
    if not value:
        return None
    lowered = value.lower().replace("-", "").replace("_", "").replace(" ", "")
    for word, kind in _EMPLOYMENT.items():
        if lowered.startswith(word) or lowered == word:
            return kind
    for word, kind in _EMPLOYMENT.items():
        if word in lowered:
            return kind
    return None


_PERIOD = re.compile(
    r"(?:\b|/|per )(" + "|".join(sorted(_PERIOD_WORDS, key=len, reverse=True)) + r")\b"
    r"|(/\s*h\b|\bph\b)",
    re.IGNORECASE,
)
_CURRENCY_CODE = re.compile(r"\b(" + "|".join(sorted(CURRENCY_CODES)) + r")\b", re.IGNORECASE)
_CURRENCY_SYMBOL = re.compile(
    "|".join(re.escape(s) for s in sorted(CURRENCY_SYMBOLS, key=len, reverse=True))
)


def period_from_text(text: str | None) -> SalaryPeriod | None:
    if not text:
        return None
    found = _PERIOD.search(text)
    if not found:
        return None
    return _PERIOD_WORDS[found.group(1).lower()] if found.group(1) else "hour"


def currency_from_text(text: str) -> str | None:
    code = _CURRENCY_CODE.search(text)
    if code:
        return code.group(1).upper()
    symbol = _CURRENCY_SYMBOL.search(text)
    return CURRENCY_SYMBOLS[symbol.group(0)] if symbol else None


_AMOUNT = re.compile(r"(\d+(?:[.,]\d+)*)\s*([kKmM])?(?![a-zA-Z])")


def _amount(number: str, suffix: str | None) -> float:
    """A number as written: 150,000.00 (US), 150.000,00 (European), 62,5 or 120."""
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", number):
        digits = number.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", number):
        digits = number.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d+,\d{1,2}", number):
        digits = number.replace(",", ".")
    else:
        digits = number.replace(",", "")
    value = float(digits)
    if suffix and suffix.lower() == "k":
        value *= 1_000
    elif suffix and suffix.lower() == "m":
        value *= 1_000_000
    return value


class Salary(NamedTuple):
    """A pay range as a Job stores it; any part may be unknown."""

    minimum: float | None = None
    maximum: float | None = None
    currency: str | None = None
    period: SalaryPeriod | None = None

    def job_fields(self) -> dict[str, Any]:
        """The ``salary_*`` keyword arguments of ``Job``."""
        return {
            "salary_min": self.minimum,
            "salary_max": self.maximum,
            "salary_currency": self.currency,
            "salary_period": self.period,
        }


def parse_salary(text: str | None) -> Salary:
    """(min, max, currency, period) from text like "$120,000 – $150,000 a year" or "€60k-80k".

    A single figure gives min == max. Missing parts are None; nothing is guessed
    except a yearly period for large figures, which no hourly rate reaches.
    """
    if not text or not re.search(r"\d", text):
        return Salary()
    cleaned = text.replace("\u2013", "-").replace("\u2014", "-").replace(" to ", " - ")
    cleaned = re.sub(r"(\d)\s+(\d{3})\b", r"\1\2", cleaned)
    amounts = [_amount(n, s) for n, s in _AMOUNT.findall(cleaned)]
    amounts = [a for a in amounts if a >= 1]
    if not amounts:
        return Salary()
    shared_k = re.search(r"\d\s*-\s*\d+(?:[.,]\d+)?\s*[kK]\b", cleaned)
    if shared_k and len(amounts) >= 2 and amounts[0] < 1_000 <= amounts[1]:
        amounts[0] *= 1_000
    low: float | None = min(amounts[:2])
    high: float | None = max(amounts[:2])
    if len(amounts) == 1 and re.search(r"\b(up to|max(imum)?|under)\b", text, re.IGNORECASE):
        low = None
    elif len(amounts) == 1 and re.search(
        r"\b(from|min(imum)?|starting at)\b|\d\s*[kK]?\+", cleaned
    ):
        high = None
    period = period_from_text(cleaned)
    if period is None and max(a for a in (low, high) if a is not None) >= 10_000:
        period = "year"
    return Salary(low, high, currency_from_text(cleaned), period)


def parse_datetime(value: object) -> datetime | None:
    """ISO 8601 strings, epoch seconds or milliseconds, or "3 days ago"; always aware UTC."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 10_000_000_000 else value
        return datetime.fromtimestamp(seconds, tz=UTC)
    text = str(value).strip()
    if re.fullmatch(r"\d{9,13}", text):
        return parse_datetime(int(text))
    relative = parse_relative_age(text)
    if relative is not None:
        return relative
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def parse_relative_age(text: str, now: datetime | None = None) -> datetime | None:
    """ "Posted 3 Days Ago", "30+ days ago", "today", "just posted" → a UTC datetime."""
    lowered = text.lower()
    now = now or datetime.now(UTC)
    if re.search(r"\b(today|just posted|just now)\b", lowered):
        return now
    if "yesterday" in lowered:
        return now - timedelta(days=1)
    found = re.search(r"(\d+)\+?\s*(minute|hour|day|week|month)s?\s+ago", lowered)
    if not found:
        found = re.search(r"^(\d+)\+?\s*(d|h|w)$", lowered)
    if not found:
        return None
    count, unit = int(found.group(1)), found.group(2)
    days = {
        "minute": 1 / 1440,
        "hour": 1 / 24,
        "h": 1 / 24,
        "day": 1,
        "d": 1,
        "week": 7,
        "w": 7,
        "month": 30,
    }
    return now - timedelta(days=count * days[unit])


def split_locations(text: str | None, separators: str = ";|") -> list[str]:
    """One location string with several places → a list, keeping "City, Region" intact."""
    if not text:
        return []
    parts = re.split("[" + re.escape(separators) + "]", text)
    cleaned = [" ".join(p.split()).strip(" ,") for p in parts]
    return [p for p in cleaned if p]


def valid_employment_types() -> tuple[str, ...]:
    return get_args(EmploymentType)
