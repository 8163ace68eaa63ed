"""Why a source failed, in words the search summary can show next to the source's name."""

from __future__ import annotations

from core.errors import AjobError


class SourceError(AjobError):
    """A source could not be searched; the other sources go on."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class BoardNotFound(SourceError):
    """The platform answered 404 for the board the user named."""

    def __init__(self, source: str, board: str) -> None:
        super().__init__(source, f"board {board!r} does not exist on {source} (HTTP 404)")
        self.board = board


class MalformedPayload(SourceError):
    """A page did not have the shape the adapter reads; nothing of that page is stored."""


class SourceBlocked(SourceError):
    """The platform showed a CAPTCHA or a login wall; we never try to get around it."""
