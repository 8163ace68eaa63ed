"""Prompt files: data with a name and a version, so every result can say which text made it.

A prompt file is Markdown with a small front matter block::

    ---
    name: tailor_resume
    version: 3
    ---
    Jinja2 template text...

The hash of the whole file travels with the version: evaluation runs and the response
cache key on both, so editing a prompt can never silently reuse an old answer.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml
from jinja2 import Environment, StrictUndefined

from core.errors import ConfigError

_FRONT_MATTER = re.compile(r"\A---\n(?P<meta>.*?)\n---\n(?P<body>.*)\Z", re.DOTALL)
_ENV = Environment(undefined=StrictUndefined, keep_trailing_newline=False, autoescape=False)


def prompts_dir() -> Path:
    """The prompts/ folder beside the packages (in a checkout and in the installed wheel)."""
    return Path(__file__).resolve().parent.parent / "prompts"


@dataclass(frozen=True)
class Prompt:
    name: str
    version: str
    body: str
    sha256: str

    @property
    def ref(self) -> str:
        """``name@version#hash8``: how reports and logs name the exact text used."""
        return f"{self.name}@{self.version}#{self.sha256[:8]}"

    def render(self, variables: Mapping[str, Any] | None = None) -> str:
        return _ENV.from_string(self.body).render(**(variables or {})).strip()


def parse_prompt(text: str, *, source: str) -> Prompt:
    match = _FRONT_MATTER.match(text)
    if match is None:
        raise ConfigError(
            f"prompt file {source} has no front matter; start it with ---, name:, version:, ---"
        )
    meta = yaml.safe_load(match.group("meta")) or {}
    if not isinstance(meta, dict) or not meta.get("name") or meta.get("version") is None:
        raise ConfigError(
            f"prompt file {source} must declare a name and a version in its front matter"
        )
    return Prompt(
        name=str(meta["name"]),
        version=str(meta["version"]),
        body=match.group("body"),
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


_OVERRIDES: ContextVar[Mapping[str, Prompt]] = ContextVar(
    "prompt_overrides", default=MappingProxyType({})
)


@contextmanager
def prompt_overrides(prompts: Iterable[Prompt]) -> Iterator[None]:
    """Use these texts instead of prompts/ for the names they declare, in this context only.

    An evaluation run compares a prompt version that is not (or no longer) the file in
    prompts/ with the current one, without editing the file; tasks and threads started
    inside the block inherit it, everything else keeps loading prompts/.
    """
    token = _OVERRIDES.set({**_OVERRIDES.get(), **{p.name: p for p in prompts}})
    try:
        yield
    finally:
        _OVERRIDES.reset(token)


def load_prompt(name: str) -> Prompt:
    """The prompt ``prompts/<name>.md`` (or its override); its declared name must match."""
    override = _OVERRIDES.get().get(name)
    return override if override is not None else _prompt_file(name)


@lru_cache(maxsize=64)
def _prompt_file(name: str) -> Prompt:
    path = prompts_dir() / f"{name}.md"
    if not path.is_file():
        raise ConfigError(f"prompt {name!r} not found: expected {path}")
    prompt = parse_prompt(path.read_text(encoding="utf-8"), source=str(path))
    if prompt.name != name:
        raise ConfigError(f"prompt file {path} declares name {prompt.name!r}; rename one of them")
    return prompt


def all_prompts() -> list[Prompt]:
    """Every file in prompts/ as it is on disk (overrides are not files)."""
    return [_prompt_file(p.stem) for p in sorted(prompts_dir().glob("*.md")) if p.stem != "README"]
