"""Conformance: the adapters read the real platform captures in ../shared/real (when present)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from adapters import hn, remoteok, remotive
from db.enums import WorkplaceType
from tests.helpers import ROOT

REAL = ROOT.parent / "shared" / "real"
pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real captures not present")


def _load(name: str) -> object:
    return json.loads((REAL / "remote_boards" / name).read_text())


def test_remoteok_every_job_and_not_the_legal_notice() -> None:
    payload = _load("remoteok.json")
    assert isinstance(payload, list)
    jobs = [j for j in (remoteok.parse_job(item) for item in payload) if j]
    assert [j.title for j in jobs] == [item["position"] for item in payload[1:]]
    assert all(j.workplace_type is WorkplaceType.REMOTE for j in jobs)
    assert all(j.posted_at is not None and j.url for j in jobs)
    assert all(j.salary_min is None for j in jobs)  # 0 means "not stated"
    assert jobs[0].description_text.startswith("Australian English Voice Actor")


def test_remotive_salary_text_and_job_type() -> None:
    payload = _load("remotive.json")
    assert isinstance(payload, dict)
    jobs = [remotive.parse_job(item) for item in payload["jobs"]]
    assert len(jobs) == len(payload["jobs"])
    first = jobs[0]
    assert (first.salary_min, first.salary_max, first.salary_currency) == (55000, 100000, "USD")
    assert first.employment_type == "full_time"
    assert first.locations == ["Remote (USA, CST (UTC-6))"]
    assert any(j.employment_type == "part_time" and j.salary_min is None for j in jobs)


def test_hn_first_lines_become_jobs_and_replies_do_not() -> None:
    payload = _load("hn.json")
    assert isinstance(payload, dict)
    jobs = {j.company: j for j in (hn.parse_comment(h) for h in payload["hits"]) if j}
    assert "Wave" in jobs
    wave = jobs["Wave"]
    assert wave.title == "On-Premises SRE"
    assert wave.locations == ["Remote (EMEA)"]
    assert wave.workplace_type is WorkplaceType.REMOTE
    assert wave.employment_type == "full_time"
    assert (wave.salary_min, wave.salary_max, wave.salary_currency) == (None, 185500, "USD")
    resort = jobs["ResortPass"]
    assert resort.workplace_type is WorkplaceType.ONSITE
    assert (resort.salary_min, resort.salary_max) == (160000, 180000)
    assert jobs["Qase"].title == "Developer Advocate / Technical Customer Support Specialist"
    replies = [h for h in payload["hits"] if h["comment_text"].startswith("@")]
    assert replies
    assert all(hn.parse_comment(h) is None for h in replies)


def test_json_resume_job_sample_is_not_confused_for_a_board(tmp_path: Path) -> None:
    sample = json.loads((REAL / "jsonresume" / "sample.job.json").read_text())
    assert "title" in sample
