"""The faithfulness validator: a tailored resume or letter may not state what the master doesn't.

This is the product's promise enforced in code, whatever a prompt says. Structure is
compared entry by entry (employer, title, dates, school, degree, certificate, project,
and any other field, which must be the master's own: a location, a GPA, an award); free
text is checked for numbers and metrics, coded tokens (p95, EC2), skills, degree
levels, certifications and capitalised names that the master never mentions. A small
synonym table (plus ``AJOB_VALIDATOR_SYNONYMS``) lets "Sr." stand for "Senior".

It errs on the side of rejecting: a false alarm costs one retry or the extractive
fallback, while a missed fabrication costs the candidate their credibility.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from jobs.skills import canonical_skill, extract_skills, spellings
from resumes.facts import (
    MasterFacts,
    coded_tokens,
    contact_texts,
    degree_levels,
    document_skill_names,
    document_texts,
    normal,
    number_mentions,
    numbers_in,
    word_key,
    words_in,
)

ViolationKind = Literal[
    "employer",
    "title",
    "school",
    "degree",
    "date",
    "skill",
    "number",
    "certification",
    "project",
    "name",
    "contact",
]

DEFAULT_SYNONYMS: Mapping[str, tuple[str, ...]] = {
    "senior": ("sr",),
    "junior": ("jr",),
    "engineer": ("eng", "engr"),
    "manager": ("mgr",),
    "developer": ("dev",),
    "and": ("&",),
    "vice president": ("vp",),
    "university": ("univ",),
}

_FREE_TEXT = frozenset(["summary", "description", "highlights"])
"""Fields read claim by claim by ``check_text``; every other field must be the master's own."""
_DATE_KEYS = frozenset(["startDate", "endDate", "date", "releaseDate"])
_NAMED_SECTIONS: Mapping[str, tuple[str, ViolationKind, str, frozenset[str]]] = {
    "certificates": ("name", "certification", "certificate", frozenset()),
    "projects": ("name", "project", "project", frozenset(["keywords"])),  # keywords: as skills
    "awards": ("title", "certification", "award", frozenset()),
    "publications": ("name", "project", "publication", frozenset()),
    "volunteer": ("organization", "employer", "volunteer organisation", frozenset()),
    "languages": ("language", "skill", "language", frozenset()),
    "interests": ("name", "skill", "interest", frozenset()),
    "references": ("name", "name", "reference", frozenset()),
}
"""Sections whose entries are matched to the master's by one field: that field, what a new
entry claims, what to call it, and fields checked elsewhere."""

_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z0-9&'’.+-]*[A-Za-z0-9+]|\b[A-Z]\b")
_SENTENCE_START = re.compile(r"(^|[.!?:;•\n]\s*|[-–—*]\s+|\(\s*)$")
_CERTIFIED = re.compile(
    r"((?:[A-Z][\w+-]*\s+){0,4}Certified(?:\s+[A-Z][\w+-]*|\s+[-–—]\s+[A-Z][\w+-]*){0,6})"
)
_CERTIFICATION_OF = re.compile(
    r"((?:[A-Z][\w+-]*\s+){1,5})(?:certification|certificate)\b|"
    r"\b(?:certification|certificate|certified)\s+(?:in|as|for)\s+((?:[A-Z][\w+-]*\s*){1,5})"
)
COMMON_CAPITALISED = frozenset(
    [
        "i",
        "i'm",
        "i've",
        "i'd",
        "i'll",
        "dear",
        "hello",
        "hi",
        "sincerely",
        "regards",
        "best",
        "thank",
        "thanks",
        "kind",
        "yours",
        "warm",
        "warmly",
        "team",
        "hiring",
        "manager",
        "recruiter",
        "mr",
        "mrs",
        "ms",
        "dr",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "present",
        "current",
        "today",
    ]
)


@dataclass(frozen=True)
class Violation:
    kind: ViolationKind
    path: str
    value: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class Validator:
    """Checks documents and texts against one master; build once per master, reuse freely."""

    def __init__(
        self,
        facts: MasterFacts,
        *,
        synonyms: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.facts = facts
        table: dict[str, str] = {}
        for key, alternatives in {**DEFAULT_SYNONYMS, **(synonyms or {})}.items():
            for alternative in alternatives:
                table[normal(alternative) or alternative] = normal(key)
        self._synonyms = table
        master = facts.document
        self._work = [_WorkEntry.of(w, self._fold) for w in master.get("work") or []]
        self._education = {normal(e.get("institution")): e for e in master.get("education") or []}
        self._certs = {normal(c.get("name")): c for c in master.get("certificates") or []}
        self._labels = {self._fold(master.get("basics", {}).get("label"))} | {
            w.position for w in self._work
        }
        location = (master.get("basics") or {}).get("location") or {}
        self._places = [
            *(str(w["location"]) for w in master.get("work") or [] if w.get("location")),
            ", ".join(str(location[k]) for k in ("city", "region") if location.get(k)),
        ]
        """Places the master names: "Boston, MA" is a state, not a Master of Arts."""
        self._contact = sorted(contact_texts(master), key=len, reverse=True)

    def _fold(self, text: str | None) -> str:
        words = normal(text).split()
        return " ".join(self._synonyms.get(w, w) for w in words)

    # --- whole documents -------------------------------------------------------------

    def check_document(
        self, document: Mapping[str, Any], *, allowed: Iterable[str] = ()
    ) -> list[Violation]:
        """Every claim in a tailored JSON Resume document that the master doesn't support."""
        allowed_list = list(allowed)
        found: list[Violation] = []
        found += self._check_basics(document.get("basics") or {})
        found += self._check_work(document.get("work") or [])
        found += self._check_education(document.get("education") or [])
        for section in _NAMED_SECTIONS:
            found += self._check_named(section, document.get(section) or [])
        for path, name in document_skill_names(document):
            if not self.facts.has_skill(name):
                found.append(
                    Violation("skill", path, name, f"skill {name!r} is not in the master resume")
                )
        for i, group in enumerate(document.get("skills") or []):
            for skill in sorted(extract_skills(str(group.get("name") or "")) - self.facts.skills):
                found.append(
                    Violation(
                        "skill", f"skills[{i}].name", skill, f"skill {skill!r} is not in the master"
                    )
                )
        for path, text in document_texts(document):
            if path == "basics.label":
                continue
            found += self.check_text(text, path=path, allowed=allowed_list)
        return found

    def _check_basics(self, basics: Mapping[str, Any]) -> list[Violation]:
        master = self.facts.document.get("basics") or {}
        found = _same_fields(basics, master, "basics", "contact", {"label"})
        label = basics.get("label")
        if label and self._fold(label) not in self._labels:
            found.append(
                Violation(
                    "title",
                    "basics.label",
                    str(label),
                    f"headline {label!r} is not a title the candidate has held",
                )
            )
        return found

    def _check_work(self, work: Sequence[Mapping[str, Any]]) -> list[Violation]:
        found = []
        for i, entry in enumerate(work):
            path = f"work[{i}]"
            name = str(entry.get("name") or "")
            matches = [w for w in self._work if w.employer == normal(name)]
            if not matches:
                found.append(
                    Violation(
                        "employer",
                        f"{path}.name",
                        name,
                        f"employer {name!r} is not in the master resume",
                    )
                )
                continue
            position = self._fold(entry.get("position"))
            same = [w for w in matches if w.position == position] or matches
            if position and all(w.position != position for w in matches):
                held = " or ".join(repr(w.raw_position) for w in matches)
                found.append(
                    Violation(
                        "title",
                        f"{path}.position",
                        str(entry.get("position")),
                        f"title {entry.get('position')!r} at {name} is not the master's {held}",
                    )
                )
            dates = (entry.get("startDate"), entry.get("endDate"))
            if all((w.start, w.end) != dates for w in same):
                master = same[0]
                key = "endDate" if dates[0] == master.start else "startDate"
                found.append(
                    Violation(
                        "date",
                        f"{path}.{key}",
                        f"{dates[0]}–{dates[1] or 'present'}",
                        f"dates at {name} ({dates[0]} to {dates[1] or 'present'}) differ from the "
                        f"master's ({master.start} to {master.end or 'present'})",
                    )
                )
            compared = {"name", "position", "startDate", "endDate"}
            found += _same_fields(entry, same[0].entry, path, "employer", compared)
        return found

    def _check_education(self, education: Sequence[Mapping[str, Any]]) -> list[Violation]:
        found = []
        for i, entry in enumerate(education):
            path = f"education[{i}]"
            school = str(entry.get("institution") or "")
            master = self._education.get(normal(school))
            if master is None:
                found.append(
                    Violation(
                        "school",
                        f"{path}.institution",
                        school,
                        f"school {school!r} is not in the master resume",
                    )
                )
                continue
            for key in ("studyType", "area"):
                if self._fold(entry.get(key)) != self._fold(master.get(key)):
                    found.append(
                        Violation(
                            "degree",
                            f"{path}.{key}",
                            str(entry.get(key)),
                            f"{key} {entry.get(key)!r} at {school} differs from "
                            f"the master's {master.get(key)!r}",
                        )
                    )
            for key in ("startDate", "endDate"):
                if entry.get(key) != master.get(key):
                    found.append(
                        Violation(
                            "date",
                            f"{path}.{key}",
                            str(entry.get(key)),
                            f"{key} at {school} differs from the master",
                        )
                    )
            compared = {"institution", "studyType", "area", "startDate", "endDate"}
            found += _same_fields(entry, master, path, "degree", compared)
        return found

    def _check_named(self, section: str, entries: Sequence[Mapping[str, Any]]) -> list[Violation]:
        key, kind, label, elsewhere = _NAMED_SECTIONS[section]
        masters = {normal(e.get(key)): e for e in self.facts.document.get(section) or []}
        found = []
        for i, entry in enumerate(entries):
            path = f"{section}[{i}]"
            master = masters.get(normal(entry.get(key)))
            if master is None:
                found.append(
                    Violation(
                        kind,
                        f"{path}.{key}",
                        str(entry.get(key)),
                        f"{label} {entry.get(key)!r} is not in the master resume",
                    )
                )
            else:
                found += _same_fields(entry, master, path, kind, {key, *elsewhere})
        return found

    # --- free text --------------------------------------------------------------------

    def check_text(
        self, text: str, *, path: str = "text", allowed: Iterable[str] = ()
    ) -> list[Violation]:
        """Claims in prose (a bullet, a summary, a letter) that the master doesn't support.

        ``allowed`` are texts the prose may name without them being claims about the
        candidate: the company and role applied to, the recipient.
        """
        allowed_list = [a for a in allowed if a]
        allowed_words = {w for a in allowed_list for w in words_in(a)}
        allowed_numbers = {n for a in allowed_list for n in numbers_in(a)}
        facts = self.facts
        found: list[Violation] = []

        claims = _without(text, self._contact)
        known = facts.numbers | allowed_numbers | facts.supports_years(claims)
        for value, written in number_mentions(claims):
            if value in known:
                continue
            known |= {value}  # each value reported once, as first written
            found.append(
                Violation(
                    "number", path, written, f"the number {written!r} is not in the master resume"
                )
            )
        coded = coded_tokens(text) - facts.coded - {w.lower() for w in allowed_words}
        for token in sorted(t for t in coded if canonical_skill(t) not in facts.skills):
            found.append(Violation("number", path, token, f"{token!r} is not in the master resume"))

        mentioned = extract_skills(text)
        for skill in sorted(extract_skills(_without(text, allowed_list)) - facts.skills):
            found.append(
                Violation("skill", path, skill, f"skill {skill!r} is not in the master resume")
            )
        stated_levels = degree_levels(_without(text, [*self._places, *allowed_list]))
        for level in sorted(stated_levels - facts.degree_levels):
            found.append(
                Violation("degree", path, level, f"a {level} degree is not in the master resume")
            )
        found += self._certifications_in(text, path)
        reported_words = {w for v in found for w in words_in(v.value)}
        # A skill the master has may be written as the job writes it ("JavaScript", "CI/CD").
        skill_words = {
            w for skill in mentioned & facts.skills for s in spellings(skill) for w in words_in(s)
        }
        found += self._names_in(text, path, allowed_words | reported_words | skill_words)
        return found

    def _certifications_in(self, text: str, path: str) -> list[Violation]:
        found = []
        master_text = " ".join(self._certs)
        phrases = [m.group(1) for m in _CERTIFIED.finditer(text)]
        for match in _CERTIFICATION_OF.finditer(text):
            phrases.append(match.group(1) or match.group(2) or "")
        for phrase in phrases:
            folded = normal(phrase)
            if folded and folded not in master_text:
                found.append(
                    Violation(
                        "certification",
                        path,
                        phrase.strip(),
                        f"certification {phrase.strip()!r} is not in the master resume",
                    )
                )
        return found

    def _names_in(self, text: str, path: str, allowed_words: set[str]) -> list[Violation]:
        known = self.facts.words | allowed_words | COMMON_CAPITALISED
        found: list[Violation] = []
        seen: set[str] = set()
        for match in _CAPITALISED.finditer(text):
            word = match.group(0).rstrip(".")
            key = word_key(word)
            if key in known or key in seen or _SENTENCE_START.search(text[: match.start()]):
                continue
            if key.isdigit() or key in self._synonyms:
                continue
            seen.add(key)
            after_at = re.search(r"\b(at|joined|for|with)\s+$", text[: match.start()])
            kind: ViolationKind = "employer" if after_at else "name"
            found.append(
                Violation(
                    kind, path, word, f"the name {word!r} does not appear in the master resume"
                )
            )
        return found


def _same_fields(
    entry: Mapping[str, Any],
    master: Mapping[str, Any],
    path: str,
    kind: ViolationKind,
    checked: set[str],
) -> list[Violation]:
    """The fields no other check reads (a location, a GPA, a URL): each must be the master's;
    a list may leave items out but not add any."""
    found = []
    for key, value in entry.items():
        if key in checked or key in _FREE_TEXT or value in (None, "", [], {}):
            continue
        theirs = master.get(key)
        if isinstance(value, list):
            added = [v for v in value if v not in (theirs or [])]
        else:
            added = [] if value == theirs else [value]
        for item in added:
            found.append(
                Violation(
                    "date" if key in _DATE_KEYS else kind,
                    f"{path}.{key}",
                    str(item),
                    f"{key} {item!r} is not what the master resume says",
                )
            )
    return found


def _without(text: str, phrases: Iterable[str]) -> str:
    """``text`` with each phrase blanked out, so what it contains is not read as a claim."""
    for phrase in phrases:
        if phrase:
            text = text.replace(phrase, " ")
    return text


@dataclass(frozen=True)
class _WorkEntry:
    employer: str
    position: str
    raw_position: str | None
    start: str | None
    end: str | None
    entry: Mapping[str, Any] = field(compare=False, hash=False)

    @classmethod
    def of(cls, work: Mapping[str, Any], fold: Any) -> _WorkEntry:
        return cls(
            employer=normal(work.get("name")),
            position=fold(work.get("position")),
            raw_position=work.get("position"),
            start=work.get("startDate"),
            end=work.get("endDate"),
            entry=work,
        )


def validator_for(
    document: Mapping[str, Any], synonyms: Mapping[str, Sequence[str]] | None = None
) -> Validator:
    return Validator(MasterFacts.of(document), synonyms=synonyms)
