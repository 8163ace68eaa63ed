"""Which prompt text a run uses: the file in prompts/, or another version of it kept for comparison.

prompts/ holds one version of each prompt, the one the product runs. To compare another
version side by side (a draft, or an older one), keep its full file as
``evals/prompt_versions/<name>/<version>.md`` and run with ``--prompt-version``: the run
loads it in place of prompts/<name>.md (``llm.prompts.prompt_overrides``) and records its
name, version and hash, so ``ajob eval compare`` shows what the change did.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from core.errors import AjobError, InputError
from evals.records import PromptUse
from llm.prompts import Prompt, load_prompt, parse_prompt, prompts_dir

VARIANTS_DIR = Path(__file__).resolve().parent / "prompt_versions"


def _requests(values: Sequence[str]) -> tuple[str | None, dict[str, str]]:
    """``--prompt-version`` values: one bare version, and/or ``NAME=VERSION`` pairs."""
    bare: str | None = None
    named: dict[str, str] = {}
    for value in values:
        name, sep, version = value.partition("=")
        if sep:
            if not name.strip() or not version.strip():
                raise InputError(f"--prompt-version {value!r}: write VERSION or NAME=VERSION")
            named[name.strip()] = version.strip()
        elif bare is not None and bare != value.strip():
            raise InputError("give one bare --prompt-version; use NAME=VERSION for more")
        else:
            bare = value.strip()
    return bare, named


def _variant(name: str, version: str, variants: Path) -> Prompt:
    current = load_prompt(name)
    if current.version == version:
        return current
    path = variants / name / f"{version}.md"
    if not path.is_file():
        raise InputError(
            f"prompt {name!r} has no version {version}: prompts/{name}.md is version "
            f"{current.version} and {path} does not exist"
        )
    try:
        prompt = parse_prompt(path.read_text(encoding="utf-8"), source=str(path))
    except AjobError as exc:
        raise InputError(exc.message) from None
    if (prompt.name, prompt.version) != (name, version):
        raise InputError(
            f"{path} declares {prompt.name}@{prompt.version}; its path says {name}@{version}"
        )
    return prompt


def resolve(
    suite_prompts: Mapping[str, Sequence[str]],
    values: Sequence[str],
    *,
    provider: str,
    variants: Path = VARIANTS_DIR,
) -> tuple[list[Prompt], dict[str, list[PromptUse]]]:
    """The overrides to run with, and per suite the prompts (name, version, hash) it uses.

    A bare version applies to each suite's own task prompt (the first it lists); offline,
    nothing is sent, so no prompt is recorded and asking for a version is an error.
    """
    if provider == "offline":
        if values:
            raise InputError(
                "--prompt-version needs --provider openai: offline runs send no prompt"
            )
        return [], {suite: [] for suite in suite_prompts}
    bare, named = _requests(values)
    wanted = dict(named)
    if bare is not None:
        tasks = [names[0] for names in suite_prompts.values() if names]
        if not tasks:
            raise InputError("--prompt-version: the suites chosen send no prompt")
        for task in tasks:
            wanted.setdefault(task, bare)
    used = {name for names in suite_prompts.values() for name in names}
    unused = sorted(set(named) - used)
    if unused:
        raise InputError(
            f"--prompt-version names {', '.join(unused)}, which the suites chosen do not use "
            f"(they use {', '.join(sorted(used))})"
        )
    overrides = [_variant(name, version, variants) for name, version in sorted(wanted.items())]
    by_name = {p.name: p for p in overrides}
    uses: dict[str, list[PromptUse]] = {}
    for suite, names in suite_prompts.items():
        uses[suite] = []
        for name in names:
            prompt = by_name.get(name) or load_prompt(name)
            override = name in by_name and prompt is not load_prompt(name)
            source = (
                str(variants / name / f"{prompt.version}.md")
                if override
                else str(prompts_dir() / f"{name}.md")
            )
            uses[suite].append(
                PromptUse(name=name, version=prompt.version, sha256=prompt.sha256, source=source)
            )
    return [p for p in overrides if p is not load_prompt(p.name)], uses
