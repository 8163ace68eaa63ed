"""Deciding when two postings are the same job, across platforms and reposts.

Three signals, strongest first:
1. the same (platform, external_id): the same posting, seen again;
2. the same canonical URL, of either the posting or its apply link (aggregators
   often link straight to the ATS posting);
3. the same content: the normalised titles are equal and the companies agree (the
   blocking key in ``jobs.fingerprint`` is the title plus the company's first letters,
   because Lever and Ashby only name the company by its board slug: "orchard" must
   match "Orchard Learning, PBC"), the locations are compatible, and the descriptions
   open with near-duplicate text by SimHash. Aggregators trim and re-flow
   descriptions, so a description too short to compare neither proves nor disproves a
   match.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np
import xxhash

from adapters.job import Job
from db.enums import WorkplaceType

SIMHASH_MAX_DISTANCE = 16
"""Hamming distance (of 64 bits) under which two descriptions count as the same text.
Unrelated texts sit near 32; a republished copy with a re-flowed opening near 10."""
COMPARED_WORDS = 128
"""The SimHash covers a description's opening words. Copies that aggregators trimmed
still share them; a text shorter than this is a snippet and is not compared."""
COMPANY_KEY_LETTERS = 4

_COMPANY_SUFFIXES = re.compile(
    r"\b(inc|incorporated|llc|l\.l\.c|ltd|limited|gmbh|corp|corporation|co|plc|sa|ag|bv|oy|ab|pbc)\b\.?",
    re.IGNORECASE,
)
_PARENS = re.compile(r"\(.*?\)|\[.*?\]")
_LEADING_THE = re.compile(r"^\s*the\s+", re.IGNORECASE)
_TITLE_NOISE = re.compile(
    r"\(.*?\)|\[.*?\]|\s*[-–|/,]\s*(remote|hybrid|onsite|on-site)\b.*$|^\s*(remote|hybrid)\s+",
    re.IGNORECASE,
)
_TITLE_WORDS = {
    "sr": "senior", "snr": "senior", "jr": "junior", "eng": "engineer", "engr": "engineer",
    "swe": "software engineer", "dev": "developer", "mgr": "manager", "ml": "machine learning",
    "ii": "2", "iii": "3", "iv": "4",
}  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+")
_ALNUM = b"abcdefghijklmnopqrstuvwxyz0123456789"
_WORD_BYTES = bytes(c if c in _ALNUM else 32 for c in range(256))
"""``_WORD``'s words as the UTF-8 bytes between separators: translate and split find the same
words as the regex, in under half its time, and a word hashes the same as str or bytes."""


def normalise_company(name: str) -> str:
    cleaned = _COMPANY_SUFFIXES.sub(" ", _LEADING_THE.sub("", _PARENS.sub(" ", name.lower())))
    return " ".join(_WORD.findall(cleaned))


def company_key(name: str) -> str:
    """The company with spaces removed: a board slug and the full name then share a prefix."""
    return normalise_company(name).replace(" ", "")


def companies_agree(a: str, b: str) -> bool:
    """``a`` and ``b`` are company keys; one must be a prefix of the other."""
    return bool(a) and bool(b) and (a.startswith(b) or b.startswith(a))


def normalise_title(title: str) -> str:
    words = _WORD.findall(_TITLE_NOISE.sub(" ", title.lower()))
    return " ".join(_TITLE_WORDS.get(w, w) for w in words)


def fingerprint(company: str, title: str) -> str:
    """The blocking key: the same normalised title, company names that start alike."""
    key = f"{company_key(company)[:COMPANY_KEY_LETTERS]}|{normalise_title(title)}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:32]


def simhash(text: str) -> int | None:
    """A 64-bit SimHash of the opening words of ``text``, signed so it fits a BIGINT.

    None when the text is too short to say anything about.
    """
    words = text[: COMPARED_WORDS * 12].lower().encode().translate(_WORD_BYTES).split()
    if len(words) < COMPARED_WORDS:
        return None
    features = set(words[:COMPARED_WORDS])
    hashes = np.fromiter(map(xxhash.xxh64_intdigest, features), dtype=">u8", count=len(features))
    counts = np.unpackbits(hashes.view(np.uint8)).reshape(-1, 64).sum(axis=0)
    value = int.from_bytes(np.packbits(counts * 2 > len(features)).tobytes(), "big")
    return value - (1 << 64) if value >= 1 << 63 else value


def hamming(a: int, b: int) -> int:
    return ((a ^ b) & ((1 << 64) - 1)).bit_count()


_PLACE_ALIASES = {
    "usa": "us", "united states": "us", "united states of america": "us", "u s": "us",
    "united kingdom": "uk", "great britain": "uk", "england": "uk",
    "eu": "europe", "european union": "europe", "emea": "europe",
}  # fmt: skip
_PLACE_NOISE = re.compile(r"\b(remote|hybrid|onsite|on-site|in|work|from|home|only)\b|[()]")


def places_of(locations: list[str]) -> set[str]:
    """The city (or country, or region) part of each location, without remote/hybrid wording.

    "Remote (US)" and "United States" both give "us", so a remote job that one board
    labels by country and another by workplace still agrees on place.
    """
    places: set[str] = set()
    for location in locations:
        head = location.lower().split(",")[0]
        if "(" in location and _PLACE_NOISE.sub(" ", head).strip() == "":
            head = location.lower()
        head = " ".join(_PLACE_NOISE.sub(" ", head).replace(".", " ").split())
        if head:
            places.add(_PLACE_ALIASES.get(head, head))
    return places


@dataclass(frozen=True)
class ContentKey:
    """What the content comparison needs of a job, stored or incoming."""

    fingerprint: str
    company: str
    simhash: int | None
    places: frozenset[str]
    remote: bool

    @classmethod
    def of(cls, job: Job) -> ContentKey:
        return cls(
            fingerprint=fingerprint(job.company, job.title),
            company=company_key(job.company),
            simhash=simhash(job.description_text),
            places=frozenset(places_of(job.locations)),
            remote=job.workplace_type is WorkplaceType.REMOTE,
        )

    def same_job(self, other: ContentKey) -> bool:
        if self.fingerprint != other.fingerprint or not companies_agree(
            self.company, other.company
        ):
            return False
        places_agree = (
            not self.places
            or not other.places
            or bool(self.places & other.places)
            or (self.remote and other.remote)
        )
        if not places_agree:
            return False
        if self.simhash is None or other.simhash is None:
            return True
        return hamming(self.simhash, other.simhash) <= SIMHASH_MAX_DISTANCE
