"""Screening answers with a model: only open free-text questions reach it, in one call, checked."""

from __future__ import annotations

import asyncio

from core.config import Settings
from llm.client import ChatClient
from resumes.answers import Answerer, Question
from resumes.candidate import load_candidate, sample_candidate_path
from resumes.tailor import Tailor
from resumes.target import JobTarget
from sandbox.openai_stub import RunningOpenAIStub, StubReply

JOB = JobTarget(
    title="Staff Backend Engineer",
    company="Northwind Labs",
    description="Build Python services on Postgres and Kafka for our analytics product.",
)
QUESTIONS = [
    Question(
        text="Are you legally authorized to work in the United States?",
        kind="radio",
        options=["Yes", "No"],
    ),
    Question(text="Why do you want to work at Northwind Labs?", kind="textarea"),
    Question(text="Describe a system you designed end to end.", kind="textarea"),
    Question(text="Tell us about a time you led a team.", kind="textarea"),
    Question(text="Which office would you prefer?", kind="select", options=["Berlin", "Austin"]),
]


def _answerer(settings: Settings) -> Answerer:
    candidate = load_candidate(sample_candidate_path())
    return Answerer(candidate, tailor=Tailor.for_candidate(candidate, llm=ChatClient(settings)))


def test_only_open_text_questions_reach_the_model_and_lies_are_rejected(
    openai_stub: RunningOpenAIStub, llm_settings: Settings
) -> None:
    openai_stub.push(
        StubReply.json(
            {
                "answers": [
                    {
                        "id": 0,
                        "answer": (
                            "I built an event pipeline on Kafka that processes "
                            "25 million events per day."
                        ),
                    },
                    {"id": 1, "answer": "I led a team of 12 engineers at Google."},
                ]
            }
        )
    )
    answers = asyncio.run(_answerer(llm_settings).answer_all(QUESTIONS, JOB))
    assert [a.source for a in answers] == [
        "application",
        "answer_bank",
        "llm",
        "needs_human",
        "needs_human",
    ]
    assert "25 million events per day" in (answers[2].answer or "")
    assert "rejected" in answers[3].detail
    assert answers[4].detail
    (request,) = openai_stub.requests
    assert request.body is not None
    prompt = request.body["messages"][1]["content"]
    assert "Describe a system you designed" in prompt
    assert "Tell us about a time you led a team" in prompt
    assert "authorized" not in prompt
    system = request.body["messages"][0]["content"]
    assert "Why do you want to work here?" in system  # the answer bank is in the cached prefix


def test_a_null_answer_from_the_model_leaves_the_question_to_the_human(
    openai_stub: RunningOpenAIStub, llm_settings: Settings
) -> None:
    openai_stub.push(
        StubReply.json({"answers": [{"id": 0, "answer": None}, {"id": 1, "answer": None}]})
    )
    answers = asyncio.run(_answerer(llm_settings).answer_all(QUESTIONS, JOB))
    assert [a.source for a in answers[2:4]] == ["needs_human", "needs_human"]


def test_a_checkbox_group_of_skills_is_answered_with_the_ones_the_resume_has() -> None:
    answerer = Answerer(load_candidate(sample_candidate_path()))
    asked = "Which of these have you used in production?"
    options = ["Node.js", "PostgreSQL", "Kafka", "AWS"]
    answer = answerer.answer(Question(text=asked, kind="checkbox", options=options))
    assert answer.source == "resume"
    assert answer.values == ["PostgreSQL", "Kafka", "AWS"]
    none = answerer.answer(Question(text=asked, kind="checkbox", options=["Rust", "Elixir"]))
    assert none.needs_human
    assert "none of the listed skills" in none.detail
    colours = answerer.answer(Question(text=asked, kind="checkbox", options=["Red", "Blue"]))
    assert colours.needs_human
