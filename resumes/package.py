"""An application package for one job: tailored resume, cover letter, their PDFs and a report.

This is what ``ajob tailor`` writes and what the application graph will attach. The
report is the reviewer's view: keyword coverage before and after, every change and why,
every fabrication the validator caught, and the tokens and cost spent.
"""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

from playwright.async_api import async_playwright
from pydantic import BaseModel

from adapters.browser import launch_chromium
from core.config import Settings
from core.files import write_text_atomic
from llm.client import ChatClient
from llm.usage import UsageLedger
from resumes.candidate import Candidate
from resumes.cover_letter import CoverLetter, CoverLetterWriter
from resumes.render import (
    LetterContent,
    cover_letter_html,
    cover_letter_markdown,
    html_to_pdf,
    resume_html,
    resume_markdown,
)
from resumes.tailor import Tailor, TailoredResume
from resumes.target import JobTarget

FILES = (
    "resume.json",
    "resume.md",
    "resume.pdf",
    "cover_letter.md",
    "cover_letter.pdf",
    "report.json",
)


class PackageReport(BaseModel):
    job: dict[str, Any]
    provider: str
    model: str | None
    resume_method: str
    cover_letter_method: str
    keywords: list[str]
    keyword_coverage: dict[str, Any]
    changes: list[dict[str, str]]
    violations_caught: list[dict[str, str]]
    cover_letter: dict[str, Any]
    usage: dict[str, Any]
    llm_calls: list[dict[str, Any]]
    prompts: list[str]
    files: dict[str, str]


def folder_name(target: JobTarget) -> str:
    """``company-title`` as a safe folder name, e.g. ``acme-corp-staff-platform-engineer``."""
    slug = re.sub(r"[^a-z0-9]+", "-", f"{target.company}-{target.title}".lower()).strip("-")
    return slug[:60].rstrip("-") or "job"


def _write_texts(out: Path, document: dict[str, Any], letter: LetterContent) -> None:
    out.mkdir(parents=True, exist_ok=True)
    write_text_atomic(
        out / "resume.json", json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    )
    write_text_atomic(out / "resume.md", resume_markdown(document))
    write_text_atomic(out / "cover_letter.md", cover_letter_markdown(letter))


async def build_package(
    candidate: Candidate,
    target: JobTarget,
    out: Path,
    *,
    settings: Settings,
    llm: ChatClient | None = None,
    ledger: UsageLedger | None = None,
    pdf: bool = True,
) -> PackageReport:
    """Tailor, write the letter, render both, and write every file (each atomically)."""
    tailor = Tailor.for_candidate(candidate, llm=llm, synonyms=settings.validator_synonyms)
    tailored = await tailor.tailor(target)
    letter = await CoverLetterWriter(tailor).write(target)
    content = LetterContent(
        basics=tailored.document.get("basics") or {},
        company=target.company,
        role=target.title,
        paragraphs=letter.paragraphs,
    )
    await asyncio.to_thread(_write_texts, out, tailored.document, content)
    if pdf:
        async with async_playwright() as playwright:
            browser = await launch_chromium(playwright, settings)
            try:
                await html_to_pdf(
                    resume_html(tailored.document), out / "resume.pdf", browser=browser
                )
                await html_to_pdf(
                    cover_letter_html(content), out / "cover_letter.pdf", browser=browser
                )
            finally:
                await browser.close()
    report = _report(tailored, letter, llm, ledger, out, pdf)
    write_text_atomic(
        out / "report.json",
        json.dumps(report.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n",
    )
    return report


def _report(
    tailored: TailoredResume,
    letter: CoverLetter,
    llm: ChatClient | None,
    ledger: UsageLedger | None,
    out: Path,
    pdf: bool,
) -> PackageReport:
    ledger = ledger or (llm.ledger if llm is not None else UsageLedger())
    files = [f for f in FILES if pdf or not f.endswith(".pdf")]
    return PackageReport(
        job=tailored.job.model_dump(exclude={"description"}),
        provider="openai" if llm is not None else "offline",
        model=llm.model_name if llm is not None else None,
        resume_method=tailored.method,
        cover_letter_method=letter.method,
        keywords=tailored.keywords,
        keyword_coverage={
            "before": tailored.coverage_before.model_dump(),
            "after": tailored.coverage_after.model_dump(),
        },
        changes=[c.model_dump() for c in tailored.changes],
        violations_caught=[*tailored.violations_caught, *letter.violations_caught],
        cover_letter={
            "paragraphs": len(letter.paragraphs),
            "achievements_cited": letter.achievements,
        },
        usage=ledger.totals(),
        llm_calls=ledger.as_dicts(),
        prompts=sorted({*tailored.prompts, *letter.prompts}),
        files={name: str(out / name) for name in files},
    )
