"""Read a .docx: paragraphs with the numbering Word renders ("II.", "1.2.", "a)", "-"),
computed from numbering.xml as Word does (python-docx does not expose it), and table rows."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .blocks import Block, Where
from .labels import to_roman
from .normalize import clean
from .paragraphs import _unmark

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class _Level:
    fmt: str
    text: str
    start: int


@dataclass
class _Numbering:
    """Word's list definitions and the running counters of each list."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId -> ilvl -> level
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    def render(self, num_id: str, ilvl: int) -> str:
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counts = self.counters.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        level = levels[ilvl]
        if level.fmt == "bullet":
            return "+" if level.text.strip() == "+" else "-"
        text = level.text
        for index in range(ilvl, -1, -1):
            if index in levels:
                value = counts.get(index, levels[index].start)
                text = text.replace(f"%{index + 1}", _format(levels[index].fmt, value))
        return text.strip()


def _format(fmt: str, value: int) -> str:
    if fmt in ("upperRoman", "lowerRoman"):
        roman = to_roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("lowerLetter", "upperLetter"):
        letter = "abcdefghijklmnopqrstuvwxyz"[(value - 1) % 26]
        return letter if fmt == "lowerLetter" else letter.upper()
    return str(value)


def read_docx(path: Path) -> list[Block]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        from .readers import DocumentUnreadable

        raise DocumentUnreadable("doc_bad_docx", path=path, detail=exc) from None
    numbering = _numbering(document)
    styles = _style_numbering(document)
    blocks: list[Block] = []
    tables = 0
    for number, element in enumerate(document.element.body.iterchildren(), start=1):
        where = Where(unit="paragraph", number=number)
        if element.tag == f"{W}p":
            block = _paragraph(element, where, numbering, styles)
            if block is not None:
                blocks.append(block)
        elif element.tag == f"{W}tbl":
            blocks.extend(_rows(element, where, tables))
            tables += 1
    return blocks


def _numbering(document: Any) -> _Numbering:
    result = _Numbering()
    try:
        root = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return result
    abstract: dict[str, dict[int, _Level]] = {}
    for node in root.findall(f"{W}abstractNum"):
        levels = {}
        for lvl in node.findall(f"{W}lvl"):
            levels[int(lvl.get(f"{W}ilvl", "0"))] = _Level(
                _val(lvl, "numFmt") or "decimal", _val(lvl, "lvlText") or "", int(_val(lvl, "start") or "1")
            )
        abstract[node.get(f"{W}abstractNumId", "")] = levels
    for num in root.findall(f"{W}num"):
        abstract_id = _val(num, "abstractNumId") or ""
        levels = dict(abstract.get(abstract_id, {}))
        for override in num.findall(f"{W}lvlOverride"):
            ilvl, start = int(override.get(f"{W}ilvl", "0")), _val(override, "startOverride")
            if start is not None and ilvl in levels:
                old = levels[ilvl]
                levels[ilvl] = _Level(old.fmt, old.text, int(start))
        result.levels[num.get(f"{W}numId", "")] = levels
    return result


def _val(node: Any, tag: str) -> str | None:
    child = node.find(f"{W}{tag}")
    return None if child is None else child.get(f"{W}val")


def _style_numbering(document: Any) -> dict[str, tuple[str, int]]:
    """numId and level of the paragraph styles that number their paragraphs (List Number ...)."""
    found: dict[str, tuple[str, int]] = {}
    for style in document.styles.element.findall(f"{W}style"):
        ppr = style.find(f"{W}pPr")
        num_pr = None if ppr is None else ppr.find(f"{W}numPr")
        if num_pr is not None and _val(num_pr, "numId"):
            found[style.get(f"{W}styleId", "")] = (_val(num_pr, "numId") or "", int(_val(num_pr, "ilvl") or "0"))
    return found


def _paragraph(element: Any, where: Where, numbering: _Numbering, styles: dict[str, tuple[str, int]]) -> Block | None:
    text = clean("".join(node.text or "" for node in element.iter(f"{W}t", f"{W}tab")))
    ppr = element.find(f"{W}pPr")
    style = "" if ppr is None else (_val(ppr, "pStyle") or "")
    num_pr = None if ppr is None else ppr.find(f"{W}numPr")
    label = ""
    if num_pr is not None and _val(num_pr, "numId") not in (None, "0"):
        label = numbering.render(_val(num_pr, "numId") or "", int(_val(num_pr, "ilvl") or "0"))
    elif num_pr is None and style in styles:
        label = numbering.render(*styles[style])
    if not text:
        return None
    from . import labels

    if not label:  # numbering typed by hand
        found, printed, rest = labels.split(text)
        if found is not None:
            label, text = printed, rest
    text, _ = _unmark(text)
    return Block(text=text, label=label, where=where, style=style, bold=_bold(element))


def _bold(element: Any) -> bool:
    runs = [r for r in element.findall(f"{W}r") if "".join(t.text or "" for t in r.findall(f"{W}t")).strip()]
    if not runs:
        return False
    return all(r.find(f"{W}rPr/{W}b") is not None for r in runs)


def _rows(table: Any, where: Where, index: int) -> list[Block]:
    """One block per row, one cell per grid column: a cell merged across columns (gridSpan) keeps
    its text in its first column, a cell merged down rows (vMerge) repeats the text above it (one
    "Cơ quan chủ trì" for several tasks)."""
    rows = []
    above: dict[int, str] = {}
    for row_number, row in enumerate(table.findall(f"{W}tr"), start=1):
        cells: list[str] = []
        for cell in row.findall(f"{W}tc"):
            paragraphs = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in cell.iter(f"{W}p")]
            text = "\n".join(clean(p) for p in paragraphs if p.strip())
            merge = cell.find(f"{W}tcPr/{W}vMerge")
            column = len(cells)
            if merge is not None and merge.get(f"{W}val", "continue") == "continue":
                text = above.get(column, text)
            above[column] = text
            span = cell.find(f"{W}tcPr/{W}gridSpan")
            width = int(span.get(f"{W}val", "1")) if span is not None else 1
            cells += [text] + [""] * (width - 1)
        if any(cells):
            row_where = Where(unit="paragraph", number=where.number, row=row_number)
            text = " | ".join(c.replace("\n", " ") for c in cells if c)
            rows.append(Block(text=text, where=row_where, cells=tuple(cells), table=index))
    return rows
