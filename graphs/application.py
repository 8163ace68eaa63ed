"""The application graph: one (user, job), from the stored job to a confirmed submission.

    load_job → score → tailor → inspect_form ──→ answer_questions → approval ⇄ edit
                                  ↑   │ CAPTCHA, login                 │ approve
                                  └ blocked                            ↓
                                      │ reject              submit → confirm → record → [outreach]
                                      └────────────── reject ──────────────────→ record

Every node is safe to run again: LangGraph re-runs an interrupted node from its first line on
resume, and a process killed mid-node resumes from the last checkpoint. The approval is an
``interrupt()`` carrying the review payload; nothing is submitted without it (or without the
user's explicit auto-approve rule), and the submission itself goes through the database claim,
so re-running ``submit`` after a crash is refused instead of clicking twice.

State holds ids and JSON only; the database, settings and model come from tools/runtime.py.
Run it with ``durability="sync"`` (see ``run``): each step's checkpoint is written before the
next step starts, so a kill never loses a finished side effect's record.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, NotRequired, TypeAlias, TypedDict

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.config import get_config
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.runtime import Runtime
from langgraph.types import Command, interrupt
from sqlalchemy import select

from applications import review, steps
from applications.inputs import Inputs, load, start
from core.config import Settings
from core.errors import InputError
from core.files import write_text_atomic
from db.enums import ApplicationStatus
from db.models import Outreach
from db.repositories import applications
from forms.model import ApplyReport
from forms.submit import refusal_reason, status_of
from graphs.checkpoint import checkpointer
from llm.client import ChatClient
from tools.runtime import Services, UserContext, get_services, run_sync

S = ApplicationStatus


class ApplicationInput(TypedDict):
    job_id: str
    """A job id, or ``platform:external_id``."""
    user_id: NotRequired[str]
    """Default: the installation's only user."""
    auto_approve: NotRequired[bool]
    """Approve without asking when the user's rule passes; default: the user's own setting."""
    draft_outreach: NotRequired[bool]


class ApplicationState(ApplicationInput, total=False):
    application_id: str
    job: dict[str, Any]
    match: dict[str, Any]
    package: dict[str, Any]
    form: dict[str, Any]
    """The dry run's report: every field, its value and source, blockers, screenshots."""
    review: dict[str, Any]
    """The approval payload, with the person's edits applied."""
    decision: dict[str, Any]
    result: dict[str, Any]
    """The submission's report."""
    status: str
    usage: dict[str, Any]
    """Tokens and cost of every model call made for this application."""
    outreach: dict[str, Any]


def _inputs(services: Services, state: ApplicationState) -> Inputs:
    return load(services.sessions, uuid.UUID(state["application_id"]))


def _llm(services: Services, runtime: Runtime[UserContext], inputs: Inputs) -> ChatClient | None:
    provider = runtime.context.provider if runtime.context is not None else None
    return services.llm(inputs.user_id, application_id=inputs.application_id, provider=provider)


def load_job(state: ApplicationState, runtime: Runtime[UserContext]) -> dict[str, Any]:
    services = get_services()
    context = runtime.context or UserContext(user_id=state.get("user_id"))
    if state.get("user_id"):
        context = UserContext(user_id=state["user_id"], provider=context.provider)
    user_id = services.user_id(context)
    thread_id = str(get_config().get("configurable", {}).get("thread_id") or uuid.uuid4())
    application_id = start(services.sessions, user_id, state["job_id"], thread_id)
    inputs = load(services.sessions, application_id)
    return {
        "user_id": str(user_id),
        "application_id": str(application_id),
        "job": {
            "id": str(inputs.job_id),
            "title": inputs.job.title,
            "company": inputs.job.company,
            "platform": inputs.job.platform,
            "url": inputs.form_url,
        },
    }


def score(state: ApplicationState) -> dict[str, Any]:
    services = get_services()
    return {"match": steps.score(services.sessions, _inputs(services, state))}


def tailor(state: ApplicationState, runtime: Runtime[UserContext]) -> dict[str, Any]:
    services = get_services()
    inputs = _inputs(services, state)
    llm = _llm(services, runtime, inputs)
    package = run_sync(steps.tailor(services.settings, services.sessions, inputs, llm=llm))
    return {"package": package}


def inspect_form(
    state: ApplicationState, runtime: Runtime[UserContext]
) -> Command[Literal["answer_questions", "blocked", "record"]]:
    """The dry run; a CAPTCHA or a login wall goes to the person, a dead posting ends the run."""
    services = get_services()
    inputs = _inputs(services, state)
    llm = _llm(services, runtime, inputs)
    report = run_sync(steps.inspect(services.settings, inputs, state["package"]["files"], llm=llm))
    form = report.model_dump(mode="json")
    if report.blockers:
        return Command(goto="blocked", update={"form": form})
    if report.status == "expired":
        steps.advance(
            services.sessions, inputs.application_id, S.EXPIRED, reason=report.reason or ""
        )
        return Command(goto="record", update={"form": form})
    if report.status == "failed":
        raise steps.StepFailed(_resumable(inputs, f"could not fill the form: {report.reason}"))
    return Command(goto="answer_questions", update={"form": form})


def blocked(state: ApplicationState) -> Command[Literal["blocked", "inspect_form", "record"]]:
    """A step only the person can take: they finish it in a headed browser, then say retry."""
    services = get_services()
    application_id = uuid.UUID(state["application_id"])
    form = state["form"]
    reason = form.get("reason") or ", ".join(form["blockers"])
    steps.advance(services.sessions, application_id, S.NEEDS_HUMAN, reason=reason)
    asked = {
        "kind": "needs_human",
        "application_id": state["application_id"],
        "job": state["job"],
        "reason": reason,
        "blockers": form["blockers"],
        "screenshots": (form.get("evidence") or {}).get("screenshots") or [],
        "answers": ["retry", "reject"],
    }
    try:
        decision = review.parse_decision(interrupt(asked))
    except InputError:
        decision = review.Decision(action="edit")
    record = {"decision": decision.model_dump(exclude_defaults=True)}
    match decision.action:
        case "retry":
            steps.advance(services.sessions, application_id, S.TAILORING, reason="retry after help")
            return Command(goto="inspect_form", update=record)
        case "reject":
            reason = decision.reason or "rejected"
            steps.advance(services.sessions, application_id, S.SKIPPED, reason=reason)
            return Command(goto="record", update=record)
    return Command(goto="blocked")


def answer_questions(state: ApplicationState) -> dict[str, Any]:
    """Keep every answer with its source on the application, and build the review payload."""
    services = get_services()
    inputs = _inputs(services, state)
    form = ApplyReport.model_validate(state["form"])
    payload = review.payload(inputs, state["match"], state["package"], form)
    review.store(services.sessions, inputs.application_id, payload)
    return {"review": payload}


def approval(
    state: ApplicationState,
) -> Command[Literal["approval", "submit", "record"]]:
    """The human gate. Approve, edit (then look again) or reject; auto-approve only by rule."""
    services = get_services()
    inputs = _inputs(services, state)
    current = state["review"]
    enabled = state.get("auto_approve", inputs.auto_approve)
    auto = review.auto_approval(current, enabled=enabled, min_score=inputs.auto_approve_min_score)
    answer = review.Decision(action="approve", by=auto) if auto else interrupt(current)
    verdict = review.decide(
        current, answer, rewrite_letter=_letter_writer(services, inputs, state["package"])
    )
    update: dict[str, Any] = {"review": verdict.review}
    if verdict.decision is not None:
        update["decision"] = verdict.decision.model_dump(exclude_defaults=True) | {
            "by": verdict.decision.by
        }
    match verdict.then:
        case "approve":
            with services.sessions.begin() as session:
                applications.approve(
                    session, inputs.application_id, reason=update["decision"]["by"]
                )
            return Command(goto="submit", update=update)
        case "reject":
            reason = (verdict.decision and verdict.decision.reason) or "rejected"
            steps.advance(services.sessions, inputs.application_id, S.SKIPPED, reason=reason)
            return Command(goto="record", update=update)
    if verdict.decision is not None:
        review.store(services.sessions, inputs.application_id, verdict.review)
    return Command(goto="approval", update=update)


def _letter_writer(
    services: Services, inputs: Inputs, package: dict[str, Any]
) -> Callable[[str], str]:
    def write(text: str) -> str:
        return run_sync(
            review.rewrite_cover_letter(services.settings, inputs, package["files"], text)
        )

    return write


def submit(state: ApplicationState) -> dict[str, Any]:
    """The one click, under the claim; a re-run is refused by the database, not by luck.

    An application no longer ``ready`` (claimed by a run that died, or already sent) is not
    even opened again: the claim would refuse it anyway.
    """
    services = get_services()
    inputs = _inputs(services, state)
    current = status_of(services.sessions, inputs.application_id)
    if current is not S.READY:
        refused = {"status": "refused", "reason": refusal_reason(current), "url": inputs.form_url}
        return {"result": refused}
    report = run_sync(
        steps.submit(
            services.settings,
            services.sessions,
            inputs,
            state["package"]["files"],
            review.reviewed_fields(state["review"]),
        )
    )
    still_ready = status_of(services.sessions, inputs.application_id) is S.READY
    unsent = report.status == "failed" or (report.status == "refused" and still_ready)
    if unsent and not report.submitted:
        # Nothing was claimed (a page that would not load, a daily cap): the thread stays here.
        raise steps.StepFailed(_resumable(inputs, f"not submitted: {report.reason}"))
    return {"result": report.model_dump(mode="json")}


def _resumable(inputs: Inputs, problem: str) -> str:
    return f"{problem}; fix that, then `ajob applications resume {inputs.application_id}`"


def confirm(state: ApplicationState) -> dict[str, Any]:
    """What the platform said and what the database holds, which must agree."""
    services = get_services()
    result = state.get("result") or {}
    status = status_of(services.sessions, uuid.UUID(state["application_id"]))
    confirmation = result.get("confirmation") or {}
    return {"status": status.value, "result": {**result, "confirmation": confirmation}}


def record(state: ApplicationState) -> Command[Literal["outreach", "__end__"]]:
    """The run's summary next to its evidence, and the final status in state."""
    services = get_services()
    application_id = uuid.UUID(state["application_id"])
    status = status_of(services.sessions, application_id)
    usage = steps.usage(services.sessions, application_id)
    summary = {
        "application_id": state["application_id"],
        "job": state.get("job"),
        "status": status.value,
        "match": (state.get("match") or {}).get("score"),
        "decision": state.get("decision"),
        "evidence": (state.get("result") or state.get("form") or {}).get("evidence"),
        "confirmation": (state.get("result") or {}).get("confirmation"),
        "usage": usage,
    }
    folder = (state.get("package") or {}).get("folder")
    if folder:
        text = json.dumps(summary, indent=2, ensure_ascii=False) + "\n"
        write_text_atomic(Path(folder) / "application.json", text)
    goto: Literal["outreach", "__end__"] = "__end__"
    if state.get("draft_outreach") and status is S.SUBMITTED:
        goto = "outreach"
    return Command(goto=goto, update={"status": status.value, "usage": usage})


def outreach(state: ApplicationState, runtime: Runtime[UserContext]) -> dict[str, Any]:
    """A draft to the recruiter for the person to read; sending needs its own approval.

    Drafting again adds a row, so a re-run (after a crash here) reuses this application's draft.
    """
    from outreach.service import draft_outreach

    services = get_services()
    inputs = _inputs(services, state)
    with services.sessions() as session:
        existing = session.execute(
            select(Outreach.id, Outreach.status).where(
                Outreach.user_id == inputs.user_id, Outreach.job_id == inputs.job_id
            )
        ).first()
    if existing is not None:
        found = {"id": str(existing.id), "status": existing.status.value, "reused": True}
        return {"outreach": found}
    draft = run_sync(
        draft_outreach(
            services.sessions, inputs.user_id, inputs.job_id, llm=_llm(services, runtime, inputs)
        )
    )
    return {"outreach": draft.model_dump(mode="json")}


ApplicationGraph: TypeAlias = CompiledStateGraph[
    ApplicationState, UserContext, ApplicationInput, Any
]


def build_application() -> StateGraph[ApplicationState, UserContext, ApplicationInput, Any]:
    """The uncompiled graph, for tests and evals; compile it with a checkpointer to run it."""
    builder = StateGraph(
        ApplicationState, context_schema=UserContext, input_schema=ApplicationInput
    )
    builder.add_node(load_job)
    builder.add_node(score)
    builder.add_node(tailor)
    builder.add_node(inspect_form)
    builder.add_node(blocked)
    builder.add_node(answer_questions)
    builder.add_node(approval)
    builder.add_node(submit)
    builder.add_node(confirm)
    builder.add_node(record)
    builder.add_node(outreach)
    builder.add_edge(START, "load_job")
    builder.add_edge("load_job", "score")
    builder.add_edge("score", "tailor")
    builder.add_edge("tailor", "inspect_form")
    builder.add_edge("answer_questions", "approval")
    builder.add_edge("submit", "confirm")
    builder.add_edge("confirm", "record")
    builder.add_edge("outreach", END)
    return builder


def make_graph(checkpointer: BaseCheckpointSaver[Any] | None = None) -> ApplicationGraph:
    return build_application().compile(checkpointer=checkpointer, name="application")


graph = make_graph()
"""For ``langgraph dev`` (Studio), which brings its own checkpointer."""


@contextmanager
def application_graph(settings: Settings) -> Iterator[ApplicationGraph]:
    """The graph compiled with the settings' checkpointer, for the CLI and the workers."""
    with checkpointer(settings) as saver:
        yield make_graph(saver)


class Outcome(TypedDict):
    values: dict[str, Any]
    interrupt: dict[str, Any] | None
    """The pending interrupt's payload (approval or needs_human), None when the run ended."""


def run(
    compiled: ApplicationGraph,
    thread_id: str,
    payload: ApplicationInput | Command[Any] | None,
    *,
    context: UserContext | None = None,
) -> Outcome:
    """Start, resume (``Command(resume=...)``) or continue (``None``) one application thread.

    ``durability="sync"``: every step's checkpoint is on disk before the next step runs.
    """
    config: RunnableConfig = {"configurable": {"thread_id": thread_id}}
    compiled.invoke(payload, config, context=context or UserContext(), durability="sync")
    return outcome(compiled, thread_id)


def outcome(compiled: ApplicationGraph, thread_id: str) -> Outcome:
    snapshot = compiled.get_state({"configurable": {"thread_id": thread_id}})
    pending = [i.value for i in snapshot.interrupts]
    return {"values": dict(snapshot.values), "interrupt": pending[0] if pending else None}
