"""Fill every kind of control and submit exactly once, asserting the POST the server received."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.config import Settings
from db.enums import ApplicationStatus
from db.models import Application
from forms.mapping import Documents
from forms.model import ApplyReport
from forms.service import apply
from resumes.candidate import load_candidate, sample_candidate_path
from tests.helpers import LocalServer, run_ajob

FORM = b"""<!doctype html><html><head><title>Backend Engineer - Acme</title></head><body>
<main><h1>Backend Engineer</h1><p class="company-name">Acme</p>
<p>We build Python services on Postgres.</p>
<form id="application-form" method="post" action="/submit" enctype="multipart/form-data">
<label for="first_name">First Name*</label><input id="first_name" name="first_name" required>
<label for="last_name">Last Name*</label><input id="last_name" name="last_name" required>
<label for="email">Email*</label><input id="email" name="email" type="email" required>
<label for="auth">Are you legally authorized to work in the United States?*</label>
<select id="auth" name="authorized" required><option value="">Select...</option>
<option value="1">Yes</option><option value="0">No</option></select>
<fieldset><legend>Will you now or in the future require visa sponsorship?*</legend>
<label><input type="radio" name="sponsorship" value="yes" required> Yes</label>
<label><input type="radio" name="sponsorship" value="no"> No</label></fieldset>
<fieldset><legend>How did you hear about us?</legend>
<label><input type="checkbox" name="source" value="li"> LinkedIn</label>
<label><input type="checkbox" name="source" value="careers"> Company careers page</label>
<label><input type="checkbox" name="source" value="ref"> Referral</label></fieldset>
<label for="gender" id="gender-label">Gender</label>
<div class="select__control"><input id="gender" role="combobox" aria-expanded="false"
 aria-controls="gender-menu" aria-labelledby="gender-label" autocomplete="off">
<div id="gender-menu" role="listbox" hidden></div></div>
<input type="hidden" name="gender" id="gender-value">
<label for="why">Why do you want to work here?*</label>
<textarea id="why" name="why" required></textarea>
<label for="resume">Resume/CV*</label><input id="resume" name="resume" type="file" required>
<button type="submit">Submit application</button>
</form></main>
<script>
const options = [["m", "Male"], ["f", "Female"], ["d", "I don't wish to answer"]];
const box = document.getElementById("gender"), menu = document.getElementById("gender-menu");
function render() {
  const q = box.value.toLowerCase();
  menu.innerHTML = "";
  for (const [value, label] of options.filter(o => o[1].toLowerCase().includes(q))) {
    const el = document.createElement("div");
    el.setAttribute("role", "option"); el.textContent = label;
    el.addEventListener("mousedown", (e) => { e.preventDefault();
      box.value = label; document.getElementById("gender-value").value = value; close(); });
    menu.appendChild(el);
  }
  menu.hidden = false; box.setAttribute("aria-expanded", "true");
}
function close() { menu.hidden = true; box.setAttribute("aria-expanded", "false"); }
box.addEventListener("focus", render); box.addEventListener("click", render);
box.addEventListener("input", render);
box.addEventListener("keydown", (e) => { if (e.key === "Escape") close(); });
</script></body></html>"""
THANKS = b"<html><body><h1>Thank you for applying to Acme!</h1></body></html>"


def _server(posts: list[bytes]) -> LocalServer:
    def submit(query: str, body: bytes) -> tuple[int, dict[str, str], bytes]:
        posts.append(body)
        return 200, {"Content-Type": "text/html"}, THANKS

    return LocalServer(
        {
            ("GET", "/jobs/1"): lambda q, b: (200, {"Content-Type": "text/html"}, FORM),
            ("POST", "/submit"): submit,
        }
    )


def _fields(body: bytes) -> dict[str, list[str]]:
    """The text parts of a multipart body, by name (file parts give their filename)."""
    found: dict[str, list[str]] = {}
    for part in body.split(b"\r\n--"):
        head, _, value = part.partition(b"\r\n\r\n")
        name = re.search(rb'name="([^"]+)"', head)
        if not name:
            continue
        filename = re.search(rb'filename="([^"]*)"', head)
        text = filename.group(1) if filename else value.removesuffix(b"\r\n")
        found.setdefault(name.group(1).decode(), []).append(text.decode(errors="replace"))
    return found


@pytest.mark.browser
def test_fills_every_control_and_submits_once(
    tmp_path: Path, chromium_path: Path, sessions: sessionmaker[Session]
) -> None:
    resume = tmp_path / "priya.pdf"
    resume.write_bytes(b"%PDF-1.4\n%%EOF\n")
    candidate = load_candidate(sample_candidate_path())
    settings = Settings(http_allow_hosts=["127.0.0.1"], data_dir=tmp_path)
    posts: list[bytes] = []
    with _server(posts) as server:
        url = f"{server.url}/jobs/1"

        def run() -> ApplyReport:
            return asyncio.run(
                apply(
                    settings,
                    sessions,
                    url,
                    candidate,
                    Documents(resume=resume),
                    submit=True,
                    screenshots=tmp_path / "evidence",
                )
            )

        report = run()
        again = run()
    assert report.status == "submitted", report.reason
    assert report.submitted
    assert "thank you for applying" in report.confirmation["text"]
    assert again.status == "refused"
    assert again.reason == "this application was already submitted"
    assert len(posts) == 1
    sent = _fields(posts[0])
    assert sent["first_name"] == ["Priya"]
    assert sent["last_name"] == ["Raman"]
    assert sent["email"] == ["priya.raman@example.org"]
    assert sent["authorized"] == ["1"]
    assert sent["sponsorship"] == ["no"]
    assert sent["source"] == ["careers"]
    assert sent["gender"] == ["d"]
    assert sent["why"][0].startswith("I enjoy building dependable backend systems")
    assert sent["resume"] == ["priya.pdf"]
    sources = {f.name: f.source or "" for f in report.fields}
    assert sources["authorized"].startswith("application.authorized_to_work")
    assert sources["gender"] == "application.eeo.gender"
    assert sources["why"].startswith("answer bank: 'Why")
    with sessions() as session:
        row = session.scalar(select(Application))
        assert row is not None
        assert row.status is ApplicationStatus.SUBMITTED
        assert row.evidence["confirmation"]["url"].endswith("/submit")
        assert Path(row.evidence["html"]).is_file()


@pytest.mark.browser
def test_cli_submit_then_refuses_a_second_time(tmp_path: Path, chromium_path: Path) -> None:
    resume = tmp_path / "cv.pdf"
    resume.write_bytes(b"%PDF-1.4\n%%EOF\n")
    env = {
        "AJOB_DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}",
        "AJOB_DATA_DIR": str(tmp_path / "data"),
        "AJOB_BROWSER_PATH": str(chromium_path),
    }
    posts: list[bytes] = []
    with _server(posts) as server:
        args = ("apply", f"{server.url}/jobs/1", "--candidate", str(sample_candidate_path()),
                "--resume", str(resume), "--submit", "--json")  # fmt: skip
        first = run_ajob(*args, env=env)
        second = run_ajob(*args, env=env)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["status"] == "submitted"
    assert second.returncode == 1
    assert json.loads(second.stdout)["reason"] == "this application was already submitted"
    assert len(posts) == 1
