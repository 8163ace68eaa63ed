"""The four agents: offline (the rules model), scripted, and through ChatOpenAI on the stub."""

from __future__ import annotations

from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage
from sqlalchemy import select

from agents.form_fill import build_form_fill_agent
from agents.offline import MODEL_NEEDED
from agents.outreach import build_outreach_agent
from agents.resume import build_resume_agent
from agents.search import build_search_agent
from agents.task import JobNote, render_task
from db.models import LlmUsage
from llm.prompts import load_prompt
from sandbox.openai_stub import RunningOpenAIStub, StubReply, ToolCall
from tests.agents.helpers import ScriptedModel, call, result_of, tool_results
from tests.tools.helpers import Installation
from tools.jobs import SEARCH_TOOLS
from tools.resumes import RESUME_TOOLS
from tools.runtime import UserContext


def _ask(agent_messages: list[object]) -> str:
    last = agent_messages[-1]
    assert isinstance(last, AIMessage)
    assert not last.tool_calls
    return str(last.content)


def test_offline_search_agent_searches_then_ranks_and_names_the_best(
    installation: Installation,
) -> None:
    agent = build_search_agent()
    state = agent.invoke(
        {"messages": [HumanMessage("find python jobs on remotive")]}, context=UserContext()
    )
    calls = [c for m in state["messages"] if isinstance(m, AIMessage) for c in m.tool_calls]
    assert [(c["name"], c["args"]) for c in calls] == [
        ("search_jobs", {"query": "python", "sources": ["remotive"]}),
        ("rank_jobs", {"query": "python", "limit": 5}),
    ]
    searched, ranked = (result_of(m) for m in tool_results(state["messages"]))
    reply = _ask(state["messages"])
    assert f"remotive {searched['found']} found" in reply
    assert ranked["jobs"][0]["id"] in reply
    assert reply.index(ranked["jobs"][0]["id"]) < reply.index(ranked["jobs"][1]["id"])


def test_offline_agent_uses_the_jobs_shown_for_the_best_one(installation: Installation) -> None:
    search = build_search_agent()
    state = search.invoke({"messages": [HumanMessage("find python jobs")]}, context=UserContext())
    ranked = result_of(tool_results(state["messages"])[-1])["jobs"]
    shown = [JobNote(id=j["id"], title=j["title"], company=j["company"]) for j in ranked]
    task = render_task("write a cover letter for the second one", None, shown)
    letter = build_resume_agent().invoke({"messages": [HumanMessage(task)]}, context=UserContext())
    [made] = [c for m in letter["messages"] if isinstance(m, AIMessage) for c in m.tool_calls]
    assert made["name"] == "write_cover_letter"
    assert made["args"] == {"job_id": ranked[1]["id"]}
    reply = _ask(letter["messages"])
    assert f"Cover letter for {ranked[1]['title']} at {ranked[1]['company']}" in reply


def test_offline_replies_stream_word_by_word(installation: Installation) -> None:
    chunks: list[str] = []
    for message, _ in build_resume_agent().stream(
        {"messages": [HumanMessage("tailor my resume")]},
        context=UserContext(),
        stream_mode="messages",
    ):
        if isinstance(message, AIMessageChunk) and message.text:
            chunks.append(message.text)
    assert len(chunks) > 5
    assert "".join(chunks).startswith("Which job? Give me its id")


def test_offline_agent_without_a_job_asks_which_one(installation: Installation) -> None:
    state = build_resume_agent().invoke(
        {"messages": [HumanMessage("tailor my resume")]}, context=UserContext()
    )
    assert tool_results(state["messages"]) == []
    assert _ask(state["messages"]).startswith("Which job?")


def test_offline_agent_says_plainly_what_needs_a_model(installation: Installation) -> None:
    state = build_outreach_agent().invoke(
        {"messages": [HumanMessage("summarise the market for me")]}, context=UserContext()
    )
    assert tool_results(state["messages"]) == []
    assert _ask(state["messages"]) == MODEL_NEEDED


def test_each_agent_has_only_its_own_tools_and_prompt() -> None:
    expected = {
        build_search_agent: {"search_jobs", "list_jobs", "get_job", "rank_jobs"},
        build_resume_agent: {"tailor_resume", "write_cover_letter", "answer_question"},
        build_form_fill_agent: {
            "inspect_form",
            "submit_application",
            "get_application_status",
            "list_applications",
        },
        build_outreach_agent: {"draft_outreach", "send_outreach"},
    }
    for build, tools in expected.items():
        agent = build()
        nodes = agent.get_graph().nodes
        assert {"model", "tools"} <= set(nodes)
        tool_node = agent.nodes["tools"].bound
        assert set(tool_node.tools_by_name) == tools  # type: ignore[attr-defined]


def test_a_scripted_model_cannot_reach_another_agents_tool(installation: Installation) -> None:
    """The resume agent has no submit tool: a model asking for one gets an error result."""
    model = ScriptedModel(
        responses=[call("submit_application", job_id="anything"), AIMessage("I cannot apply.")]
    )
    state = build_resume_agent(model).invoke(
        {"messages": [HumanMessage("apply everywhere")]}, context=UserContext()
    )
    [refused] = tool_results(state["messages"])
    assert refused.status == "error"
    assert "submit_application is not a valid tool" in str(refused.content)
    assert installation.sandbox.submissions() == []


def test_a_scripted_model_sees_its_prompt_and_the_tool_result(installation: Installation) -> None:
    model = ScriptedModel(
        responses=[call("answer_question", question="Do you require visa sponsorship?",
                        options=["Yes", "No"]),
                   AIMessage("You do not need sponsorship: the answer is No.")]
    )  # fmt: skip
    build_resume_agent(model).invoke(
        {"messages": [HumanMessage("how do I answer the sponsorship question?")]},
        context=UserContext(),
    )
    first, second = model.seen
    assert first[0].content == load_prompt("agent_resume").render()
    answered = result_of(tool_results(second)[0])
    assert answered["answer"] == "No"
    assert answered["source"] == "application"
    assert model.done


def test_with_the_openai_provider_the_agent_calls_chatopenai_and_records_usage(
    openai_installation: Installation, openai_stub: RunningOpenAIStub
) -> None:
    openai_stub.push(
        StubReply.tools(ToolCall("list_jobs", {"query": "engineer", "limit": 2}, id="call_1")),
        StubReply.text("Nothing is stored yet; search first."),
    )
    state = build_search_agent().invoke(
        {"messages": [HumanMessage("list engineer jobs")]}, context=UserContext()
    )
    assert _ask(state["messages"]) == "Nothing is stored yet; search first."
    assert result_of(tool_results(state["messages"])[0])["total"] == 0
    first, second = openai_stub.requests
    assert first.body is not None
    assert first.messages[0] == {"role": "system", "content": load_prompt("agent_search").render()}
    assert {t["function"]["name"] for t in first.body["tools"]} == {t.name for t in SEARCH_TOOLS}
    assert [m["role"] for m in second.messages] == ["system", "user", "assistant", "tool"]
    services = openai_installation.services
    with services.sessions() as session:
        usage = session.scalars(select(LlmUsage).order_by(LlmUsage.created_at)).all()
    assert [(u.prompt_name, u.user_id) for u in usage] == [
        ("agent_search", openai_installation.user_id),
        ("agent_search", openai_installation.user_id),
    ]
    assert usage[0].prompt_tokens == (first.usage or {})["prompt_tokens"]


def test_the_run_context_can_force_offline_over_the_settings(
    openai_installation: Installation, openai_stub: RunningOpenAIStub
) -> None:
    build_search_agent().invoke(
        {"messages": [HumanMessage("list engineer jobs")]},
        context=UserContext(provider="offline"),
    )
    assert openai_stub.requests == []


def test_resume_tools_are_exported_in_order() -> None:
    assert [t.name for t in RESUME_TOOLS] == [
        "tailor_resume",
        "write_cover_letter",
        "answer_question",
    ]
