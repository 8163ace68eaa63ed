"""The message itself: a short email that cites one or two of the candidate's real achievements.

Offline it is a template filled with the candidate's headline, years worked, the job's
skills they have, and the master bullets that match the job best (chosen as the cover
letter chooses them). With a model, the subject and body are written freely from the same
achievements; the draft must pass the faithfulness validator and the length rules, or it is
retried once with the problems fed back and then replaced by the template, which the draft
reports. The greeting and sign-off are always ours, so a model never writes the
candidate's name or contact details.
"""

from __future__ import annotations

import re
from typing import Literal

import structlog
from pydantic import BaseModel, Field

from llm.client import LlmError
from outreach.recipients import Recipient
from resumes import prompting
from resumes.cover_letter import CoverLetterWriter, achievement_sentences
from resumes.tailor import Tailor, join_words
from resumes.target import JobTarget, job_keywords

log = structlog.get_logger(__name__)

MAX_WORDS = 150
"""The whole body, greeting and sign-off included: a recruiter reads it on a phone."""
MODEL_WORDS = (20, MAX_WORDS - 15)
"""The model's own text: the prompt asks for 60 to 110 words; this is what is refused."""
ACHIEVEMENTS = 2
MAX_SUBJECT_CHARS = 120
_GREETING = re.compile(r"^\s*(dear|hello|hi|hey|greetings)\b", re.IGNORECASE)
_SIGN_OFF = re.compile(
    r"\b(best regards|kind regards|regards|sincerely|best wishes|cheers)\b", re.I
)
_LINK = re.compile(r"https?://|www\.|\S+@\S+\.\w", re.IGNORECASE)

Method = Literal["template", "llm", "template-fallback"]


class OutreachDraft(BaseModel):
    recipient_name: str | None = None
    recipient_email: str | None = None
    subject: str
    body: str
    facts: list[str]
    """The master bullets the message is built from (offered to the model), as written."""
    method: Method
    violations_caught: list[str] = Field(default_factory=list)
    """Why a model's draft was refused, when the template was used instead."""
    prompts: list[str] = Field(default_factory=list)

    @property
    def words(self) -> int:
        return len(self.body.split())


class _LlmMessage(BaseModel):
    subject: str
    body: str


def format_problems(subject: str, body: str) -> list[str]:
    """Shape rules a model's message must meet, beyond faithfulness."""
    problems = []
    if not subject.strip() or len(subject) > MAX_SUBJECT_CHARS or "\n" in subject.strip():
        problems.append(f"the subject must be one line under {MAX_SUBJECT_CHARS} characters")
    words = len(body.split())
    if not MODEL_WORDS[0] <= words <= MODEL_WORDS[1]:
        problems.append(f"the body has {words} words; write 60 to 110")
    if _GREETING.match(body) or _SIGN_OFF.search(body):
        problems.append("the body contains a greeting or sign-off; they are added around it")
    if _LINK.search(body):
        problems.append("the body contains a link or an email address; leave them out")
    return problems


class OutreachWriter:
    """Drafts messages for one master, sharing the tailor's facts, validator and model."""

    def __init__(self, tailor: Tailor) -> None:
        self.tailor = tailor
        self.letters = CoverLetterWriter(tailor)

    @property
    def candidate_name(self) -> str:
        return str((self.tailor.master.get("basics") or {}).get("name") or "").strip()

    def _frame(self, recipient: Recipient | None, middle: str) -> str:
        """Our greeting and sign-off around the message's own text."""
        first = recipient.first_name if recipient else None
        greeting = f"Hi {first}," if first else "Hello,"
        sign_off = (
            "Best regards,\n" + self.candidate_name if self.candidate_name else "Best regards"
        )
        return f"{greeting}\n\n{middle.strip()}\n\n{sign_off}"

    def _subject(self, target: JobTarget, *, applied: bool) -> str:
        subject = f"{target.title} at {target.company}"
        return (f"My application for {subject}" if applied else subject)[:MAX_SUBJECT_CHARS]

    def cited(self, target: JobTarget) -> list[tuple[str, str]]:
        """(employer, bullet) of the achievements that match the job best, concrete first."""
        return self.letters.achievements(target, job_keywords(target))[:ACHIEVEMENTS]

    def template(
        self, target: JobTarget, recipient: Recipient | None = None, *, applied: bool = False
    ) -> OutreachDraft:
        facts = self.tailor.facts
        headline = self.tailor.headline or "professional"
        article = "an" if headline[:1].lower() in "aeiou" else "a"
        have = [k.term for k in job_keywords(target) if k.skill in facts.skills][:3]
        years = (
            f" with {facts.years_of_experience} years of experience"
            if facts.years_of_experience >= 1
            else ""
        )
        interest = "have applied for" if applied else "am interested in"
        opening = (
            f"I {interest} the {target.title} role at {target.company}. "
            f"I am {article} {headline}{years}"
        )
        opening += (
            f", and my work with {join_words(have)} matches what the role asks for."
            if have
            else "."
        )

        cited = self.cited(target)
        sentences = achievement_sentences(cited)
        closing = "Would you be open to a short conversation about the role?"
        while True:
            paragraphs = [opening, " ".join(sentences), closing]
            body = self._frame(recipient, "\n\n".join(p for p in paragraphs if p))
            if len(body.split()) <= MAX_WORDS or not sentences:
                break
            sentences.pop()
            cited = cited[: len(sentences)]
        return OutreachDraft(
            recipient_name=recipient.name if recipient else None,
            recipient_email=recipient.email if recipient else None,
            subject=self._subject(target, applied=applied),
            body=body,
            facts=[bullet for _, bullet in cited],
            method="template",
        )

    def check(self, draft: OutreachDraft, target: JobTarget) -> list[str]:
        """Every claim in the subject and body that the master does not support."""
        allowed = [target.company, target.title, draft.recipient_name or ""]
        return [
            str(v)
            for part, text in (("subject", draft.subject), ("body", draft.body))
            for v in self.tailor.validator.check_text(text, path=part, allowed=allowed)
        ]

    async def write(
        self, target: JobTarget, recipient: Recipient | None = None, *, applied: bool = False
    ) -> OutreachDraft:
        """The model's message when it passes every check, else the template (reported)."""
        draft = self.template(target, recipient, applied=applied)
        llm = self.tailor.llm
        if llm is None:
            return draft
        request = self.tailor.request(
            "outreach_message",
            {
                "recipient": (recipient.name if recipient and recipient.name else None)
                or (recipient.role if recipient and recipient.role else "the recruiter"),
                "role": target.title,
                "company": target.company,
                "applied": applied,
                "achievements": "; ".join(f'"{fact}"' for fact in draft.facts) or "none",
                "job": prompting.job_excerpt(target),
            },
        )
        draft.prompts = [p.ref for p in request.prompts]
        feedback: list[str] = []
        for _attempt in range(self.tailor.model_retries + 1):
            try:
                answer = await llm.structured(request, _LlmMessage, feedback=feedback)
            except LlmError as exc:
                log.warning("outreach.model_failed", error=str(exc))
                draft.violations_caught.append(f"model: {exc}")
                break
            subject = " ".join(answer.subject.split())
            written = draft.model_copy(
                update={
                    "subject": subject,
                    "body": self._frame(recipient, answer.body),
                    "method": "llm",
                }
            )
            problems = format_problems(answer.subject, answer.body) + self.check(written, target)
            if not problems:
                return written
            log.info("outreach.draft_rejected", problems=len(problems))
            draft.violations_caught += problems
            feedback = [prompting.feedback(problems)]
        draft.method = "template-fallback"
        return draft
