"""Shared by the evaluation tests: settings for a run, and a run through the real runner."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from pydantic import SecretStr

from core.config import Settings
from evals.datasets import DATASETS_DIR
from evals.fixtures import FIXTURES_DIR
from evals.records import RunRecord
from evals.runner import Runner, RunOptions
from sandbox.openai_stub import RunningOpenAIStub


def offline_settings(tmp_path: Path) -> Settings:
    return Settings(
        llm_provider="offline",
        database_url=f"sqlite:///{tmp_path / 'ajob.db'}",
        data_dir=tmp_path / "data",
    )


def stub_settings(stub: RunningOpenAIStub, tmp_path: Path) -> Settings:
    return Settings(
        llm_provider="openai",
        llm_base_url=stub.base_url,
        llm_api_key=SecretStr("test-key"),
        llm_max_attempts=1,
        llm_cache=False,
        database_url=f"sqlite:///{tmp_path / 'ajob.db'}",
        data_dir=tmp_path / "data",
    )


def run(
    suites: list[str],
    settings: Settings,
    *,
    provider: str = "offline",
    cases: list[str] | None = None,
    datasets: Path = DATASETS_DIR,
    concurrency: int = 4,
    **options: object,
) -> RunRecord:
    chosen = RunOptions(
        suites=suites,
        provider="openai" if provider == "openai" else "offline",
        settings=settings,
        cases=cases or [],
        datasets_dir=datasets,
        fixtures_dir=FIXTURES_DIR,
        concurrency=concurrency,
    )
    for name, value in options.items():
        setattr(chosen, name, value)
    return asyncio.run(Runner(chosen).run())


def dataset_copy(tmp_path: Path, suite: str, lines: list[str] | None = None) -> Path:
    """A datasets folder holding ``suite``'s real file, or ``lines`` in its place."""
    folder = tmp_path / "datasets"
    folder.mkdir(exist_ok=True)
    target = folder / f"{suite}.jsonl"
    if lines is None:
        shutil.copy(DATASETS_DIR / f"{suite}.jsonl", target)
    else:
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder
