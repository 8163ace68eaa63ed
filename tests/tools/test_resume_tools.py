"""The resume tools against a real database: packages on disk, letters, answers, bad ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import LlmUsage
from resumes.candidate import load_candidate, sample_candidate_path
from sandbox.openai_stub import RunningOpenAIStub, StubReply
from tests.tools.helpers import Installation, result, tool_runner, use_openai_stub
from tools.jobs import SEARCH_TOOLS
from tools.resumes import RESUME_TOOLS
from tools.runtime import UserContext, get_services

run = tool_runner([*SEARCH_TOOLS, *RESUME_TOOLS])


def _best_job(installation: Installation) -> dict[str, str]:
    run("search_jobs", boards=["greenhouse:northwind"])
    job: dict[str, str] = result(run("rank_jobs", limit=1))["jobs"][0]
    return job


def test_tailor_writes_the_package_for_the_job(installation: Installation) -> None:
    job = _best_job(installation)
    tailored = result(run("tailor_resume", job_id=job["id"], pdf=False))
    folder = Path(tailored["folder"])
    assert folder.parent == get_services().settings.data_dir / "applications"
    assert tailored["files"] == sorted(p.name for p in folder.iterdir() if p.is_file())
    report = json.loads((folder / "report.json").read_text())
    assert report["job"]["title"] == job["title"] == tailored["job"]["title"]
    assert tailored["provider"] == "offline"
    assert tailored["resume_method"] == "extractive"
    assert tailored["changes_total"] == len(report["changes"]) > 0
    assert 0 <= tailored["keyword_coverage"]["before"] <= tailored["keyword_coverage"]["after"]


def test_tailor_renders_pdfs_when_asked(installation: Installation, chromium_path: Path) -> None:
    job = _best_job(installation)
    tailored = result(run("tailor_resume", job_id=job["id"]))
    folder = Path(tailored["folder"])
    assert (folder / "resume.pdf").read_bytes().startswith(b"%PDF")
    assert (folder / "cover_letter.pdf").read_bytes().startswith(b"%PDF")


def test_cover_letter_cites_real_achievements(installation: Installation) -> None:
    job = _best_job(installation)
    letter = result(run("write_cover_letter", job_id=job["id"], recipient="Dana Smith"))
    assert letter["recipient"] == "Dana Smith"
    assert letter["method"] == "template"
    assert 3 <= len(letter["paragraphs"]) <= 5
    master = load_candidate(sample_candidate_path())
    bullets = {h for w in master.work for h in w.highlights}
    assert letter["achievements_cited"]
    assert set(letter["achievements_cited"]) <= bullets
    assert job["company"] in letter["paragraphs"][0]


def test_answers_come_from_the_candidate_or_go_to_a_human(installation: Installation) -> None:
    sponsorship = result(
        run(
            "answer_question",
            question="Will you now or in the future require visa sponsorship?",
            options=["Yes", "No"],
        )
    )
    assert sponsorship["answer"] == "No"
    assert sponsorship["source"] == "application"
    assert sponsorship["needs_human"] is False
    unknown = result(run("answer_question", question="What is your favourite colour?"))
    assert unknown["needs_human"] is True
    assert unknown["source"] == "needs_human"
    assert unknown["answer"] is None


@pytest.mark.parametrize("tool", ["tailor_resume", "write_cover_letter"])
def test_a_bad_job_id_is_one_line(installation: Installation, tool: str) -> None:
    message = run(tool, job_id="greenhouse:nope")
    assert message.status == "error"
    assert str(message.content).startswith("no job 'greenhouse:nope'")
    assert "\n" not in str(message.content)


def test_with_a_model_the_letter_is_written_by_it_and_usage_is_recorded(
    installation: Installation, openai_stub: RunningOpenAIStub, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run's provider (UserContext.provider) reaches the services: the model writes the
    letter (here it answers with the template's own faithful paragraphs, reordered), the
    validator accepts it, and the call is recorded for the user."""
    job = _best_job(installation)
    template = result(run("write_cover_letter", job_id=job["id"]))["paragraphs"]
    use_openai_stub(monkeypatch, openai_stub)
    written = [template[0], *reversed(template[1:-1]), template[-1]]
    openai_stub.push(StubReply.json({"paragraphs": written}))
    letter = result(
        run("write_cover_letter", context=UserContext(provider="openai"), job_id=job["id"])
    )
    assert letter["method"] == "llm"
    assert letter["paragraphs"] == written
    assert len(openai_stub.requests) == 1
    with get_services().sessions() as session:
        [usage] = session.scalars(select(LlmUsage)).all()
    assert usage.prompt_name == "cover_letter"
    assert usage.user_id == installation.user_id
