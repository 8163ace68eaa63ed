"""Writing files so that a reader never sees half of one."""

from __future__ import annotations

import os
from pathlib import Path


def write_bytes_atomic(path: Path, data: bytes, *, private: bool = False) -> None:
    """Write ``data`` so a reader sees the old file or the new one, never half of either.

    ``private`` files (a saved browser session) are readable by their owner only, from the
    moment they exist: the partial file is created with that mode, not narrowed afterwards.
    """
    partial = path.with_name(f".{path.name}.partial")
    mode = 0o600 if private else 0o666
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    if private:
        os.chmod(partial, 0o600)
    partial.replace(path)


def write_text_atomic(path: Path, text: str, *, private: bool = False) -> None:
    """`write_bytes_atomic` of ``text`` in UTF-8."""
    write_bytes_atomic(path, text.encode("utf-8"), private=private)
