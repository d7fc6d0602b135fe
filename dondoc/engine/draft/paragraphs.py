"""From the lines of a text file or a PDF's text layer to paragraphs.

Text exported from Word keeps a paragraph on one line, but a page break may cut it; a PDF's
text layer (and text copied from one) wraps every line at the page width. Both are joined
back: a line continues the previous one when that one did not end a sentence and this one
does not start with a label, and, for wrapped text, when the previous line was full width.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from . import labels
from .blocks import Block, Where
from .normalize import clean

_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*$")
_RULE = re.compile(r"^\s*[-_=*.]{3,}\s*$")
_ENDS_SENTENCE = (".", ";", ":", "!", "?", "…")


@dataclass(frozen=True, kw_only=True)
class Line:
    text: str
    where: Where
    bold: bool = False


def join(lines: list[Line]) -> list[Block]:
    """Paragraph blocks, each placed at its first line; a bold span (markdown) open on a line goes on."""
    kept = [line for line in lines if line.text.strip() and not _noise(line.text)]
    wrapped = _is_wrapped(kept)
    width = _full_width(kept)
    paragraphs: list[list[Line]] = []
    for line in kept:
        bold_open = bool(paragraphs) and sum(p.text.count("**") for p in paragraphs[-1]) % 2 == 1
        if paragraphs and (bold_open or _continues(paragraphs[-1][-1], line, wrapped, width)):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return [_block(group) for group in paragraphs]


def _noise(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text) or _RULE.match(text))


def _is_wrapped(lines: list[Line]) -> bool:
    """Hard-wrapped text: most lines stop mid-sentence at about the same width."""
    if len(lines) < 20:
        return False
    open_ended = sum(1 for line in lines if not line.text.rstrip().endswith(_ENDS_SENTENCE))
    return open_ended / len(lines) > 0.5 and statistics.median(len(line.text) for line in lines) < 100


def _full_width(lines: list[Line]) -> int:
    lengths = sorted(len(line.text.strip()) for line in lines)
    return lengths[int(len(lengths) * 0.9)] if lengths else 0


def _continues(previous: Line, line: Line, wrapped: bool, width: int) -> bool:
    before, text = previous.text.rstrip(), line.text.strip()
    if labels.split(text)[0] is not None:
        return False
    if before.endswith("**"):  # a bold span (markdown) has closed: a heading ends there
        return False
    if text[:1].islower() or text[:1] in ",;)":
        return not before.endswith((".", ":", "!", "?"))
    if wrapped and len(before.strip()) >= 0.85 * width and not before.endswith(":"):
        return True  # a full line: the paragraph goes on, whatever ended the line
    if before.endswith(_ENDS_SENTENCE):
        return False
    return wrapped and len(before.strip()) >= 0.7 * width


def _block(group: list[Line]) -> Block:
    text = clean(" ".join(line.text.strip() for line in group))
    text, bold = _unmark(text)
    label, printed, rest = labels.split(text)
    if label is None:
        return Block(text=text, where=group[0].where, bold=bold or group[0].bold)
    return Block(text=rest, label=printed, where=group[0].where, bold=bold or group[0].bold)


_MD_HEADING = re.compile(r"^#{1,6}\s*")
_LATEX = {r"\geq": "≥", r"\ge": "≥", r"\leq": "≤", r"\le": "≤", r"\%": "%", r"\times": "×"}


def _unmark(text: str) -> tuple[str, bool]:
    """Markdown and LaTeX that OCR tools add: headings, bold, italics, $\\geq 50\\%$."""
    bold = text.startswith("#") or text.startswith("**")
    text = _MD_HEADING.sub("", text)
    text = re.sub(r"\$([^$]*)\$", lambda m: _latex(m.group(1)), text)
    text = text.replace("**", "").replace("__", "")
    text = re.sub(r"(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])", r"\1", text)
    return clean(text), bold


def _latex(expression: str) -> str:
    for command, symbol in _LATEX.items():
        expression = expression.replace(command, symbol)
    return " ".join(expression.split())
