"""Text helpers for the catalogue and the replicas: slugs, word matching, escaping, plain text.

These are pure functions of strings; nothing here knows about HTTP.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

_NON_WORD = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """ASCII words joined by dashes: "Senior Engineer (Remote)" -> "senior-engineer-remote"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NON_WORD.sub("-", ascii_text.lower()).strip("-")


def words(text: str) -> list[str]:
    return [w for w in re.split(r"\W+", text.lower()) if w]


def matches_words(text: str, query: str | None) -> bool:
    """True when every word of ``query`` is a word of ``text`` (an empty query matches all).

    This is how the replicas that filter by keyword do it: simple, predictable, case-blind.
    """
    wanted = words(query or "")
    if not wanted:
        return True
    have = set(words(text))
    return all(w in have for w in wanted)


def hn_escape(text: str) -> str:
    """Escape text the way HN's API does: &, <, >, quotes, and slashes as &#x2F;."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
        .replace("/", "&#x2F;")
    )


_BLOCKS = frozenset({"p", "div", "ul", "ol", "li", "br", "h1", "h2", "h3", "h4", "tr"})


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(html: str) -> str:
    """Plain text as the platforms' ``descriptionPlain`` fields give it: one line per block."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = (line.strip() for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)
