"""The Hacker News threads: this month's "Who is hiring?", its siblings, and last month's.

Job comments are postings of the catalogue; replies, job seekers and freelancers are not, and
are there so that readers of the threads must tell them apart.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Final

from sandbox.dates import CATALOGUE_NOW
from sandbox.model import CatalogueJob, HnComment, HnStory, Posting
from sandbox.republish import vary_company, vary_title
from sandbox.text import hn_escape
from sandbox.vocabulary import HN_HANDLES

HnDraft = tuple[datetime, CatalogueJob, str | None, int]
"""A job to post on HN: when, which job, its salary text, its formatting variant."""


def hn_stories(rng: random.Random) -> list[HnStory]:
    october = 49_213_000 + rng.randrange(1000)
    november = 49_638_000 + rng.randrange(1000)
    oct_at = datetime(2026, 10, 1, 15, 0, tzinfo=UTC)
    nov_at = datetime(2026, 11, 2, 16, 0, tzinfo=UTC)
    return [
        HnStory(november, "hiring", "Ask HN: Who is hiring? (November 2026)", nov_at),
        HnStory(november + 1, "seeking", "Ask HN: Who wants to be hired? (November 2026)", nov_at),
        HnStory(
            november + 2,
            "freelance",
            "Ask HN: Freelancer? Seeking freelancer? (November 2026)",
            nov_at,
        ),
        HnStory(october, "hiring", "Ask HN: Who is hiring? (October 2026)", oct_at),
    ]


SEEKERS: Final = (
    ("Lisbon, Portugal", "Yes", "No", "Python, Django, PostgreSQL, AWS"),
    ("Austin, TX", "Yes", "Yes, within the US", "Go, Kubernetes, Terraform, GCP"),
    ("Berlin, Germany", "Yes", "No", "TypeScript, React, Next.js, GraphQL"),
    ("Toronto, Canada", "Remote only", "No", "Swift, SwiftUI, Kotlin"),
    ("Remote", "Yes", "Maybe", "Rust, C++, embedded Linux"),
)
FREELANCERS: Final = (
    "SEEKING WORK | Remote | Python, FastAPI, data pipelines<p>Ten years building APIs and ETL. "
    "Happy to take on short audits or longer builds.",
    "SEEKING WORK | Europe (CET) | React, TypeScript, design systems<p>I help small teams ship "
    "accessible front ends.",
    "SEEKING FREELANCER | Berlin | React Native developer for a three-month project<p>We need "
    "someone to finish our field app; details on request.",
)
REPLIES: Final = (
    "Do you sponsor visas for this role?",
    "Is the role open to candidates in Canada?",
    "Applied last week through the site, any idea on timelines?",
    "What is the interview process like?",
)


def hn_comments(
    rng: random.Random,
    stories: list[HnStory],
    drafts: list[HnDraft],
) -> list[HnComment]:
    """Comments in the HN threads: job posts (top level), replies to them, seekers, freelancers."""
    hiring_nov, seeking, freelance, hiring_oct = stories
    used: set[int] = set()

    def new_id(story: HnStory, at: datetime) -> int:
        value = story.object_id + 10 + int((at - story.created_at).total_seconds() * 0.15)
        while value in used:
            value += 1
        used.add(value)
        return value

    comments: list[HnComment] = []
    for when, job, salary_text, variant in sorted(drafts, key=lambda d: (d[0], d[1].key)):
        story = hiring_nov if when >= hiring_nov.created_at else hiring_oct
        at = max(when, story.created_at + timedelta(minutes=20)).replace(microsecond=0)
        object_id = new_id(story, at)
        posting = Posting(
            platform="hn",
            external_id=str(object_id),
            job=job,
            board=str(story.object_id),
            posted_at=at,
            title=vary_title(rng, job),
            company_name=vary_company(rng, job.company),
            salary_text=salary_text,
            variant=variant,
        )
        author = f"{job.company.slug}_{rng.choice(('jobs', 'eng', 'cto', 'hiring'))}"
        comments.append(
            HnComment(object_id, story.object_id, story.object_id, author, at, "", posting)
        )

    for parent in rng.sample([c for c in comments], min(6, len(comments))):
        story = hiring_nov if parent.story_id == hiring_nov.object_id else hiring_oct
        at = min(parent.created_at + timedelta(hours=rng.randrange(1, 30)), CATALOGUE_NOW)
        text = f"@{parent.author} {hn_escape(rng.choice(REPLIES))}"
        comments.append(
            HnComment(
                new_id(story, at),
                story.object_id,
                parent.object_id,
                rng.choice(HN_HANDLES),
                at,
                text,
            )
        )
    for place, remote, relocate, tech in SEEKERS:
        at = seeking.created_at + timedelta(minutes=rng.randrange(10, 17 * 24 * 60))
        handle = rng.choice(HN_HANDLES)
        text = "<p>".join(
            hn_escape(line)
            for line in (
                f"Location: {place}",
                f"Remote: {remote}",
                f"Willing to relocate: {relocate}",
                f"Technologies: {tech}",
                f"Email: {handle}@mail.example",
            )
        )
        comments.append(
            HnComment(new_id(seeking, at), seeking.object_id, seeking.object_id, handle, at, text)
        )
    for text in FREELANCERS:
        at = freelance.created_at + timedelta(minutes=rng.randrange(10, 17 * 24 * 60))
        body = "<p>".join(hn_escape(part) for part in text.split("<p>"))
        comments.append(
            HnComment(
                new_id(freelance, at),
                freelance.object_id,
                freelance.object_id,
                rng.choice(HN_HANDLES),
                at,
                body,
            )
        )
    return sorted(comments, key=lambda c: c.object_id)
