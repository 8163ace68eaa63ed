"""The optional model clean-up of an import: used only when every fact is in the file's text."""

from __future__ import annotations

import asyncio
import copy
import json
import sqlite3
from pathlib import Path
from typing import Any

from core.config import Settings
from llm.client import ChatClient
from resumes.cleanup import clean_up, unsupported_claims
from resumes.importing import ImportedResume, resume_from_text
from sandbox.openai_stub import RunningOpenAIStub, StubReply
from tests.helpers import run_ajob

RESUME = """# Dana Whitfield
dana@example.org | +1 555 0100 | Denver, CO

## Experience
### Acme Robotics
Platform Engineer | 2020-02 – Present
- Moved 40 services to Kubernetes with Terraform.
- Cut deploy time from 30 to 6 minutes.

## Education
BS Computer Science, Colorado State University, 2012 – 2016

## Skills
Infrastructure: Kubernetes, Terraform, AWS
"""


def _imported() -> ImportedResume:
    return resume_from_text(RESUME, source_format="markdown")


def _swapped(document: dict[str, Any]) -> dict[str, Any]:
    fixed = copy.deepcopy(document)
    work = fixed["work"][0]
    work["name"], work["position"] = work["position"], work["name"]
    return fixed


def test_the_parse_is_faithful_to_its_own_text() -> None:
    imported = _imported()
    assert imported.text
    assert unsupported_claims(imported.document, imported.text) == []


def test_a_faithful_repair_is_used(openai_stub: RunningOpenAIStub, llm_settings: Settings) -> None:
    imported = _imported()
    repaired = _swapped(imported.document)
    openai_stub.push(StubReply.json({"document": repaired}))
    result = asyncio.run(clean_up(imported, ChatClient(llm_settings)))
    assert result.applied
    assert result.imported.document == repaired
    (request,) = openai_stub.requests
    assert request.body is not None
    assert "Moved 40 services to Kubernetes" in request.body["messages"][1]["content"]


def test_a_repair_that_invents_is_refused_and_said(
    openai_stub: RunningOpenAIStub, llm_settings: Settings
) -> None:
    imported = _imported()
    invented = copy.deepcopy(imported.document)
    invented["work"][0]["highlights"][0] = "Moved 400 services to Kubernetes at Google."
    invented["skills"][0]["keywords"].append("Rust")
    openai_stub.push(StubReply.json({"document": invented}))
    result = asyncio.run(clean_up(imported, ChatClient(llm_settings)))
    assert not result.applied
    assert result.imported.document == imported.document
    joined = " ".join(result.problems)
    assert "400" in joined
    assert "Google" in joined
    assert "Rust" in joined
    assert result.imported.warnings[-1].startswith("the model's clean-up was not used")


def test_a_repair_that_changes_the_email_or_is_invalid_is_refused(
    openai_stub: RunningOpenAIStub, llm_settings: Settings
) -> None:
    imported = _imported()
    other = copy.deepcopy(imported.document)
    other["basics"]["email"] = "someone@else.org"
    openai_stub.push(
        StubReply.json({"document": other}), StubReply.json({"document": {"work": []}})
    )
    client = ChatClient(llm_settings)
    changed = asyncio.run(clean_up(imported, client))
    assert not changed.applied
    invalid = asyncio.run(clean_up(imported, client))
    assert not invalid.applied
    assert "basics" in invalid.problems[0]


def test_cli_import_with_the_model_records_usage(
    tmp_path: Path, openai_stub: RunningOpenAIStub
) -> None:
    resume = tmp_path / "dana.md"
    resume.write_text(RESUME)
    openai_stub.responder = lambda body: StubReply.json(
        {"document": _swapped(json.loads(_body_parsed(body)))}
    )
    env = {
        "AJOB_DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}",
        "AJOB_DATA_DIR": str(tmp_path / "data"),
        "AJOB_LLM_PROVIDER": "openai",
        "AJOB_LLM_BASE_URL": openai_stub.base_url,
        "AJOB_LLM_API_KEY": "test-key",
    }
    result = run_ajob("resume", "import", str(resume), env=env)
    assert result.returncode == 0, result.stderr
    assert "repaired by the model" in result.stdout
    assert "stored as master version 1" in result.stdout
    with sqlite3.connect(tmp_path / "a.db") as db:
        rows = db.execute("SELECT prompt_name, user_id FROM llm_usage").fetchall()
    assert len(rows) == 1
    assert rows[0][0] == "resume_cleanup"
    assert rows[0][1] is not None
    offline = run_ajob("resume", "import", str(resume), "--llm", "offline", "--no-store", env=env)
    assert offline.returncode == 0, offline.stderr
    assert "repaired" not in offline.stdout
    assert len(openai_stub.requests) == 1


def _body_parsed(body: dict[str, Any]) -> str:
    prompt = str(body["messages"][1]["content"])
    return prompt.split("## PARSED\n", 1)[1].split("\n\n## RESUME TEXT", 1)[0]


def test_a_full_resume_parse_raises_no_false_alarm() -> None:
    from resumes.candidate import load_candidate, sample_candidate_path
    from resumes.render import resume_markdown

    markdown = resume_markdown(load_candidate(sample_candidate_path()).resume_document())
    imported = resume_from_text(markdown, source_format="markdown")
    assert imported.document["certificates"]
    assert unsupported_claims(imported.document, imported.text) == []
