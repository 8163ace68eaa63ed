"""LangChain tools: thin, typed wrappers over the services that return compact JSON.

Acting tools (submit_application, send_outreach) require human approval through
``interrupt()``, whatever a model asks for."""
