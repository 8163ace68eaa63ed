"""Resume lines → sections → a JSON Resume document, without a model.

A section starts at a heading with one of the names resumes use ("Work Experience",
"Technical Skills", "Licenses & Certifications", …), however it is set: a Markdown or
Word heading, capitals, a trailing colon or letter-spacing. Other headings that use the
same style end the previous section and are reported, not guessed at. Each known
section has its own reader; what a reader cannot find is left out and said in a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from resumes.contact import parse_basics
from resumes.entries import parse_education, parse_projects, parse_work
from resumes.fields import close_letter_spacing, company_score, role_score, squash
from resumes.lines import Layout, Line, bullets_from_indentation, has_date_range
from resumes.list_sections import (
    parse_awards,
    parse_certificates,
    parse_interests,
    parse_languages,
    parse_publications,
    parse_skills,
)

_SECTION_NAMES: dict[str, tuple[str, ...]] = {
    "summary": (
        "summary",
        "professional summary",
        "career summary",
        "executive summary",
        "summary of qualifications",
        "profile",
        "professional profile",
        "personal profile",
        "about",
        "about me",
        "objective",
        "career objective",
        "overview",
        "personal statement",
    ),
    "work": (
        "experience",
        "work experience",
        "professional experience",
        "relevant experience",
        "industry experience",
        "employment",
        "employment history",
        "work history",
        "career history",
        "professional background",
        "experience history",
    ),
    "education": (
        "education",
        "education and training",
        "academic background",
        "academic history",
        "academics",
    ),
    "skills": (
        "skills",
        "technical skills",
        "core skills",
        "key skills",
        "skill set",
        "skillset",
        "skills and tools",
        "skills and technologies",
        "tools and technologies",
        "technologies",
        "tech stack",
        "technical proficiencies",
        "competencies",
        "core competencies",
        "areas of expertise",
        "expertise",
    ),
    "certificates": (
        "certifications",
        "certification",
        "certificates",
        "certificate",
        "professional certifications",
        "licenses",
        "licences",
        "licenses and certifications",
        "licences and certifications",
        "certifications and licenses",
        "certifications and licences",
        "licenses and certificates",
        "credentials",
    ),
    "projects": (
        "projects",
        "personal projects",
        "side projects",
        "selected projects",
        "key projects",
        "notable projects",
        "open source",
        "open source projects",
        "open source contributions",
    ),
    "contact": (
        "contact",
        "contact information",
        "contact details",
        "contact info",
        "personal details",
        "personal information",
    ),
    "awards": (
        "awards",
        "honors",
        "honours",
        "awards and honors",
        "honors and awards",
        "awards and achievements",
    ),
    "publications": ("publications", "papers", "selected publications"),
    "volunteer": (
        "volunteer",
        "volunteering",
        "volunteer experience",
        "volunteer work",
        "community involvement",
    ),
    "languages": ("languages", "spoken languages", "language skills"),
    "interests": ("interests", "hobbies", "hobbies and interests", "personal interests"),
    "other": (
        "achievements",
        "accomplishments",
        "references",
        "activities",
        "leadership",
        "extracurricular activities",
        "courses",
        "coursework",
        "training",
        "patents",
        "talks",
        "presentations",
        "memberships",
        "affiliations",
        "professional affiliations",
        "additional information",
    ),
}
_ENTRY_SECTIONS = ("work", "education", "projects", "volunteer")
_MINOR = ("awards", "publications", "volunteer", "languages", "interests", "other")
"""Names that are also common sub-headings ("Languages:" among the skills): they open a
section only when set like the main headings, and not as the first line of one."""
_BY_NAME = {name: key for key, names in _SECTION_NAMES.items() for name in names}
_BY_SQUEEZED = {name.replace(" ", ""): key for name, key in _BY_NAME.items()}
"""The same names written without spaces, as letter-spaced headings often come out."""


@dataclass
class Section:
    key: str
    title: str
    lines: list[Line] = field(default_factory=list)


def _heading_name(text: str) -> str:
    value = squash(close_letter_spacing(text))
    value = re.sub(r"[^\w&/ ]+", " ", value.lower()).replace("&", " and ").replace("/", " and ")
    return " ".join(value.split())


def _style(line: Line) -> str:
    if line.heading:
        return f"h{line.heading}"
    text = line.text.strip()
    if text.endswith(":"):
        return "colon"
    letters = [c for c in text if c.isalpha()]
    return "caps" if letters and all(c.isupper() for c in letters) else "plain"


def section_key(line: Line) -> str | None:
    """The section a heading line opens ("work", "skills", …, "other"), or None."""
    if line.bullet or line.blank or len(line.text) > 60:
        return None
    name = _heading_name(line.text)
    return _BY_NAME.get(name) or _BY_SQUEEZED.get(name.replace(" ", ""))


def split_sections(lines: list[Line]) -> tuple[list[Line], list[Section]]:
    """The lines above the first section, and the sections in order.

    A Markdown heading at the level of the known sections opens a section even when its
    name is unknown (it is then reported), so its lines are not read as part of another;
    unless it reads as an entry of the section it is in (a role, an employer, dates).
    """
    known = [line for line in lines if section_key(line) not in (None, *_MINOR)]
    styles = {_style(line) for line in known}
    levels = {line.heading for line in known if line.heading}
    header: list[Line] = []
    sections: list[Section] = []
    for number, line in enumerate(lines):
        key = section_key(line)
        just_opened = bool(sections) and all(n.blank for n in sections[-1].lines)
        if key in _MINOR and (_style(line) not in styles or just_opened):
            key = None
        if key is None and sections and line.heading and line.heading in levels:
            following = next((n.text for n in lines[number + 1 :] if not n.blank), "")
            entry = role_score(line.text) + company_score(line.text) > 0 or any(
                has_date_range(text) for text in (line.text, following)
            )
            key = None if entry and sections[-1].key in _ENTRY_SECTIONS else "other"
        if key is not None:
            sections.append(Section(key, squash(close_letter_spacing(line.text))))
        elif sections:
            sections[-1].lines.append(line)
        else:
            header.append(line)
    return header, sections


def _paragraphs(lines: list[Line]) -> str:
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line.blank:
            paragraphs.append([])
        else:
            paragraphs[-1].append(line.text.strip())
    return "\n\n".join(" ".join(p) for p in paragraphs if p)


_EXPECTED = {"work": "experience", "education": "education", "skills": "skills"}


def _read_section(section: Section, body: list[Line], document: dict[str, Any]) -> list[str]:
    """Add one section's entries to ``document``; returns its warnings."""
    warnings: list[str] = []
    key = section.key
    found: list[dict[str, Any]]
    if key == "summary":
        summary = _paragraphs(body)
        if summary:
            document["basics"]["summary"] = summary
        return warnings
    if key in ("work", "volunteer"):
        found, warnings = parse_work(body)
        if key == "volunteer":
            found = [_as_volunteering(entry) for entry in found]
            warnings = [w.replace("work entry", "volunteer entry") for w in warnings]
    elif key == "education":
        found, warnings = parse_education(body)
    elif key == "projects":
        found, warnings = parse_projects(body)
    elif key == "skills":
        found = parse_skills(body, section.title)
    elif key == "certificates":
        found, warnings = parse_certificates(body)
    elif key == "awards":
        found = parse_awards(body)
    elif key == "publications":
        found = parse_publications(body)
    elif key == "languages":
        found = parse_languages(body)
    elif key == "interests":
        found = parse_interests(body)
    else:
        if any(not line.blank for line in body) and key != "contact":
            warnings.append(
                f"section '{section.title}' was not imported; add it to the JSON by hand"
            )
        return warnings
    if found:
        document.setdefault(key, []).extend(found)
    return warnings


def _as_volunteering(entry: dict[str, Any]) -> dict[str, Any]:
    organization = entry.pop("name")
    return {"organization": organization, **entry} if organization else entry


def parse_resume(
    lines: list[Line], layout: Layout | None = None
) -> tuple[dict[str, Any], list[str]]:
    """A JSON Resume document from a resume's lines, and what could not be read."""
    layout = layout or Layout()
    header, sections = split_sections(lines)
    warnings: list[str] = []
    if not sections:
        warnings.append(
            "no section headings found (such as Experience, Education, Skills); "
            "only the name and contact details were read"
        )
    contact = [line for s in sections if s.key == "contact" for line in s.lines]
    basics, basics_warnings = parse_basics(
        header, contact=contact, everything=lines, links=list(layout.links)
    )
    warnings += basics_warnings
    document: dict[str, Any] = {"basics": basics}
    for section in sections:
        body = section.lines
        if layout.drawn_bullets and section.key in _ENTRY_SECTIONS:
            body = bullets_from_indentation(body, width=layout.width)
        warnings += _read_section(section, body, document)
    for key, title in _EXPECTED.items():
        if key not in document:
            warnings.append(f"no {title} section found")
    return document, warnings
