"""The report as an XLSX workbook (openpyxl): tasks, units, targets and events sheets.

Every sheet has a bold header row, sensible column widths, frozen panes under the header,
an auto-filter, and dates stored as real dates (so they sort and filter as dates).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .reports import Report

DATE_FORMAT = "DD/MM/YYYY"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WIDTHS = {"title": 60, "text": 60, "unit_name": 32, "last_update": 40, "source": 36}


def workbook(report: Report, labels: dict[str, Any]) -> bytes:
    """The XLSX bytes of ``report``; ``labels`` are the language's report labels."""
    book = Workbook()
    columns, sheets = labels["columns"], labels["sheets"]
    first = book.active
    assert isinstance(first, Worksheet)
    book.remove(first)
    classes, states, kinds = labels["classes"], labels["report_state"], labels["kind"]
    tasks = [
        [
            i.task, i.title, i.section, i.unit, i.unit_name, i.period, i.due, i.original_due,
            classes[i.status_class], i.progress, i.done_on, i.days_overdue,
            _said(i.last_update, kinds), i.last_update.on if i.last_update else None,
        ]
        for i in report.items
    ]  # fmt: skip
    keys = ["task", "title", "section", "unit", "unit_name", "period", "due", "original_due", "status", "progress"]
    keys += ["done_on", "days_overdue", "last_update", "last_update_on"]
    _sheet(book, sheets["tasks"], columns, keys, tasks)
    unit_keys = ["unit", "unit_name", "assigned", "done", "done_late", "overdue", "on_track", "no_deadline"]
    unit_keys += ["coordinating", "report"]
    units = [
        [u.unit, u.name, u.assigned, u.done, u.done_late, u.overdue, u.on_track, u.no_deadline, u.coordinating,
         states[u.report or "none"]]
        for u in report.units
    ]  # fmt: skip
    _sheet(book, sheets["units"], columns, unit_keys, units)
    target_keys = ["target", "title", "measure", "year", "milestone", "value", "reported_on", "attainment", "at_risk"]
    target_keys.append("projected")
    targets = [
        [t.target, t.title, t.measure, t.year, t.milestone, t.value, t.reported_on, t.attainment,
         labels["risk"][t.assessment], t.projected]
        for t in report.targets
    ]  # fmt: skip
    _sheet(book, sheets["targets"], columns, target_keys, targets)
    event_keys = ["on", "kind", "actor", "task", "unit", "period", "progress", "value", "text", "source"]
    events = [[kinds.get(e.kind, e.kind) if k == "kind" else getattr(e, k) for k in event_keys] for e in report.events]
    _sheet(book, sheets["events"], columns, event_keys, events)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _said(update: Any, kinds: dict[str, str]) -> str:
    if update is None:
        return ""
    progress = f" {update.progress}%" if update.progress is not None else ""
    return f"{kinds.get(update.kind, update.kind)}{progress}" + (f": {update.text}" if update.text else "")


def _sheet(book: Workbook, title: str, columns: dict[str, str], keys: Sequence[str], rows: list[list[Any]]) -> None:
    sheet = book.create_sheet(title[:31])
    header = [columns[k] for k in keys]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append(row)
    for index, key in enumerate(keys, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = WIDTHS.get(key, max(12, len(header[index - 1]) + 2))
        if key in ("due", "original_due", "done_on", "last_update_on", "reported_on", "on"):
            for cell in sheet[letter][1:]:
                cell.number_format = DATE_FORMAT
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(keys))}{max(len(rows) + 1, 1)}"
