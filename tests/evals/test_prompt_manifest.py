"""Every prompt declares a name and a version, and its text cannot change without a new version.

prompts/versions.lock.json holds the sha256 of every released version; this test fails as
soon as a prompt file differs from the hash recorded for its version. To change a prompt:
edit it, bump ``version:``, run ``ajob eval lock-prompts``, commit both files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.errors import InputError
from evals.prompt_lock import lock_path, problems, read_lock, update
from llm.prompts import Prompt, all_prompts, parse_prompt, prompts_dir


def test_every_prompt_file_declares_its_name_and_a_version() -> None:
    files = sorted(p for p in prompts_dir().glob("*.md") if p.name != "README.md")
    assert len(files) >= 11
    for path in files:
        prompt = parse_prompt(path.read_text(encoding="utf-8"), source=str(path))
        assert prompt.name == path.stem, path
        assert prompt.version.strip(), path


def test_no_prompt_changed_without_a_version_bump() -> None:
    """The manifest and the files agree (see the module docstring to bump a version)."""
    assert problems(all_prompts(), read_lock()) == []


def test_an_edit_under_the_same_version_is_named_with_the_fix() -> None:
    current = all_prompts()[0]
    edited = Prompt(current.name, current.version, current.body + "\nOne more rule.", "0" * 64)
    [problem] = problems([edited], read_lock())
    assert f"prompts/{current.name}.md changed but still says version {current.version}" in problem
    assert "bump `version:`" in problem
    new = Prompt(current.name, "999", current.body, "1" * 64)
    [missing] = problems([new], read_lock())
    assert "version 999 is not in versions.lock.json" in missing


def test_lock_prompts_records_new_versions_and_refuses_a_silent_edit(tmp_path: Path) -> None:
    lock = read_lock()
    prompt = all_prompts()[0]
    behind = {name: dict(v) for name, v in lock.items() if name != prompt.name}
    path = tmp_path / "versions.lock.json"
    path.write_text(json.dumps(behind), encoding="utf-8")
    assert update(path) == [f"{prompt.name}@{prompt.version}"]
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written[prompt.name] == {prompt.version: prompt.sha256}
    assert {k: v for k, v in written.items() if k != prompt.name} == behind

    tampered = {name: {v: "f" * 64 for v in versions} for name, versions in lock.items()}
    path.write_text(json.dumps(tampered), encoding="utf-8")
    with pytest.raises(InputError, match="changed but still says version"):
        update(path)
    assert json.loads(path.read_text(encoding="utf-8")) == tampered


def test_the_manifest_keeps_history_sorted_and_readable() -> None:
    text = lock_path().read_text(encoding="utf-8")
    data = json.loads(text)
    assert list(data) == sorted(data)
    assert all(len(sha) == 64 for versions in data.values() for sha in versions.values())
