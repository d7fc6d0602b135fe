"""A Vietnamese administrative document (Decree 30/2020/NĐ-CP) laid out with python-docx.

The content comes as plain data (rendered from ``templates/<lang>/report.docx.j2``):

    header:    {left: [superior body, issuing body], number: str, right: [motto, slogan], date: str}
    title:     str            subtitle: str
    body:      a list of {heading: str} | {subheading: str} | {paragraph: str} | {bullet: str}
               | {table: {columns: [str], widths: [cm], numeric: [bool], rows: [[str]]}}
    recipients: {title: str, lines: [str]}
    signature: {lines: [str], name: str}

Layout (Decree 30, appendix I): A4, margins 20/20/30/15 mm, Times New Roman 14 pt body,
the two-column header, centred bold title, justified paragraphs with a first-line indent,
"Nơi nhận" in 12/11 pt on the left and the signature block on the right.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
CENTER = WD_ALIGN_PARAGRAPH.CENTER


def document(content: dict[str, Any]) -> bytes:
    """The DOCX bytes of ``content`` (see the module docstring)."""
    doc = Document()
    _page(doc)
    _styles(doc)
    _header(doc, content["header"])
    _title(doc, content["title"], content["subtitle"])
    for block in content["body"]:
        _block(doc, block)
    _closing(doc, content["recipients"], content["signature"])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _page(doc: Any) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)


def _styles(doc: Any) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)  # Word takes Vietnamese runs from here too
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15


def _paragraph(
    where: Any,
    text: str,
    *,
    size: int = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    align: Any = None,
    after: int = 0,
) -> Paragraph:
    paragraph: Paragraph = where.add_paragraph()
    run = paragraph.add_run(text)
    run.font.size, run.bold, run.italic = Pt(size), bold, italic
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    return paragraph


def _rule(where: Any, indent_cm: float) -> None:
    """A short centred line (under the issuing body, the slogan and the title): an empty
    paragraph whose bottom border is shortened by its indents."""
    paragraph = _paragraph(where, "", size=2, after=4)
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Cm(indent_cm)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    paragraph._p.get_or_add_pPr().append(border)


def _widths(table: Table, widths: list[float] | tuple[float, ...]) -> None:
    """Column widths that Word and LibreOffice both honour (the grid and every cell)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def _borderless(doc: Any, widths: tuple[float, float]) -> Table:
    table: Table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, widths)
    return table


def _cell(cell: _Cell) -> _Cell:
    cell._tc.remove(cell.paragraphs[0]._p)  # start empty: every line is added with its own format
    return cell


def _header(doc: Any, header: dict[str, Any]) -> None:
    table = _borderless(doc, (7.0, 9.5))
    left, right = (_cell(c) for c in table.rows[0].cells)
    superior, body = header["left"]
    if superior:
        _paragraph(left, superior.upper(), size=13, align=CENTER)
    _paragraph(left, body.upper(), size=13, bold=True, align=CENTER)
    _rule(left, 2.2)
    _paragraph(left, header["number"], size=13, align=CENTER).paragraph_format.space_before = Pt(6)
    motto, slogan = header["right"]
    _paragraph(right, motto.upper(), size=12, bold=True, align=CENTER)
    _paragraph(right, slogan, size=14, bold=True, align=CENTER)
    _rule(right, 2.0)
    date_line = _paragraph(right, header["date"], size=14, italic=True, align=CENTER)
    date_line.paragraph_format.space_before = Pt(6)


def _title(doc: Any, title: str, subtitle: str) -> None:
    _paragraph(doc, title.upper(), bold=True, align=CENTER).paragraph_format.space_before = Pt(18)
    _paragraph(doc, subtitle, bold=True, align=CENTER)
    _rule(doc, 6.5)


def _block(doc: Any, block: dict[str, Any]) -> None:
    if "table" in block:
        _table(doc, block["table"])
        return
    kind, text = next(iter(block.items()))
    paragraph = _paragraph(
        doc, str(text), bold=kind in ("heading", "subheading"), align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6
    )
    paragraph.paragraph_format.first_line_indent = Cm(1.27)
    if kind == "heading":
        paragraph.paragraph_format.space_before = Pt(6)
        paragraph.paragraph_format.keep_with_next = True


def _table(doc: Any, spec: dict[str, Any]) -> None:
    columns, rows = spec["columns"], spec["rows"]
    numeric = spec.get("numeric") or [False] * len(columns)
    table: Table = doc.add_table(rows=1 + len(rows), cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, spec["widths"])
    for i, name in enumerate(columns):
        cell = _cell(table.rows[0].cells[i])
        _paragraph(cell, str(name), size=TABLE_PT, bold=True, align=CENTER)
    _repeat_header(table)
    for r, row in enumerate(rows, start=1):
        for i, value in enumerate(row):
            align = WD_ALIGN_PARAGRAPH.RIGHT if numeric[i] else WD_ALIGN_PARAGRAPH.LEFT
            _paragraph(_cell(table.rows[r].cells[i]), "" if value is None else str(value), size=TABLE_PT, align=align)
    _paragraph(doc, "", size=6)  # a little space after the table


def _repeat_header(table: Table) -> None:
    """The header row repeats on every page a long table runs onto."""
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(marker)


def _closing(doc: Any, recipients: dict[str, Any], signature: dict[str, Any]) -> None:
    table = _borderless(doc, (8.0, 8.5))
    left, right = (_cell(c) for c in table.rows[0].cells)
    _paragraph(left, recipients["title"], size=12, bold=True, italic=True)
    for line in recipients["lines"]:
        _paragraph(left, line, size=11)
    for line in signature["lines"]:
        _paragraph(right, line.upper(), size=14, bold=True, align=CENTER)
    spacer = _paragraph(right, "", size=14)
    spacer.paragraph_format.space_after = Pt(60)  # room for the signature and the seal
    _paragraph(right, signature["name"], size=14, bold=True, align=CENTER)
