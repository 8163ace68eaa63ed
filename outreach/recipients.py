"""Who an outreach message goes to: the person the posting names, or one the user supplies.

The posting is untrusted text. It is only read here, by patterns: a labelled contact
("Recruiter: Jane Doe (jane@acme.com)", "the hiring manager is Jane Doe"), a name beside
an address ("Jane Doe <jane@acme.com>"), an address near a word that makes it a contact
("contact jane@acme.com"), and ``mailto:`` links with their text. Nothing in it is
followed. Role inboxes that are not a person to write to (privacy, accommodations,
no-reply) are never chosen; a name must look like a person's name, so a sentence cannot
ride into the greeting or the To header.
"""

from __future__ import annotations

import re
from typing import Literal

import lxml.etree
import lxml.html
from pydantic import BaseModel

from adapters.normalize import html_to_text, unescape_html_entities
from core.errors import InputError
from resumes.fields import EMAIL

RecipientSource = Literal["posting", "user"]

_ROLE = (
    r"(?P<role>recruiter|recruiting (?:partner|lead|manager|coordinator|contact)"
    r"|talent (?:acquisition )?(?:partner|lead|manager|specialist|contact)"
    r"|hiring (?:manager|lead|contact)|point of contact|contact person|contact)"
)
_NAME_WORD = r"[A-Z][a-zA-Z'’-]+"
_NAME = rf"(?-i:(?<![\w'’-])(?P<name>{_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|[A-Z]\.)){{0,3}}))"
"""Capitalised words on one line, matched case-sensitively even inside an IGNORECASE pattern."""
_EMAIL = EMAIL.pattern

_LABELLED = re.compile(
    rf"\b{_ROLE}\b[^.\n:@]{{0,40}}?(?:[:,\-–—]|\bis\b|\bwill be\b)\s*{_NAME}"
    rf"(?:[^\n@]{{0,12}}?(?P<email>{_EMAIL}))?",
    re.IGNORECASE,
)
_NAME_BESIDE_EMAIL = re.compile(
    rf"{_NAME}\s*(?:[(<\[]\s*(?:mailto:)?|\s+at\s+|:\s*)(?P<email>{_EMAIL})"
)
_CONTACT_WORDS = re.compile(
    r"\b(?:contact|reach out|reach|e-?mail|write to|questions|send|recruit\w*|hiring|talent)\b",
    re.IGNORECASE,
)

_NOT_NAME_WORDS = """the our your their this that these please we you team talent recruiting
    hiring manager recruiter contact email e-mail mail apply send reach questions about for and or
    with at to from job role position company careers hr people dear hi hello thanks note
    if any all more info information us me them here there who what when where why how
    online now today below above"""
_NOT_A_NAME = frozenset(_NOT_NAME_WORDS.split())
"""Words that start or fill a matched phrase but are not part of a person's name."""

_NOT_A_PERSON = re.compile(
    r"^(?:no-?reply|do-?not-?reply|donotreply|privacy|dpo|gdpr|legal|security|abuse|"
    r"accommodations?|accessibility|ada|eeo|benefits|payroll|billing|invoices?|support|"
    r"help|info|press|media|sales|marketing|webmaster|postmaster|admin)(?:[._+-].*)?$",
    re.IGNORECASE,
)
"""Inboxes a posting names for something other than the job: never an outreach recipient."""
_ROLE_INBOX = re.compile(
    r"^(?:jobs?|careers?|recruit\w*|talent|hr|hiring|people|apply|applications?)(?:[._+-].*)?$",
    re.IGNORECASE,
)
"""Shared hiring inboxes: usable when the posting names nobody, after any named person."""

MAX_NAME_CHARS = 80


class Recipient(BaseModel):
    name: str | None = None
    email: str | None = None
    role: str | None = None
    """What the posting calls them: "recruiter", "hiring manager"…"""
    source: RecipientSource = "posting"

    @property
    def first_name(self) -> str | None:
        return self.name.split()[0] if self.name else None


def clean_email(value: str) -> str:
    """One address, as a user typed it or a posting wrote it; anything else is refused."""
    text = value.strip().removeprefix("mailto:").split("?")[0].strip()
    if not EMAIL.fullmatch(text):
        raise InputError(f"{value.strip()[:80]!r} is not an email address; use e.g. jane@acme.com")
    return text


def clean_name(value: str) -> str:
    """A user-supplied name: one line, no angle brackets, short enough for a header."""
    text = " ".join(value.split())
    if not text or any(c in value for c in "\r\n<>@") or len(text) > MAX_NAME_CHARS:
        raise InputError(
            f"{text[:40]!r} is not a person's name; give the name alone, e.g. 'Jane Doe'"
        )
    return text


def _person_name(raw: str | None) -> str | None:
    """The name inside a matched phrase, without leading or trailing non-name words."""
    if not raw:
        return None
    words = raw.split()
    if words and words[0].lower().strip(".") in _NOT_A_NAME:
        words.pop(0)  # "Email Jane Doe at …"; two such words are a sentence, not a name
    while words and words[-1].lower().strip(".") in _NOT_A_NAME:
        words.pop()
    if not words or any(w.lower().strip(".") in _NOT_A_NAME for w in words):
        return None
    name = " ".join(words)
    return name if len(name) <= MAX_NAME_CHARS else None


def _usable(email: str | None) -> bool:
    return email is not None and not _NOT_A_PERSON.match(email.split("@")[0])


def _mailto_links(html: str) -> list[tuple[str | None, str]]:
    """(link text when it is a name, address) of every mailto: link."""
    try:
        root = lxml.html.fragment_fromstring(unescape_html_entities(html), create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return []
    found: list[tuple[str | None, str]] = []
    for link in root.iter("a"):
        href = str(link.get("href") or "")
        if not href.lower().startswith("mailto:"):
            continue
        address = EMAIL.search(href)
        if address is None:
            continue
        text = " ".join(link.text_content().split())
        found.append((_person_name(text) if not EMAIL.search(text) else None, address.group(0)))
    return found


class _Found:
    def __init__(self) -> None:
        self.by_email: dict[str, Recipient] = {}
        self.named: list[Recipient] = []
        self.score: dict[int, float] = {}
        self.order: dict[int, int] = {}

    def add(self, name: str | None, email: str | None, role: str | None, score: float) -> None:
        if email is not None and not _usable(email):
            return
        key = email.lower() if email else None
        if key is not None and key in self.by_email:
            found = self.by_email[key]
            found.name = found.name or name
            found.role = found.role or role
        elif key is None and any(r.name == name for r in self.named):
            found = next(r for r in self.named if r.name == name)
            found.role = found.role or role
        else:
            found = Recipient(name=name, email=email, role=role)
            self.order[id(found)] = len(self.order)
            if key is not None:
                self.by_email[key] = found
            else:
                self.named.append(found)
        self.score[id(found)] = self.score.get(id(found), 0.0) + score

    def ranked(self) -> list[Recipient]:
        people = list(self.by_email.values())
        for named in self.named:
            match = next((p for p in people if _same_person(p.name, named.name)), None)
            if match is None:
                match = _by_local_part(people, named.name or "")
            if match is not None:
                match.name = max(match.name or "", named.name or "", key=len) or None
                match.role = match.role or named.role
                self.score[id(match)] += self.score[id(named)]
            else:
                people.append(named)

        def rank(r: Recipient) -> tuple[float, int]:
            score = self.score[id(r)] + (2 if r.email else 0) + (1 if r.name else 0)
            if r.email and _ROLE_INBOX.match(r.email.split("@")[0]) and not r.name:
                score -= 2
            return (-score, self.order[id(r)])

        return sorted(people, key=rank)


def _same_person(one: str | None, other: str | None) -> bool:
    """ "Alex" and "Alex Kim" are one person when a posting names both."""
    if not one or not other:
        return False
    a, b = one.lower().split(), other.lower().split()
    short, long = sorted((a, b), key=len)
    return long[: len(short)] == short


def _by_local_part(people: list[Recipient], name: str) -> Recipient | None:
    """The unnamed address that spells this name ("jane.doe@", "jdoe@", "jane@")."""
    parts = [re.sub(r"[^a-z]", "", p.lower()) for p in name.split()]
    parts = [p for p in parts if len(p) > 1]
    if not parts:
        return None
    first, last = parts[0], parts[-1]
    spellings = {first, f"{first}.{last}", f"{first}{last}", f"{first[0]}{last}", f"{first}_{last}"}
    for person in people:
        if person.name is None and person.email and person.email.split("@")[0].lower() in spellings:
            return person
    return None


def find_recipients(text: str | None, html: str | None = None) -> list[Recipient]:
    """Everyone the posting names as a contact, the most likely recipient first."""
    body = text or ""
    if html and not body.strip():
        body = html_to_text(unescape_html_entities(html))
    found = _Found()
    for match in _LABELLED.finditer(body):
        name = _person_name(match.group("name"))
        role = match.group("role").lower()
        if name is not None or match.group("email"):
            found.add(name, match.group("email"), role, 4.0 if role != "contact" else 3.0)
    for match in _NAME_BESIDE_EMAIL.finditer(body):
        found.add(_person_name(match.group("name")), match.group("email"), None, 2.0)
    for line in body.splitlines():
        for sentence in re.split(r"(?<=[.!?])\s+", line):
            near = 1.0 if _CONTACT_WORDS.search(sentence) else 0.0
            for address in EMAIL.findall(sentence):
                found.add(None, address, None, near)
    for name, address in _mailto_links(html or ""):
        found.add(name, address, None, 1.0)
    return found.ranked()


def choose_recipient(
    text: str | None,
    html: str | None = None,
    *,
    name: str | None = None,
    email: str | None = None,
) -> Recipient | None:
    """The user's recipient when given (completed from the posting), else the posting's best.

    A recipient without an address can still be greeted in a draft; sending needs one.
    """
    user_name = clean_name(name) if name else None
    user_email = clean_email(email) if email else None
    found = find_recipients(text, html)
    if user_email is not None:
        same = next((r for r in found if r.email and r.email.lower() == user_email.lower()), None)
        return Recipient(
            name=user_name or (same.name if same else None),
            email=user_email,
            role=same.role if same else None,
            source="user",
        )
    if user_name is not None:
        same = next((r for r in found if r.name and r.name.lower() == user_name.lower()), None)
        return Recipient(
            name=user_name,
            email=same.email if same else None,
            role=same.role if same else None,
            source="user",
        )
    return found[0] if found else None
