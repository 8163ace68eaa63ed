"""Platform knowledge, one module per platform: how to search it and how its application form
works. Shared plumbing lives beside them: http.py (rate limits, retries, SSRF guard) and
browser.py (the Playwright Chromium)."""
