"""The repository layout the product's design asks for, and a docstring on every package."""

from __future__ import annotations

import ast

from tests.helpers import ROOT

DESIGNED = ("agents", "graphs", "tools", "api", "prompts", "evals", "tests")


def test_designed_top_level_layout() -> None:
    for folder in DESIGNED:
        assert (ROOT / folder).is_dir(), folder
    for file in ("docker-compose.yml", "pyproject.toml", "README.md", "Makefile", ".ci/run"):
        assert (ROOT / file).is_file(), file


def test_every_package_says_what_belongs_in_it() -> None:
    inits = [
        p
        for p in ROOT.glob("*/**/__init__.py")
        if not any(part.startswith(".") for part in p.relative_to(ROOT).parts)
    ]
    assert len(inits) >= 10
    for init in inits:
        docstring = ast.get_docstring(ast.parse(init.read_text()))
        assert docstring, f"{init.relative_to(ROOT)} has no docstring"


def test_locks_hold_names_and_versions_only() -> None:
    for name in ("requirements.lock", "requirements-dev.lock"):
        lines = [
            line
            for line in (ROOT / name).read_text().splitlines()
            if line.strip() and not line.startswith("#")
        ]
        assert lines
        for line in lines:
            name, _, version = line.partition("==")
            assert name, line
            assert version, line
            assert "://" not in line, line
            assert "--hash" not in line, line
    assert not (ROOT / "uv.lock").exists()
