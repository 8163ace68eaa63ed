"""Hacker News "Who is hiring" first lines: where the place hides in the title field."""

from __future__ import annotations

from adapters.hn import parse_comment
from db.enums import WorkplaceType


def _hit(first_line: str) -> dict[str, str]:
    return {
        "objectID": "42",
        "comment_text": f"{first_line}<p>We build robots.",
        "created_at": "2026-11-02T16:00:00Z",
    }


def test_a_us_city_written_after_the_role_is_the_location_not_the_title() -> None:
    job = parse_comment(
        _hit("Kestrel Robotics (YC S19) | Platform  Engineer, Boston, MA | FULL-TIME")
    )
    assert job is not None
    assert (job.title, job.locations) == ("Platform Engineer", ["Boston, MA"])
    assert job.workplace_type is WorkplaceType.ONSITE


def test_a_comma_in_the_role_itself_stays_in_the_title() -> None:
    job = parse_comment(_hit("Kestrel | Software Engineer, Full Stack | Boston, MA | CONTRACT"))
    assert job is not None
    assert (job.title, job.locations) == ("Software Engineer, Full Stack", ["Boston, MA"])
    senior = parse_comment(_hit("Helix | Senior Engineer, Data Platform, SRE team | REMOTE"))
    assert senior is not None
    assert senior.title == "Senior Engineer, Data Platform, SRE team"


def test_a_place_given_in_its_own_field_wins() -> None:
    job = parse_comment(_hit("Orchard | Austin, TX | Backend Engineer, San Francisco, CA"))
    assert job is not None
    assert (job.title, job.locations) == ("Backend Engineer, San Francisco, CA", ["Austin, TX"])
