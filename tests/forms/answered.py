"""The sample candidate after answering what only the person can: consents and past employers.

Workday asks for a terms-and-conditions consent and whether the candidate worked for the
company before, SmartRecruiters for a privacy consent; nothing in a resume answers those, so
the engine hands them to the person until they are in the answer bank, as here.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from core.config import Settings
from forms.mapping import Documents
from forms.model import ApplyReport
from forms.service import apply
from resumes.candidate import Candidate, sample_candidate_path
from sandbox.applications.smartrecruiters import CONSENT
from sandbox.applications.workday_steps import TERMS

BANK = (
    {"question": "Have you previously worked here?", "answer": "No"},
    {"question": TERMS, "answer": "Yes"},
    {"question": CONSENT, "answer": "Yes"},
)
RESUME = b"%PDF-1.4\n% Priya Raman resume\n" + bytes(range(256)) + b"\n%%EOF\n"


def answered_candidate(**basics: str) -> Candidate:
    data = json.loads(sample_candidate_path().read_text(encoding="utf-8"))
    data["application"]["answers"] += list(BANK)
    data["basics"].update(basics)
    return Candidate.model_validate(data)


def resume_file(folder: Path) -> Path:
    path = folder / "priya-raman.pdf"
    path.write_bytes(RESUME)
    return path


def apply_as_member(
    url: str,
    tmp_path: Path,
    sessions: sessionmaker[Session],
    state: dict[str, Any] | None,
    *,
    submit: bool = True,
    candidate: Candidate | None = None,
) -> ApplyReport:
    """Apply at ``url`` with the browser session ``state`` (a Playwright storage state, or None
    for a visitor), as a user who set AJOB_BROWSER_STORAGE_STATE would."""
    saved = None
    if state is not None:
        saved = tmp_path / "browser-state.json"
        saved.write_text(json.dumps(state), encoding="utf-8")
    settings = Settings(
        http_allow_hosts=["127.0.0.1"], data_dir=tmp_path, browser_storage_state=saved
    )
    return asyncio.run(
        apply(
            settings,
            sessions,
            url,
            candidate or answered_candidate(),
            Documents(resume=resume_file(tmp_path)),
            submit=submit,
            screenshots=tmp_path / "evidence",
        )
    )
