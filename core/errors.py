"""Errors a user can act on.

Every failure the user should see is an `AjobError`: its message is one line that
says what was wrong and how to fix it, and it carries the process exit code. The
CLI prints these without a traceback; anything else is a bug and is reported as one.
"""

from __future__ import annotations


class AjobError(Exception):
    """A failure with a one-line, actionable message and an exit code."""

    exit_code: int = 1

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else self.__class__.__name__


class ConfigError(AjobError):
    """A setting is missing, malformed or points at something unusable."""

    exit_code = 2


class InputError(AjobError):
    """A file or argument the user supplied cannot be used as given."""

    exit_code = 2
