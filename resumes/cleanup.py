"""An optional model pass over an imported resume: fix the parser's structure, add nothing.

The deterministic parser is right most of the time and says where it was unsure; a model can
repair what layouts defeat (a title and an employer swapped, bullets under the wrong role).
Its answer is accepted only when it is a valid JSON Resume and every fact in it appears in
the resume's own text, checked by the same validator that guards tailoring.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

import structlog
from pydantic import BaseModel

from core.errors import InputError
from llm.client import ChatClient, LlmError, LlmRequest
from llm.prompts import load_prompt
from resumes.candidate import parse_candidate
from resumes.facts import (
    MasterFacts,
    degree_levels,
    document_skill_names,
    document_texts,
    normal,
)
from resumes.importing import ImportedResume
from resumes.validator import Validator

log = structlog.get_logger(__name__)

_NAMED = (
    ("work", ("name", "position", "location")),
    ("education", ("institution", "area", "studyType")),
    ("certificates", ("name", "issuer")),
    ("projects", ("name",)),
)


class _Cleaned(BaseModel):
    document: dict[str, Any]


@dataclass(frozen=True)
class Cleanup:
    imported: ImportedResume
    applied: bool
    problems: list[str]


def unsupported_claims(document: dict[str, Any], text: str) -> list[str]:
    """Everything in ``document`` that the resume's text does not state."""
    folded = normal(text)
    stated = [c for c in document.get("certificates") or [] if normal(c.get("name")) in folded]
    facts = MasterFacts.of({"basics": {"summary": text}, "certificates": stated})
    validator = Validator(replace(facts, degree_levels=frozenset(degree_levels(text))))
    problems = [
        str(v)
        for path, value in document_texts(document)
        for v in validator.check_text(value, path=path)
    ]
    for section, keys in _NAMED:
        for i, entry in enumerate(document.get(section) or []):
            for key in keys:
                if entry.get(key):
                    path = f"{section}[{i}].{key}"
                    problems += [str(v) for v in validator.check_text(str(entry[key]), path=path)]
    problems += [
        f"{path}: skill {name!r} is not in the resume"
        for path, name in document_skill_names(document)
        if not validator.facts.has_skill(name)
    ]
    return problems


async def clean_up(imported: ImportedResume, llm: ChatClient) -> Cleanup:
    """The model's corrected document if it is valid and faithful to the text, else the original."""
    if not imported.text:
        return Cleanup(imported, applied=False, problems=[])
    prompt = load_prompt("resume_cleanup")
    request = LlmRequest(
        prompts=(prompt,),
        system="You repair resume parser output. You answer with JSON only.",
        user=prompt.render(
            {"parsed": json.dumps(imported.document, ensure_ascii=False), "text": imported.text}
        ),
    )
    try:
        answer = await llm.structured(request, _Cleaned)
        parse_candidate(answer.document, source="the model's clean-up")
    except (LlmError, InputError) as exc:
        return _rejected(imported, [str(exc)])
    basics, before = answer.document.get("basics") or {}, imported.document["basics"]
    problems = unsupported_claims(answer.document, imported.text)
    if basics.get("name") != before.get("name") or basics.get("email") != before.get("email"):
        problems.append("basics: the name or email changed")
    if problems:
        return _rejected(imported, problems)
    return Cleanup(replace(imported, document=answer.document), applied=True, problems=[])


def _rejected(imported: ImportedResume, problems: list[str]) -> Cleanup:
    log.warning("resume_cleanup.rejected", problems=problems[:5])
    warning = f"the model's clean-up was not used: {problems[0]}" + (
        f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    )
    return Cleanup(
        replace(imported, warnings=[*imported.warnings, warning]), applied=False, problems=problems
    )
