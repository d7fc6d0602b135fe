"""The report as an XLSX workbook (openpyxl): a summary sheet first, then tasks, units,
targets, remarks and events.

Every label is the language's (``templates/<lang>/report.yaml``): status classes, periods in
words ("tuần 11/2026"), where a remark came from ("thư điện tử"), never a code of dondoc's own
(``ongoing``, ``secretariat``, ``cli``), a Message-ID or a week code. Every sheet has a bold
header row repeated on each printed page, wrapped text, frozen panes under the header, an
auto-filter, dates stored as real dates (so they sort and filter as dates), and prints on A4
landscape, fitted to the page width.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .occurrences import ONGOING, REPORT
from .reports import Report
from .reports.model import Author, Item

DATE_FORMAT = "DD/MM/YYYY"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="top")
LINE_POINTS = 15  # the height of a line of 11 pt text
DATES = {"due", "original_due", "done_on", "last_update_on", "reported_on", "on", "report_due"}
WIDTHS = {"title": 50, "task_title": 40, "text": 60, "unit_name": 28, "unit": 28, "last_update": 40, "authors": 30}


@dataclass(frozen=True)
class _Sheet:
    title: str
    keys: Sequence[str]
    rows: list[list[Any]]


def workbook(report: Report, context: dict[str, Any]) -> bytes:
    """The XLSX bytes of ``report``; ``context`` is the renderers' (labels, period words)."""
    labels: dict[str, Any] = context["L"]
    book = Workbook()
    first = book.active
    assert isinstance(first, Worksheet)
    book.remove(first)
    _summary(book, report, context)
    for sheet in _sheets(report, labels, context["pwords"]):
        _table(book, sheet, labels["columns"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _summary(book: Workbook, report: Report, context: dict[str, Any]) -> None:
    labels = context["L"]
    words, f = labels["summary"], report.figures
    sheet = book.create_sheet(labels["sheets"]["summary"])
    rows: list[list[Any]] = [
        [words["title"]],
        [report.plan.title + (f" ({report.plan.code})" if report.plan.code[:1].isdigit() else "")],
        [],
        [words["period"], f"{context['period_name']} ({report.period_start:%d/%m/%Y} – {report.period_end:%d/%m/%Y})"],
        [words["as_of"], report.as_of],
        [words["tasks"], report.plan.tasks],
        [words["tasks_window"], f.tasks],
        [words["items"], f.items],
        *[[f"  {labels['classes'][c]}", f[c]] for c in context["classes"]],
        [words["due"], f.due],
        [words["overdue"], f.overdue],
        [words["share"], f.share],
        [words["missing"], len(report.missing_reports)],
        [words["obstacles"], sum(len(g.remarks) for g in report.obstacles)],
        [words["proposals"], sum(len(g.remarks) for g in report.proposals)],
        [words["generated"], report.generated_at.replace(tzinfo=None)],
    ]
    for row in rows:
        sheet.append(row)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"].alignment = WRAP
    sheet.merge_cells("A2:B2")
    sheet.row_dimensions[2].height = 15 * max(1, len(report.plan.title) // 90 + 1)
    sheet.column_dimensions["A"].width = 45
    sheet.column_dimensions["B"].width = 60
    for row in sheet.iter_rows(min_row=4):
        row[0].font = Font(bold=True)
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
    sheet["B5"].number_format = DATE_FORMAT
    sheet[f"B{len(rows)}"].number_format = "DD/MM/YYYY HH:MM"
    _print(sheet, landscape=False)


class _Rows:
    """The rows of each sheet, every value in the language's words."""

    def __init__(self, report: Report, labels: dict[str, Any], pwords: Callable[[Sequence[str]], str]) -> None:
        self.report, self.labels, self.pwords = report, labels, pwords

    def period(self, label: str | None) -> str:
        """A period in words; a one-off's (its deadline, shown beside it) and none are blank."""
        if label == ONGOING:
            return str(self.labels["classes"]["no_deadline"])
        return "" if not label or re.fullmatch(r"\d{4}-\d{2}-\d{2}", label) else self.pwords([label])

    def items(self) -> list[list[Any]]:
        classes = self.labels["classes"]
        return [
            [i.task, i.title, i.unit_name, self.period(i.period), i.due, i.original_due, classes[i.status_class],
             i.progress, i.done_on, i.days_overdue, _said(i, self.labels), i.last_update.on if i.last_update else None]
            for i in self.report.items
        ]  # fmt: skip

    def units(self) -> list[list[Any]]:
        states = self.labels["report_state"]
        return [
            [u.name, f.items, f.done, f["done_late"], f.overdue, f["on_track"], f["no_deadline"], u.coordinating,
             u.statements, f.on_time_rate, states[u.report or "none"], u.report_due]
            for u in self.report.units
            for f in [u.figures]
        ]  # fmt: skip

    def targets(self) -> list[list[Any]]:
        return [
            [t.target, t.title, t.measure, t.lead_name, t.year, t.milestone, t.value, t.reported_on, t.attainment,
             t.projected, self.labels["risk"][t.assessment]]
            for t in self.report.targets
        ]  # fmt: skip

    def remarks(self) -> list[list[Any]]:
        words = self.labels["remarks"]
        return [
            [words[kind], ", ".join(g.tasks) or words["general"], g.title, m.on, _names(m.authors), m.text]
            for kind, groups in (("obstacle", self.report.obstacles), ("proposal", self.report.proposals))
            for g in groups
            for m in g.remarks
        ]

    def events(self) -> list[list[Any]]:
        kinds, sources = self.labels["kind"], self.labels["source"]
        report_word = self.labels["upcoming"]["report"]
        return [
            [e.on, kinds.get(e.kind, e.kind), e.unit_name, report_word if e.task == REPORT else e.task,
             self.period(e.period), e.progress, e.value, e.text, sources["email" if e.by_email else "manual"]]
            for e in self.report.events
        ]  # fmt: skip


COLUMNS = {
    "tasks": ["task", "title", "unit_name", "period", "due", "original_due", "status", "progress", "done_on",
              "days_overdue", "last_update", "last_update_on"],
    "units": ["unit", "assigned", "done", "done_late", "overdue", "on_track", "no_deadline", "coordinating",
              "statements", "on_time_rate", "report", "report_due"],
    "targets": ["target", "title", "measure", "unit_name", "year", "milestone", "value", "reported_on", "attainment",
                "projected", "assessment"],
    "remarks": ["remark", "task", "task_title", "on", "authors", "text"],
    "events": ["on", "kind", "unit", "task", "period", "progress", "value", "text", "source"],
}  # fmt: skip


def _sheets(report: Report, labels: dict[str, Any], pwords: Callable[[Sequence[str]], str]) -> list[_Sheet]:
    rows = _Rows(report, labels, pwords)
    made = {"tasks": rows.items, "units": rows.units, "targets": rows.targets, "remarks": rows.remarks}
    made["events"] = rows.events
    return [_Sheet(labels["sheets"][name], COLUMNS[name], make()) for name, make in made.items()]


def _names(authors: Sequence[Author]) -> str:
    return ", ".join(dict.fromkeys(a.name for a in authors))


def _said(item: Item, labels: dict[str, Any]) -> str:
    update = item.last_update
    if update is None:
        return ""
    progress = f" {update.progress}%" if update.progress is not None else ""
    return f"{labels['kind'].get(update.kind, update.kind)}{progress}" + (f": {update.text}" if update.text else "")


def _table(book: Workbook, spec: _Sheet, columns: dict[str, str]) -> None:
    sheet = book.create_sheet(spec.title[:31])
    header = [columns[k] for k in spec.keys]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = WRAP
    for row in spec.rows:
        sheet.append(row)
    widths = [WIDTHS.get(key, max(11, min(len(name) + 2, 18))) for key, name in zip(spec.keys, header, strict=True)]
    for index, key in enumerate(spec.keys, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = widths[index - 1]
        for cell in sheet[letter][1:]:
            cell.alignment = WRAP
            if key in DATES:
                cell.number_format = DATE_FORMAT
    for number, row in enumerate([header, *spec.rows], start=1):
        sheet.row_dimensions[number].height = LINE_POINTS * _lines_needed(row, widths)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(spec.keys))}{max(len(spec.rows) + 1, 1)}"
    sheet.print_title_rows = "1:1"
    _print(sheet, landscape=True)


def _lines_needed(row: Sequence[Any], widths: Sequence[float]) -> int:
    """How many lines the row's wrapped text takes (spreadsheets do not grow rows for it on opening)."""
    needed = 1
    for value, width in zip(row, widths, strict=True):
        if isinstance(value, str) and value:
            per_line = max(int(width * 1.1) - 1, 1)  # a column width is about as many characters
            needed = max(needed, sum(-(-len(part) // per_line) or 1 for part in value.split("\n")))
    return min(needed, 30)


def _print(sheet: Worksheet, *, landscape: bool) -> None:
    """A4, fitted to the page width (as many pages down as it takes)."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
