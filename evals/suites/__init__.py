"""The evaluation suites, one module each, by name."""

from __future__ import annotations

from typing import Any

from evals.context import RunContext
from evals.names import SUITE_NAMES
from evals.suites.answers import AnswersSuite
from evals.suites.base import Suite
from evals.suites.cover_letter import CoverLetterSuite
from evals.suites.injection import InjectionSuite
from evals.suites.matching import MatchingSuite
from evals.suites.routing import RoutingSuite
from evals.suites.tailoring import TailoringSuite

SUITES: dict[str, type[Suite[Any]]] = {
    suite.name: suite
    for suite in (
        TailoringSuite,
        CoverLetterSuite,
        AnswersSuite,
        RoutingSuite,
        MatchingSuite,
        InjectionSuite,
    )
}
assert tuple(SUITES) == SUITE_NAMES, "evals/names.py lists the suites in this order"


def build(name: str, ctx: RunContext) -> Suite[Any]:
    return SUITES[name](ctx)
