"""The submission log: every application a sandbox form accepted, exactly as it was posted.

Tests of the apply engine assert on the final POST, as ClawBench does, so a submission keeps
all posted fields (name → every value, in order) and, for each file, its name, type, size and
SHA-256 rather than its bytes. The log only records what it receives: it never merges or drops
a duplicate, because refusing to submit twice is the engine's job and the tests must see it
fail. A lock makes each append atomic, so concurrent POSTs are never lost or doubled.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime


@dataclass(frozen=True)
class SubmittedFile:
    field: str
    """The form field it was posted under, e.g. "resume"."""
    filename: str
    content_type: str
    size: int
    sha256: str
    """Hex digest of the bytes received, to compare with the file the engine meant to send."""


@dataclass(frozen=True)
class Submission:
    id: int
    """Increasing within one sandbox; not reused after a reset."""
    platform: str
    board: str
    external_id: str
    """The posting's id on its platform."""
    path: str
    """The URL path the form was posted to."""
    variant: str | None
    """The ``variant`` query parameter the form was served and posted with, if any."""
    fields: dict[str, list[str]]
    """Every non-file field, name → its values in the order posted (empty strings kept)."""
    files: tuple[SubmittedFile, ...]
    """Every file part that carried a file (a file input left empty is not a file)."""
    at: str
    """When it was recorded (wall clock, ISO 8601 UTC)."""

    def value(self, name: str) -> str | None:
        """The first value posted under ``name``, or None when the field was not posted."""
        values = self.fields.get(name)
        return values[0] if values else None

    def file(self, name: str) -> SubmittedFile | None:
        """The first file posted under ``name``."""
        return next((f for f in self.files if f.field == name), None)

    def as_dict(self) -> dict[str, object]:
        """As ``GET /_sandbox/submissions`` lists it (JSON types: the files as a list)."""
        return {**asdict(self), "files": [asdict(f) for f in self.files]}


@dataclass
class SubmissionLog:
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _entries: list[Submission] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def record(
        self,
        *,
        platform: str,
        board: str,
        external_id: str,
        path: str,
        variant: str | None,
        fields: Mapping[str, Sequence[str]],
        files: Sequence[SubmittedFile],
    ) -> Submission:
        at = datetime.now(UTC).isoformat(timespec="milliseconds")
        copied = {name: list(values) for name, values in fields.items()}
        with self._lock:
            entry = Submission(
                id=next(self._ids),
                platform=platform,
                board=board,
                external_id=external_id,
                path=path,
                variant=variant,
                fields=copied,
                files=tuple(files),
                at=at,
            )
            self._entries.append(entry)
        return entry

    def entries(self, platform: str | None = None) -> list[Submission]:
        with self._lock:
            return [e for e in self._entries if platform is None or e.platform == platform]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


@dataclass
class FirstAttempts:
    """Which keys have been tried since the last reset, for "reject the first try" variants."""

    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _seen: set[str] = field(default_factory=set)

    def first(self, key: str) -> bool:
        """True the first time ``key`` is given (until `clear`), False ever after."""
        with self._lock:
            if key in self._seen:
                return False
            self._seen.add(key)
            return True

    def clear(self) -> None:
        with self._lock:
            self._seen.clear()
