"""Read a returned report form: whatever a person's spreadsheet program saved (Excel, LibreOffice,
Google Sheets, WPS: numbers as text or as percentages, NFD text, the sheet unprotected, rows moved
or inserted), bounded in size, and never raising: a file it cannot take is a typed problem."""

from __future__ import annotations

import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from openpyxl import load_workbook

from ..replies import fold, state_named
from ..vocabulary import State
from .model import (
    COLUMNS,
    FILL,
    HEADER_ROW,
    ID_SHEET,
    MAGIC,
    MAX_VALUE,
    PROPERTY,
    TARGET_ONLY,
    TASK_ONLY,
    Column,
    FormMeta,
    FormProblem,
    FormProblemKind,
    FormReading,
    FormRow,
    ItemKind,
    checksum,
    day,
    fingerprint,
    labels,
    meta_of,
)

MAX_BYTES = 5_000_000  # a filled form of 500 items is about 100 kB
MAX_UNPACKED = 50_000_000  # what the parts may unpack to (a zip bomb is refused before parsing)
MAX_PARTS = 500
MAX_ROWS = 5_000  # rows scanned on a sheet: a form has one per item
MAX_COLUMNS = 40
HEADER_SCAN = 40  # rows searched for the header when rows were inserted above it
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an .xls, or an .xlsx saved with a password
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_NUMBERING = re.compile(r"\(\d+\)")
_LITERALS = re.compile(r'"[^"]*"|\\.')  # quoted text and escaped characters of a number format: 0"%" shows 60%
_DOT_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_NUMBER_TEXT = re.compile(
    r"\+?(?P<sign>[-−])?\s*(?P<n>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:,\d{3})+\.\d+|\d+(?:[.,]\d+)?)"
    r"\s*(?:%|phan tram|percent)?"
)


@dataclass(frozen=True)
class _Listed:
    code: str
    kind: ItemKind
    fingerprint: str


def read(data: bytes) -> FormReading:
    """What the returned form ``data`` says; never raises (a file it cannot take is a problem)."""
    try:
        refused = _refused(data)
        if refused is not None:
            return _failed(refused)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return _read_book(book)
        finally:
            book.close()
    except Exception:  # a file from outside may break openpyxl anywhere: that is a damaged file, not a crash
        return _failed(FormProblemKind.UNREADABLE)


def _failed(kind: FormProblemKind, meta: FormMeta | None = None) -> FormReading:
    return FormReading(meta=meta, problems=(FormProblem(kind=kind),))


def _refused(data: bytes) -> FormProblemKind | None:
    """Why ``data`` is not even opened: too large, encrypted, not an XLSX, a zip bomb."""
    if len(data) > MAX_BYTES:
        return FormProblemKind.TOO_LARGE
    if data.startswith(OLE):
        return FormProblemKind.ENCRYPTED if ENCRYPTED_PACKAGE in data else FormProblemKind.NOT_XLSX
    if not data.startswith(b"PK"):
        return FormProblemKind.NOT_XLSX
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except zipfile.BadZipFile:
        return FormProblemKind.UNREADABLE
    # zipfile never unpacks more than a part's declared size, so the declared sizes bound the work
    if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNPACKED:
        return FormProblemKind.TOO_LARGE
    names = {p.filename for p in parts}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        return FormProblemKind.NOT_XLSX  # .ods, .docx, any other zip
    return None


def _read_book(book: Any) -> FormReading:
    properties = {
        p.name[len(PROPERTY) :]: _text(p.value) for p in book.custom_doc_props.props if p.name.startswith(PROPERTY)
    }
    found = _identification(book[ID_SHEET]) if ID_SHEET in book.sheetnames else None
    if found is None:
        if not properties:
            return _failed(FormProblemKind.NOT_A_FORM)
        return _failed(FormProblemKind.TAMPERED, meta_of(properties))
    values, listed = found
    meta = meta_of(values)
    entries = [(i.code, str(i.kind), i.fingerprint) for i in listed]
    stored = values.get("checksum")
    if meta is None or stored != checksum(values, entries) or properties.get("checksum", stored) != stored:
        return _failed(FormProblemKind.TAMPERED, meta or meta_of(properties))
    # the sheet it was built with first, then any other (renamed, or another sheet added in front)
    sheets = sorted((s for s in book.worksheets if s.title != ID_SHEET), key=lambda s: s.title != values.get("sheet"))
    rows, problems = _read_rows(sheets, listed, labels(meta.language))
    codes = tuple(i.code for i in listed)
    return FormReading(meta=meta, rows=tuple(rows), problems=tuple(problems), codes=codes)


def _identification(hidden: Any) -> tuple[dict[str, str], list[_Listed]] | None:
    lines = hidden.iter_rows(max_row=MAX_ROWS, max_col=3, values_only=True)
    first = next(lines, ())
    if not first or _text(first[0]) != MAGIC:
        return None
    values: dict[str, str] = {}
    listed: list[_Listed] = []
    in_items = False
    for line in lines:
        cells = [_text(v) for v in (*line, None, None, None)[:3]]
        if in_items and cells[0]:
            if cells[1] not in tuple(ItemKind):
                return None  # edited by hand
            listed.append(_Listed(cells[0], ItemKind(cells[1]), cells[2]))
        elif cells[0] == "items":
            in_items = True
        elif cells[0]:
            values[cells[0]] = cells[1]
    return values, listed


def _read_rows(
    sheets: Sequence[Any], listed: Sequence[_Listed], words: Mapping[str, Any]
) -> tuple[list[FormRow], list[FormProblem]]:
    table = _table(sheets, {fold(words["columns"][c]): c for c in COLUMNS})
    if table is None:
        return [], [FormProblem(kind=FormProblemKind.TOO_LARGE)]
    lines, at, header = table
    by_code = {fold(i.code): i for i in listed}
    rows: list[FormRow] = []
    problems: list[FormProblem] = []
    first_row: dict[str, int] = {}
    for number, cells in lines[at:]:
        values = {c: cells[i] if i < len(cells) else (None, "General") for c, i in header.items()}
        if not any(_text(values[c][0]) for c in FILL) or _numbering(cells):
            continue  # unanswered, blank, the column numbers under the header, or anything around the table
        found = _row(number, values, by_code, words)
        if isinstance(found, FormRow) and found.code in first_row:
            found = [FormProblem(kind=FormProblemKind.CODE_DUPLICATED, row=number, code=found.code,
                                 other_row=first_row[found.code])]  # fmt: skip
        if isinstance(found, FormRow):
            first_row[found.code] = number
            rows.append(found)
        else:
            problems.extend(found)
    return rows, problems


Cell = tuple[Any, str]  # a cell's value and its number format
Line = tuple[int, list[Cell]]  # a row's number and its cells


def _numbering(cells: Sequence[Cell]) -> bool:
    """The row of column numbers, "(1)" to "(12)", under the header."""
    texts = [t for v, _ in cells if (t := _text(v))]
    return bool(texts) and all(_NUMBERING.fullmatch(t) for t in texts)


def _lines(sheet: Any) -> list[Line] | None:
    """(row number, cells) of every row of ``sheet`` (gaps included), or None past ``MAX_ROWS``."""
    found = []
    for number, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS), start=1):
        if number > MAX_ROWS:
            return None
        found.append((number, [(c.value, getattr(c, "number_format", None) or "General") for c in cells]))
    return found


def _table(sheets: Sequence[Any], place: Mapping[str, Column]) -> tuple[list[Line], int, dict[Column, int]] | None:
    """The rows of the sheet holding the form, the index of the first one under the header, and each
    column's index: from the first sheet with the form's header (found even when rows or columns
    were inserted), else the built layout on the first sheet. None past ``MAX_ROWS``."""
    tables = []
    for sheet in sheets:
        lines = _lines(sheet)
        if lines is None:
            return None
        for at, (_, cells) in enumerate(lines[:HEADER_SCAN]):
            found = {place[k]: i for i, (v, _) in enumerate(cells) if (k := fold(_text(v))) in place}
            if Column.CODE in found and Column.STATUS in found:
                return lines, at + 1, {c: found.get(c, i) for i, c in enumerate(COLUMNS)}
        tables.append(lines)
    return (tables[0] if tables else []), HEADER_ROW, {c: i for i, c in enumerate(COLUMNS)}


def _row(number: int, values: Mapping[Column, Cell], by_code: Mapping[str, _Listed],
         words: Mapping[str, Any]) -> FormRow | list[FormProblem]:  # fmt: skip
    """The row, or every problem it has."""
    code = _text(values[Column.CODE][0])
    listed = by_code.get(fold(code))
    if listed is None:
        kind = FormProblemKind.CODE_UNKNOWN if code else FormProblemKind.CODE_MISSING
        return [FormProblem(kind=kind, row=number, code=code, text=code)]
    if fingerprint(_text(values[Column.TITLE][0])) != listed.fingerprint:
        return [FormProblem(kind=FormProblemKind.CODE_CHANGED, row=number, code=listed.code, text=code)]
    problems: list[FormProblem] = []

    def problem(kind: FormProblemKind, column: Column) -> None:
        problems.append(FormProblem(kind=kind, row=number, code=listed.code, column=column,
                                    text=_text(values[column][0])))  # fmt: skip

    unused = TASK_ONLY if listed.kind is ItemKind.TARGET else TARGET_ONLY
    for column in unused:
        if _text(values[column][0]):
            problem(FormProblemKind.NOT_APPLICABLE, column)
    status = "" if Column.STATUS in unused else _text(values[Column.STATUS][0])
    state = state_named(status) if status else None
    if status and state is None:
        problem(FormProblemKind.STATUS_UNKNOWN, Column.STATUS)
    progress = None if Column.PROGRESS in unused else _number_in(values[Column.PROGRESS])
    if isinstance(progress, Decimal):
        progress = progress.to_integral_value(ROUND_HALF_UP)
        progress = progress if 0 <= progress <= 100 else FormProblemKind.PROGRESS_RANGE
    value = None if Column.VALUE in unused else _number_in(values[Column.VALUE])
    for column, found in ((Column.PROGRESS, progress), (Column.VALUE, value)):
        if isinstance(found, FormProblemKind):
            problem(found, column)
    if problems:
        return problems
    return FormRow(
        row=number, code=listed.code, kind=listed.kind, status=status, state=State(state) if state else None,
        progress=int(progress) if isinstance(progress, Decimal) else None,
        result=_text(values[Column.RESULT][0]), obstacles=_text(values[Column.OBSTACLES][0]),
        proposals=_text(values[Column.PROPOSALS][0]), value=value if isinstance(value, Decimal) else None,
    )  # fmt: skip


def _number_in(cell: Cell) -> Decimal | FormProblemKind | None:
    """A number cell's value: a number, or text that reads as one ("60", "60%", "1.234,5"); a
    percentage-formatted number (60% typed, stored as 0.6) counts in percent, as it shows."""
    value, number_format = cell
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return FormProblemKind.NOT_A_NUMBER  # a date, a time, TRUE/FALSE
    number = _decimal_of(value) if isinstance(value, str) else Decimal(repr(value))
    if number is None or not number.is_finite() or abs(number) > MAX_VALUE:
        return FormProblemKind.NOT_A_NUMBER
    if not isinstance(value, str) and "%" in _LITERALS.sub("", number_format):
        number *= 100
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()


def _decimal_of(text: str) -> Decimal | None:
    """Typed digits as a number: ``1.234,5`` and ``1,234.5`` are 1234.5, ``60,5`` and ``60.5`` 60.5,
    ``1.500`` 1500 (as in replies), with an optional sign and ``%``."""
    m = _NUMBER_TEXT.fullmatch(fold(text))
    if m is None:
        return None
    digits = m["n"]
    if _DOT_THOUSANDS.fullmatch(digits):
        digits = digits.replace(".", "").replace(",", ".")
    digits = digits.replace(",", "") if "." in digits else digits.replace(",", ".")
    return -Decimal(digits) if m["sign"] else Decimal(digits)


def _text(value: Any) -> str:
    """A cell as text: NFC, trimmed, dates day-first, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y" if value.time() == datetime.time() else "%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return day(value)
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text).strip()


def explain(problem: FormProblem, lang: str) -> str:
    """``problem`` as the line a person reads in the error reply, in ``lang``."""
    words = labels(lang)
    column = words["columns"][problem.column] if problem.column else ""
    message = str(words["problems"][problem.kind]).format(text=problem.text, column=column,
                                                          other_row=problem.other_row)  # fmt: skip
    if problem.row is None:
        return message[:1].upper() + message[1:]
    key = "problem_row" if problem.code else "problem_row_no_code"
    return str(words[key]).format(row=problem.row, code=problem.code, message=message)
