"""``ajob tailor`` end to end: files written, report honest, bad input refused in one line."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from sandbox.openai_stub import RunningOpenAIStub, StubReply
from sandbox.server import RunningSandbox
from sandbox.sources import PAGE_PREFIXES
from tests.helpers import AJOB, run_ajob

JOB_TEXT = """Senior Data Platform Engineer at Brightwave
You will own our streaming stack.
What you need:
- Apache Kafka in production
- Strong SQL and Postgres tuning
- Python 3, Celery, k8s
Bonus: dbt, Airflow
"""


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "AJOB_DATABASE_URL": f"sqlite:///{tmp_path / 'ajob.db'}",
        "AJOB_DATA_DIR": str(tmp_path / "data"),
        **extra,
    }


def _job_file(tmp_path: Path, text: str = JOB_TEXT, name: str = "job.txt") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.mark.browser
def test_offline_tailor_writes_the_package(tmp_path: Path, chromium_path: Path) -> None:
    out = tmp_path / "out"
    result = run_ajob(
        "tailor", "--job", str(_job_file(tmp_path)), "--out", str(out), "--json", env=_env(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report["files"]) == {
        "resume.json",
        "resume.md",
        "resume.pdf",
        "cover_letter.md",
        "cover_letter.pdf",
        "report.json",
    }
    for path in report["files"].values():
        assert Path(path).stat().st_size > 0
    assert report["provider"] == "offline"
    assert report["usage"]["calls"] == 0
    coverage = report["keyword_coverage"]
    assert coverage["after"]["ratio"] > coverage["before"]["ratio"]
    assert "k8s" in coverage["after"]["covered"]
    assert "dbt" in coverage["after"]["missing"]
    assert json.loads((out / "report.json").read_text()) == report
    text = subprocess.run(
        ["pdftotext", str(out / "resume.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    positions = [
        text.index(s) for s in ("Priya Raman", "Summary", "Experience", "Skills", "Education")
    ]
    assert positions == sorted(positions)
    letter = (out / "cover_letter.md").read_text()
    assert "Brightwave" in letter
    assert "Senior Data Platform Engineer" in letter


def test_human_output_and_json_resume_job_on_stdin(tmp_path: Path) -> None:
    job = {
        "title": "Backend Engineer",
        "company": "Ledgerly",
        "description": "Build payment APIs.",
        "qualifications": ["5+ years with Python and Postgres", "Kubernetes and CI/CD"],
        "skills": [{"name": "Backend", "keywords": ["FastAPI", "Redis"]}],
    }
    result = subprocess.run(
        [str(AJOB), "tailor", "--job", "-", "--no-pdf", "--out", str(tmp_path / "o")],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        env={**os.environ, **_env(tmp_path), "NO_COLOR": "1", "COLUMNS": "200"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "keyword coverage" in result.stdout
    assert "tailoring for Backend Engineer at Ledgerly" in result.stderr
    assert not (tmp_path / "o" / "resume.pdf").exists()
    assert (tmp_path / "o" / "resume.json").exists()


def test_job_from_a_url_is_read_through_the_adapters(
    tmp_path: Path, clean_sandbox: RunningSandbox
) -> None:
    posting = clean_sandbox.catalogue.postings("greenhouse")[0]
    page = f"{PAGE_PREFIXES['greenhouse']}/{posting.board}/jobs/{posting.external_id}"
    url = clean_sandbox.url + page
    result = run_ajob(
        "tailor",
        "--job",
        url,
        "--no-pdf",
        "--out",
        str(tmp_path / "o"),
        "--json",
        env=_env(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["job"]["title"] == posting.title
    assert report["job"]["company"] == posting.company_name
    assert [r.path for r in clean_sandbox.requests()][-1].endswith(posting.external_id)


def test_openai_provider_records_usage_and_caches(
    tmp_path: Path, openai_stub: RunningOpenAIStub
) -> None:
    openai_stub.responder = _answers
    env = _env(
        tmp_path,
        AJOB_LLM_PROVIDER="openai",
        AJOB_LLM_BASE_URL=openai_stub.base_url,
        AJOB_LLM_API_KEY="test-key",
    )
    job = str(_job_file(tmp_path))
    first = run_ajob(
        "tailor", "--job", job, "--no-pdf", "--out", str(tmp_path / "a"), "--json", env=env
    )
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert report["provider"] == "openai"
    assert report["usage"]["calls"] == 2 == len(openai_stub.requests)
    assert report["usage"]["total_tokens"] > 0
    assert report["usage"]["cost_usd"] > 0
    with sqlite3.connect(tmp_path / "ajob.db") as db:
        rows = db.execute("SELECT prompt_name, prompt_tokens, cache_hit FROM llm_usage").fetchall()
    assert sorted(r[0] for r in rows) == ["cover_letter", "tailor_resume"]
    assert all(r[1] > 0 and not r[2] for r in rows)

    again = run_ajob(
        "tailor", "--job", job, "--no-pdf", "--out", str(tmp_path / "b"), "--json", env=env
    )
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["usage"]["cache_hits"] == 2
    assert len(openai_stub.requests) == 2
    assert "test-key" not in first.stderr + again.stderr


def _answers(body: dict[str, object]) -> StubReply:
    schema = json.dumps(body.get("response_format"))
    if "LlmTailoring" in schema:
        return StubReply.json(
            {"summary": "Backend engineer who builds Python and Kafka services.", "bullets": []}
        )
    paragraph = (
        "At Tidewater Analytics, I built an event pipeline on Kafka that processes "
        "25 million events per day, "
        "and I cut p95 latency of the reporting API from 900 ms to 210 ms."
    )
    return StubReply.json({"paragraphs": [paragraph, paragraph, paragraph, paragraph]})


@pytest.mark.parametrize(
    ("job_text", "name", "message"),
    [
        ("Engineer at Acme\n", "job.txt", "has no description to tailor to"),
        ('{"title": "x", ', "job.json", "invalid JSON at line 1"),
        ('{"description": "no title"}', "job.json", "a job needs 'title' and 'company'"),
    ],
)
def test_bad_jobs_are_refused_in_one_line(
    tmp_path: Path, job_text: str, name: str, message: str
) -> None:
    result = run_ajob(
        "tailor", "--job", str(_job_file(tmp_path, job_text, name)), "--no-pdf", env=_env(tmp_path)
    )
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_missing_job_file_and_openai_without_key(tmp_path: Path) -> None:
    missing = run_ajob("tailor", "--job", str(tmp_path / "nope.txt"), env=_env(tmp_path))
    assert missing.returncode == 2
    assert "does not exist" in missing.stderr
    no_key = run_ajob(
        "tailor",
        "--job",
        str(_job_file(tmp_path)),
        "--llm",
        "openai",
        "--no-pdf",
        env=_env(tmp_path),
    )
    assert no_key.returncode == 2
    assert "AJOB_LLM_API_KEY" in no_key.stderr
