"""A Vietnamese administrative document laid out with python-docx: Decree 30/2020/NĐ-CP for
state bodies, Hướng dẫn 36-HD/VPTW for Party bodies (``header.party``).

The content comes as plain data (rendered from ``templates/<lang>/report.docx.j2``):

    header:    {party: bool, lines: [superior body, issuing body], number: str, motto: [str], date: str}
    title:     str            subtitle: str
    body:      a list of {heading: str} | {subheading: str} | {paragraph: str} | {bullet: str}
               | {group: str} (a bold line over the bullets that follow)
               | {task: {code, title, units, status, lines: [str]}}
               | {table: {columns: [str], widths: [cm], numeric: [bool], rows: [[str]]}}
    recipients: {title: str, lines: [str]}
    signature: {lines: [str], name: str}

Layout: A4, margins 20/20/30/15 mm, Times New Roman 14 pt body, the two-column header,
centred bold title, justified paragraphs with a first-line indent, "Nơi nhận" in 12/11 pt on
the left and the signature block on the right. What a printed report must never do, it
cannot: page numbers from page 2 at the top centre; headings and a task's lines kept with
what follows; table rows never split across pages; every column at least as wide as its
longest word (a date or a code never breaks); the last paragraph, "Nơi nhận" and the
signature kept together on one page.
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
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
TEXT_WIDTH_CM = 16.5  # A4 less the 30 and 15 mm margins
CELL_MARGINS_CM = 0.5  # both cell margins and the borders, with a little to spare
# Advance widths of Times New Roman in ems (Liberation Serif has the same metrics): enough to
# tell how wide a word is; unknown letters count as a capital.
_EM = {**dict.fromkeys("0123456789", 0.5), "/": 0.278, ".": 0.25, ",": 0.25, "-": 0.333, ":": 0.278}
_EM |= {**dict.fromkeys("iljtfrI()", 0.3), **dict.fromkeys("mwMW", 0.89), "%": 0.833}


def document(content: dict[str, Any]) -> bytes:
    """The DOCX bytes of ``content`` (see the module docstring)."""
    doc = Document()
    _page(doc)
    _styles(doc)
    _page_numbers(doc)
    (_party_header if content["header"].get("party") else _state_header)(doc, content["header"])
    _title(doc, content["title"], content["subtitle"])
    body = content["body"]
    for block in body[:-1]:
        _block(doc, block)
    last = _block(doc, body[-1])
    if last is not None:
        last.paragraph_format.keep_with_next = True  # the closing paragraph stays with the signature
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
    section.header_distance = Cm(1)


def _styles(doc: Any) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)  # Word takes Vietnamese runs from here too
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    normal.paragraph_format.widow_control = True


def _page_numbers(doc: Any) -> None:
    """A PAGE field at the top centre of every page but the first (Decree 30, appendix I)."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = CENTER
    run = paragraph.add_run()
    run.font.size = Pt(13)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, None), ("end", None)):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
        else:
            shown = OxmlElement("w:t")
            shown.text = "2"  # what a reader shows until fields are updated; LibreOffice and Word compute it
            run._r.append(shown)


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
    _unsplit(table)
    return table


def _cell(cell: _Cell) -> _Cell:
    cell._tc.remove(cell.paragraphs[0]._p)  # start empty: every line is added with its own format
    return cell


def _issuer(cell: _Cell, lines: list[str]) -> None:
    """The superior body (plain) over the issuing body (bold), in capitals."""
    *above, body = lines or [""]
    for line in above:
        _lines(_paragraph(cell, "", size=13, align=CENTER), line.upper(), size=13)
    _lines(_paragraph(cell, "", size=13, bold=True, align=CENTER), body.upper(), size=13, bold=True)


def _lines(paragraph: Paragraph, text: str, *, size: int, bold: bool = False) -> None:
    """``text`` into ``paragraph``, a line break at each newline."""
    paragraph.runs[0].text = ""
    for index, part in enumerate(text.split("\n")):
        if index:
            paragraph.runs[-1].add_break()
        run = paragraph.add_run(part)
        run.font.size, run.bold = Pt(size), bold


def _state_header(doc: Any, header: dict[str, Any]) -> None:
    table = _borderless(doc, (7.0, 9.5))
    left, right = (_cell(c) for c in table.rows[0].cells)
    _issuer(left, header["lines"])
    _rule(left, 2.2)
    _paragraph(left, header["number"], size=13, align=CENTER).paragraph_format.space_before = Pt(6)
    motto, *slogan = header["motto"]
    _paragraph(right, motto.upper(), size=12, bold=True, align=CENTER)
    for line in slogan:
        _paragraph(right, line, size=14, bold=True, align=CENTER)
    _rule(right, 2.0)
    date_line = _paragraph(right, header["date"], size=14, italic=True, align=CENTER)
    date_line.paragraph_format.space_before = Pt(6)


def _party_header(doc: Any, header: dict[str, Any]) -> None:
    """Hướng dẫn 36-HD/VPTW: the superior Party body over the issuing body with an asterisk
    under it, the number "Số 12-BC/ĐU"; on the right "ĐẢNG CỘNG SẢN VIỆT NAM" underlined."""
    table = _borderless(doc, (7.5, 9.0))
    left, right = (_cell(c) for c in table.rows[0].cells)
    _issuer(left, header["lines"])
    _paragraph(left, "*", size=13, align=CENTER)
    _paragraph(left, header["number"], size=13, align=CENTER)
    title = _paragraph(right, header["motto"][0].upper(), size=15, bold=True, align=CENTER)
    title.runs[0].underline = True
    date_line = _paragraph(right, header["date"], size=14, italic=True, align=CENTER)
    date_line.paragraph_format.space_before = Pt(12)


def _title(doc: Any, title: str, subtitle: str) -> None:
    heading = _paragraph(doc, title.upper(), size=15, bold=True, align=CENTER)
    heading.paragraph_format.space_before = Pt(18)
    heading.paragraph_format.keep_with_next = True
    _paragraph(doc, subtitle, bold=True, align=CENTER).paragraph_format.keep_with_next = True
    _rule(doc, 6.5)


def _block(doc: Any, block: dict[str, Any]) -> Paragraph | None:
    """Lay out one block; return its last paragraph (None for a table)."""
    if "table" in block:
        _table(doc, block["table"])
        return None
    if "task" in block:
        return _task(doc, block["task"])
    kind, text = next(iter(block.items()))
    headline = kind in ("heading", "subheading", "group")
    paragraph = _paragraph(doc, str(text), bold=headline, align=JUSTIFY, after=6)
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Cm(1.27) if kind != "bullet" else Cm(0)
    if kind == "bullet":
        fmt.left_indent = Cm(1.27)
    fmt.keep_together = True
    if headline or str(text).rstrip().endswith(":"):
        fmt.keep_with_next = True  # a heading, or a sentence that introduces what follows
    if kind == "heading":
        fmt.space_before = Pt(6)
    return paragraph


def _task(doc: Any, task: dict[str, Any]) -> Paragraph:
    """A task of section I: its code and title, its units, where it stands, what was said."""
    head: Paragraph = doc.add_paragraph()
    code = head.add_run(f"{task['code']}. ")
    code.bold = True
    head.add_run(str(task["title"]))
    head.alignment = JUSTIFY
    head.paragraph_format.first_line_indent = Cm(1.27)
    lines = [_paragraph(doc, str(task["units"]), size=13, align=JUSTIFY)]
    lines.append(_paragraph(doc, str(task["status"]), italic=True, align=JUSTIFY))
    for said in task.get("lines") or []:
        line = _paragraph(doc, str(said), size=13, align=JUSTIFY)
        line.paragraph_format.left_indent = Cm(1.27)
        lines.append(line)
    for paragraph in lines[:2]:
        paragraph.paragraph_format.first_line_indent = Cm(1.27)
    for paragraph in [head, *lines]:
        paragraph.paragraph_format.keep_together = True
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.space_after = Pt(2)
    lines[-1].paragraph_format.keep_with_next = False
    lines[-1].paragraph_format.space_after = Pt(8)
    return lines[-1]


def text_cm(text: str, size: float, bold: bool = False) -> float:
    """How wide ``text`` prints in Times New Roman at ``size`` points, in centimetres."""
    ems = sum(_EM.get(c, 0.72 if c.isupper() else 0.47) for c in text)
    return ems * size / 72 * 2.54 * (1.06 if bold else 1.0)


def fitted(widths: list[float], rows: list[list[str]], header: list[str], size: float) -> list[float]:
    """The widths made at least as wide as each column's longest word (a date, a code, a number),
    taking what they need from the columns that have room to spare; the total stays the same."""
    need = []
    for index in range(len(widths)):
        data = [text_cm(w, size) for row in rows for w in row[index].split()]
        title = [text_cm(w, size, bold=True) for w in header[index].split()]
        need.append(max([*data, *title], default=0) + CELL_MARGINS_CM)
    result = [max(w, n) for w, n in zip(widths, need, strict=True)]
    excess = sum(result) - sum(widths)
    spare = [max(w - n, 0.0) for w, n in zip(result, need, strict=True)]
    if excess > 0 and sum(spare) > 0:
        scale = min(excess / sum(spare), 1.0)
        result = [w - s * scale for w, s in zip(result, spare, strict=True)]
    return [round(w, 2) for w in result]


def _table(doc: Any, spec: dict[str, Any]) -> None:
    columns = [str(c) for c in spec["columns"]]
    rows = [[("" if v is None else str(v)) for v in row] for row in spec["rows"]]
    numeric = spec.get("numeric") or [False] * len(columns)
    table: Table = doc.add_table(rows=1 + len(rows), cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, fitted(list(spec["widths"]), rows, columns, TABLE_PT))
    for i, name in enumerate(columns):
        cell = _cell(table.rows[0].cells[i])
        _paragraph(cell, name, size=TABLE_PT, bold=True, align=CENTER)
    _repeat_header(table)
    for r, row in enumerate(rows, start=1):
        for i, value in enumerate(row):
            align = WD_ALIGN_PARAGRAPH.RIGHT if numeric[i] else WD_ALIGN_PARAGRAPH.LEFT
            _paragraph(_cell(table.rows[r].cells[i]), value, size=TABLE_PT, align=align)
    _unsplit(table)
    _paragraph(doc, "", size=6)  # a little space after the table


def _repeat_header(table: Table) -> None:
    """The header row repeats on every page a long table runs onto."""
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(marker)


def _unsplit(table: Table) -> None:
    """No row breaks across two pages."""
    for row in table.rows:
        marker = OxmlElement("w:cantSplit")
        marker.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(marker)


def _closing(doc: Any, recipients: dict[str, Any], signature: dict[str, Any]) -> None:
    """"Nơi nhận" and the signature block: one row that never splits, every line kept with the next."""
    table = _borderless(doc, (8.0, 8.5))
    left, right = (_cell(c) for c in table.rows[0].cells)
    lines = [_paragraph(left, recipients["title"], size=12, bold=True, italic=True)]
    lines += [_paragraph(left, line, size=11) for line in recipients["lines"]]
    lines += [_paragraph(right, line.upper(), size=14, bold=True, align=CENTER) for line in signature["lines"]]
    spacer = _paragraph(right, "", size=14)
    spacer.paragraph_format.space_after = Pt(60)  # room for the signature and the seal
    lines += [spacer, _paragraph(right, signature["name"], size=14, bold=True, align=CENTER)]
    for paragraph in lines:
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.keep_together = True
