"""Read a plan document (.txt/.md, .pdf with a text layer, .docx) into blocks."""

from __future__ import annotations

from pathlib import Path

from ..errors import UserError
from .blocks import Block, Where
from .paragraphs import Line, join

MAX_BYTES = 50 * 1024 * 1024


class DocumentUnreadable(UserError):
    """The document cannot be read as a plan (format, encoding, no text)."""


def read(path: Path) -> list[Block]:
    """The document's blocks; a one-line ``DocumentUnreadable`` for anything else."""
    if not path.is_file():
        raise DocumentUnreadable(f"{path}: not a readable file")
    if path.stat().st_size > MAX_BYTES:
        raise DocumentUnreadable(f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MB")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from .docx_reader import read_docx

        blocks = read_docx(path)
    elif suffix == ".pdf":
        blocks = join(_pdf_lines(path))
    elif suffix in (".txt", ".md", ".text", ""):
        blocks = join(_text_lines(path))
    else:
        raise DocumentUnreadable(f"{path}: cannot read {suffix} files; give a .docx, .pdf or .txt document")
    if not any(block.text.strip() for block in blocks):
        raise DocumentUnreadable(f"{path}: the document has no text")
    return blocks


def _text_lines(path: Path) -> list[Line]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DocumentUnreadable(f"{path}: not UTF-8 text; save it as UTF-8")
    if "\x00" in text:
        raise DocumentUnreadable(f"{path}: a binary file, not text")
    return [
        Line(text=line, where=Where(unit="line", number=number))
        for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1)
    ]


def _pdf_lines(path: Path) -> list[Line]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise DocumentUnreadable(f"{path}: not a readable PDF ({exc})") from None
    if not any(page.strip() for page in pages):
        raise DocumentUnreadable(
            f"{path}: the PDF has no text layer (a scan?): run OCR on it or give the .docx the plan was typed in"
        )
    lines: list[Line] = []
    for page_number, page in enumerate(pages, start=1):
        for number, line in enumerate(page.split("\n"), start=1):
            lines.append(Line(text=line, where=Where(unit="line", number=number, page=page_number)))
    return lines
