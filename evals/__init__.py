"""Prompt evaluation: datasets, deterministic and LLM-judge scorers, and the run/compare runner."""
