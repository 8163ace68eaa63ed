"""An offline approximation of OpenAI's tokenizer, and the prompt-prefix cache built on it.

``tiktoken`` must download its encodings, which this machine cannot, so the stub counts tokens
itself. ``tokenize`` first splits text the way o200k_base (the GPT-4o family's encoding) does
before byte-pair merging: a word with at most one leading space or punctuation mark and its case
split ("HelloWorld" is two pieces), contractions attached, digits in groups of up to three, runs
of punctuation, runs of white space. It then guesses the merges instead of looking them up:

- a word is one token per 8 letters (rounded up), plus one per non-ASCII letter; common English
  words are whole tokens in o200k, rare long ones split, and this sits between the two;
- a digit group is one token, as in o200k;
- a punctuation run is one token per 3 marks (``{"``, ``":`` and ``...`` are one token each);
- a run of white space is one token per 16 characters; a newline run is one token.

How close it comes, against o200k counts OpenAI has published: "Hello, world!" 4 (o200k 4),
"2 + 2 = 4" 7 (7), and the six-message example of OpenAI's token-counting cookbook 126 prompt
tokens with ``prompt_tokens`` (124). Rare words come out short ("antidisestablishmentarianism"
4, o200k 6) and common long words long ("responsibilities" 2, o200k 1). This repository's
Markdown gives 3.9 to 4.4 characters a token, around OpenAI's rule of thumb of 4. Good enough
for cost accounting and cache emulation, not a billing reference. The pieces join back into
the text, so a stream can send them one at a time.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import re
import threading
from collections.abc import Mapping, Sequence
from typing import Any

_LETTER = r"[^\W\d_]"
_LOWER = rf"(?:(?![A-Z]){_LETTER})"
_PIECES = re.compile(
    rf"""
    (?P<word>(?:[^\r\n\w]|_)?(?:[A-Z]*{_LOWER}+|[A-Z]+{_LOWER}*)(?:'(?i:s|t|re|ve|m|ll|d))?)
    | (?P<digits>\d{{1,3}})
    | (?P<marks>\ ?(?:[^\s\w]|_)+[\r\n/]*)
    | (?P<newlines>\s*[\r\n]+)
    | (?P<spaces>\s+(?!\S)|\s+)
    """,
    re.VERBOSE,
)
_LETTERS_PER_TOKEN = 8
_MARKS_PER_TOKEN = 3
_SPACES_PER_TOKEN = 16

CACHE_BLOCK = 128
"""OpenAI caches prompt prefixes in steps of this many tokens ..."""
CACHE_MINIMUM = 1024
"""... once the shared prefix is at least this long."""


def _estimate(kind: str, piece: str) -> int:
    if kind == "word":
        ascii_letters = sum(1 for c in piece if c.isascii() and c.isalpha())
        other_letters = sum(1 for c in piece if not c.isascii() and c.isalpha())
        return max(1, math.ceil(ascii_letters / _LETTERS_PER_TOKEN) + other_letters)
    if kind == "marks":
        marks = piece.lstrip(" ").rstrip("\r\n")
        return max(1, math.ceil(len(marks) / _MARKS_PER_TOKEN))
    if kind == "spaces":
        return math.ceil(len(piece) / _SPACES_PER_TOKEN)
    return 1


def tokenize(text: str) -> list[str]:
    """``text`` as approximate o200k tokens; ``"".join(tokenize(text)) == text``."""
    tokens: list[str] = []
    for match in _PIECES.finditer(text):
        piece = match.group()
        parts = _estimate(match.lastgroup or "", piece)
        if parts == 1:
            tokens.append(piece)
            continue
        bounds = [round(i * len(piece) / parts) for i in range(parts + 1)]
        tokens.extend(piece[a:b] for a, b in itertools.pairwise(bounds) if a < b)
    return tokens


def count_tokens(text: str) -> int:
    """About how many tokens OpenAI's o200k_base encoding makes of ``text`` (see the module)."""
    return len(tokenize(text))


def prompt_tokens(request: Mapping[str, Any]) -> list[str]:
    """The prompt of a chat-completions request body as tokens, in the order the model reads it.

    The tool definitions and the structured-output schema come first (OpenAI puts them at the
    head of the system prompt), as compact JSON; then each message as
    ``<|start|>role[ name]<|message|>content<|end|>``, where the content is its text, or its
    text parts, plus the name and arguments of any tool calls; then the ``<|start|>assistant
    <|message|>`` that primes the answer. That is 4 tokens a message and 3 per prompt on top of
    the text, as in OpenAI's published counting recipe.
    """
    tokens: list[str] = []
    for key in ("tools", "functions", "response_format"):
        if request.get(key):
            tokens += tokenize(json.dumps(request[key], separators=(",", ":"), ensure_ascii=False))
    for message in request.get("messages") or []:
        tokens += ["<|start|>", *tokenize(str(message.get("role", "")))]
        if message.get("name"):
            tokens += tokenize(" " + str(message["name"]))
        tokens.append("<|message|>")
        tokens += tokenize(_content_text(message.get("content")))
        for call in message.get("tool_calls") or []:
            function = call.get("function") or {}
            tokens += tokenize(str(function.get("name", "")))
            tokens += tokenize(str(function.get("arguments", "")))
        tokens.append("<|end|>")
    return [*tokens, "<|start|>", "assistant", "<|message|>"]


def _content_text(content: object) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(
            str(part["text"])
            if isinstance(part, dict) and "text" in part
            else json.dumps(part, separators=(",", ":"), ensure_ascii=False)
            for part in content
        )
    return json.dumps(content, separators=(",", ":"), ensure_ascii=False)


class PrefixCache:
    """OpenAI's automatic prompt caching, emulated: which prompt prefixes were seen, per model.

    A prompt is cut into blocks of ``CACHE_BLOCK`` tokens and each whole-block prefix is
    remembered by a chained hash. A later prompt's cached tokens are its longest remembered
    whole-block prefix, which is the longest prefix shared with any earlier prompt rounded down
    to a multiple of 128, and 0 when that is shorter than ``CACHE_MINIMUM``. Nothing expires.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: set[tuple[str, bytes]] = set()

    def lookup_and_store(self, model: str, tokens: Sequence[str]) -> int:
        """The cached tokens for this prompt; afterwards, its prefixes count as seen."""
        keys: list[tuple[str, bytes]] = []
        digest = b""
        for start in range(0, len(tokens) - CACHE_BLOCK + 1, CACHE_BLOCK):
            block = "\x00".join(tokens[start : start + CACHE_BLOCK]).encode()
            digest = hashlib.blake2b(digest + block, digest_size=16).digest()
            keys.append((model, digest))
        with self._lock:
            hits = 0
            for key in keys:
                if key not in self._seen:
                    break
                hits += 1
            self._seen.update(keys)
        cached = hits * CACHE_BLOCK
        return cached if cached >= CACHE_MINIMUM else 0

    def clear(self) -> None:
        with self._lock:
            self._seen.clear()
