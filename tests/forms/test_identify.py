"""A form nobody has seen before: autocomplete tokens, then the model naming facts, never values."""

from __future__ import annotations

from pathlib import Path

from core.config import Settings
from forms.engine import apply_form
from forms.mapping import Documents
from forms.model import NEEDS_HUMAN, ApplyReport
from llm.client import ChatClient
from resumes.answers import Answerer
from resumes.candidate import load_candidate, sample_candidate_path
from resumes.tailor import Tailor
from sandbox.openai_stub import RunningOpenAIStub, StubReply
from tests.helpers import LocalServer

FORM = b"""<!doctype html><html><body><form method="post" action="/submit">
<label for="a">Given name *</label><input id="a" name="f1" required>
<label for="b">Surname *</label><input id="b" name="f2" required>
<label for="c">Where can we reach you by e-mail? *</label><input id="c" name="f3" required>
<label for="d">Employer today</label><input id="d" name="f4">
<label for="e">Your favourite colour *</label><input id="e" name="f5" required>
<label for="g">Home base</label><select id="g" name="f7">
  <option value="">Choose</option><option>Berlin</option><option>Austin</option></select>
<input id="f" name="f6" aria-label="Digits" autocomplete="section-apply tel">
<button type="submit">Submit</button></form></body></html>"""


async def _apply(tmp_path: Path, chromium: Path, settings: Settings | None) -> ApplyReport:
    candidate = load_candidate(sample_candidate_path())
    llm = ChatClient(settings) if settings else None
    answerer = Answerer(candidate, tailor=Tailor.for_candidate(candidate, llm=llm))
    with LocalServer({("GET", "/apply"): lambda q, b: (200, {}, FORM)}) as server:
        return await apply_form(
            Settings(browser_path=chromium, data_dir=tmp_path),
            f"{server.url}/apply",
            candidate,
            Documents(),
            screenshots=tmp_path / "shots",
            trusted_hosts=["127.0.0.1"],
            answerer=answerer,
        )


async def test_without_a_model_only_the_autocomplete_token_is_recognised(
    tmp_path: Path, chromium_path: Path
) -> None:
    report = await _apply(tmp_path, chromium_path, None)
    fields = {f.name: f for f in report.fields}
    assert (fields["f6"].value, fields["f6"].source) == (
        "+1 415 555 0199",
        "candidate.basics.phone",
    )
    assert fields["f6"].autocomplete == "tel"
    assert report.unfilled_required == ["f1", "f2", "f3", "f5"]


async def test_the_model_names_facts_and_the_values_come_from_the_candidate(
    tmp_path: Path,
    chromium_path: Path,
    openai_stub: RunningOpenAIStub,
    llm_settings: Settings,
) -> None:
    openai_stub.push(
        StubReply.json(
            {
                "fields": [
                    {"id": 0, "fact": "first_name"},
                    {"id": 1, "fact": "last_name"},
                    {"id": 2, "fact": "email"},
                    {"id": 3, "fact": "current_company"},
                    {"id": 4, "fact": None},
                    {"id": 5, "fact": "city"},  # no option is the candidate's city
                    {"id": 9, "fact": "phone"},  # no such field
                ]
            }
        ),
        StubReply.json({"answers": [{"id": 0, "answer": None}]}),
    )
    report = await _apply(tmp_path, chromium_path, llm_settings)
    fields = {f.name: f for f in report.fields}
    assert fields["f1"].value == "Priya"
    assert fields["f1"].source == (
        "candidate.basics.name (first word) (the model read the field as first_name)"
    )
    assert fields["f2"].value == "Raman"
    assert fields["f3"].value == "priya.raman@example.org"
    assert fields["f4"].value == "Tidewater Analytics"
    assert fields["f5"].source == NEEDS_HUMAN
    assert fields["f7"].value is None
    assert report.unfilled_required == ["f5"]

    identify = openai_stub.requests[0].messages[-1]["content"]
    assert "'Given name'" in identify
    assert "Digits" not in identify  # its autocomplete token already answered it
    assert "(choices: Berlin, Austin)" in identify
