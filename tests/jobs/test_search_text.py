"""The text search document: what it holds, and what a query over stored jobs then finds."""

from __future__ import annotations

import random
import string

from sqlalchemy.orm import Session

from adapters.job import Job
from db.enums import WorkplaceType
from db.repositories.jobs import list_jobs
from jobs.search_text import OPENING_CHARS, search_text
from jobs.store import store_jobs

OPENING = "Ledgerline builds payment rails for small lenders across the Nordics."
FILLER = "You will work with a friendly team on reliable systems every single day. " * 12
DEEP = " ".join(
    [
        OPENING,
        FILLER,
        "You will run our Kafka clusters on Kubernetes, with continuous delivery.",
        "We offer a snorkelling allowance.",
    ]
)


def test_places_workplace_skills_and_the_opening() -> None:
    document = search_text(DEEP, ["Oslo, Norway", "Remote (EU)"], WorkplaceType.HYBRID)
    places, skills, opening = document.split("\n")
    assert places == "Oslo, Norway | Remote (EU) | hybrid"
    assert skills == "ci/cd / ci / cicd, kafka, kubernetes / k8s / kube", (
        "a skill is found however deep it is named, and written with its one-word spellings"
    )
    assert opening.startswith(OPENING)
    assert len(opening) <= OPENING_CHARS
    assert DEEP.startswith(opening + " "), "the opening is cut between words"
    assert "snorkelling" not in document
    assert "delivery" not in document, "an alias of several words would find the job by each"


def test_an_unknown_workplace_and_a_short_text_are_kept_as_they_are() -> None:
    assert search_text("Short text.", [], WorkplaceType.UNKNOWN) == "Short text."
    assert search_text(None, ["Berlin"], "onsite") == "Berlin | onsite"
    assert search_text("", [], None) == ""


def test_a_query_finds_the_title_company_skills_and_opening_not_every_word(
    session: Session,
) -> None:
    """On SQLite (LIKE) and Postgres (GIN full text) alike: both read the same columns."""
    company = "Co" + "".join(random.choices(string.ascii_lowercase, k=12))
    job = Job(
        platform="lever",
        external_id=company,
        title="Payments Engineer",
        company=company,
        locations=["Oslo, Norway"],
        description_text=DEEP,
        url=f"https://jobs.lever.co/{company}/1",
    )
    store_jobs(session, [job])
    session.commit()

    def found(words: str) -> list[str]:
        rows, total = list_jobs(session, q=f"{words} {company}")
        assert total == len(rows)
        return [row.external_id for row in rows]

    assert found("payments") == [company], "title"
    assert found("ledgerline") == [company], "the description's opening"
    assert found("kafka") == [company], "a skill named deep in the description"
    assert found("k8s") == [company], "a skill by another of its spellings"
    assert found("oslo") == [company], "a location"
    assert found("snorkelling") == [], "a word that is neither a skill nor in the opening"
    assert found("delivery") == [], "nor a word of a skill's longer alias"
