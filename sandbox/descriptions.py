"""Job descriptions: written from templates, kept as sections, rendered to HTML or plain text.

Keeping the sections apart lets each platform lay them out its own way (Lever's ``lists``,
SmartRecruiters' ``jobAd.sections``, Glassdoor's fragments) while the words stay the same, so
one job reads alike everywhere it is published.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from html import escape

from sandbox.vocabulary import BENEFITS, YEARS, Family


@dataclass(frozen=True)
class Description:
    about_company: str
    about_role: str
    responsibilities: tuple[str, ...]
    requirements: tuple[str, ...]
    nice_to_have: tuple[str, ...]
    benefits: tuple[str, ...]

    def sections(self) -> list[tuple[str, str]]:
        """(heading, HTML body) pairs in reading order."""
        return [
            ("About the role", paragraph(self.about_role)),
            ("What you'll do", bullets(self.responsibilities)),
            ("Requirements", bullets(self.requirements)),
            ("Nice to have", bullets(self.nice_to_have)),
            ("Benefits", bullets(self.benefits)),
        ]

    def html(self, *, company: bool = True, benefits: bool = True) -> str:
        parts = [paragraph(self.about_company)] if company else []
        for heading, body in self.sections():
            if heading == "Benefits" and not benefits:
                continue
            parts.append(f"<p><strong>{escape(heading, quote=False)}</strong></p>{body}")
        return "".join(parts)


def paragraph(text: str) -> str:
    return f"<p>{escape(text, quote=False)}</p>"


def bullets(items: tuple[str, ...] | list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(item, quote=False)}</li>" for item in items) + "</ul>"


def write_description(
    rng: random.Random,
    *,
    company: str,
    high_concept: str,
    small_company: bool,
    family: Family,
    title: str,
    seniority: str,
    team: str,
    remote: bool,
    skills: tuple[str, ...],
    nice_skills: tuple[str, ...],
) -> Description:
    years = YEARS[seniority]
    culture = (
        "We are a small team that cares about craft, kindness and shipping."
        if small_company
        else "We are a large organisation that works in small, autonomous teams."
    )
    about_company = f"{company}: {high_concept}. {culture}"
    where = (
        "You can work from anywhere in the listed region; the team overlaps four hours a day."
        if remote
        else "You will work from our office with your team at least a few days a week."
    )
    about_role = f"As a {title} on the {team} team, you will {rng.choice(family.focus)}. {where}"
    focus = list(family.focus)
    rng.shuffle(focus)
    experience = (
        f"{years}+ years of professional experience with {skills[0]}"
        if years
        else f"Working knowledge of {skills[0]} from projects, coursework or internships"
    )
    requirements = [
        experience,
        f"Hands-on experience with {skills[1]} in production",
        f"Solid understanding of {skills[2]}" + (f" and {skills[3]}" if len(skills) > 3 else ""),
        "Clear written communication; much of our work happens in documents and reviews",
    ]
    if remote:
        requirements.append("Experience working on a distributed, remote team")
    nice = [f"Experience with {nice_skills[0]}"]
    if len(nice_skills) > 1:
        nice.append(f"Familiarity with {nice_skills[1]} or similar tools")
    if rng.random() < 0.5:
        nice.append("Contributions to open-source projects")
    benefits = tuple(rng.sample(BENEFITS, 4))
    return Description(
        about_company=about_company,
        about_role=about_role,
        responsibilities=tuple(focus[:4]),
        requirements=tuple(requirements),
        nice_to_have=tuple(nice),
        benefits=benefits,
    )
