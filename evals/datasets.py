"""Reading a suite's cases from JSON Lines, and saying exactly where a bad line is.

Datasets are edited by hand, so a mistake must point at the file, the line and the
problem ("tailoring.jsonl:12: expect.min_coverage: Input should be less than or equal
to 1") instead of failing somewhere inside a run. Each suite validates its own fields
(its case model forbids unknown keys, so a typo is caught) and its references to the
shared fixtures.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from core.errors import InputError

DATASETS_DIR = Path(__file__).resolve().parent / "datasets"

CaseT = TypeVar("CaseT", bound="Case")


class DatasetError(InputError):
    """A dataset file that cannot be used: missing, malformed, or naming unknown fixtures."""


class Case(BaseModel):
    """What every case has: an id unique in its file, tags, and why it is there."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=60)
    tags: list[str] = Field(default_factory=list)
    note: str = ""
    """Why the case exists, in a few words: what makes it hard."""


def shown(path: Path) -> str:
    """A path as the person typed it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _first_error(exc: ValidationError) -> str:
    errors = exc.errors()
    first = errors[0]
    where = ".".join(str(p) for p in first["loc"]) or "(the case)"
    more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
    return f"{where}: {first['msg']}{more}"


def load_cases(
    path: Path, model: type[CaseT], check: Callable[[CaseT], None] | None = None
) -> list[CaseT]:
    """Every case of ``path``; ``check`` raises ValueError for references the model can't see."""
    if not path.is_file():
        raise DatasetError(f"dataset {shown(path)} does not exist")
    cases: list[CaseT] = []
    first_line: dict[str, int] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{shown(path)}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{where}: invalid JSON at column {exc.colno}: {exc.msg}") from None
        if not isinstance(data, dict):
            raise DatasetError(f"{where}: expected a JSON object, got {type(data).__name__}")
        try:
            case = model.model_validate(data)
        except ValidationError as exc:
            raise DatasetError(f"{where}: {_first_error(exc)}") from None
        if case.id in first_line:
            raise DatasetError(
                f"{where}: duplicate case id {case.id!r} (first on line {first_line[case.id]})"
            )
        if check is not None:
            try:
                check(case)
            except ValueError as exc:
                raise DatasetError(f"{where}: {exc}") from None
        first_line[case.id] = number
        cases.append(case)
    if not cases:
        raise DatasetError(f"dataset {shown(path)} has no cases")
    return cases


def select(cases: list[CaseT], patterns: list[str]) -> list[CaseT]:
    """The cases whose id matches one of ``patterns`` (shell-style: ``tl-*``); all if none."""
    if not patterns:
        return cases
    from fnmatch import fnmatchcase

    return [c for c in cases if any(fnmatchcase(c.id, p) for p in patterns)]
