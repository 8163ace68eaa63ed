"""Deciding when two postings are the same job, across platforms and reposts.

Three signals, strongest first:
1. the same (platform, external_id): the same posting, seen again;
2. the same canonical URL, of either the posting or its apply link (aggregators
   often link straight to the ATS posting);
3. the same content fingerprint: company and normalised title match exactly (the
   blocking key stored in ``jobs.fingerprint``), the locations are compatible, and
   the descriptions open with near-duplicate text by SimHash. Aggregators trim
   descriptions, so a description too short to compare neither proves nor disproves
   a match.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np
import xxhash

from adapters.job import Job
from db.enums import WorkplaceType

SIMHASH_MAX_DISTANCE = 8
"""Hamming distance (of 64 bits) under which two long descriptions count as the same text."""
COMPARED_WORDS = 128
"""The SimHash covers a description's opening words. Copies that aggregators trimmed
still share them; a text shorter than this is a snippet and is not compared."""

_COMPANY_SUFFIXES = re.compile(
    r"\b(inc|incorporated|llc|l\.l\.c|ltd|limited|gmbh|corp|corporation|co|plc|sa|ag|bv|oy|ab)\b\.?",
    re.IGNORECASE,
)
_TITLE_NOISE = re.compile(
    r"\(.*?\)|\[.*?\]|\s[-–|/]\s*(remote|hybrid|onsite|on-site).*$", re.IGNORECASE
)
_TITLE_WORDS = {
    "sr": "senior", "snr": "senior", "jr": "junior", "eng": "engineer", "engr": "engineer",
    "swe": "software engineer", "dev": "developer", "mgr": "manager", "ml": "machine learning",
    "ii": "2", "iii": "3", "iv": "4",
}  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+")


def normalise_company(name: str) -> str:
    return " ".join(_WORD.findall(_COMPANY_SUFFIXES.sub(" ", name.lower())))


def normalise_title(title: str) -> str:
    words = _WORD.findall(_TITLE_NOISE.sub(" ", title.lower()))
    return " ".join(_TITLE_WORDS.get(w, w) for w in words)


def fingerprint(company: str, title: str) -> str:
    """The blocking key: same company, same normalised title."""
    key = f"{normalise_company(company)}|{normalise_title(title)}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:32]


def simhash(text: str) -> int | None:
    """A 64-bit SimHash of the words of ``text`` as a signed integer (it fits BIGINT).

    None when the text is too short to say anything about.
    """
    words = _WORD.findall(text[: COMPARED_WORDS * 12].lower())
    if len(words) < COMPARED_WORDS:
        return None
    features = set(words[:COMPARED_WORDS])
    hashes = np.fromiter(map(xxhash.xxh64_intdigest, features), dtype=">u8", count=len(features))
    counts = np.unpackbits(hashes.view(np.uint8)).reshape(-1, 64).sum(axis=0)
    value = int.from_bytes(np.packbits(counts * 2 > len(features)).tobytes(), "big")
    return value - (1 << 64) if value >= 1 << 63 else value


def hamming(a: int, b: int) -> int:
    return ((a ^ b) & ((1 << 64) - 1)).bit_count()


def places_of(locations: list[str]) -> set[str]:
    places: set[str] = set()
    for location in locations:
        head = location.lower().split(",")[0]
        head = re.sub(r"\b(remote|hybrid|onsite|on-site|in|work|from|home)\b|[()]", " ", head)
        if head.strip():
            places.add(" ".join(head.split()))
    return places


@dataclass(frozen=True)
class ContentKey:
    """What the content comparison needs of a job, stored or incoming."""

    fingerprint: str
    simhash: int | None
    places: frozenset[str]
    remote: bool

    @classmethod
    def of(cls, job: Job) -> ContentKey:
        return cls(
            fingerprint=fingerprint(job.company, job.title),
            simhash=simhash(job.description_text),
            places=frozenset(places_of(job.locations)),
            remote=job.workplace_type is WorkplaceType.REMOTE,
        )

    def same_job(self, other: ContentKey) -> bool:
        if self.fingerprint != other.fingerprint:
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
