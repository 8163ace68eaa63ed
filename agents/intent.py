"""Reading a chat message without a model: which things it asks for, and their arguments.

The offline provider has no model to understand language, so the common requests are read
with rules: the message is split into clauses at "and", "then" or a comma followed by a
verb ("find python jobs and tailor my resume for the best one, then fill the form"), each
clause gets one intent, and its arguments are picked out of the words (a job id, "the
second one", a place, "remote", a platform, a recipient, a quoted question). The supervisor
plans a turn from the intents and the offline agent model turns them into tool calls, so
both read a message the same way. Anything the rules do not recognise is reported back as
something that needs a model, rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from adapters.registry import known_sources
from db.enums import ApplicationStatus
from jobs.skills import canonical_skill

Intent = Literal[
    "search",
    "list",
    "show",
    "rank",
    "tailor",
    "cover_letter",
    "answer",
    "inspect",
    "apply",
    "status",
    "applications",
    "draft_outreach",
    "send_outreach",
]
AgentName = Literal["search", "resume", "form_fill", "outreach"]
AGENTS: tuple[AgentName, ...] = ("search", "resume", "form_fill", "outreach")

AGENT_OF: dict[Intent, AgentName] = {
    "search": "search",
    "list": "search",
    "show": "search",
    "rank": "search",
    "tailor": "resume",
    "cover_letter": "resume",
    "answer": "resume",
    "inspect": "form_fill",
    "apply": "form_fill",
    "status": "form_fill",
    "applications": "form_fill",
    "draft_outreach": "outreach",
    "send_outreach": "outreach",
}

NEEDS_JOB: frozenset[Intent] = frozenset(
    {"show", "tailor", "cover_letter", "inspect", "apply", "draft_outreach"}
)
"""Intents that act on one job: without an id in the clause, the job in focus is used."""

_VERBS = (
    "find|search|look|hunt|get|fetch|rank|score|list|show|display|tell|check|open|read|"
    "tailor|customi[sz]e|adapt|rewrite|write|draft|compose|prepare|answer|fill|inspect|"
    "preview|apply|submit|send|email|e-mail|contact|reach|message|what|which|how|where|"
    "give|make|create|do|negotiate|compare|schedule|book|call|remind|translate|summari[sz]e|"
    "explain|help|ask|cancel|withdraw|delete|remove|update|change|set|save|track|review|"
    "research|plan|decline|accept|follow"
)
_CLAUSE_BREAK = re.compile(
    rf"\s*(?:[;.!?]+\s+|,\s*(?:and\s+)?(?:then\s+)?(?=(?:please\s+)?(?:{_VERBS})\b)|"
    rf"\s+(?:and\s+then|then|after\s+that|and\s+also|also|and)\s+(?=(?:please\s+)?(?:{_VERBS})\b))",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"\"([^\"]+)\"|“([^”]+)”|'([^']{6,})'")

UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I)
_SOURCE_NAMES = "|".join(sorted(known_sources(), key=len, reverse=True))
_PLATFORM_REF = re.compile(rf"\b({_SOURCE_NAMES}):([\w./-]+)", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

_ORDINALS = {
    "best": 0, "top": 0, "first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2,
    "fourth": 3, "4th": 3, "fifth": 4, "5th": 4,
}  # fmt: skip
_ORDINAL = re.compile(
    rf"\b(?:the\s+)?({'|'.join(_ORDINALS)})\s+(?:one|job|match|result|role|position|posting|"
    r"opening|hit)\b|(?:#|\bnumber\s+|\bno\.\s*)(\d{1,2})\b",
    re.IGNORECASE,
)

_JOB_NOUN = r"(?:jobs?|roles?|positions?|openings?|vacanc(?:y|ies)|postings?|listings?|gigs?|opportunit(?:y|ies)|work)"  # noqa: E501
_RULE_TEXT: tuple[tuple[Intent, str], ...] = (
    ("send_outreach", r"\bsend\b(?!.*\bapplication)"),
    ("apply", r"\b(?:apply|submit)\b|\bsend\b.*\bapplication\b"),
    (
        "draft_outreach",
        r"\b(?:write|draft|compose|prepare)\b.*\b(?:recruiters?|hiring\s+managers?|"
        r"outreach|e-?mail|message|note|intro(?:duction)?)\b|"
        r"\b(?:reach\s+out|contact|e-?mail|message)\b.*\b(?:recruiters?|hiring\s+managers?|"
        r"them|company|team|person|contact)\b|\boutreach\b",
    ),
    ("cover_letter", r"\b(?:cover|motivation)\s+letter\b(?!.*\b(?:tailor|resume|cv)\b)"),
    (
        "tailor",
        r"\b(?:tailor|customi[sz]e|adapt|personali[sz]e|tweak|rewrite|optimi[sz]e)\b|"
        r"\b(?:resume|cv|résumé)\s+for\b",
    ),
    (
        "answer",
        r"\b(?:answer|respond\s+to|reply\s+to)\b|\bhow\s+(?:should|do|would|can)\s+i\s+"
        r"(?:answer|reply|respond)\b|\bwhat\s+should\s+i\s+(?:say|answer|put|write)\b",
    ),
    ("applications", r"\bapplications\b"),
    (
        "status",
        r"\b(?:status|progress|stand(?:s|ing)?|hear(?:d)?\s+back|what\s+happened|update\s+on|"
        r"did\s+it\s+go\s+through|was\s+it\s+(?:sent|submitted))\b",
    ),
    (
        "inspect",
        r"\b(?:fill(?:\s+in|\s+out)?|inspect|preview|dry[- ]?run)\b|"
        r"\b(?:check|look\s+at|open|read)\b.*\b(?:form|questions)\b|\bform\b",
    ),
    (
        "rank",
        r"\b(?:rank|re-?rank|score)\b|\bbest\s+(?:matches|fits|jobs|ones|roles)\b|"
        r"\btop\s+(?:\d+\s+)?(?:matches|jobs|picks|roles)\b|"
        r"\bwhich\s+(?:jobs?|ones?|roles?)\s+(?:fit|suit|match)|\bhow\s+well\s+do\s+i\b|"
        r"\b(?:good|best)\s+(?:fit|match)\s+for\s+me\b|\bmatch(?:es)?\s+for\s+me\b",
    ),
    (
        "search",
        rf"\b(?:find|search|look(?:ing)?\s+(?:for|up)|hunt(?:ing)?\s+for|discover|fetch|"
        rf"get\s+me|scan|crawl|pull)\b.*\b(?:{_JOB_NOUN}|{_SOURCE_NAMES})\b|"
        rf"\bany\s+(?:new\s+)?\w+(?:\s+\w+)?\s+{_JOB_NOUN}\b|\bnew\s+{_JOB_NOUN}\b",
    ),
    (
        "show",
        r"\b(?:show|details?|describe|tell\s+me\s+(?:more\s+)?about|open|read|"
        r"what(?:'s|\s+is|\s+does)|more\s+about)\b",
    ),
    ("list", rf"\b(?:list|show|display|what|which|see)\b.*\b{_JOB_NOUN}\b"),
)
_RULES = tuple((intent, re.compile(text, re.IGNORECASE)) for intent, text in _RULE_TEXT)

_STATUS_WORDS = {
    "waiting for review": ApplicationStatus.READY_FOR_REVIEW,
    "to review": ApplicationStatus.READY_FOR_REVIEW,
    "for review": ApplicationStatus.READY_FOR_REVIEW,
    "need me": ApplicationStatus.NEEDS_HUMAN,
    "stuck": ApplicationStatus.NEEDS_HUMAN,
    "blocked": ApplicationStatus.NEEDS_HUMAN,
    "sent": ApplicationStatus.SUBMITTED,
    **{status.value.replace("_", " "): status for status in ApplicationStatus},
}

_REMOTE = re.compile(r"\b(?:remote(?:ly)?|work\s+from\s+home|wfh|anywhere)\b", re.IGNORECASE)
_ONSITE = re.compile(r"\b(?:on-?site|in[- ]office|in\s+person|not\s+remote)\b", re.IGNORECASE)
_PLACE = re.compile(
    r"\b(?:in|near|around|based\s+in|located\s+in)\s+(?:the\s+)?"
    r"([A-Za-zÀ-ÿ][\w'’.-]*(?:(?:\s+|,\s*)[A-Za-zÀ-ÿ][\w'’.-]*){0,2})",
)
_PLACE_STOP = re.compile(
    r"\s*\b(?:posted|from|on|via|at|with|that|which|for|and|or|using|this|last|past|"
    r"today|remote|jobs?|roles?)\b.*$",
    re.IGNORECASE,
)
_PERIOD = re.compile(
    r"\b(?:posted\s+)?(?:(today|yesterday)|(?:in\s+)?(?:the\s+)?(?:this|last|past)\s+"
    r"(?:(\d+)\s+)?(day|week|month|24\s*hours)s?)\b",
    re.IGNORECASE,
)
_OPTIONS = re.compile(r"(?:the\s+)?(?:options|choices)\b", re.IGNORECASE)
_LIMIT = re.compile(r"\btop\s+(\d{1,3})\b|\b(\d{1,3})\s+(?:best|top|jobs|matches)\b", re.I)
_FILLER = frozenset(
    """a an the me my some any new more all good great open latest recent please for with as
    in at of that use using involving about i can you could would find search look looking
    hunt get fetch discover scan pull up show list to doing do want them those these ones it
    """.split()  # noqa: SIM905
)
_NAME = re.compile(
    r"\b(?:to|for|at|contact|contacting|recruiter|manager|named|called|dear|is)\s+"
    r"((?:[A-Z][a-z'’-]+)(?:\s+[A-Z][a-z'’-]+){1,2})\b"
)
_NOT_NAMES = frozenset(
    "The This That Senior Staff Lead Principal Junior Hiring Recruiter Manager Team".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class Clause:
    """One thing the message asks for, with whatever arguments its words give."""

    intent: Intent
    text: str
    job_ref: str | None = None
    ordinal: int | None = None
    """0-based position in the jobs last shown: "the best one" 0, "the second" 1."""
    application_id: str | None = None
    outreach_id: str | None = None
    query: str | None = None
    location: str | None = None
    remote: bool | None = None
    sources: tuple[str, ...] = ()
    boards: tuple[str, ...] = ()
    posted_within_days: int | None = None
    limit: int | None = None
    recipient_name: str | None = None
    recipient_email: str | None = None
    question: str | None = None
    options: tuple[str, ...] = ()
    status: str | None = None

    @property
    def agent(self) -> AgentName:
        return AGENT_OF[self.intent]


@dataclass(frozen=True)
class Reading:
    """A whole message: the clauses understood, in order, and the parts that were not."""

    clauses: tuple[Clause, ...]
    not_understood: tuple[str, ...]


def read_message(text: str) -> Reading:
    """Split ``text`` into clauses and read each; quoted questions are never split."""
    shielded, quotes = _shield_quotes(" ".join(text.split()))
    clauses: list[Clause] = []
    unknown: list[str] = []
    for part in _CLAUSE_BREAK.split(shielded):
        part = _unshield(part, quotes).strip(" ,;.!?")
        if not part:
            continue
        if _OPTIONS.match(part) and clauses:
            last = clauses.pop()
            clauses.append(read_clause(last.intent, f"{last.text}? {part}"))
            continue
        intent = classify(part)
        if intent is None:
            unknown.append(part)
        else:
            clauses.append(read_clause(intent, part))
    return Reading(tuple(clauses), tuple(unknown))


def classify(text: str) -> Intent | None:
    """The clause's intent: the first rule that matches, most specific first."""
    for intent, pattern in _RULES:
        if pattern.search(_without_quotes(text)):
            if intent == "show" and not _names_a_job(text):
                continue
            return intent
    return None


def read_clause(intent: Intent, text: str) -> Clause:
    unquoted = _without_quotes(text)
    job_ref, application_id, outreach_id = _references(unquoted)
    clause = Clause(
        intent=intent,
        text=text,
        job_ref=job_ref,
        ordinal=_ordinal(unquoted),
        application_id=application_id,
        outreach_id=outreach_id,
        limit=_limit(unquoted),
    )
    if intent in ("search", "list", "rank"):
        return _with_search_terms(clause, unquoted)
    if intent == "draft_outreach":
        email = _EMAIL.search(unquoted)
        return _replace(
            clause,
            recipient_email=email.group(0) if email else None,
            recipient_name=_name(unquoted),
        )
    if intent == "cover_letter":
        return _replace(clause, recipient_name=_name(unquoted))
    if intent == "answer":
        question, options = _question(text)
        return _replace(clause, question=question, options=options)
    if intent == "applications":
        return _replace(clause, status=_status(unquoted))
    return clause


def _replace(clause: Clause, **changes: object) -> Clause:
    return replace(clause, **changes)  # type: ignore[arg-type]


def _shield_quotes(text: str) -> tuple[str, list[str]]:
    quotes: list[str] = []

    def keep(match: re.Match[str]) -> str:
        quotes.append(match.group(0))
        return f"\x00{len(quotes) - 1}\x00"

    return _QUOTED.sub(keep, text), quotes


def _unshield(text: str, quotes: list[str]) -> str:
    return re.sub(r"\x00(\d+)\x00", lambda m: quotes[int(m.group(1))], text)


def _without_quotes(text: str) -> str:
    return _QUOTED.sub(" ", text)


def _names_a_job(text: str) -> bool:
    return bool(
        UUID.search(text)
        or _platform_ref(text)
        or _ORDINAL.search(text)
        or re.search(r"\b(?:that|this|the)\s+(?:job|role|one|posting)\b|\bit\b", text, re.I)
    )


def _platform_ref(text: str) -> str | None:
    for match in _PLATFORM_REF.finditer(text):
        if any(ch.isdigit() for ch in match.group(2)):
            return f"{match.group(1).lower()}:{match.group(2)}"
    return None


def _references(text: str) -> tuple[str | None, str | None, str | None]:
    """(job, application, outreach) ids: a UUID belongs to the noun just before it."""
    job = application = outreach = None
    for match in UUID.finditer(text):
        before = text[max(0, match.start() - 24) : match.start()].lower()
        if re.search(r"application\s*(?:id)?\s*:?\s*$", before):
            application = application or match.group(0)
        elif re.search(r"(?:outreach|draft|message|e-?mail)\s*(?:id)?\s*:?\s*$", before):
            outreach = outreach or match.group(0)
        else:
            job = job or match.group(0)
    return job or _platform_ref(text), application, outreach


def _ordinal(text: str) -> int | None:
    match = _ORDINAL.search(text)
    if match is None:
        return None
    if match.group(2):
        return max(int(match.group(2)) - 1, 0)
    return _ORDINALS[match.group(1).lower()]


def _limit(text: str) -> int | None:
    match = _LIMIT.search(text)
    return int(match.group(1) or match.group(2)) if match else None


def _with_search_terms(clause: Clause, text: str) -> Clause:
    rest = UUID.sub(" ", text)
    boards: list[str] = []
    for match in _PLATFORM_REF.finditer(rest):
        if not any(ch.isdigit() for ch in match.group(2)):
            boards.append(f"{match.group(1).lower()}:{match.group(2)}")
    rest = _PLATFORM_REF.sub(" ", rest)
    sources = [
        name
        for name in known_sources()
        if re.search(
            rf"\b(?:on|from|via|at|using|across)\s+(?:\w+\s+(?:and|or|,)\s+)*{name}\b"
            if name == "indeed"
            else rf"\b{name.replace('_', '[ _]')}\b",
            rest,
            re.IGNORECASE,
        )
    ]
    if re.search(r"\bhacker\s*news\b", rest, re.I):
        sources.append("hn")
    remote = True if _REMOTE.search(rest) else False if _ONSITE.search(rest) else None
    location = _location(rest)
    days = _days(rest)
    query = _query(rest, sources, location)
    return _replace(
        clause,
        query=query,
        location=location,
        remote=remote,
        sources=tuple(dict.fromkeys(s for s, _ in (b.split(":", 1) for b in boards)))
        + tuple(sources),
        boards=tuple(boards),
        posted_within_days=days,
    )


def _location(text: str) -> str | None:
    for match in _PLACE.finditer(text):
        place = _PLACE_STOP.sub("", match.group(1)).strip(" ,.")
        words = place.split()
        if not words or words[0].lower() in _FILLER or canonical_skill(place):
            continue
        if place.lower() in ("office", "person", "house"):
            continue
        return " ".join(w if w.isupper() else w[:1].upper() + w[1:] for w in words)
    return None


def _days(text: str) -> int | None:
    match = _PERIOD.search(text)
    if match is None:
        return None
    if match.group(1):
        return 1 if match.group(1).lower() == "today" else 2
    count = int(match.group(2) or 1)
    unit = match.group(3).lower()
    per = 1 if unit.startswith("24") or unit == "day" else 7 if unit == "week" else 30
    return count * per


def _query(text: str, sources: list[str], location: str | None) -> str | None:
    rest = _PERIOD.sub(" ", text)
    if location:
        rest = re.sub(
            rf"\b(?:in|near|around|based\s+in|located\s+in)\s+(?:the\s+)?{re.escape(location)}",
            " ",
            rest,
            flags=re.IGNORECASE,
        )
    rest = _REMOTE.sub(" ", _ONSITE.sub(" ", rest))
    for name in [*sources, "hacker news", "lever eu"]:
        rest = re.sub(
            rf"\b(?:on|from|via|at|using|across)?\s*{name.replace('_', '[ _]')}\b",
            " ",
            rest,
            flags=re.IGNORECASE,
        )
    after = re.search(
        rf"\b{_JOB_NOUN}\s+(?:in|with|using|for|as|involving|at|on)\s+(?:an?\s+)?(.+)$",
        rest,
        re.IGNORECASE,
    )
    rest = re.sub(rf"\b{_JOB_NOUN}\b.*$", " ", rest, flags=re.IGNORECASE)
    if after:
        rest += " " + _PLACE_STOP.sub("", after.group(1))
    rest = re.sub(
        r"\b(?:rank|re-?rank|score|best|top|\d+|matches|fits|for\s+me|which|what|stored|saved|"
        r"found|already|have|you|there|are|is|list|display|see|show|me)\b",
        " ",
        rest,
        flags=re.IGNORECASE,
    )
    words = [w for w in re.findall(r"[\w+#.'-]+", rest) if w.lower() not in _FILLER]
    query = " ".join(w.strip(".") for w in words).strip()
    return query or None


def _name(text: str) -> str | None:
    for match in _NAME.finditer(text):
        words = match.group(1).split()
        while words and words[0] in _NOT_NAMES:
            words = words[1:]
        if len(words) >= 2:
            return " ".join(words)
    return None


_FOR_JOB = re.compile(
    r"\s+for\s+(?:it|this\b.*|that\b.*|the\s+(?:job|role|posting|\w+\s+one)\b.*|#\d+.*)$",
    re.IGNORECASE,
)


def _question(text: str) -> tuple[str | None, tuple[str, ...]]:
    """The question (quoted, or after a colon or "question"), and any options offered."""
    options: tuple[str, ...] = ()
    found = re.search(r"\b(?:options|choices)(?:\s+are)?\s*:?\s*(.+)$", text, re.IGNORECASE)
    if found:
        # "options Yes, No for it": the job the question is for is not an option.
        offered = re.sub(_FOR_JOB, "", found.group(1))
        options = _split_options(offered)
        text = text[: found.start()].rstrip(" ,;(-")
    paren = re.search(r"\(([^()]+/[^()]+)\)\s*\??\s*$", text)
    if paren and not options:
        options = _split_options(paren.group(1))
    quoted = _QUOTED.search(text)
    if quoted:
        question = next(g for g in quoted.groups() if g)
    else:
        question = None
        for marker in (r":", r"\bquestions?\b", r"\b(?:answer|respond\s+to|reply\s+to)\b"):
            after = re.search(rf"{marker}\s*(.+)$", text, re.IGNORECASE)
            if after:
                question = after.group(1)
                break
    question = question.strip(" :") if question else None
    return (question or None), options


def _split_options(text: str) -> tuple[str, ...]:
    parts = re.split(r"\s*(?:,|/|;|\bor\b)\s*", text.strip(" .()"))
    return tuple(p.strip(" \"'“”") for p in parts if p.strip(" \"'“”"))


def _status(text: str) -> str | None:
    lower = text.lower()
    for words, status in sorted(_STATUS_WORDS.items(), key=lambda item: -len(item[0])):
        if re.search(rf"\b{re.escape(words)}\b", lower):
            return status.value
    return None
