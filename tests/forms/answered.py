"""The sample candidate after answering what only the person can: consents and past employers.

Workday asks for a terms-and-conditions consent and whether the candidate worked for the
company before, SmartRecruiters for a privacy consent; nothing in a resume answers those, so
the engine hands them to the person until they are in the answer bank, as here.
"""

from __future__ import annotations

import json
from pathlib import Path

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
