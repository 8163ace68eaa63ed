"""How the supervisor decides the next step of a turn: a model's Route, or the intent rules.

With a model, each step is one structured-output call (``Route``): the conversation so far,
the jobs in play, and the choice of agent with a self-contained task, or "finish". Offline,
the whole turn is planned up front from the message's clauses (``agents.intent``): one
step per run of clauses for the same agent, in the order asked. What the rules do not
understand is said plainly, with what a model would add.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, TypedDict

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AnyMessage, HumanMessage, SystemMessage
from langgraph.constants import TAG_NOSTREAM
from pydantic import BaseModel, Field, ValidationError

from agents.intent import AgentName, read_message
from agents.offline import MODEL_NEEDED
from agents.task import JobNote, render_task
from core.logging import get_logger
from llm.client import response_format
from llm.prompts import load_prompt

log = get_logger(__name__)

ROUTER_PROMPT = "supervisor_router"
BAD_ROUTE = (
    "I could not work out the next step (the model's answer was not a valid route); "
    "please say it again, perhaps in other words."
)
HISTORY = 20
"""Messages of the conversation the router sees: enough for "it" and "the second one"."""

OFFLINE_HELP = (
    "Without a model I understand these requests: find or search jobs (with words, a place, "
    "“remote”, a platform), list, show or rank jobs, tailor my resume or write a cover letter "
    "for a job, answer an application question (in quotes), fill or submit an application, "
    "application status, and draft or send an email to the recruiter. Refer to jobs by id or "
    "as “the best one”, “the second one”, “it”. "
)


class Route(BaseModel):
    """The next step of the person's request: an agent and its task, or finish."""

    next: Literal["search", "resume", "form_fill", "outreach", "finish"] = Field(
        description="The agent that does the next step, or finish when the request is done."
    )
    task: str = Field(
        default="",
        description="For an agent: exactly what it should do, with the job ids it needs.",
    )
    reply: str = Field(
        default="",
        description="For finish: your answer to the person, or empty when the agents' "
        "replies already answer the request.",
    )


class Step(TypedDict):
    """One agent's part of an offline plan: the clauses of the request it handles."""

    agent: AgentName
    request: str


def plan_turn(text: str) -> tuple[list[Step], str | None]:
    """The offline plan for a message, and a note on what it leaves out (or why nothing)."""
    reading = read_message(text)
    steps: list[Step] = []
    for clause in reading.clauses:
        if steps and steps[-1]["agent"] == clause.agent:
            steps[-1]["request"] += f". {clause.text}"
        else:
            steps.append(Step(agent=clause.agent, request=clause.text))
    if not steps:
        return [], OFFLINE_HELP + MODEL_NEEDED
    if reading.not_understood:
        skipped = "; ".join(f"“{part}”" for part in reading.not_understood)
        return steps, f"I can't do {skipped} without a model, so I'll do the rest. {MODEL_NEEDED}"
    return steps, None


def route_with_model(
    model: BaseChatModel,
    messages: Sequence[AnyMessage],
    focus: JobNote | None,
    shown: list[JobNote],
) -> Route:
    """One structured-output call, parsed here (like ``ChatClient.structured``) so a malformed
    reply ends the turn with a plain message instead of an exception. Its tokens are JSON,
    so they are not streamed to the person."""
    system = load_prompt(ROUTER_PROMPT).render()
    context = render_task("", focus, shown).strip()
    if context:
        system = f"{system}\n\n{context}"
    conversation = [m for m in messages if isinstance(m, HumanMessage | AIMessage)][-HISTORY:]
    reply = model.with_config(tags=[TAG_NOSTREAM], run_name="route").invoke(
        [SystemMessage(system), *conversation], response_format=response_format(Route)
    )
    try:
        return Route.model_validate_json(reply.text)
    except ValidationError as exc:
        log.warning("supervisor.bad_route", error=exc.errors()[0]["msg"], reply=reply.text[:200])
        return Route(next="finish", reply=BAD_ROUTE)
