"""The prompt manifest: every version of every prompt, with the hash of its text.

``prompts/versions.lock.json`` maps name → version → sha256 of the file. A prompt whose
text changed while its version did not is refused: results, the response cache and
evaluation runs all name a prompt by its version, so two texts under one version would
make them lie. To change a prompt: edit it, bump ``version:`` in its front matter, run
``ajob eval lock-prompts``, and commit the prompt with the manifest.
"""

from __future__ import annotations

import json
from pathlib import Path

from core.errors import InputError
from llm.prompts import Prompt, all_prompts, prompts_dir

LOCK_NAME = "versions.lock.json"

Lock = dict[str, dict[str, str]]


def lock_path() -> Path:
    return prompts_dir() / LOCK_NAME


def read_lock(path: Path | None = None) -> Lock:
    file = path or lock_path()
    if not file.is_file():
        return {}
    data = json.loads(file.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise InputError(f"{file}: expected an object of name → version → sha256")
    return {
        str(name): {str(v): str(h) for v, h in versions.items()} for name, versions in data.items()
    }


def problems(prompts: list[Prompt], lock: Lock) -> list[str]:
    """What is wrong between the files and the manifest, one sentence each."""
    found = []
    for prompt in prompts:
        recorded = lock.get(prompt.name, {}).get(prompt.version)
        if recorded is None:
            found.append(
                f"prompts/{prompt.name}.md version {prompt.version} is not in {LOCK_NAME}: "
                "run `ajob eval lock-prompts` and commit the manifest"
            )
        elif recorded != prompt.sha256:
            found.append(
                f"prompts/{prompt.name}.md changed but still says version {prompt.version}: "
                "bump `version:` in its front matter, then run `ajob eval lock-prompts`"
            )
    return found


def update(path: Path | None = None) -> list[str]:
    """Record every new version; refuse while a changed prompt keeps its old version."""
    file = path or lock_path()
    lock = read_lock(file)
    prompts = all_prompts()
    changed = [p for p in problems(prompts, lock) if "changed but" in p]
    if changed:
        raise InputError(changed[0])
    added = []
    for prompt in prompts:
        versions = lock.setdefault(prompt.name, {})
        if prompt.version not in versions:
            versions[prompt.version] = prompt.sha256
            added.append(f"{prompt.name}@{prompt.version}")
    ordered = {name: dict(sorted(lock[name].items())) for name in sorted(lock)}
    file.write_text(json.dumps(ordered, indent=2) + "\n", encoding="utf-8")
    return added
