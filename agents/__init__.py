"""The four agents (search, resume, form-fill, outreach): each a ``create_agent`` with its own
prompt from prompts/ and only its own tools from tools/."""
