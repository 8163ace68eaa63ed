"""``ajob chat``: talk to the supervisor on a terminal, with its steps and replies streamed.

Replies appear as they are written; each agent and tool step is a dim line on stderr. When
an acting tool stops for approval (submitting an application, sending an email) the review
is shown and the answer (approve, edit or reject) resumes the same thread. The conversation
is checkpointed per ``--thread``, so a later ``ajob chat --thread ID`` continues it,
including an approval left unanswered.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer
from rich.markup import escape

from cli.console import err, out
from core.config import get_settings

if TYPE_CHECKING:
    from langchain_core.runnables import RunnableConfig
    from langgraph.graph.state import CompiledStateGraph
    from langgraph.types import Interrupt

    from tools.runtime import UserContext

Provider = Literal["offline", "openai"]
AGENT_NODES = ("search", "resume", "form_fill", "outreach")
PROMPT = "you"


def chat(
    thread: Annotated[
        str | None,
        typer.Option("--thread", help="Conversation id; reuse it to continue. [default: new]"),
    ] = None,
    provider: Annotated[
        Provider | None,
        typer.Option(help="offline (rules, no network) or openai (AJOB_LLM_* settings)."),
    ] = None,
    message: Annotated[
        str | None, typer.Option("--message", "-m", help="Send one message, answer, exit.")
    ] = None,
) -> None:
    """Chat with the job-search agents: search, tailor, apply, write to recruiters."""
    from graphs.checkpoint import checkpointer
    from graphs.supervisor import make_graph
    from tools.runtime import UserContext

    settings = get_settings()
    thread_id = thread or uuid.uuid4().hex[:12]
    config: RunnableConfig = {"configurable": {"thread_id": thread_id}}
    context = UserContext(provider=provider)
    with checkpointer(settings) as saver:
        graph = make_graph(saver)
        waiting = graph.get_state(config).interrupts
        if waiting:
            err.print(f"[dim]thread {thread_id} is waiting for your decision[/]")
            if not _answer(graph, config, context, list(waiting)):
                return
        if message is not None:
            _turn(graph, config, context, message)
            return
        err.print(f"[dim]thread {thread_id}; an empty line or Ctrl-D ends the chat[/]")
        while True:
            try:
                text = typer.prompt(PROMPT, default="", show_default=False, prompt_suffix="> ")
            except typer.Abort:
                break
            if not text.strip():
                break
            _turn(graph, config, context, text)
        err.print(f"[dim]continue with: ajob chat --thread {thread_id}[/]")


def _turn(
    graph: CompiledStateGraph[Any, UserContext, Any, Any],
    config: RunnableConfig,
    context: UserContext,
    text: str,
) -> None:
    from langchain_core.messages import HumanMessage

    interrupts = _stream(graph, {"messages": [HumanMessage(text)]}, config, context)
    if interrupts:
        _answer(graph, config, context, interrupts)


def _answer(
    graph: CompiledStateGraph[Any, UserContext, Any, Any],
    config: RunnableConfig,
    context: UserContext,
    interrupts: list[Interrupt],
) -> bool:
    """Ask about each pending interrupt and resume, until the turn ends; False if not answered."""
    from langgraph.types import Command

    while interrupts:
        try:
            answers = {item.id: _decide(item.value) for item in interrupts}
        except typer.Abort:
            thread = config.get("configurable", {}).get("thread_id")
            err.print(f"[yellow]not answered; it waits: ajob chat --thread {thread}[/]")
            return False
        resume: Any = answers if len(answers) > 1 else next(iter(answers.values()))
        interrupts = _stream(graph, Command(resume=resume), config, context)
    return True


def _stream(
    graph: CompiledStateGraph[Any, UserContext, Any, Any],
    payload: Any,
    config: RunnableConfig,
    context: UserContext,
) -> list[Interrupt]:
    """Print the run as it happens; the interrupts it stopped at, if any."""
    from langgraph.types import Interrupt

    from graphs.chat_events import turn

    interrupts: list[Interrupt] = []
    speaking: str | None = None
    for name, data in turn(graph, payload, config, context):
        if name == "token":
            if speaking != data["message_id"]:
                if speaking is not None:
                    out.print()
                speaking = data["message_id"]
                out.print(f"[bold]{escape(data['agent'])}[/]: ", end="")
            out.print(escape(data["text"]), end="")
            continue
        if speaking is not None:
            out.print()
            speaking = None
        if name == "interrupt":
            interrupts.append(Interrupt(value=data["value"], id=data["id"]))
        elif data["kind"] in ("tool_call", "tool_result"):
            err.print(f"[dim]  · {escape(_step_line(data))}[/]")
    if speaking is not None:
        out.print()
    return interrupts


def _step_line(step: dict[str, Any]) -> str:
    """``agent → tool(args)`` for a call, ``agent ← tool done|failed`` for its result."""
    if step["kind"] == "tool_call":
        args = ", ".join(f"{k}={v!r}" for k, v in step["args"].items())
        return f"{step['agent']} → {step['tool']}({args})"
    return f"{step['agent']} ← {step['tool']} {step['status']}"


def _decide(payload: Any) -> dict[str, Any]:
    """Show one review and ask for the decision the tool that stopped expects."""
    from cli.review import ask_decision, show_interrupt

    if isinstance(payload, dict) and payload.get("action") == "send_outreach":
        return _decide_outreach(payload)
    if isinstance(payload, dict):
        show_interrupt(payload)
        return ask_decision(payload)
    out.print(str(payload))
    return {"action": typer.prompt("approve or reject?", default="reject").strip().lower()}


def _decide_outreach(payload: dict[str, Any]) -> dict[str, Any]:
    to = payload.get("to") or {}
    out.print(
        f"[bold]send this email?[/] to {escape(str(to.get('name') or ''))} <{to.get('email')}>"
    )
    out.print(f"[bold]subject[/]: {escape(str(payload.get('subject') or ''))}")
    out.print(escape(str(payload.get("body") or "")))
    choice = typer.prompt("approve, edit or reject?", default="reject").strip().lower()
    if choice.startswith("ap"):
        return {"action": "approve"}
    if choice.startswith("ed"):
        subject = typer.prompt("subject", default=str(payload.get("subject") or ""))
        body = typer.prompt("body (one line; empty keeps it)", default="", show_default=False)
        edit: dict[str, Any] = {"action": "edit", "subject": subject}
        if body.strip():
            edit["body"] = body
        return edit
    return {"action": "reject", "reason": typer.prompt("why?", default="not now")}
