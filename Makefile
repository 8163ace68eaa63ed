# Two commands do everything on a fresh machine: `make demo` and `make test`.
# Each sets up what is missing (uv, .venv synced to the lock, Chromium, migrations) first.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.synced-$(shell cat requirements-dev.lock pyproject.toml | cksum | cut -d' ' -f1)
UV      = $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")

export LANGGRAPH_CLI_NO_ANALYTICS := 1
export LANGGRAPH_NO_VERSION_CHECK := true
export LANGSMITH_TRACING := false
export LANGSMITH_TEST_TRACKING := false

.PHONY: help demo test setup uv venv browser migrate lint typecheck pytest lock acceptance clean

help:  ## List the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

demo: setup  ## Set up, then run the end-to-end demo on the embedded default (SQLite, no broker).
	$(BIN)/ajob demo

test: setup lint typecheck pytest  ## Set up, then run ruff, mypy and the whole test suite.

setup: venv browser migrate  ## Install everything the app and the tests need.

uv:
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m uv --version >/dev/null 2>&1 || \
	  { echo "installing uv from PyPI"; $(PYTHON) -m pip install --quiet uv; }

venv: $(STAMP)

$(STAMP): requirements-dev.lock pyproject.toml | uv
	@test -x $(BIN)/python || $(UV) venv --quiet --python $(PYTHON) $(VENV)
	$(UV) pip sync --quiet --compile-bytecode --python $(BIN)/python requirements-dev.lock
	$(UV) pip install --quiet --python $(BIN)/python --no-deps -e .
	@rm -f $(VENV)/.synced-* && touch $@

browser:  ## Install Debian's chromium-headless-shell and chromium (Playwright cannot download one here) and poppler-utils, when missing.
	@pkgs=; \
	if ! { [ -n "$$AJOB_BROWSER_PATH" ] && [ -x "$$AJOB_BROWSER_PATH" ]; }; then \
	  [ -x /usr/bin/chromium-headless-shell ] || pkgs="chromium-headless-shell"; \
	  found=; for b in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do [ -x $$b ] && found=1; done; \
	  [ -n "$$found" ] || pkgs="$$pkgs chromium"; \
	fi; \
	command -v pdftotext >/dev/null 2>&1 || pkgs="$$pkgs poppler-utils"; \
	[ -z "$$pkgs" ] && exit 0; \
	echo "installing Debian's $$pkgs"; \
	sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$pkgs >/dev/null

migrate: venv  ## Apply the database migrations to AJOB_DATABASE_URL (default: ./data/ajob.db).
	$(BIN)/ajob db upgrade

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: venv
	$(BIN)/mypy

pytest: venv
	$(BIN)/pytest

lock:  ## Re-resolve requirements.lock and requirements-dev.lock from pyproject.toml.
	$(UV) pip compile pyproject.toml --python-version 3.11 --no-header --no-annotate -o requirements.lock
	$(UV) pip compile pyproject.toml --group dev --python-version 3.11 --no-header --no-annotate -o requirements-dev.lock

acceptance: setup  ## Run the shared acceptance checks against the real captures.
	../shared/acceptance/run-all

clean:  ## Remove the virtualenv, caches and the demo database.
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache data

.PHONY: studio
studio: setup  ## Serve the graphs to LangGraph Studio on http://127.0.0.1:2024 (offline; README).
	$(BIN)/langgraph dev --no-browser --allow-blocking $(STUDIO_ARGS)
