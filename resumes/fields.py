"""The parts of a resume line: separators, links, places, and what names a role or a firm.

Resume headers pack several facts into one line ("Senior Engineer — Tidewater
Analytics | San Francisco, CA"). These helpers cut such a line into its parts and say
what each part most likely is, using only the words written.
"""

from __future__ import annotations

import re

from resumes.vocabulary import (
    COMPANY_WORDS,
    COUNTRY_CODES,
    INSTITUTION_WORDS,
    REGIONS,
    ROLE_WORDS,
    SENIORITY_WORDS,
)

STRONG_SEPARATOR = re.compile(r"\s*—\s*|\s+[–-]+\s+|\s*[|·•●∙⋅◦▪♦]\s*|\t|\s{2,}")
_AT = re.compile(r"\s+(?:at|@)\s+", re.IGNORECASE)
_COMMA = re.compile(r"\s*,\s+")

EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_TLDS = (
    "com|org|net|io|dev|me|app|co|ai|tech|site|page|blog|info|xyz|cloud|codes|design|"
    "engineer|us|uk|de|fr|nl|ca|in|eu|es|it|se|ch|au|nz|ie|pl|pt|br|jp|sg|ly|cc|fm"
)
URL = re.compile(
    r"(?:https?://|www\.)[^\s<>()|,;\"']+[^\s<>()|,;\"'.]"
    rf"|(?<![@\w.-])(?:[a-z0-9-]+\.)+(?:{_TLDS})(?:/[^\s<>()|,;\"']*[^\s<>()|,;\"'.])?(?![\w@-])",
    re.IGNORECASE,
)
PHONE = re.compile(
    r"(?<![\w+])(?:\+|00)?\(?\d[\d\s().\-/]{5,}\d(?:\s*(?:x|ext\.?)\s*\d{1,5})?(?!\w)"
)
_LEGAL_SUFFIX = re.compile(
    r"^(?:inc\.?|llc|l\.l\.c\.|ltd\.?|corp\.?|co\.|gmbh|ag|s\.a\.|sa|plc|llp|bv|b\.v\.|n\.v\."
    r"|pty\.? ltd\.?)$",
    re.IGNORECASE,
)
_EMPLOYMENT_TYPE = re.compile(
    r"^(?:full[- ]?time|part[- ]?time|contract(?:or)?|freelance|temporary|permanent|"
    r"internship|remote|hybrid|on[- ]?site|in[- ]office|self[- ]employed)$",
    re.IGNORECASE,
)

_PLACE_PART = re.compile(r"^[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2}$")
_REMOTE = re.compile(r"^(?:remote|hybrid|on[- ]?site)(?:\s*[(,-]\s*[\w ,]+\)?)?$", re.IGNORECASE)


def words(text: str) -> list[str]:
    return re.findall(r"[\w.&'-]+", text.lower())


def _head_word(found: list[str]) -> str:
    """The last word, levels ("II", "L5") aside: titles end in a role, firms in their kind."""
    kept = [w for w in found if not re.fullmatch(r"[ivx]+|\d+|l\d+|level", w)]
    return kept[-1] if kept else ""


def role_score(text: str) -> float:
    """How much a part reads like a job title ("Senior Backend Engineer")."""
    found = words(text)
    return (
        sum(1.0 for w in found if w in ROLE_WORDS)
        + sum(0.5 for w in found if w in SENIORITY_WORDS)
        + (2.0 if _head_word(found) in ROLE_WORDS else 0.0)
    )


def company_score(text: str) -> float:
    """How much a part reads like an organisation ("Tidewater Analytics, Inc.")."""
    found = words(text)
    return (
        sum(1.0 for w in found if w in COMPANY_WORDS)
        + (1.0 if INSTITUTION_WORDS.search(text) else 0.0)
        + (2.0 if _head_word(found) in COMPANY_WORDS else 0.0)
    )


def is_institution(text: str) -> bool:
    return bool(INSTITUTION_WORDS.search(text))


def is_employment_type(text: str) -> bool:
    return bool(_EMPLOYMENT_TYPE.match(text.strip(" ()")))


def is_place(text: str, *, known_region: bool = True) -> bool:
    """ "San Francisco, CA", "Berlin, Germany" or "Remote": a place, not a title or a firm.

    By default the last part must be a region code, a US state or a country this module
    knows; ``known_region=False`` accepts any capitalised "City, Region", for places
    where nothing else is expected (what is left of a contact line).
    """
    value = text.strip(" ()")
    if _REMOTE.match(value):
        return True
    parts = _COMMA.split(value)
    if not 2 <= len(parts) <= 3 or re.search(r"\d", value):
        return False
    if not all(_PLACE_PART.match(part) for part in parts):
        return False
    known = _region(parts[-1])
    if known_region and not known:
        return False
    firm = company_score(value if not known else parts[0]) > 0 and len(parts) > 2
    return role_score(value) == 0 and not firm and (known or company_score(value) == 0)


def _region(text: str) -> bool:
    """A state or country as written after a city: "CA", "USA", "Texas", "Germany"."""
    lower = text.strip().lower()
    return (
        bool(re.fullmatch(r"[A-Z]{2,3}", text.strip()))
        or lower in COUNTRY_CODES
        or lower in REGIONS
    )


def split_strong(text: str) -> list[str]:
    """Parts of a line cut at dashes, bars, dots and wide gaps (never at commas)."""
    return [part.strip(" ,;:") for part in STRONG_SEPARATOR.split(text) if part.strip(" ,;:")]


def split_commas(text: str) -> list[str]:
    """Parts cut at commas, keeping "Inc." and other legal suffixes with their firm."""
    parts: list[str] = []
    for part in _COMMA.split(text):
        if parts and _LEGAL_SUFFIX.match(part.strip()):
            parts[-1] = f"{parts[-1]}, {part.strip()}"
        elif part.strip():
            parts.append(part.strip())
    return parts


def split_at(text: str) -> list[str] | None:
    """ "Engineer at Tidewater" as [title, company]; None when the line has no "at"."""
    parts = _AT.split(text, maxsplit=1)
    if len(parts) == 2 and role_score(parts[0]) > 0:
        return [parts[0].strip(), parts[1].strip()]
    return None


def take_trailing_place(text: str) -> tuple[str, str | None]:
    """ "Tidewater Analytics, San Francisco, CA" → ("Tidewater Analytics", "San Francisco, CA")."""
    parts = _COMMA.split(text.strip())
    if len(parts) >= 3 and _region(parts[-1]):
        place = f"{parts[-2]}, {parts[-1]}"
        if is_place(place):
            return ", ".join(parts[:-2]), place
    return text, None


def take_urls(text: str) -> tuple[list[str], str]:
    """The links in a line (absolute, with a scheme), and the line without them."""
    found: list[str] = []

    def keep(match: re.Match[str]) -> str:
        found.append(absolute_url(match.group(0)))
        return " "

    rest = URL.sub(keep, EMAIL.sub(lambda m: m.group(0).replace(".", "\0"), text))
    return found, rest.replace("\0", ".")


def absolute_url(url: str) -> str:
    url = url.strip().rstrip("/.")
    return url if re.match(r"https?://", url, re.IGNORECASE) else f"https://{url}"


def squash(text: str) -> str:
    """White space folded, stray separators trimmed from the ends."""
    text = re.sub(r"\(\s*\)|\[\s*\]", " ", text)
    return re.sub(r"\s+", " ", text).strip(" ,;|·•-–—:")


def split_commas_outside_brackets(text: str) -> list[str]:
    """A list written on one line ("Python, Go (Gin, Echo); SQL") as its items."""
    items: list[str] = []
    depth = 0
    current = ""
    for char in text:
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth = max(0, depth - 1)
        if depth == 0 and char in ",;|·•":
            items.append(current)
            current = ""
        else:
            current += char
    items.append(current)
    return [item for item in (squash(i).rstrip(".") for i in items) if item]


def close_letter_spacing(text: str) -> str:
    """ "S K I L L S" or "W O R K   E X P E R I E N C E" as the words they spell."""
    gapped = [part.split() for part in re.split(r"\s{2,}", text.strip())]
    if all(len(part) >= 2 and all(len(t) <= 2 for t in part) for part in gapped):
        return " ".join("".join(part) for part in gapped)
    return text
