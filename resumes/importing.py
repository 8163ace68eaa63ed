"""``ajob resume import``: any resume file the user has, as a JSON Resume document.

JSON Resume files (JSON or YAML) are validated and kept as written. PDF, DOCX,
Markdown and plain text are read into lines and parsed without a model
(``resumes.sections``), so the same file always gives the same document, and every
field that could not be found is named in a warning instead of being guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from core.errors import InputError
from resumes.candidate import parse_candidate, parse_structured
from resumes.documents import read_docx, read_pdf
from resumes.lines import Layout, Line, lines_from_text
from resumes.sections import parse_resume

SourceFormat = Literal["json-resume", "yaml", "pdf", "docx", "markdown", "text"]
_FORMATS: dict[str, SourceFormat] = {
    ".json": "json-resume",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".pdf": "pdf",
    ".docx": "docx",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
}
_CONVERT_FIRST = {
    ".doc": "save it as .docx in Word",
    ".odt": "save it as .docx",
    ".rtf": "save it as .docx",
    ".pages": "export it to DOCX or PDF",
    ".html": "save it as PDF or Markdown",
    ".htm": "save it as PDF or Markdown",
}


@dataclass(frozen=True)
class ImportedResume:
    """A JSON Resume document, the format it came from, and what could not be read."""

    document: dict[str, Any]
    source_format: str
    warnings: list[str]
    text: str = ""
    """The text the document was parsed from (empty for JSON Resume input): what an optional
    model clean-up may draw on, and what its result is checked against."""


def _supported() -> str:
    return ", ".join(sorted(_FORMATS))


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not UTF-8 text (byte {exc.start} cannot be decoded); save it as UTF-8"
        ) from None


def _load_structured(path: Path, source_format: SourceFormat) -> Any:
    return parse_structured(_read_text(path), yaml_format=source_format == "yaml", source=str(path))


def _json_resume(path: Path, source_format: SourceFormat) -> ImportedResume:
    data = _load_structured(path, source_format)
    candidate = parse_candidate(data, source=str(path))
    document = candidate.model_dump(mode="json", exclude_unset=True, exclude_none=True)
    return ImportedResume(document=document, source_format=source_format, warnings=[])


def _from_lines(
    lines: list[Line], layout: Layout, source_format: str, source: str
) -> ImportedResume:
    document, warnings = parse_resume(lines, layout)
    basics = document["basics"]
    how = "or import a JSON Resume instead"
    if not basics.get("name"):
        raise InputError(
            f"{source}: no name found at the top of the resume; put your name on the first "
            f"line (alone, or before a '|' or '—'), {how}"
        )
    if not basics.get("email"):
        raise InputError(
            f"{source}: no email address found in the resume; add one to the contact line, {how}"
        )
    parse_candidate(document, source=source)
    text = "\n".join(line.text for line in lines)
    return ImportedResume(document, source_format, warnings, text)


def resume_from_text(
    text: str, *, source_format: str = "text", source: str = "resume"
) -> ImportedResume:
    """A JSON Resume document from Markdown or plain text."""
    if not text.strip():
        raise InputError(f"{source} is empty; nothing to import")
    lines = lines_from_text(text, markdown=source_format == "markdown")
    return _from_lines(lines, Layout(), source_format, source)


def import_resume(path: Path) -> ImportedResume:
    """Read a resume file in any supported format; every problem is a one-line InputError."""
    if not path.exists():
        raise InputError(f"{path} does not exist; pass the path of your resume file")
    if not path.is_file():
        raise InputError(f"{path} is not a file; pass the path of your resume file")
    suffix = path.suffix.lower()
    source_format = _FORMATS.get(suffix)
    if source_format is None:
        hint = f" ({_CONVERT_FIRST[suffix]})" if suffix in _CONVERT_FIRST else ""
        raise InputError(
            f"{path}: unsupported file type '{suffix or 'no extension'}'{hint}; "
            f"supported: {_supported()}"
        )
    if path.stat().st_size == 0:
        raise InputError(f"{path} is empty; nothing to import")
    if source_format in ("json-resume", "yaml"):
        return _json_resume(path, source_format)
    if source_format == "pdf":
        lines, layout = read_pdf(path)
        return _from_lines(lines, layout, source_format, str(path))
    if source_format == "docx":
        lines = read_docx(path)
        if all(line.blank for line in lines):
            raise InputError(
                f"{path}: the DOCX has no text (is it all images?); export it to PDF, run OCR "
                "on it (e.g. ocrmypdf in.pdf out.pdf) and import that"
            )
        return _from_lines(lines, Layout(), source_format, str(path))
    return resume_from_text(_read_text(path), source_format=source_format, source=str(path))
