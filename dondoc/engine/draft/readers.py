"""Read a plan document (.txt/.md, .pdf with a text layer, .docx) into blocks."""

from __future__ import annotations

from pathlib import Path

from ..errors import UserError
from ..messages import DEFAULT_LANGUAGE, message
from .blocks import Block, Where
from .paragraphs import Line, join

MAX_BYTES = 50 * 1024 * 1024


class DocumentUnreadable(UserError):
    """The document cannot be read as a plan (format, encoding, no text): a message of the
    catalog (templates/<lang>/messages.yaml), said in Vietnamese unless asked otherwise."""

    def __init__(self, key: str, **args: object) -> None:
        self.key, self.values = key, args
        super().__init__(message(DEFAULT_LANGUAGE, key, **args))

    def said(self, lang: str) -> str:
        return message(lang, self.key, **self.values)


def read(path: Path) -> list[Block]:
    """The document's blocks; a one-line ``DocumentUnreadable`` for anything else."""
    if not path.is_file():
        raise DocumentUnreadable("doc_missing", path=path)
    if path.stat().st_size > MAX_BYTES:
        raise DocumentUnreadable("doc_too_large", path=path, limit=MAX_BYTES // (1024 * 1024))
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from .docx_reader import read_docx

        blocks = read_docx(path)
    elif suffix == ".pdf":
        blocks = join(_pdf_lines(path))
    elif suffix in (".txt", ".md", ".text", ""):
        blocks = join(_text_lines(path))
    else:
        raise DocumentUnreadable("doc_type", path=path, suffix=suffix)
    if not any(block.text.strip() for block in blocks):
        raise DocumentUnreadable("doc_empty", path=path)
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
        raise DocumentUnreadable("doc_encoding", path=path)
    if "\x00" in text:
        raise DocumentUnreadable("doc_binary", path=path)
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
        raise DocumentUnreadable("doc_bad_pdf", path=path, detail=exc) from None
    if not any(page.strip() for page in pages):
        raise DocumentUnreadable("doc_scanned", path=path)
    lines: list[Line] = []
    for page_number, page in enumerate(pages, start=1):
        for number, line in enumerate(page.split("\n"), start=1):
            lines.append(Line(text=line, where=Where(unit="line", number=number, page=page_number)))
    return lines
