"""LangGraph graphs: the chat ``supervisor`` and the long-running ``application`` graph, plus the
checkpointer factory. Graphs hold orchestration only; the work happens in services via tools."""
