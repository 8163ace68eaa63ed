"""PDF and DOCX resumes read into lines, or refused with a message the user can act on.

A PDF is read in pypdf's layout mode: it keeps each line's indentation (the only trace
of bullets whose marks Chromium and Word draw as shapes) and the wide gap before a
right-aligned date. A DOCX is read paragraph by paragraph, with Word's heading and list
styles standing in for Markdown's marks and each link's address kept beside its words.
"""

from __future__ import annotations

import logging
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import docx
from docx.blkcntnr import BlockItemContainer
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph
from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

from core.errors import InputError
from resumes.lines import Layout, Line, join_wrapped_bullets, split_bullet, with_link

_OTHER_FORMATS = "export it to DOCX, Markdown or JSON Resume and import that instead"
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,3}\s*(?:of|/)\s*\d{1,3}$|^-?\s*\d{1,3}\s*-?$", re.I)
_UNREADABLE_PDF = (
    PyPdfError,
    ValueError,
    KeyError,
    TypeError,
    IndexError,
    AttributeError,
    RecursionError,
    struct.error,
    zlib.error,
    OSError,
)
"""What pypdf raises on a damaged file: a damaged file is bad input, not a bug."""


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs every repair it makes; the user gets one line from us instead."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _open_pdf(path: Path) -> PdfReader:
    with path.open("rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" not in head:
        raise InputError(f"{path}: not a PDF file (it does not start with %PDF); {_OTHER_FORMATS}")
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileNotDecryptedError("a password is needed")
    except (FileNotDecryptedError, DependencyError):
        raise InputError(
            f"{path}: the PDF is encrypted with a password; remove the password "
            f"(e.g. qpdf --decrypt --password=… in.pdf out.pdf) or {_OTHER_FORMATS}"
        ) from None
    return reader


def _page_links(reader: PdfReader) -> list[str]:
    links: list[str] = []
    for page in reader.pages:
        for ref in page.get("/Annots") or []:
            annotation = ref.get_object()
            action = annotation.get("/A") if annotation.get("/Subtype") == "/Link" else None
            uri = action.get_object().get("/URI") if action is not None else None
            if isinstance(uri, str) and uri not in links:
                links.append(uri)
    return links


def _page_texts(reader: PdfReader) -> list[list[str]]:
    pages: list[list[str]] = []
    for page in reader.pages:
        try:
            text = page.extract_text(extraction_mode="layout")
        except _UNREADABLE_PDF:
            text = page.extract_text()
        pages.append([line.rstrip() for line in text.splitlines() if line.strip()])
    return pages


def _gaps(text: str) -> str:
    """Layout mode pads words with spaces: two are still one gap, three or more a column."""
    return re.sub(r"(?<=\S) {3,}(?=\S)", "\t", re.sub(r"(?<=\S) {2}(?=\S)", " ", text))


def read_pdf(path: Path) -> tuple[list[Line], Layout]:
    """A PDF's text layer as lines; an encrypted or scanned PDF is refused with the fix."""
    try:
        with _quiet_pypdf():
            reader = _open_pdf(path)
            pages = _page_texts(reader)
            links = _page_links(reader)
    except _UNREADABLE_PDF as exc:
        raise InputError(f"{path}: the PDF could not be read ({exc}); {_OTHER_FORMATS}") from None
    if sum(ch.isalnum() for page in pages for line in page for ch in line) < 20:
        raise InputError(
            f"{path}: the PDF has no text layer (it looks scanned or is all images); "
            f"run OCR on it first (e.g. ocrmypdf in.pdf out.pdf) or {_OTHER_FORMATS}"
        )
    lines: list[Line] = []
    for page in pages:
        margin = min((len(line) - len(line.lstrip(" ")) for line in page), default=0)
        for raw in page:
            text = raw[margin:]
            if _PAGE_NUMBER.match(text.strip()):
                continue
            bullet, content = split_bullet(_gaps(text))
            lines.append(Line(content, bullet=bullet, indent=len(text) - len(text.lstrip(" "))))
    width = max((line.indent + len(line.text) for line in lines), default=0)
    return join_wrapped_bullets(lines), Layout(drawn_bullets=True, width=width, links=tuple(links))


def _paragraph_lines(paragraph: Paragraph) -> Iterator[Line]:
    """A paragraph's lines (soft breaks split it); Word's styles say heading or bullet."""
    pieces = [
        with_link(inner.text, inner.url)
        if isinstance(inner, Hyperlink) and inner.url
        else inner.text
        for inner in paragraph.iter_inner_content()
    ]
    text = "".join(pieces)
    if not text.strip():
        yield Line("")
        return
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    heading = 0
    if match := re.match(r"^Heading (\d)$", style):
        heading = int(match.group(1))
    elif style == "Title":
        heading = 1
    properties = paragraph._p.pPr
    listed = style.startswith("List") or (properties is not None and properties.numPr is not None)
    for number, raw in enumerate(part for part in text.split("\n") if part.strip()):
        marked, content = split_bullet(raw)
        yield Line(
            content,
            bullet=marked or (listed and number == 0),
            heading=heading,
            indent=2 if listed and number else 0,
        )


def _block_lines(container: DocxDocument | BlockItemContainer) -> Iterator[Line]:
    """Paragraphs in order; a table row of one-line cells is one line, cells cut by tabs."""
    for block in container.iter_inner_content():
        if not isinstance(block, Table):
            yield from _paragraph_lines(block)
            continue
        for row in block.rows:
            cells = list(dict.fromkeys(cell for cell in row.cells if cell.text.strip()))
            if all("\n" not in cell.text.strip() for cell in cells):
                if cells:
                    yield Line("\t".join(cell.text.strip() for cell in cells))
                continue
            for cell in cells:
                yield from _block_lines(cell)


def read_docx(path: Path) -> list[Line]:
    """A DOCX body (after its page header, where contact details often sit) as lines."""
    try:
        document = docx.Document(str(path))
    except PackageNotFoundError:
        raise InputError(
            f"{path}: the DOCX could not be read (it is not a Word document); "
            "save it again from Word as .docx, or export it to PDF or Markdown"
        ) from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(
            f"{path}: the DOCX could not be read ({exc or type(exc).__name__}); "
            "save it again from Word as .docx, or export it to PDF or Markdown"
        ) from None
    lines: list[Line] = []
    seen: set[str] = set()
    for section in document.sections:
        text = "\n".join(p.text for p in section.header.paragraphs)
        if section.header.is_linked_to_previous or not text.strip() or text in seen:
            continue
        seen.add(text)
        lines += _block_lines(section.header)
    lines += _block_lines(document)
    return join_wrapped_bullets(lines)
