"""A report form built for a real seed plan's unit (Gia Lộc's UBND, 2026), and the helpers that
fill it in as a person would: shared by the form's unit tests and its rendering tests."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dondoc.engine import forms
from dondoc.engine.forms import Column, FormItem, FormMeta, ItemKind
from dondoc.engine.plan import Plan
from dondoc.engine.validate import parse_plan
from dondoc.engine.vocabulary import Role
from tests.support.paths import PLANS

[SEED] = [p for p in PLANS if p.name == "gia-loc-nq57.yaml"]
PLAN = parse_plan(SEED.read_bytes(), SEED.name).plan
UNIT = "ubnd"
YEAR = 2026
MONTHS = ("tháng 1/2026", "tháng 2/2026", "tháng 3/2026")
META = FormMeta(
    plan_id=PLAN.id, plan_code=PLAN.plan.code, plan_title=PLAN.plan.title, issuer=PLAN.plan.issuer,
    unit_id=UNIT, unit_name=PLAN.unit(UNIT).name, occurrence_id=42, period="2026-Q1",
    period_words="Quý I/2026 (15/12/2025 – 14/03/2026)", due=date(2026, 3, 14), token="abcdefgh23456723",
)  # fmt: skip
FIRST = 9  # the first item's row: under the title block, the header and the column numbers


def items_of(plan: Plan, unit: str) -> list[FormItem]:
    """The unit's active tasks (led or coordinated) and the targets it leads, by simple selection."""
    found = [
        FormItem(
            code=t.id, kind=ItemKind.TASK, title=t.title, role=Role.LEAD if t.lead == unit else Role.COORDINATOR,
            periods=MONTHS if t.repeat else (),
        )
        for t in plan.tasks
        if t.status == "active" and unit in (t.lead, *t.coordinators)
    ]  # fmt: skip
    for t in plan.targets:
        if t.lead == unit:
            year = min((y for y in t.milestones if y >= YEAR), default=max(t.milestones))
            found.append(
                FormItem(
                    code=t.id, kind=ItemKind.TARGET, title=t.title, role=Role.LEAD, measure=t.measure,
                    milestone=t.milestones[year], milestone_year=year,
                )
            )  # fmt: skip
    # what the unit said last time, on the first task and the first target
    task = found[0]
    target = next(i for i in found if i.kind is ItemKind.TARGET)
    said = {
        task.code: {"last_result": "Đang thực hiện 60% - đã ban hành kế hoạch", "last_reported_on": date(2026, 1, 5)},
        target.code: {"last_value": 55.5, "last_value_on": date(2025, 12, 31)},
    }
    return [FormItem(**{**i.__dict__, **said.get(i.code, {})}) for i in found]


ITEMS = items_of(PLAN, UNIT)
FORM = forms.build(META, ITEMS)
TASK = next(i for i in ITEMS if i.kind is ItemKind.TASK and i.role is Role.LEAD)
REPEAT = next(i for i in ITEMS if i.periods)
COORD = next(i for i in ITEMS if i.role is Role.COORDINATOR)
TARGET = next(i for i in ITEMS if i.kind is ItemKind.TARGET)


def row_of(item: FormItem) -> int:
    return FIRST + ITEMS.index(item)


def cell(column: Column, item: FormItem) -> str:
    return f"{get_column_letter(forms.COLUMNS.index(column) + 1)}{row_of(item)}"


def book_of(data: bytes = FORM) -> Any:
    return load_workbook(io.BytesIO(data))


def form_sheet(book: Any) -> Worksheet:
    sheet = book.worksheets[0]
    assert isinstance(sheet, Worksheet)
    return sheet


def filled(values: dict[str, Any], edit: Callable[[Any], None] | None = None, data: bytes = FORM) -> bytes:
    """The form with ``values`` typed into cells ("F9": "Hoàn thành"), after ``edit`` of the workbook."""
    book = book_of(data)
    sheet = form_sheet(book)
    for ref, value in values.items():
        sheet[ref] = value
    if edit:
        edit(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def answered(data: bytes, answers: dict[str, dict[Column, Any]]) -> bytes:
    """A form as a unit sends it back: for each code, its row's cells typed in ({Column.STATUS: ...})."""
    code_column = forms.COLUMNS.index(Column.CODE) + 1

    def fill(book: Any) -> None:
        sheet = form_sheet(book)
        for row in range(1, sheet.max_row + 1):
            values = answers.get(str(sheet.cell(row, code_column).value or ""))
            for column, value in (values or {}).items():
                sheet.cell(row, forms.COLUMNS.index(column) + 1).value = value

    return filled({}, fill, data)
