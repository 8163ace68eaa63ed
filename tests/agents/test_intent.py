"""The offline reading of chat messages: which agents a turn needs, and the arguments found.

The table is the offline router's accuracy check: every message must be planned exactly as
written here (agents in order, intents, and the arguments that matter for each).
"""

from __future__ import annotations

from typing import Any

import pytest

from agents.intent import read_message
from graphs.routing import plan_turn

JOB = "3fb28be9-483a-4072-b27e-a6f6002757c9"
APPLICATION = "9d1c2a44-0c1e-4a53-a7a4-53b0c2d77f10"

CASES: list[tuple[str, list[tuple[str, dict[str, Any]]]]] = [
    ("find python jobs", [("search", {"query": "python"})]),
    (
        "Find remote senior Python backend jobs in Berlin posted this week on linkedin",
        [
            (
                "search",
                {
                    "query": "senior Python backend",
                    "location": "Berlin",
                    "remote": True,
                    "sources": ("linkedin",),
                    "posted_within_days": 7,
                },
            )
        ],
    ),
    (
        "search for data engineer roles on greenhouse:northwind and lever",
        [
            (
                "search",
                {
                    "query": "data engineer",
                    "sources": ("greenhouse", "lever"),
                    "boards": ("greenhouse:northwind",),
                },
            )
        ],
    ),
    ("any new golang jobs?", [("search", {"query": "golang"})]),
    ("look for jobs in python", [("search", {"query": "python", "location": None})]),
    ("find jobs in london", [("search", {"query": None, "location": "London"})]),
    ("find on-site rust roles", [("search", {"query": "rust", "remote": False})]),
    (
        "search hacker news for kubernetes jobs from the last 3 days",
        [("search", {"query": "kubernetes", "sources": ("hn",), "posted_within_days": 3})],
    ),
    (
        "find python jobs and tailor my resume for the best one and fill the form",
        [("search", {"query": "python"}), ("tailor", {"ordinal": 0}), ("inspect", {})],
    ),
    ("find rust jobs, then rank them", [("search", {"query": "rust"}), ("rank", {"query": None})]),
    ("show me the best matches", [("rank", {})]),
    ("top 5 matches for me", [("rank", {"limit": 5})]),
    ("which jobs fit me best?", [("rank", {})]),
    ("rank the python jobs", [("rank", {"query": "python"})]),
    ("what jobs have you found so far?", [("list", {"query": None})]),
    ("list jobs at Northwind", [("list", {"query": "Northwind"})]),
    (f"show job {JOB}", [("show", {"job_ref": JOB})]),
    ("tell me more about the second one", [("show", {"ordinal": 1})]),
    ("what does greenhouse:4012345 pay?", [("show", {"job_ref": "greenhouse:4012345"})]),
    (f"tailor my resume for {JOB}", [("tailor", {"job_ref": JOB})]),
    ("customize my CV for #3", [("tailor", {"ordinal": 2})]),
    ("write a cover letter for the best one", [("cover_letter", {"ordinal": 0})]),
    (
        "write a cover letter to Dana Smith for that job",
        [("cover_letter", {"recipient_name": "Dana Smith"})],
    ),
    (
        'how should I answer "Why do you want to work here?"',
        [("answer", {"question": "Why do you want to work here?"})],
    ),
    (
        "answer this question: Are you authorized to work in the US? options: Yes, No",
        [
            (
                "answer",
                {"question": "Are you authorized to work in the US?", "options": ("Yes", "No")},
            )
        ],
    ),
    (f"fill in the application form for job {JOB}", [("inspect", {"job_ref": JOB})]),
    ("apply to the best one", [("apply", {"ordinal": 0})]),
    ("submit my application", [("apply", {})]),
    (
        f"what's the status of application {APPLICATION}",
        [("status", {"application_id": APPLICATION, "job_ref": None})],
    ),
    ("did I hear back from them?", [("status", {})]),
    ("list my applications", [("applications", {"status": None})]),
    (
        "which applications are waiting for review",
        [("applications", {"status": "ready_for_review"})],
    ),
    ("show submitted applications", [("applications", {"status": "submitted"})]),
    ("draft an email to the recruiter", [("draft_outreach", {})]),
    (
        "write to the hiring manager Jane Doe at jane@acme.example",
        [
            (
                "draft_outreach",
                {"recipient_name": "Jane Doe", "recipient_email": "jane@acme.example"},
            )
        ],
    ),
    ("reach out to the recruiter for the top job", [("draft_outreach", {"ordinal": 0})]),
    (
        "draft a message to the recruiter and send it",
        [("draft_outreach", {}), ("send_outreach", {})],
    ),
    (f"send outreach {JOB}", [("send_outreach", {"outreach_id": JOB})]),
    (
        "tailor my resume for the second one, apply to it and then email the recruiter",
        [("tailor", {"ordinal": 1}), ("apply", {}), ("draft_outreach", {})],
    ),
]


@pytest.mark.parametrize(("message", "expected"), CASES, ids=[c[0][:48] for c in CASES])
def test_each_message_is_read_as_written(
    message: str, expected: list[tuple[str, dict[str, Any]]]
) -> None:
    reading = read_message(message)
    assert reading.not_understood == ()
    assert [c.intent for c in reading.clauses] == [intent for intent, _ in expected]
    for clause, (_, arguments) in zip(reading.clauses, expected, strict=True):
        for name, value in arguments.items():
            assert getattr(clause, name) == value, (message, name)


def test_the_table_is_big_and_varied_enough() -> None:
    intents = {intent for _, expected in CASES for intent, _ in expected}
    assert len(CASES) >= 30
    assert intents == {
        "search", "list", "show", "rank", "tailor", "cover_letter", "answer", "inspect",
        "apply", "status", "applications", "draft_outreach", "send_outreach",
    }  # fmt: skip


def test_a_chained_request_becomes_one_step_per_agent_in_order() -> None:
    steps, note = plan_turn(
        "find python jobs and rank them, then tailor my resume for the best one and fill the form"
    )
    assert note is None
    assert [s["agent"] for s in steps] == ["search", "resume", "form_fill"]
    assert steps[0]["request"] == "find python jobs. rank them"


@pytest.mark.parametrize(
    "message",
    ["hi there", "what's the weather like?", "negotiate my salary for me", "compare these jobs"],
)
def test_what_the_rules_cannot_do_is_said_plainly(message: str) -> None:
    steps, note = plan_turn(message)
    assert steps == []
    assert note is not None
    assert "without a model" in note
    assert "AJOB_LLM_PROVIDER=openai" in note


def test_a_partly_understood_message_does_the_rest_and_says_what_it_skipped() -> None:
    steps, note = plan_turn("find python jobs and negotiate the salary for me")
    assert [s["agent"] for s in steps] == ["search"]
    assert note is not None
    assert "“negotiate the salary for me”" in note


def test_a_quoted_question_is_never_split_or_classified() -> None:
    """Words inside quotes ("apply", "and send") are the question, not requests."""
    reading = read_message('answer "Why did you apply, and would you send us samples?"')
    [clause] = reading.clauses
    assert clause.intent == "answer"
    assert clause.question == "Why did you apply, and would you send us samples?"
