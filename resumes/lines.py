"""Resume text as lines that know whether they are a bullet or a heading.

Every input format (Markdown, plain text, PDF, DOCX) is reduced to these lines, so one
parser reads them all. A bullet that wraps onto the next line becomes one line again,
since a highlight is a sentence, not a line of print.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from resumes.written_dates import find_date_range

_BULLET = re.compile(
    r"^(?:[-*+–](?=\s)|[•·▪■◦○●►▸➢➤✓✔❖♦◆→‣⁃\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf06e]|\d{1,2}[.)](?=\s))\s*"
)
_ATX_HEADING = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_RULE = re.compile(r"^[=\-_*~#•·\s]{3,}$")
_TABLE_DIVIDER = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")
_SENTENCE_END = re.compile(r"[.!?]['\")\]]?$")

_MARKDOWN_INLINE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"<!--.*?-->"), ""),
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),
    (re.compile(r"<((?:https?://|mailto:)[^>\s]+|[^>@\s]+@[^>\s]+)>"), r"\1"),
    (re.compile(r"<br\s*/?>", re.IGNORECASE), " "),
    (re.compile(r"</?[a-zA-Z][^>]*>"), ""),
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"~~(.+?)~~"), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])"), r"\1"),
)
_MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


@dataclass(frozen=True)
class Line:
    """One line of a resume. ``heading`` is a Markdown (or Word) heading level, 0 if none."""

    text: str
    bullet: bool = False
    heading: int = 0
    indent: int = 0

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class Layout:
    """What the reader of a format knows about how its lines were laid out."""

    drawn_bullets: bool = False
    """Bullet marks were drawn (PDF), so list items are found by their indentation."""
    width: int = 0
    """The widest line, in characters, for telling a wrapped line from a short one."""
    links: tuple[str, ...] = ()
    """Link targets the visible text may not spell out (PDF annotations)."""


def has_date_range(text: str) -> bool:
    return find_date_range(text) is not None


def ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text.rstrip()))


def split_bullet(text: str) -> tuple[bool, str]:
    """Whether a line starts with a bullet mark, and its text without the mark."""
    stripped = text.strip()
    match = _BULLET.match(stripped)
    if match and match.end() < len(stripped):
        return True, stripped[match.end() :].strip()
    return False, stripped


def _plain(line: Line) -> bool:
    return not line.blank and line.heading == 0 and not line.bullet


def _indent(raw: str) -> int:
    expanded = raw.expandtabs(4)
    return len(expanded) - len(expanded.lstrip(" "))


def _bare(url: str) -> str:
    return re.sub(r"^(?:https?://)?(?:www\.)?", "", url.strip().lower()).rstrip("/")


def with_link(text: str, url: str) -> str:
    """Link text with its address beside it ("LinkedIn (https://…)"), unless it is the address."""
    text, url = text.strip(), url.strip()
    if url.lower().startswith("mailto:"):
        address = url[7:].split("?")[0]
        return text if address.lower() in text.lower() else f"{text} ({address})".strip()
    if not text or _bare(text) == _bare(url):
        return url
    return f"{text} ({url})"


def _markdown_link(match: re.Match[str]) -> str:
    return with_link(match.group(1), match.group(2))


def markdown_inline(text: str) -> str:
    """Markdown's inline markup removed; a link keeps its address next to its words."""
    text = _MARKDOWN_LINK.sub(_markdown_link, text)
    for pattern, replacement in _MARKDOWN_INLINE:
        text = pattern.sub(replacement, text)
    return text


def lines_from_text(text: str, *, markdown: bool) -> list[Line]:
    """Lines of a Markdown or plain-text resume, with wrapped bullets joined."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines: list[Line] = []
    for raw in raw_lines:
        stripped = raw.strip()
        if markdown and _SETEXT.match(stripped) and lines and _plain(lines[-1]):
            lines[-1] = replace(lines[-1], heading=1 if stripped.startswith("=") else 2)
            continue
        if _RULE.match(stripped):
            lines.append(Line(""))
            continue
        if markdown:
            if _TABLE_DIVIDER.match(stripped) and "-" in stripped:
                continue
            stripped = re.sub(r"^>\s?", "", stripped)
            if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
                cells = [markdown_inline(c).strip() for c in stripped[1:-1].split("|")]
                lines.append(Line(" | ".join(c for c in cells if c), indent=_indent(raw)))
                continue
            if heading := _ATX_HEADING.match(stripped):
                text_ = markdown_inline(heading.group(2)).strip()
                lines.append(Line(text_, heading=len(heading.group(1))))
                continue
        bullet, content = split_bullet(stripped)
        if markdown:
            content = markdown_inline(content).strip()
            content = content.rstrip("\\").rstrip()
        lines.append(Line(content, bullet=bullet, indent=_indent(raw)))
    return join_wrapped_bullets(lines)


def join_wrapped_bullets(lines: list[Line]) -> list[Line]:
    """A bullet's wrapped lines (indented under it, or starting in lower case) join it."""
    out: list[Line] = []
    for line in lines:
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.bullet
            and not line.blank
            and not line.bullet
            and line.heading == 0
            and (line.indent > previous.indent or line.text[:1].islower())
        ):
            out[-1] = replace(previous, text=f"{previous.text} {line.text.strip()}")
            continue
        out.append(line)
    return out


def bullets_from_indentation(lines: list[Line], *, width: int) -> list[Line]:
    """Bullets whose marks were drawn, not written (as in most PDFs), found by their indent.

    Lines at the indent most lines under the section's margin share are list items (a
    title indented less than them stays a header). An item goes on onto the next line
    when its line runs to the right margin without ending a sentence, or when the next
    line starts in lower case.
    """
    texts = [line for line in lines if not line.blank]
    if not texts or any(line.bullet for line in texts):
        return lines
    margin = min(line.indent for line in texts)
    deepest = margin + max(12, width // 4)
    indents = Counter(line.indent for line in texts if margin + 2 <= line.indent <= deepest)
    if not indents:
        return lines
    item_indent = max(indents, key=lambda indent: (indents[indent], indent))
    out: list[Line] = []
    open_item = False
    for line in lines:
        if line.blank:
            continue
        if abs(line.indent - item_indent) > 1 or line.heading or has_date_range(line.text):
            out.append(line)
            open_item = False
            continue
        if open_item or (line.text[:1].islower() and out and out[-1].bullet):
            out[-1] = replace(out[-1], text=f"{out[-1].text} {line.text.strip()}")
        else:
            out.append(Line(line.text.strip(), bullet=True, indent=line.indent))
        runs_to_margin = line.indent + len(line.text) >= 0.75 * width
        open_item = runs_to_margin and not ends_sentence(line.text)
    return out
