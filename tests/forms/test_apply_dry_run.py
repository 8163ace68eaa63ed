"""The dry-run apply engine in a real Chromium: values, sources, needs_human, nothing posted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.config import Settings
from forms.engine import apply_form
from forms.mapping import Documents, map_field
from forms.model import FormField
from resumes.candidate import load_candidate, sample_candidate_path
from tests.helpers import ROOT, LocalServer, run_ajob

FORM = b"""<!doctype html><html><body><form method="post" action="/submit">
<label for="fn">First name*</label><input id="fn" name="first_name" required>
<label for="ln">Last name*</label><input id="ln" name="last_name" required>
<label for="em">Email</label><input id="em" name="email" type="email">
<input id="li" aria-label="LinkedIn Profile" name="urls[LinkedIn]">
<label for="why">Why us?*</label><textarea id="why" name="why" required></textarea>
<label for="cv">Resume</label><input id="cv" name="resume" type="file">
<input type="hidden" name="token" value="x"><button type="submit">Submit</button>
</form></body></html>"""
REAL_PAGE = ROOT.parent / "shared" / "real" / "greenhouse_aclu" / "8520829002.html"


def _page(body: bytes):
    return lambda q, b: (200, {"Content-Type": "text/html"}, body)


async def test_fills_what_the_candidate_answers_and_asks_for_the_rest(
    tmp_path: Path, chromium_path: Path
) -> None:
    resume = tmp_path / "resume.pdf"
    resume.write_bytes(b"%PDF-1.4\n%%EOF\n")
    candidate = load_candidate(sample_candidate_path())
    with LocalServer({("GET", "/apply"): _page(FORM)}) as server:
        report = await apply_form(
            Settings(browser_path=chromium_path), f"{server.url}/apply", candidate,
            Documents(resume=resume), screenshots=tmp_path / "shots", trusted_hosts=["127.0.0.1"],
        )  # fmt: skip
        methods = [method for method, _ in server.requests]
    fields = {f.name: f for f in report.fields}
    assert set(fields) == {"first_name", "last_name", "email", "urls[LinkedIn]", "why", "resume"}
    assert (fields["first_name"].value, fields["first_name"].source) == (
        "Priya",
        "candidate.basics.name (first word)",
    )
    assert fields["email"].value == "priya.raman@example.org"
    assert fields["urls[LinkedIn]"].value == "https://www.linkedin.com/in/priyaraman"
    assert fields["resume"].value == "resume.pdf"
    assert (fields["why"].value, fields["why"].source) == (None, "needs_human")
    assert report.status == "needs_human"
    assert report.unfilled_required == ["why"]
    assert report.submitted is False
    assert methods == ["GET"]
    shots = report.evidence["screenshots"]
    assert isinstance(shots, list)
    assert (tmp_path / "shots" / "form-filled.jpg").as_posix() == shots[0]
    assert (tmp_path / "shots" / "form-filled.jpg").read_bytes()[:3] == b"\xff\xd8\xff"


@pytest.mark.skipif(not REAL_PAGE.is_file(), reason="../shared/real captures not present")
async def test_real_greenhouse_form(tmp_path: Path, chromium_path: Path) -> None:
    resume = tmp_path / "resume.pdf"
    resume.write_bytes(b"%PDF-1.4\n%%EOF\n")
    with LocalServer({("GET", "/aclu/jobs/8520829002"): _page(REAL_PAGE.read_bytes())}) as server:
        report = await apply_form(
            Settings(browser_path=chromium_path), f"{server.url}/aclu/jobs/8520829002",
            load_candidate(sample_candidate_path()), Documents(resume=resume),
            platform="greenhouse", screenshots=tmp_path, trusted_hosts=["127.0.0.1"],
        )  # fmt: skip
        methods = {method for method, _ in server.requests}
    fields = {f.name: f for f in report.fields}
    assert fields["first_name"].value == "Priya"
    assert fields["phone"].value == "+1 415 555 0199"
    assert fields["resume"].value == "resume.pdf"
    assert fields["country"].type == "combobox"
    assert fields["country"].source == "needs_human"
    assert methods == {"GET"}


async def test_a_gone_posting_is_expired(tmp_path: Path, chromium_path: Path) -> None:
    with LocalServer({}) as server:
        report = await apply_form(
            Settings(browser_path=chromium_path), f"{server.url}/gone",
            load_candidate(sample_candidate_path()), Documents(), screenshots=tmp_path,
            trusted_hosts=["127.0.0.1"],
        )  # fmt: skip
    assert report.status == "expired"
    assert report.reason == "the posting is gone (HTTP 404)"


def test_label_matching_for_links() -> None:
    candidate = load_candidate(sample_candidate_path())
    field = FormField(label="GitHub URL", name="question_1", type="text")
    assert map_field(field, candidate, Documents()).value == "https://github.com/praman"


@pytest.mark.slow
def test_cli_refuses_to_submit_and_reports_json(tmp_path: Path, chromium_path: Path) -> None:
    candidate = str(sample_candidate_path())
    refused = run_ajob("apply", "http://127.0.0.1:9/x", "--candidate", candidate, "--submit")
    assert refused.returncode == 2
    assert "--submit needs --resume" in refused.stderr
    with LocalServer({("GET", "/apply"): _page(FORM)}) as server:
        result = run_ajob(
            "apply", f"{server.url}/apply", "--candidate", candidate, "--json",
            env={"AJOB_DATA_DIR": str(tmp_path), "AJOB_BROWSER_PATH": str(chromium_path)},
        )  # fmt: skip
    report = json.loads(result.stdout)
    assert report["status"] == "needs_human"
    assert report["submitted"] is False
    unreachable = run_ajob("apply", "http://127.0.0.1:9/x", "--candidate", candidate, "--json")
    assert unreachable.returncode == 1
    assert json.loads(unreachable.stdout)["status"] == "failed"
