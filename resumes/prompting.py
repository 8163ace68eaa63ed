"""How the candidate and the job are written into prompts, in the order prompt caching rewards.

The system message is the same for every call about one candidate (rules plus the master
resume, rendered compactly with ids for roles and bullets), so providers cache it; each
task's own instructions follow, and the job text comes last.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from jobs.skills import job_texts
from llm.client import LlmRequest
from llm.prompts import load_prompt
from resumes.target import JobTarget

JOB_EXCERPT_CHARS = 2400
"""About 500 tokens: enough for the requirements; the rest of a long posting adds cost only."""


def _dates(entry: Mapping[str, Any]) -> str:
    start = entry.get("startDate") or "?"
    end = entry.get("endDate") or "present"
    return f"{start} – {end}"


def master_text(document: Mapping[str, Any]) -> str:
    """The master resume as compact text with ids (W0, W0.1, P0) that tasks can refer to."""
    basics = document.get("basics") or {}
    lines = [f"Name: {basics.get('name', '')}"]
    if basics.get("label"):
        lines.append(f"Headline: {basics['label']}")
    location = basics.get("location") or {}
    place = ", ".join(
        str(location[k]) for k in ("city", "region", "countryCode") if location.get(k)
    )
    if place:
        lines.append(f"Location: {place}")
    if basics.get("summary"):
        lines.append(f"Summary: {basics['summary']}")
    lines.append("")
    lines.append("### Experience")
    for i, work in enumerate(document.get("work") or []):
        where = f", {work['location']}" if work.get("location") else ""
        lines.append(
            f"[W{i}] {work.get('position') or ''} at {work.get('name')}{where} ({_dates(work)})"
        )
        if work.get("summary"):
            lines.append(f"  About: {work['summary']}")
        for j, bullet in enumerate(work.get("highlights") or []):
            lines.append(f"  W{i}.{j} {bullet}")
    if document.get("projects"):
        lines.append("### Projects")
        for i, project in enumerate(document["projects"]):
            lines.append(
                f"[P{i}] {project.get('name')}: {project.get('description') or ''}".rstrip()
            )
            for bullet in project.get("highlights") or []:
                lines.append(f"  - {bullet}")
            if project.get("keywords"):
                lines.append(f"  Keywords: {', '.join(project['keywords'])}")
    if document.get("skills"):
        lines.append("### Skills")
        for group in document["skills"]:
            lines.append(f"{group.get('name')}: {', '.join(group.get('keywords') or [])}")
    if document.get("education"):
        lines.append("### Education")
        for edu in document["education"]:
            degree = " ".join(str(edu[k]) for k in ("studyType", "area") if edu.get(k))
            lines.append(f"{degree}, {edu.get('institution')} ({_dates(edu)})")
    if document.get("certificates"):
        lines.append("### Certificates")
        for cert in document["certificates"]:
            issuer = f", {cert['issuer']}" if cert.get("issuer") else ""
            lines.append(f"{cert.get('name')}{issuer} ({cert.get('date') or 'undated'})")
    return "\n".join(lines)


def job_excerpt(target: JobTarget, limit: int = JOB_EXCERPT_CHARS) -> str:
    """Title, company, location, then the requirement sections first, cut to ``limit``."""
    head = f"{target.title} at {target.company}" + (
        f" ({target.location})" if target.location else ""
    )
    required, nice = job_texts(target.description)
    body = "\n".join(part for part in (required, nice) if part.strip()) or target.description
    body = "\n".join(line.strip() for line in body.splitlines() if line.strip())
    if len(body) > limit:
        body = body[:limit].rsplit(" ", 1)[0] + " …"
    return f"{head}\n{body}"


def request(
    document: Mapping[str, Any],
    task: str,
    variables: Mapping[str, Any],
    *,
    own_answers: Sequence[Mapping[str, str]] = (),
) -> LlmRequest:
    """A call to ``task``: the shared candidate prefix, then the task prompt with the job last.

    ``own_answers`` is the candidate's answer bank: stable per user, so it belongs in the
    cached prefix, and it gives free-text answers the candidate's own facts and tone.
    """
    context = load_prompt("candidate_context")
    prompt = load_prompt(task)
    return LlmRequest(
        prompts=(context, prompt),
        system=context.render(
            {"resume_text": master_text(document), "own_answers": list(own_answers)}
        ),
        user=prompt.render(variables),
    )


def feedback(violations: list[str]) -> str:
    """What a rejected answer is told, so the retry can fix exactly those claims."""
    listed = "\n".join(f"- {v}" for v in violations[:20])
    return (
        "Your previous answer was rejected because it states facts that are not in the master "
        f"resume:\n{listed}\nAnswer again in the same JSON shape, keeping only master facts."
    )
