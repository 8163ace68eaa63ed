"""The application graph end to end against the sandbox, offline: approve, edit, reject, rules."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path
from typing import Any

import pytest
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command
from sqlalchemy import func, select

from applications.steps import StepFailed
from core.config import get_settings
from db.enums import ApplicationStatus
from db.models import Application, Event, Outreach, UserPreferences
from graphs.application import ApplicationGraph, make_graph, run
from tests.installation import Installed
from tools.runtime import reset_services

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def graph() -> ApplicationGraph:
    return make_graph(InMemorySaver())


def _application(installed: Installed, application_id: str) -> Application:
    with installed.services.sessions() as session:
        row = session.get(Application, uuid.UUID(application_id))
        assert row is not None
        session.expunge(row)
        return row


def _start(graph: ApplicationGraph, installed: Installed) -> dict[str, Any]:
    return dict(run(graph, "t-1", {"job_id": installed.job_ids[0]}))


def test_the_review_shows_every_value_its_source_and_the_documents(
    graph: ApplicationGraph, installed: Installed
) -> None:
    result = _start(graph, installed)
    review = result["interrupt"]
    assert review is not None
    assert review["kind"] == "approval"
    filled = [f for f in review["fields"] if f["value"] not in (None, "")]
    assert len(filled) >= 8
    assert all(f["source"] for f in filled), "every value says where it came from"
    by_name = {f["name"]: f for f in review["fields"]}
    assert by_name["email"]["value"] == "priya.raman@example.org"
    assert by_name["email"]["source"] == "candidate.basics.email"
    assert review["resume_diff"].startswith("--- master resume")
    assert "Northwind Labs" in review["cover_letter"]
    assert review["needs_human"] == []
    assert all(Path(p).is_file() for p in review["screenshots"])
    assert all(Path(p).is_file() for p in review["documents"].values())
    application = _application(installed, review["application_id"])
    assert application.status is ApplicationStatus.READY_FOR_REVIEW
    assert application.match_score == review["match"]["score"]
    assert application.answers["email"]["source"] == "candidate.basics.email"
    assert installed.sandbox.submissions() == [], "nothing is sent before the approval"


def test_approve_submits_once_and_keeps_the_evidence(
    graph: ApplicationGraph, installed: Installed
) -> None:
    review = _start(graph, installed)["interrupt"]
    assert review is not None
    done = run(graph, "t-1", Command(resume={"action": "approve"}))
    assert done["interrupt"] is None
    assert done["values"]["status"] == "submitted"
    submissions = installed.sandbox.submissions()
    assert len(submissions) == 1
    assert submissions[0].fields["email"] == ["priya.raman@example.org"]
    application = _application(installed, review["application_id"])
    assert application.status is ApplicationStatus.SUBMITTED
    assert application.submit_attempts == 1
    evidence = done["values"]["result"]["evidence"]
    assert all(Path(p).is_file() for p in evidence["screenshots"])
    assert Path(evidence["html"]).read_text(encoding="utf-8")
    assert "submitted" in done["values"]["result"]["confirmation"]["text"]
    summary = Path(done["values"]["package"]["folder"]) / "application.json"
    assert '"status": "submitted"' in summary.read_text(encoding="utf-8")

    again = run(graph, "t-1", Command(resume={"action": "approve"}))
    assert again["values"]["status"] == "submitted"
    assert len(installed.sandbox.submissions()) == 1, "a finished thread sends nothing more"


def test_edit_changes_what_is_sent_and_asks_again(
    graph: ApplicationGraph, installed: Installed
) -> None:
    _start(graph, installed)
    letter = "I would like to build Northwind's data platform with you.\n\nThank you."
    edited = run(
        graph,
        "t-1",
        Command(
            resume={
                "action": "edit",
                "fields": {"preferred_name": "Pri", "Phone": "+1 415 555 0100"},
                "cover_letter": letter,
            }
        ),
    )
    review = edited["interrupt"]
    assert review is not None, "an edit is shown again before anything is sent"
    by_name = {f["name"]: f for f in review["fields"]}
    assert by_name["preferred_name"] == {**by_name["preferred_name"], "value": "Pri"}
    assert by_name["preferred_name"]["source"] == "edited by you"
    assert by_name["phone"]["value"] == "+1 415 555 0100"
    assert "build Northwind's data platform" in review["cover_letter"]
    assert installed.sandbox.submissions() == []

    done = run(graph, "t-1", Command(resume="approve"))
    assert done["values"]["status"] == "submitted"
    (sent,) = installed.sandbox.submissions()
    assert sent.fields["preferred_name"] == ["Pri"]
    assert sent.fields["phone"] == ["+1 415 555 0100"]
    letter_pdf = Path(review["documents"]["cover_letter.pdf"]).read_bytes()
    uploaded = {f.field: f.sha256 for f in sent.files}
    assert uploaded["cover_letter"] == hashlib.sha256(letter_pdf).hexdigest()


def test_an_unknown_field_in_an_edit_is_refused_and_the_review_still_waits(
    graph: ApplicationGraph, installed: Installed
) -> None:
    _start(graph, installed)
    unknown = run(
        graph, "t-1", Command(resume={"action": "edit", "fields": {"favourite_colour": "x"}})
    )
    assert unknown["interrupt"] is not None
    assert "no field 'favourite_colour'" in unknown["interrupt"]["notice"]
    maybe = run(graph, "t-1", Command(resume={"action": "maybe"}))
    assert maybe["interrupt"] is not None
    assert "cannot read the decision" in maybe["interrupt"]["notice"]
    assert installed.sandbox.submissions() == []
    done = run(graph, "t-1", Command(resume={"action": "approve"}))
    assert done["values"]["status"] == "submitted"
    assert len(installed.sandbox.submissions()) == 1


def test_reject_sends_nothing_and_skips_the_application(
    graph: ApplicationGraph, installed: Installed
) -> None:
    review = _start(graph, installed)["interrupt"]
    assert review is not None
    done = run(graph, "t-1", Command(resume={"action": "reject", "reason": "not remote"}))
    assert done["values"]["status"] == "skipped"
    assert installed.sandbox.submissions() == []
    application = _application(installed, review["application_id"])
    assert application.status is ApplicationStatus.SKIPPED
    assert application.status_reason == "not remote"


def test_auto_approve_applies_only_the_explicit_rule(
    graph: ApplicationGraph, installed: Installed
) -> None:
    with installed.services.sessions.begin() as session:
        prefs = session.scalar(
            select(UserPreferences).where(UserPreferences.user_id == installed.user_id)
        )
        assert prefs is not None
        assert prefs.auto_approve is False, "auto-approve is off by default"
        prefs.auto_approve_min_score = 100
    waiting = run(graph, "t-1", {"job_id": installed.job_ids[0], "auto_approve": True})
    assert waiting["interrupt"] is not None, "below the threshold the person is asked"

    with installed.services.sessions.begin() as session:
        prefs = session.scalar(
            select(UserPreferences).where(UserPreferences.user_id == installed.user_id)
        )
        assert prefs is not None
        prefs.auto_approve, prefs.auto_approve_min_score = True, 10
    done = run(graph, "t-2", {"job_id": installed.job_ids[1], "draft_outreach": True})
    assert done["interrupt"] is None
    assert done["values"]["status"] == "submitted"
    assert done["values"]["decision"]["by"].startswith("auto-approved: match")
    assert len(installed.sandbox.submissions()) == 1
    draft = done["values"]["outreach"]
    assert draft["status"] == "draft", "outreach is only drafted; sending needs its own approval"
    assert draft["body"]
    with installed.services.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Outreach)) == 1


def test_a_captcha_waits_for_the_person_and_is_never_solved(
    graph: ApplicationGraph, installed: Installed
) -> None:
    installed.use_variant(installed.job_ids[0], "captcha")
    waiting = _start(graph, installed)["interrupt"]
    assert waiting is not None
    assert waiting["kind"] == "needs_human"
    assert "CAPTCHA" in waiting["reason"]
    application = _application(installed, waiting["application_id"])
    assert application.status is ApplicationStatus.NEEDS_HUMAN

    unclear = run(graph, "t-1", Command(resume={"action": "approve"}))
    assert unclear["interrupt"] is not None, "only retry or reject answers a blocker"
    assert unclear["interrupt"]["kind"] == "needs_human"
    still = run(graph, "t-1", Command(resume={"action": "retry"}))
    assert still["interrupt"] is not None
    assert still["interrupt"]["kind"] == "needs_human"
    done = run(graph, "t-1", Command(resume={"action": "reject"}))
    assert done["values"]["status"] == "skipped"
    assert installed.sandbox.submissions() == []
    with installed.services.sessions() as session:
        moves = [
            e.payload["to"]
            for e in session.scalars(
                select(Event)
                .where(Event.entity_id == application.id)
                .order_by(Event.created_at, Event.id)
            )
        ]
    assert moves.count("needs_human") == 2, "a retry goes back through the form"
    assert moves[-1] == "skipped"


def test_a_daily_cap_keeps_the_approved_application_waiting_at_submit(
    graph: ApplicationGraph, installed: Installed, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AJOB_APPLY_DAILY_CAPS", '{"greenhouse": 0}')
    get_settings.cache_clear()
    reset_services()
    review = _start(graph, installed)["interrupt"]
    assert review is not None
    with pytest.raises(StepFailed, match="today's cap of 0 applications on greenhouse"):
        run(graph, "t-1", Command(resume={"action": "approve"}))
    assert installed.sandbox.submissions() == []
    assert _application(installed, review["application_id"]).status is ApplicationStatus.READY

    monkeypatch.setenv("AJOB_APPLY_DAILY_CAPS", "{}")
    get_settings.cache_clear()
    reset_services()
    done = run(graph, "t-1", None)
    assert done["values"]["status"] == "submitted"
    assert len(installed.sandbox.submissions()) == 1
