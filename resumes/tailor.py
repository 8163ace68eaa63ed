"""Tailoring one resume to one job: extractive selection first, an optional model pass on top.

The extractive path (the ``offline`` provider) ranks every bullet against the job with
BM25 plus the job's skills, keeps the strongest bullets of each role, orders skills by
what the job asks for in the job's own spelling, and writes the summary from a template
filled with master facts. It is the whole result offline and the fallback online.

With a model, the selected bullets and the summary are rephrased toward the job. The
result must pass the faithfulness validator; a rejected answer is retried once with the
violations fed back, then the extractive version is used and the rejection is reported.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import structlog
from pydantic import BaseModel, Field
from rank_bm25 import BM25Okapi

from jobs.skills import extract_skills, skills_from_names, with_implied
from llm.client import ChatClient, LlmError, LlmRequest
from resumes import prompting
from resumes.candidate import Candidate
from resumes.facts import MasterFacts
from resumes.target import Coverage, JobTarget, Keyword, coverage, job_keywords, mentions
from resumes.validator import Validator, Violation

log = structlog.get_logger(__name__)

RECENT_ROLES = 2
BULLETS_RECENT = 5
BULLETS_OLDER = 3
MAX_PROJECTS = 3
SUMMARY_SKILLS = 5

_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "that",
        "the",
        "their",
        "this",
        "to",
        "we",
        "will",
        "with",
        "you",
        "your",
        "who",
        "what",
        "which",
        "about",
        "into",
        "across",
        "all",
        "also",
        "can",
        "more",
        "most",
        "other",
        "over",
        "such",
        "than",
        "then",
        "these",
        "they",
        "through",
        "up",
        "use",
        "using",
        "work",
        "working",
        "team",
        "teams",
        "role",
        "years",
        "year",
        "experience",
        "strong",
        "ability",
        "plus",
        "well",
        "including",
        "etc",
    ]
)
_TOKEN = re.compile(r"[a-z0-9][a-z0-9+#.-]*[a-z0-9+#]|[a-z0-9]")


def tokens(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(text.lower()) if t not in _STOPWORDS]


class Change(BaseModel):
    section: str
    action: str
    detail: str


class TailoredResume(BaseModel):
    """The tailored document plus everything a reviewer needs to trust it."""

    document: dict[str, Any]
    job: JobTarget
    method: Literal["extractive", "llm", "extractive-fallback"]
    keywords: list[str]
    coverage_before: Coverage
    coverage_after: Coverage
    changes: list[Change]
    violations_caught: list[dict[str, str]] = Field(default_factory=list)
    prompts: list[str] = Field(default_factory=list)


class _BulletText(BaseModel):
    id: str
    text: str


class LlmTailoring(BaseModel):
    """What the model returns: a summary and the selected bullets, rephrased, by id."""

    summary: str
    bullets: list[_BulletText]


def resume_text(document: Mapping[str, Any]) -> str:
    """All of a document's words, for keyword coverage: what an ATS would scan."""
    basics = document.get("basics") or {}
    parts = [str(basics.get("label") or ""), str(basics.get("summary") or "")]
    for work in document.get("work") or []:
        parts += [str(work.get("position") or ""), str(work.get("summary") or "")]
        parts += [str(h) for h in work.get("highlights") or []]
    for project in document.get("projects") or []:
        parts += [str(project.get("name") or ""), str(project.get("description") or "")]
        parts += [str(h) for h in project.get("highlights") or []]
        parts += [str(k) for k in project.get("keywords") or []]
    for group in document.get("skills") or []:
        parts += [str(group.get("name") or ""), *(str(k) for k in group.get("keywords") or [])]
    for edu in document.get("education") or []:
        parts += [str(edu.get(k) or "") for k in ("studyType", "area", "institution")]
    parts += [str(c.get("name") or "") for c in document.get("certificates") or []]
    return "\n".join(p for p in parts if p)


@dataclass(frozen=True)
class _Scored:
    role: int
    index: int
    text: str
    score: float
    skills: frozenset[str]


class Tailor:
    """Tailors one master to any number of jobs; build once per master."""

    def __init__(
        self,
        master: Mapping[str, Any],
        *,
        llm: ChatClient | None = None,
        synonyms: Mapping[str, Sequence[str]] | None = None,
        model_retries: int = 1,
        own_answers: Sequence[Mapping[str, str]] = (),
    ) -> None:
        self.master = copy.deepcopy(dict(master))
        self.own_answers = [dict(a) for a in own_answers]
        self.facts = MasterFacts.of(self.master)
        self.validator = Validator(self.facts, synonyms=synonyms)
        self.llm = llm
        self.model_retries = model_retries
        self._bullets = [
            (r, i, str(text))
            for r, work in enumerate(self.master.get("work") or [])
            for i, text in enumerate(work.get("highlights") or [])
        ]
        self._bullet_skills = [frozenset(extract_skills(t)) for _, _, t in self._bullets]
        corpus = [tokens(t) for _, _, t in self._bullets] or [[""]]
        self._bm25 = BM25Okapi(corpus)
        self._master_text = resume_text(self.master)
        basics = self.master.get("basics") or {}
        work = self.master.get("work") or []
        self.headline: str | None = basics.get("label") or (
            work[0].get("position") if work else None
        )
        """How the candidate presents themself: the master's label, else the latest title."""

    @classmethod
    def for_candidate(
        cls,
        candidate: Candidate,
        *,
        llm: ChatClient | None = None,
        synonyms: Mapping[str, Sequence[str]] | None = None,
    ) -> Tailor:
        """A tailor whose model prompts also carry the candidate's answer bank."""
        return cls(
            candidate.resume_document(),
            llm=llm,
            synonyms=synonyms,
            own_answers=[a.model_dump() for a in candidate.application.answers],
        )

    def request(self, task: str, variables: Mapping[str, Any]) -> LlmRequest:
        """A model call about this candidate: the shared, cacheable prefix, then ``task``."""
        return prompting.request(self.master, task, variables, own_answers=self.own_answers)

    async def tailor(self, target: JobTarget) -> TailoredResume:
        target.require_description()
        keywords = job_keywords(target)
        document, changes, selection = self.extractive(target, keywords)
        result = TailoredResume(
            document=document,
            job=target,
            method="extractive",
            keywords=[k.term for k in keywords],
            coverage_before=coverage(self._master_text, keywords),
            coverage_after=coverage(resume_text(document), keywords),
            changes=changes,
        )
        if self.llm is not None:
            await self._rephrase(result, keywords, selection)
        return result

    # --- extractive --------------------------------------------------------------------

    def score_bullets(self, target: JobTarget, keywords: Sequence[Keyword]) -> list[_Scored]:
        query = tokens(prompting.job_excerpt(target, limit=6000))
        raw = self._bm25.get_scores(query) if self._bullets else []
        top = max((float(s) for s in raw), default=0.0) or 1.0
        weights = {k.skill: (1.5 if k.required else 1.0) for k in keywords}
        scored = []
        for (role, index, text), bm25, skills in zip(
            self._bullets, raw, self._bullet_skills, strict=True
        ):
            bonus = sum(weights.get(s, 0.0) for s in skills)
            scored.append(_Scored(role, index, text, max(float(bm25), 0.0) / top + bonus, skills))
        return scored

    def extractive(
        self, target: JobTarget, keywords: Sequence[Keyword]
    ) -> tuple[dict[str, Any], list[Change], dict[int, list[int]]]:
        """The tailored document, what changed, and the bullets kept per role (by index)."""
        document = copy.deepcopy(self.master)
        changes: list[Change] = []
        wanted = {k.skill for k in keywords}
        scored = self.score_bullets(target, keywords)
        selection = self._select(scored, wanted)
        for role, work in enumerate(document.get("work") or []):
            original = list(work.get("highlights") or [])
            kept = selection.get(role, [])
            work["highlights"] = [original[i] for i in kept]
            if original and kept != list(range(len(original))):
                matched = sorted(
                    {s for b in scored if b.role == role and b.index in kept for s in b.skills}
                    & wanted
                )
                why = (
                    f"bullets naming {', '.join(matched)} first"
                    if matched
                    else "most relevant to the job first"
                )
                dropped = len(original) - len(kept)
                action = (
                    f"kept {len(kept)} of {len(original)} bullets"
                    if dropped
                    else "reordered bullets"
                )
                changes.append(
                    Change(section=f"work[{role}] {work.get('name')}", action=action, detail=why)
                )
        changes += self._projects(document, target, wanted)
        changes += self._skills(document, keywords)
        summary = self.summary(keywords)
        if summary:
            document.setdefault("basics", {})["summary"] = summary
            changes.append(
                Change(
                    section="basics.summary",
                    action="rewritten",
                    detail="toward the role, from the headline, years worked and matching skills",
                )
            )
        return document, changes, selection

    def _select(self, scored: Sequence[_Scored], wanted: set[str]) -> dict[int, list[int]]:
        by_role: dict[int, list[_Scored]] = {}
        for bullet in scored:
            by_role.setdefault(bullet.role, []).append(bullet)
        selection: dict[int, list[int]] = {}
        covered: set[str] = set()
        for role, bullets in sorted(by_role.items()):
            limit = BULLETS_RECENT if role < RECENT_ROLES else BULLETS_OLDER
            ranked = sorted(bullets, key=lambda b: (-b.score, b.index))
            kept = ranked[:limit]
            for extra in ranked[limit:]:
                new = (extra.skills & wanted) - covered - {s for b in kept for s in b.skills}
                if new and len(kept) < limit + 1:
                    kept.append(extra)
            covered |= {s for b in kept for s in b.skills}
            selection[role] = [b.index for b in sorted(kept, key=lambda b: (-b.score, b.index))]
        return selection

    def _projects(
        self, document: dict[str, Any], target: JobTarget, wanted: set[str]
    ) -> list[Change]:
        projects = list(document.get("projects") or [])
        if not projects:
            return []
        query = set(tokens(target.title + " " + target.description))

        def score(project: Mapping[str, Any]) -> float:
            text = " ".join(
                [str(project.get("description") or ""), *map(str, project.get("highlights") or [])]
            )
            skills = skills_from_names(project.get("keywords") or []) | extract_skills(text)
            return len(skills & wanted) * 2 + len(set(tokens(text)) & query) * 0.1

        ranked = sorted(projects, key=score, reverse=True)
        relevant = [p for p in ranked if score(p) > 0][:MAX_PROJECTS] or ranked[:1]
        document["projects"] = relevant
        if len(relevant) == len(projects) and relevant == projects:
            return []
        return [
            Change(
                section="projects",
                action=f"kept {len(relevant)} of {len(projects)}",
                detail="projects that use the job's skills first",
            )
        ]

    def _skills(self, document: dict[str, Any], keywords: Sequence[Keyword]) -> list[Change]:
        groups = document.get("skills") or []
        if not groups:
            return []
        order = {k.skill: i for i, k in enumerate(keywords)}
        changes: list[Change] = []
        for group in groups:
            words = list(group.get("keywords") or [])
            group["keywords"] = sorted(
                words,
                key=lambda w: min((order.get(s, 999) for s in skills_from_names([w])), default=999),
            )
        text = resume_text(document)
        added: list[str] = []
        respelled: list[str] = []
        for keyword in keywords:
            if mentions(text, keyword.term) or keyword.skill not in self.facts.skills:
                continue
            group, position = _group_holding(groups, keyword.skill)
            if group is not None and position is not None:
                listed = group["keywords"][position]
                group["keywords"][position] = f"{listed} ({keyword.term})"
                respelled.append(f"{listed} → {listed} ({keyword.term})")
            else:
                _group_implying(groups, keyword.skill).setdefault("keywords", []).append(
                    keyword.term
                )
                added.append(keyword.term)
            text += "\n" + keyword.term
        groups.sort(
            key=lambda g: (
                -sum(
                    1
                    for k in keywords
                    if any(mentions(str(w), k.term) for w in g.get("keywords") or [])
                )
            )
        )
        changes.append(
            Change(section="skills", action="reordered", detail="the job's skills first")
        )
        if respelled:
            changes.append(
                Change(
                    section="skills", action="added the job's spelling", detail="; ".join(respelled)
                )
            )
        if added:
            changes.append(
                Change(
                    section="skills",
                    action=f"listed {', '.join(added)}",
                    detail=(
                        "used in a bullet or implied by a listed skill (e.g. PostgreSQL → SQL), "
                        "and the job asks for it"
                    ),
                )
            )
        return changes

    def summary(self, keywords: Sequence[Keyword]) -> str:
        """Two or three sentences from master facts only: headline, years, matching skills."""
        original = str((self.master.get("basics") or {}).get("summary") or "").strip()
        years = self.facts.years_of_experience
        have = [k.term for k in keywords if k.skill in self.facts.skills][:SUMMARY_SKILLS]
        skills = join_words(have) if have else ""
        if not original:
            span = f" with {years} years of experience" if years >= 1 else ""
            sentences = [f"{self.headline}{span}."] if self.headline else []
            if have:
                sentences.append(f"Hands-on with {skills}.")
            return " ".join(sentences)
        sentences = [_first_sentence(original)]
        if years >= 1:
            sentences.append(
                f"{years} years of experience, hands-on with {skills}." if have
                else f"{years} years of experience."
            )  # fmt: skip
        elif have:
            sentences.append(f"Hands-on with {skills}.")
        return " ".join(sentences)

    # --- model pass --------------------------------------------------------------------

    async def _rephrase(
        self, result: TailoredResume, keywords: Sequence[Keyword], selection: dict[int, list[int]]
    ) -> None:
        assert self.llm is not None
        request = self.request(
            "tailor_resume",
            {
                "selection": "; ".join(
                    f"W{role}: " + ", ".join(f"W{role}.{i}" for i in kept)
                    for role, kept in sorted(selection.items())
                    if kept
                ),
                "covered": ", ".join(k.term for k in keywords if k.skill in self.facts.skills)
                or "none",
                "missing": ", ".join(k.term for k in keywords if k.skill not in self.facts.skills)
                or "none",
                "job": prompting.job_excerpt(result.job),
            },
        )
        result.prompts = [p.ref for p in request.prompts]
        feedback: list[str] = []
        for _attempt in range(self.model_retries + 1):
            try:
                answer = await self.llm.structured(request, LlmTailoring, feedback=feedback)
            except LlmError as exc:
                log.warning("tailor.model_failed", error=str(exc))
                result.violations_caught.append(
                    {"kind": "model", "path": "", "value": "", "message": str(exc)}
                )
                break
            document = self._apply(answer, result.document, selection)
            violations = self.validator.check_document(document)
            if not violations:
                result.document = document
                result.method = "llm"
                result.coverage_after = coverage(resume_text(document), list(keywords))
                result.changes.append(
                    Change(
                        section="work, summary",
                        action="rephrased by the model",
                        detail="toward the job's wording; passed the faithfulness validator",
                    )
                )
                return
            result.violations_caught += [_violation_dict(v) for v in violations]
            feedback = [prompting.feedback([str(v) for v in violations])]
        result.method = "extractive-fallback"

    def _apply(
        self, answer: LlmTailoring, extractive: Mapping[str, Any], selection: dict[int, list[int]]
    ) -> dict[str, Any]:
        document = copy.deepcopy(dict(extractive))
        texts = {b.id.strip().upper(): b.text.strip() for b in answer.bullets if b.text.strip()}
        master_work = self.master.get("work") or []
        for role, work in enumerate(document.get("work") or []):
            originals = master_work[role].get("highlights") or []
            work["highlights"] = [
                texts.get(f"W{role}.{i}", originals[i]) for i in selection.get(role, [])
            ]
        if answer.summary.strip():
            document.setdefault("basics", {})["summary"] = answer.summary.strip()
        return document


def _violation_dict(violation: Violation) -> dict[str, str]:
    return {
        "kind": violation.kind,
        "path": violation.path,
        "value": violation.value,
        "message": violation.message,
    }


def _group_holding(
    groups: list[dict[str, Any]], skill: str
) -> tuple[dict[str, Any] | None, int | None]:
    for group in groups:
        for position, word in enumerate(group.get("keywords") or []):
            if skill in skills_from_names([str(word)]):
                return group, position
    return None, None


def _group_implying(groups: list[dict[str, Any]], skill: str) -> dict[str, Any]:
    for group in groups:
        if skill in with_implied(skills_from_names(map(str, group.get("keywords") or []))):
            return group
    return groups[0]


def join_words(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c": a list as a sentence says it."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return match.group(1) if match else text.rstrip(".") + "."
