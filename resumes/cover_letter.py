"""Cover letters: three to five short paragraphs that cite the candidate's real achievements.

Offline, a template is filled with the headline, years worked, the job's skills the
candidate has, and the two or three master bullets that match the job best, quoted as
written. With a model, the letter is written freely from the same achievements; it must
pass the faithfulness validator and the length rules, or it is retried once and then
replaced by the template letter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

import structlog
from pydantic import BaseModel, Field

from llm.client import LlmError
from resumes import prompting
from resumes.facts import numbers_in
from resumes.tailor import Tailor, join_words
from resumes.target import JobTarget, Keyword, job_keywords

log = structlog.get_logger(__name__)

MIN_PARAGRAPHS, MAX_PARAGRAPHS = 3, 5
MIN_WORDS, MAX_WORDS = 120, 400
ACHIEVEMENTS = 3
SPARE_ACHIEVEMENTS = 2
"""Further bullets a template letter may cite when the first three leave it under MIN_WORDS."""

_PAST_TENSE = re.compile(
    r"^(?:\w+ed|led|built|wrote|ran|cut|made|grew|won|drove|set|took|gave|began|brought|taught|"
    r"sold|kept|held|rewrote|shipped|spun|split|met|found|became)$",
    re.IGNORECASE,
)


class CoverLetter(BaseModel):
    company: str
    role: str
    recipient: str | None = None
    paragraphs: list[str]
    method: Literal["template", "llm", "template-fallback"]
    achievements: list[str]
    """The master bullets the letter cites."""
    violations_caught: list[dict[str, str]] = Field(default_factory=list)
    prompts: list[str] = Field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


class _LlmLetter(BaseModel):
    paragraphs: list[str]


def _as_clause(bullet: str) -> str:
    """ "Cut p95 latency…." → "cut p95 latency…", so it reads after "I"; names keep their case."""
    text = bullet.strip().rstrip(".")
    first, _, rest = text.partition(" ")
    if _PAST_TENSE.match(first) and first[1:].islower():
        return f"{first.lower()} {rest}".strip()
    return ""


def format_problems(paragraphs: Sequence[str]) -> list[str]:
    """Length and shape rules a letter must meet, beyond faithfulness."""
    problems = []
    if not MIN_PARAGRAPHS <= len(paragraphs) <= MAX_PARAGRAPHS:
        problems.append(
            f"has {len(paragraphs)} paragraphs; write {MIN_PARAGRAPHS} to {MAX_PARAGRAPHS}"
        )
    words = _words(paragraphs)
    if not MIN_WORDS <= words <= MAX_WORDS:
        problems.append(f"has {words} words; write {MIN_WORDS} to {MAX_WORDS}")
    if any(
        re.match(r"\s*(dear|hello|hi)\b", p, re.I) or re.search(r"\bsincerely\b", p, re.I)
        for p in paragraphs
    ):
        problems.append("contains a greeting or sign-off; they are added around the paragraphs")
    return problems


def _words(paragraphs: Sequence[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)


def achievement_sentences(cited: Sequence[tuple[str, str]]) -> list[str]:
    """One sentence per (employer, bullet), naming the employer once per run of its bullets."""
    sentences: list[str] = []
    previous = None
    for employer, bullet in cited:
        clause = _as_clause(bullet)
        lead = f"At {employer}, I" if employer != previous else "I also"
        sentences.append(
            f"{lead} {clause}." if clause else f"At {employer}: {bullet.strip().rstrip('.')}."
        )
        previous = employer
    return sentences


class CoverLetterWriter:
    """Writes letters for one master, sharing the tailor's facts, validator and model."""

    def __init__(self, tailor: Tailor) -> None:
        self.tailor = tailor

    def achievements(
        self, target: JobTarget, keywords: Sequence[Keyword], *, limit: int = ACHIEVEMENTS
    ) -> list[tuple[str, str]]:
        """(employer, bullet) of the best-matching bullets, concrete ones (with numbers) first."""
        work = self.tailor.master.get("work") or []
        scored = self.tailor.score_bullets(target, keywords)
        ranked = sorted(
            scored,
            key=lambda b: (-(b.score + (0.5 if numbers_in(b.text) else 0.0)), b.role, b.index),
        )
        return [(str(work[b.role].get("name")), b.text) for b in ranked[:limit]]

    def template(self, target: JobTarget, *, recipient: str | None = None) -> CoverLetter:
        keywords = job_keywords(target)
        facts = self.tailor.facts
        work = self.tailor.master.get("work") or []
        headline = self.tailor.headline or "professional"
        article = "an" if headline[:1].lower() in "aeiou" else "a"
        years = facts.years_of_experience
        have = [k.term for k in keywords if k.skill in facts.skills][:4]

        opening = (
            f"I am writing to apply for the {target.title} role at {target.company}. "
            f"I am {article} {headline}"
        )
        opening += f" with {years} years of experience" if years >= 1 else ""
        opening += (
            f", and my work with {join_words(have)} matches what the role asks for."
            if have
            else "."
        )
        ranked = self.achievements(target, keywords, limit=ACHIEVEMENTS + SPARE_ACHIEVEMENTS)
        cited, spare = ranked[:ACHIEVEMENTS], ranked[ACHIEVEMENTS:]
        order = {str(w.get("name")): i for i, w in reversed(list(enumerate(work)))}
        sentences = achievement_sentences(sorted(cited, key=lambda c: order.get(c[0], 0)))
        paragraphs = [opening]
        if sentences:
            paragraphs.append(" ".join(sentences[:2]))
        later = sentences[2:]
        projects = self.tailor.master.get("projects") or []
        if projects and projects[0].get("description"):
            project = projects[0]
            description = str(project["description"]).strip()
            description = (
                description[:1].lower() + description[1:]
                if description[1:2].islower()
                else description
            )
            later.append(f"Outside my day job I built {project.get('name')}: {description}")
        closing = (
            f"I would welcome the chance to talk about how I could contribute to {target.company}. "
            "Thank you for considering my application."
        )
        # A short letter cites one more real achievement rather than padding with words.
        while spare and _words([*paragraphs, *later, closing]) < MIN_WORDS:
            cited.append(spare.pop(0))
            later.extend(achievement_sentences([cited[-1]]))
        if _words([*paragraphs, *later, closing]) < MIN_WORDS:
            said = " ".join([*paragraphs, *later]).lower()
            listed = [
                str(k)
                for group in self.tailor.master.get("skills") or []
                for k in group.get("keywords") or []
                if str(k).lower() not in said
            ][:5]
            if listed:
                later.append(f"My toolkit also includes {join_words(listed)}.")
        if later:
            paragraphs.append(" ".join(later))
        paragraphs.append(closing)
        return CoverLetter(
            company=target.company,
            role=target.title,
            recipient=recipient,
            paragraphs=paragraphs[:MAX_PARAGRAPHS],
            method="template",
            achievements=[bullet for _, bullet in cited],
        )

    async def write(self, target: JobTarget, *, recipient: str | None = None) -> CoverLetter:
        letter = self.template(target, recipient=recipient)
        llm = self.tailor.llm
        if llm is None:
            return letter
        request = self.tailor.request(
            "cover_letter",
            {
                "achievements": "; ".join(f'"{a}"' for a in letter.achievements) or "none",
                "job": prompting.job_excerpt(target),
            },
        )
        letter.prompts = [p.ref for p in request.prompts]
        allowed = [target.company, target.title, recipient or ""]
        feedback: list[str] = []
        for _attempt in range(self.tailor.model_retries + 1):
            try:
                answer = await llm.structured(request, _LlmLetter, feedback=feedback)
            except LlmError as exc:
                log.warning("cover_letter.model_failed", error=str(exc))
                letter.violations_caught.append(
                    {"kind": "model", "path": "", "value": "", "message": str(exc)}
                )
                break
            paragraphs = [p.strip() for p in answer.paragraphs if p.strip()]
            problems = [
                str(v)
                for i, p in enumerate(paragraphs)
                for v in self.tailor.validator.check_text(
                    p, path=f"paragraph {i + 1}", allowed=allowed
                )
            ]
            problems += [f"the letter {p}" for p in format_problems(paragraphs)]
            if not problems:
                return letter.model_copy(update={"paragraphs": paragraphs, "method": "llm"})
            letter.violations_caught += [
                {"kind": "letter", "path": "", "value": "", "message": p} for p in problems
            ]
            feedback = [prompting.feedback(problems)]
        letter.method = "template-fallback"
        return letter
