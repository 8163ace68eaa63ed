"""Optional LLM-as-judge scores: a rubric per suite, read by a judge model the run names.

Deterministic scorers decide whether a case passes; a judge adds a graded opinion on
what they cannot see (is the letter persuasive, is the selection well aimed). It runs
only when ``--judge MODEL`` is given, on the same OpenAI-compatible server as the
provider, through openevals' ``create_async_llm_as_judge``. Rubrics are files with a name
and a version like prompts (evals/rubrics/<suite>.md), and their tokens are counted.
"""

from __future__ import annotations

from pathlib import Path

from langchain_openai import ChatOpenAI
from openevals.llm import create_async_llm_as_judge

from core.config import Settings
from evals.suites.base import JudgeInput
from llm.client import chat_openai
from llm.prompts import Prompt, parse_prompt
from llm.provider import UsageCallback
from llm.usage import UsageContext, UsageLedger

RUBRICS_DIR = Path(__file__).resolve().parent / "rubrics"
SCORE = "judge"


def rubric(suite: str, rubrics: Path = RUBRICS_DIR) -> Prompt | None:
    path = rubrics / f"{suite}.md"
    if not path.is_file():
        return None
    return parse_prompt(path.read_text(encoding="utf-8"), source=str(path))


class Judge:
    """A judge model and the rubrics it has used, one chat model per rubric (for accounting)."""

    def __init__(self, settings: Settings, model: str, ledger: UsageLedger) -> None:
        self.settings = settings.model_copy(update={"llm_model": model})
        self.model_name = model
        self.ledger = ledger
        self._models: dict[str, ChatOpenAI] = {}

    def _model(self, prompt: Prompt) -> ChatOpenAI:
        if prompt.name not in self._models:
            recorder = UsageCallback(self.settings, prompt, self.ledger, UsageContext())
            self._models[prompt.name] = chat_openai(
                self.settings, max_retries=self.settings.llm_max_attempts - 1, callbacks=[recorder]
            )
        return self._models[prompt.name]

    async def score(self, suite: str, case: JudgeInput) -> tuple[float, str, str] | None:
        """(score 0..1, the judge's reasoning, the rubric's ref), or None for no rubric."""
        prompt = rubric(suite)
        if prompt is None:
            return None
        evaluator = create_async_llm_as_judge(
            prompt=prompt.body,
            judge=self._model(prompt),
            feedback_key=SCORE,
            continuous=True,
            structured_output_kwargs={"method": "json_schema"},
        )
        result = await evaluator(
            inputs=case.inputs, outputs=case.outputs, reference_outputs=case.reference or " "
        )
        first = result[0] if isinstance(result, list) else result
        return float(first["score"]), str(first.get("comment") or ""), prompt.ref
