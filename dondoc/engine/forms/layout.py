"""Lay out the report form: the title block, one row per item, data validation, protection,
printing on A4 landscape, and the hidden identification."""

from __future__ import annotations

import datetime
import io
import os
import textwrap
import zipfile
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from .model import (
    COLUMNS,
    FILL,
    FIRST_ROW,
    HEADER_ROW,
    ID_SHEET,
    MAGIC,
    MAX_VALUE,
    PROPERTY,
    TARGET_ONLY,
    TASK_ONLY,
    VERSION,
    Column,
    FormItem,
    FormMeta,
    ItemKind,
    checksum,
    day,
    fingerprint,
    labels,
    letter,
    meta_fields,
)

FONT = "Times New Roman"
BODY = 12  # points: scaled to about 10 when the page is fitted to the width of A4 landscape
WIDTHS = {
    Column.NUMBER: 4, Column.CODE: 8, Column.TITLE: 28, Column.ROLE: 8, Column.LAST: 18, Column.STATUS: 12,
    Column.PROGRESS: 7, Column.RESULT: 22, Column.OBSTACLES: 15, Column.PROPOSALS: 15, Column.TARGET: 15,
    Column.VALUE: 8,
}  # fmt: skip
TEXT = "@"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
UNUSED_FILL = PatternFill("solid", fgColor="D9D9D9")
_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say
ANSWER_LINES = 2  # an item's row is at least this tall: room to type, and to write on a printed copy


def build(meta: FormMeta, items: Sequence[FormItem]) -> bytes:
    """The XLSX bytes of the form of ``meta``'s unit and report occurrence, one row per item."""
    words = labels(meta.language)
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = str(words["sheet"])[:31]
    widths = {**WIDTHS, Column.CODE: max(WIDTHS[Column.CODE], min(16, max((len(i.code) for i in items), default=0)))}
    _title_block(sheet, meta, words, sum(widths.values()))
    _header(sheet, words, widths)
    for index, item in enumerate(items):
        _item_row(sheet, FIRST_ROW + index, index + 1, item, words, widths)
    _validations(sheet, items, words)
    _page(sheet, FIRST_ROW + max(len(items), 1) - 1, words)
    sheet.freeze_panes = f"{letter(Column.TITLE)}{FIRST_ROW}"
    sheet.protection.sheet = True
    sheet.protection.formatRows = False  # a person may still make a row taller to read a long answer
    sheet.protection.formatColumns = False
    _identify(book, meta, items, sheet.title)
    book.properties.title = words["document_title"].format(unit=meta.unit_name, period=meta.period_words)
    book.properties.subject = meta.plan_title
    book.properties.creator = "dondoc"
    # no clock read: the same form is the same bytes (the file's dates are the zip's earliest)
    book.properties.created = book.properties.modified = datetime.datetime(*ZIP_DATE)
    out = io.BytesIO()
    ExcelWriter(book, _Archive(out, "w", zipfile.ZIP_DEFLATED)).save()
    return out.getvalue()


class _Archive(zipfile.ZipFile):
    """A zip whose parts all carry the same date (openpyxl would stamp the time of writing)."""

    def writestr(
        self, zinfo_or_arcname: str | zipfile.ZipInfo, data: Any, compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:  # fmt: skip
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=ZIP_DATE)
            zinfo_or_arcname.compress_type = zipfile.ZIP_DEFLATED
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(
        self, filename: str | os.PathLike[str], arcname: str | os.PathLike[str] | None = None,
        compress_type: int | None = None, compresslevel: int | None = None,
    ) -> None:  # fmt: skip
        """openpyxl writes each sheet to a temporary file first."""
        self.writestr(os.fspath(arcname or filename), Path(filename).read_bytes())


def _font(size: int = BODY, *, bold: bool = False, italic: bool = False) -> Font:
    return Font(name=FONT, size=size, bold=bold, italic=italic)


def _title_block(sheet: Worksheet, meta: FormMeta, words: Mapping[str, Any], width: int) -> None:
    plan = words["plan_numbered" if any(c.isdigit() for c in meta.plan_code) else "plan"]
    lines = [
        (words["title"], _font(14, bold=True), "center"),
        (plan.format(title=meta.plan_title, code=meta.plan_code), _font(12, bold=True), "center"),
        (words["unit"].format(unit=meta.unit_name), _font(12, bold=True), "left"),
        (words["period"].format(period=meta.period_words, due=day(meta.due)), _font(12), "left"),
        (words["how"], _font(italic=True), "left"),
    ]
    last = letter(COLUMNS[-1])
    for row, (text, font, align) in enumerate(lines, start=1):
        cell = sheet.cell(row=row, column=1, value=text)
        cell.font, cell.alignment = font, Alignment(wrap_text=True, vertical="center", horizontal=align)
        sheet.merge_cells(f"A{row}:{last}{row}")
        sheet.row_dimensions[row].height = _height(_lines_needed(text, width, font.size), font.size)


def _header(sheet: Worksheet, words: Mapping[str, Any], widths: Mapping[Column, int]) -> None:
    for index, column in enumerate(COLUMNS, start=1):
        head = sheet.cell(row=HEADER_ROW, column=index, value=words["columns"][column])
        head.font, head.fill, head.border = _font(bold=True), HEADER_FILL, BORDER
        head.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        number = sheet.cell(row=HEADER_ROW + 1, column=index, value=f"({index})")
        number.font, number.border, number.number_format = _font(9, italic=True), BORDER, TEXT
        number.alignment = Alignment(horizontal="center")
        sheet.column_dimensions[get_column_letter(index)].width = widths[column]
    lines = max(_lines_needed(words["columns"][c], widths[c] - 1, BODY) for c in COLUMNS)  # bold: a little wider
    sheet.row_dimensions[HEADER_ROW].height = _height(lines, BODY)


def _item_row(
    sheet: Worksheet, row: int, number: int, item: FormItem, words: Mapping[str, Any], widths: Mapping[Column, int]
) -> None:
    target = item.kind is ItemKind.TARGET
    shown = {
        Column.NUMBER: number,
        Column.CODE: item.code,
        Column.TITLE: _title_text(item, words),
        Column.ROLE: words["roles"][item.role],
        Column.LAST: _last_text(item, words),
        Column.TARGET: _target_text(item, words) if target else None,
    }
    unused = TASK_ONLY if target else (*TARGET_ONLY, Column.TARGET)
    lines = max(_lines_needed(str(shown.get(c) or ""), widths[c], BODY) for c in COLUMNS)
    sheet.row_dimensions[row].height = _height(max(lines, ANSWER_LINES), BODY)
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=row, column=index, value=shown.get(column))
        cell.font, cell.border, cell.alignment = _font(), BORDER, WRAP
        if column in (Column.CODE, Column.RESULT, Column.OBSTACLES, Column.PROPOSALS):
            cell.number_format = TEXT  # codes like 1.10 and answers like 15/3 stay text, as typed
        if column is Column.NUMBER:
            cell.alignment = Alignment(horizontal="center", vertical="top", wrap_text=True)
        if column in unused:
            cell.fill = UNUSED_FILL
        elif column in FILL:
            cell.fill, cell.protection = INPUT_FILL, Protection(locked=False)


def _lines_needed(text: str, width: int, size: float) -> int:
    """The lines ``text`` wraps to in ``width`` characters of column at ``size`` points. Row heights are
    set, not left to the program: LibreOffice does not fit rows to wrapped text when it opens a file,
    and never fits merged cells."""
    per_line = max(1, int(width * 15 / size))  # Times New Roman: about 1.25 characters per unit at 12 pt
    return sum(max(1, len(textwrap.wrap(part, per_line))) for part in text.split("\n"))


def _height(lines: int, size: float) -> float:
    return round(lines * size * 1.25 + 4, 1)


def _title_text(item: FormItem, words: Mapping[str, Any]) -> str:
    periods = [words["periods"].format(periods=", ".join(item.periods))] if item.periods else []
    return "\n".join([item.title, *periods])


def _last_text(item: FormItem, words: Mapping[str, Any]) -> str:
    lines = [_on(item.last_result, item.last_reported_on, words)] if item.last_result else []
    if item.kind is ItemKind.TARGET and item.last_value is not None:
        value = f"{_number(item.last_value, words)} {item.measure}".strip()
        lines.append(_on(words["last_value"].format(value=value), item.last_value_on, words))
    return "\n".join(lines) or str(words["never_reported"])


def _target_text(item: FormItem, words: Mapping[str, Any]) -> str:
    lines = [words["measure"].format(measure=item.measure)] if item.measure else []
    if item.milestone is not None and item.milestone_year is not None:
        lines.append(words["milestone"].format(year=item.milestone_year, value=_number(item.milestone, words)))
    return "\n".join(lines)


def _on(text: str, on: datetime.date | None, words: Mapping[str, Any]) -> str:
    return str(words["reported_on"]).format(text=text, on=day(on)) if on else text


def _number(value: float, words: Mapping[str, Any]) -> str:
    """``1234.5`` as ``1.234,5`` in Vietnamese, ``1,234.5`` in English; no trailing zeros."""
    text = f"{Decimal(repr(value)):,f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return text.translate(str.maketrans(",.", ".,")) if words["decimal"] == "," else text


def _validations(sheet: Worksheet, items: Sequence[FormItem], words: Mapping[str, Any]) -> None:
    states = ",".join(words["states"].values())  # in the labels' order: done first
    rules = {
        Column.STATUS: DataValidation(type="list", formula1=f'"{states}"'),
        Column.PROGRESS: DataValidation(type="whole", operator="between", formula1="0", formula2="100"),
        Column.VALUE: DataValidation(
            type="decimal", operator="between", formula1=str(-MAX_VALUE), formula2=str(MAX_VALUE)
        ),
    }
    for column, rule in rules.items():
        text = words["validation"][column]
        rule.allow_blank = rule.showErrorMessage = rule.showInputMessage = True
        rule.errorStyle = "stop"
        rule.promptTitle, rule.prompt = text["title"], text["prompt"]
        rule.errorTitle, rule.error = text["error_title"], text["error"]
        kind = ItemKind.TARGET if column in TARGET_ONLY else ItemKind.TASK
        rows = [FIRST_ROW + i for i, item in enumerate(items) if item.kind is kind]
        for first, last in _runs(rows):
            rule.add(f"{letter(column)}{first}:{letter(column)}{last}")
        if rows:
            sheet.add_data_validation(rule)


def _runs(rows: Sequence[int]) -> list[tuple[int, int]]:
    """Consecutive row numbers as (first, last) runs: the ranges a validation covers."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        runs = [*runs[:-1], (runs[-1][0], row)] if runs and runs[-1][1] == row - 1 else [*runs, (row, row)]
    return runs


def _page(sheet: Worksheet, last_row: int, words: Mapping[str, Any]) -> None:
    """A4 landscape, one page wide, the header repeated on every page; margins as Decree 30/2020
    sets them for documents (top and bottom 20 mm, left 30 mm for binding, right 15 mm)."""
    setup = sheet.page_setup
    setup.orientation, setup.paperSize = "landscape", sheet.PAPERSIZE_A4
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    mm = 1 / 25.4
    sheet.page_margins = PageMargins(left=30 * mm, right=15 * mm, top=20 * mm, bottom=20 * mm, header=8 * mm,
                                     footer=8 * mm)  # fmt: skip
    sheet.print_options.horizontalCentered = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW + 1}"
    sheet.print_area = f"A1:{letter(COLUMNS[-1])}{last_row}"
    sheet.oddFooter.center.text = words["footer"]
    sheet.oddFooter.center.font, sheet.oddFooter.center.size = FONT, 10


def _identify(book: Workbook, meta: FormMeta, items: Sequence[FormItem], sheet_title: str) -> None:
    words = labels(meta.language)
    listed = [(i.code, str(i.kind), fingerprint(_title_text(i, words))) for i in items]
    values = {**meta_fields(meta), "sheet": sheet_title, "checksum": checksum(meta_fields(meta), listed)}
    hidden = book.create_sheet(ID_SHEET)
    hidden.append([MAGIC, VERSION])
    for key, value in values.items():
        hidden.append([key, value])
    hidden.append(["items"])
    for entry in listed:
        hidden.append(list(entry))
    for cells in hidden.iter_rows():
        for cell in cells:
            cell.number_format = TEXT
    hidden.sheet_state = "hidden"
    hidden.protection.sheet = True
    book.security = WorkbookProtection(lockStructure=True)  # the hidden sheet stays hidden and in place
    book.custom_doc_props.append(StringProperty(name=f"{PROPERTY}form", value=VERSION))
    for key, value in values.items():
        if key != "sheet":
            book.custom_doc_props.append(StringProperty(name=f"{PROPERTY}{key}", value=value))
