"""The LLM layer every agent and service shares: prompts, the openai provider, cache, usage.

Two providers sit behind one choice (``AJOB_LLM_PROVIDER``): ``openai`` talks to any
OpenAI-compatible server through langchain-openai; ``offline`` uses no model at all, and
the services run their deterministic, extractive paths. Either way every model call is
cached, retried on rate limits and accounted for in ``llm_usage``.
"""
