"""Outreach: find who to write to, draft a short message from real facts, send it once over SMTP."""
