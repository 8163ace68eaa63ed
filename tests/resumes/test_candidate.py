from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from core.errors import InputError
from db.enums import RemotePreference
from resumes.candidate import load_candidate, parse_candidate, sample_candidate_path


def _sample() -> dict[str, object]:
    data: dict[str, object] = json.loads(sample_candidate_path().read_text())
    return data


def test_the_bundled_sample_is_a_valid_candidate() -> None:
    candidate = load_candidate(sample_candidate_path())
    assert candidate.basics.email == "priya.raman@example.org"
    assert len(candidate.work) == 2
    assert candidate.application.requires_sponsorship is False
    assert candidate.preferences.remote is RemotePreference.ANY
    assert candidate.application.answers[0].question == "Why do you want to work here?"


def test_yaml_and_json_give_the_same_candidate(tmp_path: Path) -> None:
    path = tmp_path / "candidate.yaml"
    path.write_text(yaml.safe_dump(_sample()))
    assert load_candidate(path) == load_candidate(sample_candidate_path())


def test_eeo_answers_default_to_decline() -> None:
    data = _sample()
    data["application"] = {"authorized_to_work": ["US"]}
    candidate = parse_candidate(data)
    eeo = candidate.application.eeo
    assert (eeo.gender, eeo.race, eeo.veteran, eeo.disability) == ("decline",) * 4


def test_unknown_json_resume_fields_are_kept() -> None:
    data = _sample()
    data["languages"] = [{"language": "Tamil", "fluency": "Native"}]
    doc = parse_candidate(data).resume_document()
    assert doc["languages"] == [{"language": "Tamil", "fluency": "Native"}]
    assert "application" not in doc
    assert "preferences" not in doc


def test_schema_errors_are_reported_with_their_paths() -> None:
    data = _sample()
    data["work"] = [{"position": "Engineer", "startDate": "last spring"}]
    data["preferences"] = {"remote": "sometimes"}
    with pytest.raises(InputError) as caught:
        parse_candidate(data, source="me.json")
    message = caught.value.message
    assert message.startswith("me.json is not a valid candidate file: ")
    assert "work[0].name: Field required" in message
    assert (
        "work[0].startDate: 'last spring' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD" in message
    )
    assert "preferences.remote" in message
    assert "\n" not in message


def test_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "basics": {\n    "name": "A",\n  }\n}\n')
    with pytest.raises(InputError, match=r"broken.json: invalid JSON at line 4, column 3"):
        load_candidate(path)


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("basics:\n  name: A\n  email: [unclosed\n")
    with pytest.raises(InputError, match=r"broken.yaml: invalid YAML at line \d+"):
        load_candidate(path)


def test_missing_file_says_what_to_pass(tmp_path: Path) -> None:
    with pytest.raises(
        InputError, match=r"does not exist; pass the path of a \.json or \.yaml file"
    ):
        load_candidate(tmp_path / "nope.json")


def test_a_list_is_not_a_candidate() -> None:
    with pytest.raises(InputError, match="expected an object with 'basics'"):
        parse_candidate([1, 2])
