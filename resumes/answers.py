"""Answering application questions: from the candidate's own words, never by a random pick.

Sources, in order: the ``application`` block of the candidate file, the candidate's answer
bank (matched by normalised similarity), the resume (years with a skill, computed from
dates; the highest degree), and, only for free-text questions, a model constrained to
master facts and checked by the validator. Anything else is ``needs_human``. Every
answer says where it came from, so the reviewer can check it.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from jobs.ranking import countries_named
from jobs.seniority import experience_years
from jobs.skills import extract_skills, skills_from_names, with_implied
from llm.client import LlmError
from resumes import prompting
from resumes.candidate import Candidate
from resumes.facts import degree_levels
from resumes.tailor import Tailor
from resumes.target import JobTarget

AnswerSource = Literal["application", "answer_bank", "resume", "llm", "needs_human"]
QuestionKind = Literal["text", "textarea", "select", "radio", "checkbox", "number", "date"]

BANK_THRESHOLD = 0.82
"""Similarity (0..1) above which an answer-bank question counts as the same question."""

DECLINE = re.compile(
    r"declin|prefer not|do not wish|don.t wish|not wish to|choose not|rather not|"
    r"not to (answer|disclose|say|self.identify)|do not want to (answer|disclose)|"
    r"don.t want to (answer|disclose)|not specified|undisclosed",
    re.IGNORECASE,
)


class Question(BaseModel):
    text: str = Field(min_length=1)
    kind: QuestionKind = "text"
    options: list[str] = Field(default_factory=list)


class Answer(BaseModel):
    question: str
    answer: str | None
    source: AnswerSource
    detail: str
    """Where exactly: "application.requires_sponsorship", the bank question, the roles used."""
    values: list[str] = Field(default_factory=list)
    """Every choice of a question that takes several (a checkbox group); ``answer`` is the first."""

    @property
    def needs_human(self) -> bool:
        return self.source == "needs_human"

    @property
    def cited(self) -> str:
        """Where the answer came from, said once: the detail when it names its source already
        ("application.requires_sponsorship", "answer bank: …", "resume lists or uses …"),
        else the kind before it ("llm: model, checked against the master …")."""
        kind = self.source.replace("_", " ")
        return self.detail if self.detail.startswith(kind) else f"{kind}: {self.detail}"


def normalise(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def similarity(a: str, b: str) -> float:
    """Word-order-aware similarity of two questions, after case and punctuation are folded."""
    return difflib.SequenceMatcher(None, normalise(a), normalise(b)).ratio()


_FUNCTION_WORDS = frozenset(
    (  # noqa: SIM905  (a word list reads best as words)
        "a an the you your yours do does did are is am be been to in on at of for with by from "
        "we us our this that these those it its i me my have has had would will can could should "
        "any and or as about currently"
    ).split()
)
_NEGATION = re.compile(r"\b(?:not|never|without)\b|n[’']t\b", re.IGNORECASE)


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _content(text: str) -> set[str]:
    return {_stem(w) for w in normalise(text).split() if w not in _FUNCTION_WORDS}


def same_question(a: str, b: str) -> bool:
    """Whether two similar questions ask the same thing: same opening word ("why" is not
    "do"), same negation, and no word of one swapped for another word ("Pacific" time zone
    is not "Eastern" time zone). A word added or left out ("time zone", "time") is fine."""
    words_a, words_b = normalise(a).split(), normalise(b).split()
    if not words_a or not words_b or words_a[0] != words_b[0]:
        return False
    if bool(_NEGATION.search(a)) != bool(_NEGATION.search(b)):
        return False
    content_a, content_b = _content(a), _content(b)
    return not (content_a - content_b and content_b - content_a)


def choose_option(value: str, options: Sequence[str]) -> str | None:
    """The option that says ``value``: yes/no by polarity, "decline" by wording, else closest."""
    if not options:
        return value
    lower = value.strip().lower()
    if lower in ("yes", "no"):
        # "Yes, 5+ years" says more than yes, and of two yeses neither is the one meant.
        polar = [o for o in options if normalise(o).split()[:1] == [lower]]
        plain = [o for o in polar if normalise(o) == lower]
        if plain or (len(polar) == 1 and not re.search(r"\d", polar[0])):
            return (plain or polar)[0]
        return None
    if lower == "decline":
        return next((o for o in options if DECLINE.search(o)), None)
    exact = [o for o in options if normalise(o) == normalise(value)]
    if exact:
        return exact[0]
    said = {w for w in normalise(value).split() if not w.isdigit()}
    # Only an option sharing a word with the value is "closest": "Male" is not "Female", and
    # "5" is not "Less than 5 years".
    sharing = [o for o in options if said & set(normalise(o).split())]
    containing = [o for o in sharing if said <= set(normalise(o).split())]
    if len(containing) == 1:
        return containing[0]
    scored = sorted(sharing, key=lambda o: similarity(o, value), reverse=True)
    return scored[0] if scored and similarity(scored[0], value) >= 0.6 else None


def _yes_no(flag: bool) -> str:
    return "Yes" if flag else "No"


_Rule = Callable[["Answerer", Question, "JobTarget | None"], "Answer | None"]


class Answerer:
    """Answers questions for one candidate; the model is optional and used last."""

    def __init__(
        self, candidate: Candidate, *, tailor: Tailor | None = None, today: date | None = None
    ) -> None:
        self.candidate = candidate
        self.tailor = tailor or Tailor(candidate.resume_document())
        self.today = today or date.today()

    # --- deterministic -------------------------------------------------------------

    def answer(self, question: Question, job: JobTarget | None = None) -> Answer:
        for rule in _RULES:
            found = rule(self, question, job)
            if found is not None:
                return self._fit(found, question)
        return self._human(question, "nothing in the candidate file answers it")

    def _fit(self, answer: Answer, question: Question) -> Answer:
        """Map the answer onto the form's options; an answer no option says needs a human."""
        if answer.answer is None or not question.options or answer.values:
            return answer
        option = choose_option(answer.answer, question.options)
        if option is None:
            return self._human(
                question, f"{answer.detail} says {answer.answer!r}, which no option matches"
            )
        return answer.model_copy(update={"answer": option})

    @staticmethod
    def _human(question: Question, why: str) -> Answer:
        return Answer(question=question.text, answer=None, source="needs_human", detail=why)

    @staticmethod
    def _from_resume(question: Question, value: str, detail: str) -> Answer:
        return Answer(question=question.text, answer=value, source="resume", detail=detail)

    @staticmethod
    def _app(question: Question, value: str, field: str) -> Answer:
        return Answer(
            question=question.text,
            answer=value,
            source="application",
            detail=f"application.{field}",
        )

    def sponsorship(self, q: Question, job: JobTarget | None) -> Answer | None:
        if not re.search(r"sponsor|(?:require|need)\w*\b.{0,40}(?:\bvisa\b|h-?1b)", q.text, re.I):
            return None
        value = self.candidate.application.requires_sponsorship
        if value is None:
            return self._human(q, "application.requires_sponsorship is not set")
        if re.search(r"without (?:\w+ ){0,3}sponsor", q.text, re.I):
            # "Can you work here without sponsorship?" asks the opposite way round.
            if value:
                return self._app(q, "No", "requires_sponsorship")
            authorized = self.authorization(q, job)
            if authorized is None:
                return self._app(q, "Yes", "requires_sponsorship")
            if authorized.needs_human:
                return authorized
            detail = f"{authorized.detail}, application.requires_sponsorship"
            return authorized.model_copy(update={"detail": detail})
        return self._app(q, _yes_no(value), "requires_sponsorship")

    def authorization(self, q: Question, job: JobTarget | None) -> Answer | None:
        if not re.search(
            r"authori[sz]ed|eligib\w* to work|right to work|"
            r"legally (?:able|permitted|allowed)|work permit",
            q.text,
            re.I,
        ):
            return None
        allowed = {c.upper() for c in self.candidate.application.authorized_to_work}
        named = countries_named(q.text) or (
            countries_named(job.location or "") if job else frozenset()
        )
        if not named:
            return self._human(q, "the question names no country and the job's country is unknown")
        if not allowed:
            return self._human(q, "application.authorized_to_work is empty")
        return self._app(
            q, _yes_no(bool(named & allowed)), f"authorized_to_work ({', '.join(sorted(allowed))})"
        )

    def salary(self, q: Question, job: JobTarget | None) -> Answer | None:
        if not re.search(
            r"salary|compensation|pay (?:expectation|requirement|range)|desired pay|expected pay",
            q.text,
            re.I,
        ):
            return None
        if re.search(r"\b(?:current|previous|last|prior)\b", q.text, re.I):
            return self._human(
                q, "it asks for a past or current salary; only the expectation is set"
            )
        expected = self.candidate.application.salary_expectation
        if expected is None:
            return self._human(q, "application.salary_expectation is not set")
        amount = f"{expected.amount:,.0f}"
        if q.options:
            for option in q.options:
                if _in_range(expected.amount, option):
                    return Answer(
                        question=q.text,
                        answer=option,
                        source="application",
                        detail="application.salary_expectation",
                    )
            return self._human(q, f"no option's range contains {amount} {expected.currency}")
        if q.kind == "number":
            return self._app(q, f"{expected.amount:.0f}", "salary_expectation")
        return self._app(
            q, f"{amount} {expected.currency} per {expected.period}", "salary_expectation"
        )

    def start(self, q: Question, job: JobTarget | None) -> Answer | None:
        if not re.search(
            r"notice period|start date|when can you start|earliest.{0,20}start|"
            r"available to start|availability",
            q.text,
            re.I,
        ):
            return None
        app = self.candidate.application
        if app.notice_period and q.kind != "date" and re.search(r"notice", q.text, re.I):
            return self._app(q, app.notice_period, "notice_period")
        if app.earliest_start_date is not None:
            return self._app(q, app.earliest_start_date.isoformat(), "earliest_start_date")
        if q.kind == "date":
            return self._human(q, "a date is asked and application.earliest_start_date is not set")
        if app.notice_period:
            return self._app(q, app.notice_period, "notice_period")
        return self._human(q, "neither application.earliest_start_date nor notice_period is set")

    def relocation(self, q: Question, job: JobTarget | None) -> Answer | None:
        if not re.search(r"relocat", q.text, re.I):
            return None
        value = self.candidate.application.willing_to_relocate
        if value is None:
            return self._human(q, "application.willing_to_relocate is not set")
        return self._app(q, _yes_no(value), "willing_to_relocate")

    def heard(self, q: Question, job: JobTarget | None) -> Answer | None:
        if not re.search(
            r"how did you (?:hear|find|learn)|where did you (?:hear|find|see)|"
            r"referral source|source of (?:this )?application",
            q.text,
            re.I,
        ):
            return None
        value = self.candidate.application.how_did_you_hear
        if not value:
            return self._human(q, "application.how_did_you_hear is not set")
        return self._app(q, value, "how_did_you_hear")

    def eeo(self, q: Question, job: JobTarget | None) -> Answer | None:
        eeo = self.candidate.application.eeo
        for field, pattern in (
            ("gender", r"\bgender\b|\bsex\b"),
            ("race", r"\brace\b|ethnic|hispanic|latin[oax]"),
            ("veteran", r"veteran"),
            ("disability", r"disabilit"),
        ):
            if re.search(pattern, q.text, re.I):
                value = str(getattr(eeo, field))
                if value == "decline" and not q.options:
                    return self._app(q, "I decline to self-identify", f"eeo.{field}")
                return self._app(q, value, f"eeo.{field}")
        return None

    def bank(self, q: Question, job: JobTarget | None) -> Answer | None:
        best, score = None, 0.0
        asked = re.sub(r"\([^)]*\)", " ", q.text)  # "(100 words at most)" is not the question
        if job is not None:
            # "Why do you want to work at Acme?" is the bank's "…work here?"
            asked = re.sub(rf"\b{re.escape(job.company)}\b", "here", asked, flags=re.I)
            asked = re.sub(r"\bjoin\s+here\b", "work here", asked, flags=re.I)
            asked = re.sub(r"\b(?:at|for|with)\s+here\b", "here", asked, flags=re.I)
        for entry in self.candidate.application.answers:
            value = similarity(entry.question, asked)
            if value > score and same_question(entry.question, asked):
                best, score = entry, value
        if best is None or score < BANK_THRESHOLD:
            return None
        return Answer(
            question=q.text,
            answer=best.answer,
            source="answer_bank",
            detail=f"answer bank: {best.question!r} ({score:.0%} similar)",
        )

    def years(self, q: Question, job: JobTarget | None) -> Answer | None:
        if not re.search(
            r"how many years|years of (?:\w+ ){0,3}experience|years (?:have you|of)", q.text, re.I
        ):
            return None
        skills = extract_skills(q.text)
        work = self.candidate.work
        if not skills and (subject := _experience_subject(q.text)):
            return self._human(
                q, f"it asks for years of {subject}, which no role in the resume names"
            )
        if not skills:
            total = experience_years(((w.startDate, w.endDate) for w in work), today=self.today)
            if total is None:
                return self._human(q, "no role in the resume has dates")
            return self._years_answer(q, total, "resume: all roles' dates")
        if len(skills) > 1:
            return self._human(
                q, f"the question names several skills ({', '.join(sorted(skills))})"
            )
        skill = next(iter(skills))
        roles = [
            w
            for w in work
            if skill
            in with_implied(
                extract_skills(" ".join([w.position or "", w.summary or "", *w.highlights]))
            )
        ]
        if not roles:
            return self._human(q, f"no role in the resume says where {skill} was used")
        spans = experience_years(((w.startDate, w.endDate) for w in roles), today=self.today)
        if spans is None:
            return self._human(q, f"the roles using {skill} have no dates")
        names = ", ".join(w.name for w in roles)
        return self._years_answer(q, spans, f"resume: dates of the roles using {skill} ({names})")

    def _years_answer(self, q: Question, years: float, detail: str) -> Answer:
        whole = math.floor(years)
        if q.options:
            for option in q.options:
                if _in_range(whole, option):
                    return self._from_resume(q, option, detail)
        return self._from_resume(q, str(whole), detail)

    def has_skill(self, q: Question, job: JobTarget | None) -> Answer | None:
        match = re.search(
            r"^(?:do|have) you (?:have )?(?:any )?(?:experience|worked|used|proficien)",
            q.text,
            re.I,
        )
        skills = extract_skills(q.text)
        if match is None or len(skills) != 1:
            return None
        skill = next(iter(skills))
        if skill in self.tailor.facts.skills:
            return self._from_resume(q, "Yes", f"resume lists or uses {skill}")
        return self._human(q, f"{skill} is not in the resume; only the candidate can say")

    def skills_used(self, q: Question, job: JobTarget | None) -> Answer | None:
        """A checkbox group of skills ("Which of these have you used?"): those the resume has."""
        if q.kind != "checkbox" or len(q.options) < 2:
            return None
        if not re.search(r"used|experience|worked|familiar|proficien|comfortable", q.text, re.I):
            return None
        named = {o: skills_from_names([o]) for o in q.options}
        if sum(1 for skills in named.values() if skills) * 2 < len(q.options):
            return None
        have = [o for o, skills in named.items() if skills and skills <= self.tailor.facts.skills]
        if not have:
            return self._human(q, "none of the listed skills is in the resume")
        return Answer(
            question=q.text,
            answer=have[0],
            values=have,
            source="resume",
            detail=f"resume lists or uses {', '.join(have)}",
        )

    def degree(self, q: Question, job: JobTarget | None) -> Answer | None:
        if not re.search(
            r"highest (?:level of )?(?:education|degree)|degree do you (?:have|hold)", q.text, re.I
        ):
            return None
        education = self.candidate.education
        if not education:
            return self._human(q, "the resume lists no education")
        ranked = [(_level(e.studyType, e.area), i) for i, e in enumerate(education)]
        rank, index = max(ranked, key=lambda r: (r[0], -r[1]))
        if rank == 0 and len(education) > 1:
            return self._human(q, "no degree in the resume has a level to compare")
        top = education[index]
        detail = f"education: {top.institution}"
        if q.options and rank:
            # The degree held ("MS") or its level in words ("Master's degree"), never another
            # degree of the same level ("MBA").
            level = _LEVELS[rank - 1]
            same = [o for o in q.options if level in degree_levels(o)]
            held = [o for o in same if normalise(o) == normalise(top.studyType or "")]
            pick = held or [o for o in same if _LEVEL_IN_WORDS.search(o)]
            if len(pick) == 1:
                return self._from_resume(q, pick[0], detail)
        text = " ".join(p for p in (top.studyType, top.area) if p) or top.institution
        return self._from_resume(q, text, detail)

    # --- with a model --------------------------------------------------------------

    async def answer_all(
        self, questions: Sequence[Question], job: JobTarget | None = None
    ) -> list[Answer]:
        """Deterministic answers first; the free-text rest go to the model in one call."""
        answers = [self.answer(q, job) for q in questions]
        llm = self.tailor.llm
        open_text = [
            i
            for i, (q, a) in enumerate(zip(questions, answers, strict=True))
            if a.needs_human and q.kind in ("text", "textarea") and not q.options
        ]
        if llm is None or not open_text:
            return answers
        request = self.tailor.request(
            "screening_answer",
            {
                "questions": [questions[i].text for i in open_text],
                "job": prompting.job_excerpt(job) if job else "(no job given)",
            },
        )
        try:
            reply = await llm.structured(request, LlmAnswers)
        except LlmError as exc:
            for i in open_text:
                answers[i] = self._human(questions[i], f"the model failed: {exc}")
            return answers
        own = [a.answer for a in self.candidate.application.answers]
        allowed = [job.company, job.title, *own] if job else own
        for item in reply.answers:
            if not 0 <= item.id < len(open_text) or not item.answer:
                continue
            index = open_text[item.id]
            violations = self.tailor.validator.check_text(item.answer, allowed=allowed)
            if violations:
                answers[index] = self._human(
                    questions[index], f"the model's answer was rejected: {violations[0].message}"
                )
            else:
                answers[index] = Answer(
                    question=questions[index].text,
                    answer=item.answer.strip(),
                    source="llm",
                    detail=f"model, checked against the master ({request.prompts[-1].ref})",
                )
        return answers


_GENERAL_EXPERIENCE = frozenset(
    {
        "total", "overall", "professional", "relevant", "related", "similar", "prior",
        "previous", "work", "working", "industry", "paid", "full", "time", "full-time",
        "hands-on", "hands", "on", "software", "engineering", "development", "your", "of",
        "the", "in", "a", "an", "any",
    }
)  # fmt: skip
_SUBJECTS = (
    re.compile(r"years of ([\w+#./ -]+?) experience", re.IGNORECASE),
    re.compile(
        r"(?:experience (?:do you have )?|worked |working )(?:with|in|using|on) "
        r"([\w+#./ -]+?)\s*\??$",
        re.IGNORECASE,
    ),
)


def _experience_subject(text: str) -> str | None:
    """What a years question asks about beyond experience in general ("roadmapping" in "How
    many years of roadmapping experience…"); None for "professional", "work" and the like."""
    for pattern in _SUBJECTS:
        for found in pattern.finditer(text):
            subject = found.group(1).strip()
            if any(w not in _GENERAL_EXPERIENCE for w in subject.lower().split()):
                return subject
    return None


class _LlmAnswer(BaseModel):
    id: int
    answer: str | None


class LlmAnswers(BaseModel):
    answers: list[_LlmAnswer]


_LEVELS = ("associate", "bachelor", "master", "doctorate")
_LEVEL_IN_WORDS = re.compile(r"associate|bachelor|master|doctor", re.IGNORECASE)


def _level(*parts: str | None) -> int:
    """The rank of a degree (0: none named, 4: a doctorate), from its type and field."""
    named = degree_levels(" ".join(p for p in parts if p))
    return max((_LEVELS.index(level) + 1 for level in named), default=0)


_NUM = re.compile(r"\d[\d,]*(?:\.\d+)?\s*[kK]?")


def _value(token: str) -> float:
    token = token.strip()
    factor = 1000.0 if token.lower().endswith("k") else 1.0
    return float(token.rstrip("kK").replace(",", "").strip()) * factor


def _in_range(amount: float, option: str) -> bool:
    """Whether an option such as "$150,000 - $200,000", "5+ years" or "Under 2" holds ``amount``."""
    numbers = [_value(n) for n in _NUM.findall(option)]
    lower = option.lower()
    if len(numbers) >= 2:
        return numbers[0] <= amount <= numbers[1]
    if len(numbers) == 1:
        (n,) = numbers
        if "+" in option or re.search(r"more|over|above|at least|or more", lower):
            return amount >= n
        if re.search(r"less|under|below|fewer|up to", lower):
            return amount < n
        return amount == n
    return False


_RULES: tuple[_Rule, ...] = (
    Answerer.sponsorship,
    Answerer.authorization,
    Answerer.salary,
    Answerer.start,
    Answerer.relocation,
    Answerer.heard,
    Answerer.eeo,
    Answerer.bank,
    Answerer.years,
    Answerer.degree,
    Answerer.skills_used,
    Answerer.has_skill,
)
