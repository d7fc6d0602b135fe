"""The report form: built for a real seed plan's unit, checked with openpyxl, filled in and read back,
each way a returned form can be wrong giving its typed problem on the right row."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.packaging.custom import CustomPropertyList
from openpyxl.utils import get_column_letter

from dondoc.engine import forms
from dondoc.engine.forms import Column, FormItem, FormMeta, FormProblemKind, ItemKind
from dondoc.engine.replies import state_named
from dondoc.engine.vocabulary import Role, State
from tests.support.forms import (
    COORD,
    FIRST,
    FORM,
    ITEMS,
    META,
    MONTHS,
    PLAN,
    REPEAT,
    TARGET,
    TASK,
    UNIT,
    book_of,
    cell,
    filled,
    form_sheet,
    row_of,
)


def problems(data: bytes) -> list[tuple[FormProblemKind, int | None, Column | None]]:
    return [(p.kind, p.row, p.column) for p in forms.read(data).problems]


# ---------------------------------------------------------------- the form as built


def test_the_items_are_a_real_units_tasks_and_targets() -> None:
    kinds = {(i.kind, i.role) for i in ITEMS}
    assert kinds == {(ItemKind.TASK, Role.LEAD), (ItemKind.TASK, Role.COORDINATOR), (ItemKind.TARGET, Role.LEAD)}
    assert len(ITEMS) > 40 and REPEAT.periods == MONTHS


def test_title_block_names_plan_unit_period_due_and_how_to_return_it() -> None:
    sheet = form_sheet(book_of())
    assert sheet.title == "Biểu mẫu báo cáo"
    block = [sheet.cell(row=r, column=1).value for r in range(1, 6)]
    assert block[0] == "BIỂU MẪU BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH"
    assert block[1] == PLAN.plan.title  # Gia Lộc's plan has no number: none is printed
    assert block[2] == "Đơn vị báo cáo: Ủy ban nhân dân xã"
    assert block[3] == "Kỳ báo cáo: Quý I/2026 (15/12/2025 – 14/03/2026). Hạn gửi: 14/03/2026."
    assert "điền các cột màu vàng, lưu và gửi lại tệp này bằng cách trả lời thư" in block[4]
    assert "A1:L1" in {str(r) for r in sheet.merged_cells.ranges}


def test_a_numbered_plan_prints_its_number_and_a_blank_number_does_not() -> None:
    numbered = form_sheet(book_of(forms.build(FormMeta(**{**META.__dict__, "plan_code": "43/KH-MTTQ-BTT"}), ITEMS)))
    assert numbered["A2"].value == f"{PLAN.plan.title} (Kế hoạch số 43/KH-MTTQ-BTT)"
    blank = form_sheet(book_of(forms.build(FormMeta(**{**META.__dict__, "plan_code": "/KH-UBND"}), ITEMS)))
    assert "/KH-UBND" not in blank["A2"].value


def test_header_and_rows_in_vietnamese() -> None:
    sheet = form_sheet(book_of())
    assert [c.value for c in sheet[7]] == [
        "STT", "Mã", "Nội dung", "Vai trò", "Kết quả kỳ trước", "Tình trạng", "Tiến độ (%)", "Kết quả thực hiện",
        "Khó khăn, vướng mắc", "Kiến nghị, đề xuất", "Đơn vị tính, mốc", "Giá trị chỉ tiêu",
    ]  # fmt: skip
    assert [c.value for c in sheet[8]] == [f"({n})" for n in range(1, 13)]
    first = [c.value for c in sheet[row_of(TASK)]][:5]
    assert first == [1, TASK.code, TASK.title, "Chủ trì", "Đang thực hiện 60% - đã ban hành kế hoạch (ngày 05/01/2026)"]
    assert sheet[cell(Column.ROLE, COORD)].value == "Phối hợp"
    assert sheet[cell(Column.LAST, COORD)].value == "Chưa báo cáo"
    assert sheet[cell(Column.TITLE, REPEAT)].value.endswith("\nCác kỳ: tháng 1/2026, tháng 2/2026, tháng 3/2026")
    target = [c.value for c in sheet[row_of(TARGET)]]
    assert target[4] == "Giá trị gần nhất: 55,5 % (ngày 31/12/2025)"
    assert target[10] == "Đơn vị tính: %\nMốc năm 2030: 100"
    assert sheet.max_row == FIRST + len(ITEMS) - 1


def test_fill_in_cells_are_yellow_and_unlocked_the_rest_locked_and_unused_ones_grey() -> None:
    sheet = form_sheet(book_of())
    assert sheet.protection.sheet and not sheet.protection.password
    task, target = row_of(TASK), row_of(TARGET)
    for letter in "FGHIJ":
        assert not sheet[f"{letter}{task}"].protection.locked
        assert sheet[f"{letter}{task}"].fill.fgColor.rgb.endswith("FFF2CC")
    for letter in "HIJL":
        assert not sheet[f"{letter}{target}"].protection.locked
    for ref in (f"L{task}", f"K{task}", f"F{target}", f"G{target}"):
        assert sheet[ref].protection.locked and sheet[ref].fill.fgColor.rgb.endswith("D9D9D9")
    for letter in "ABCDEK":
        assert sheet[f"{letter}{target}"].protection.locked
    assert sheet[f"B{task}"].number_format == "@"  # a code like 1.10 stays text
    assert all(c.alignment.wrap_text for c in sheet[task])


def test_validations_with_vietnamese_messages() -> None:
    sheet = form_sheet(book_of())
    rules = {r.type: r for r in sheet.data_validations.dataValidation}
    status, progress, value = rules["list"], rules["whole"], rules["decimal"]
    assert status.formula1 == '"Hoàn thành,Đang thực hiện,Chưa thực hiện,Vướng mắc"'
    assert (progress.operator, progress.formula1, progress.formula2) == ("between", "0", "100")
    for rule in (status, progress, value):
        assert rule.showErrorMessage and rule.errorStyle == "stop" and rule.allow_blank
    assert progress.error == "Tiến độ là một số nguyên từ 0 đến 100 (không ghi chữ, không ghi dấu %)."
    assert status.errorTitle == "Tình trạng không hợp lệ"
    tasks = {f"F{row_of(i)}" for i in ITEMS if i.kind is ItemKind.TASK}
    assert {c for r in status.sqref.ranges for c in _cells(r)} == tasks
    assert {c for r in value.sqref.ranges for c in _cells(r)} == {
        f"L{row_of(i)}" for i in ITEMS if i.kind is ItemKind.TARGET
    }


def _cells(cell_range: Any) -> list[str]:
    return [f"{get_column_letter(c)}{r}" for r, c in cell_range.cells]


def test_prints_on_a4_landscape_one_page_wide_with_the_header_on_every_page() -> None:
    sheet = form_sheet(book_of())
    setup = sheet.page_setup
    assert (setup.orientation, int(setup.paperSize), setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$7:$8"
    assert sheet.print_area == f"'Biểu mẫu báo cáo'!$A$1:$L${FIRST + len(ITEMS) - 1}"
    margins = sheet.page_margins
    assert [round(m * 25.4) for m in (margins.top, margins.bottom, margins.left, margins.right)] == [20, 20, 30, 15]
    assert sheet.freeze_panes == "C9"


def test_identification_in_a_hidden_protected_sheet_and_the_properties() -> None:
    book = book_of()
    hidden = book["dondoc"]
    assert hidden.sheet_state == "hidden" and hidden.protection.sheet
    assert book.security.lockStructure
    properties = {p.name: p.value for p in book.custom_doc_props.props}
    assert properties["dondoc.unit_id"] == UNIT and properties["dondoc.occurrence_id"] == "42"
    assert properties["dondoc.token"] == META.token and len(properties["dondoc.checksum"]) == 20
    assert book.properties.title == "Biểu mẫu báo cáo - Ủy ban nhân dân xã - Quý I/2026 (15/12/2025 – 14/03/2026)"


def test_the_same_form_is_the_same_bytes() -> None:
    with zipfile.ZipFile(io.BytesIO(FORM)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "<dcterms:created" in core and "1980-01-01T00:00:00Z" in core  # no clock read while building
    assert forms.build(META, ITEMS) == FORM


def test_english_form() -> None:
    sheet = form_sheet(book_of(forms.build(FormMeta(**{**META.__dict__, "language": "en"}), ITEMS)))
    assert sheet.title == "Report form" and sheet["F7"].value == "Status" and sheet["L7"].value == "Target value"
    assert sheet[cell(Column.ROLE, TASK)].value == "Lead"
    rules = {r.type: r for r in sheet.data_validations.dataValidation}
    assert rules["list"].formula1 == '"Done,In progress,Not started,Blocked"'


def test_filename_is_plain_ascii() -> None:
    assert forms.filename(META) == "bieu-mau-bao-cao-ubnd-quy-i-2026.xlsx"


# ---------------------------------------------------------------- filled in and read back


def test_an_untouched_form_reads_as_no_answers() -> None:
    reading = forms.read(FORM)
    assert reading.ok and reading.rows == () and reading.meta == META
    assert reading.codes == tuple(i.code for i in ITEMS)


def test_every_fill_in_column_reads_back() -> None:
    data = filled({
        cell(Column.STATUS, TASK): "Hoàn thành", cell(Column.RESULT, TASK): "Đã ban hành Quyết định số 15/QĐ-BCĐ",
        cell(Column.STATUS, COORD): "Vướng mắc", cell(Column.PROGRESS, COORD): 40,
        cell(Column.OBSTACLES, COORD): "Chưa bố trí được kinh phí", cell(Column.PROPOSALS, COORD): "Đề nghị bổ sung",
        cell(Column.VALUE, TARGET): 65.5, cell(Column.RESULT, TARGET): "Đã lắp 3 trạm",
    })  # fmt: skip
    reading = forms.read(data)
    assert reading.ok, reading.problems
    rows = {r.code: r for r in reading.rows}
    assert list(rows) == [i.code for i in ITEMS if i in (TASK, COORD, TARGET)]  # in sheet order
    task, coord, target = rows[TASK.code], rows[COORD.code], rows[TARGET.code]
    assert (task.row, task.state, task.status, task.progress) == (row_of(TASK), State.DONE, "Hoàn thành", None)
    assert task.result == "Đã ban hành Quyết định số 15/QĐ-BCĐ"
    assert (coord.state, coord.progress, coord.obstacles, coord.proposals) == (
        State.BLOCKED,
        40,
        "Chưa bố trí được kinh phí",
        "Đề nghị bổ sung",
    )
    assert (target.kind, target.value, target.result, target.state) == (
        ItemKind.TARGET,
        Decimal("65.5"),
        "Đã lắp 3 trạm",
        None,
    )


@pytest.mark.parametrize(
    ("typed", "number_format", "progress"),
    [
        ("60%", "General", 60), ("60 %", "@", 60), (" 60 ", "@", 60), ("60,5", "@", 61), ("60 phần trăm", "@", 60),
        (0.6, "0%", 60), (0.605, "0.0%", 61), (60.0, "General", 60), (100, "0", 100), ("0", "@", 0),
        (60, '0"%"', 60), (60, "0\\%", 60),
    ],
)  # fmt: skip
def test_progress_as_people_and_programs_type_it(typed: object, number_format: str, progress: int) -> None:
    def percent(book: Any) -> None:
        form_sheet(book)[cell(Column.PROGRESS, TASK)].number_format = number_format

    reading = forms.read(filled({cell(Column.PROGRESS, TASK): typed}, percent))
    assert reading.ok and reading.rows[0].progress == progress


@pytest.mark.parametrize(
    ("typed", "value"),
    [("1.234,5", "1234.5"), ("1,234.5", "1234.5"), ("65%", "65"), ("0,5", "0.5"), ("1.500", "1500"), (-3, "-3"),
     ("−2,5", "-2.5"), (7, "7")],
)  # fmt: skip
def test_target_values_as_typed(typed: object, value: str) -> None:
    reading = forms.read(filled({cell(Column.VALUE, TARGET): typed}))
    assert reading.ok and reading.rows[0].value == Decimal(value)


def test_text_tolerated_nfd_spaces_no_diacritics_dates_and_numbers() -> None:
    nfd = unicodedata.normalize("NFD", "  hoàn thành  ")
    data = filled({
        cell(Column.STATUS, TASK): nfd, cell(Column.RESULT, TASK): unicodedata.normalize("NFD", "Đã tổ chức hội nghị \r\n"),
        cell(Column.STATUS, COORD): "dang thuc hien", cell(Column.RESULT, COORD): datetime(2026, 3, 15),
        cell(Column.STATUS, REPEAT): "xong", cell(Column.OBSTACLES, REPEAT): 12.0,
    })  # fmt: skip
    reading = forms.read(data)
    assert reading.ok, reading.problems
    rows = {r.code: r for r in reading.rows}
    assert rows[TASK.code].state is State.DONE and rows[TASK.code].status == "hoàn thành"
    assert rows[TASK.code].result == "Đã tổ chức hội nghị"  # NFC again, trimmed
    assert rows[COORD.code].state is State.IN_PROGRESS and rows[COORD.code].result == "15/03/2026"
    assert rows[REPEAT.code].state is State.DONE and rows[REPEAT.code].obstacles == "12"


def test_unprotected_rows_reordered_blank_rows_and_rows_above_inserted() -> None:
    def rearrange(book: Any) -> None:
        sheet = form_sheet(book)
        sheet.protection.sheet = False
        a, b = row_of(TASK), row_of(COORD)
        first = [c.value for c in sheet[a]]
        for column, value in enumerate([c.value for c in sheet[b]], start=1):  # swap two whole rows
            sheet.cell(row=a, column=column, value=value)
        for column, value in enumerate(first, start=1):
            sheet.cell(row=b, column=column, value=value)
        sheet.insert_rows(b + 1, 2)  # blank rows in the table
        sheet.insert_rows(2, 3)  # and above the header: the header is found where it now is
        sheet.insert_cols(1)  # and a column before STT: columns are found by their headers

    data = filled({cell(Column.STATUS, TASK): "Hoàn thành", cell(Column.STATUS, COORD): "Chưa thực hiện"}, rearrange)
    reading = forms.read(data)
    assert reading.ok, reading.problems
    rows = {r.code: (r.row, r.state) for r in reading.rows}
    assert rows == {COORD.code: (row_of(TASK) + 3, State.NOT_STARTED), TASK.code: (row_of(COORD) + 3, State.DONE)}


def test_a_renamed_sheet_and_an_added_sheet_still_read() -> None:
    def rename(book: Any) -> None:
        form_sheet(book).title = "Bao cao quy 1"
        book.create_sheet("Ghi chú", 0)

    assert forms.read(filled({cell(Column.STATUS, TASK): "Hoàn thành"}, rename)).rows[0].code == TASK.code


# ---------------------------------------------------------------- each problem on its row


def _set_code(code: str, item: FormItem) -> Callable[[Any], None]:
    def edit(book: Any) -> None:
        sheet = form_sheet(book)
        sheet.protection.sheet = False
        sheet[cell(Column.CODE, item)] = code

    return edit


def test_a_changed_or_unknown_code() -> None:
    unknown = filled({cell(Column.STATUS, TASK): "Hoàn thành"}, _set_code("IV.9.9", TASK))
    assert problems(unknown) == [(FormProblemKind.CODE_UNKNOWN, row_of(TASK), None)]
    assert forms.read(unknown).problems[0].text == "IV.9.9"
    moved = filled({cell(Column.STATUS, TASK): "Hoàn thành"}, _set_code(COORD.code, TASK))
    assert problems(moved) == [(FormProblemKind.CODE_CHANGED, row_of(TASK), None)]
    gone = filled({cell(Column.STATUS, TASK): "Hoàn thành"}, _set_code("", TASK))
    assert problems(gone) == [(FormProblemKind.CODE_MISSING, row_of(TASK), None)]


def test_a_changed_code_on_an_unanswered_row_is_no_problem() -> None:
    assert forms.read(filled({}, _set_code("IV.9.9", TASK))).ok


def test_a_duplicated_code_names_both_rows() -> None:
    def copy_row(book: Any) -> None:
        sheet = form_sheet(book)
        sheet.protection.sheet = False
        end = FIRST + len(ITEMS)
        for column, value in enumerate([c.value for c in sheet[row_of(TASK)]], start=1):
            sheet.cell(row=end, column=column, value=value)
        sheet.cell(row=end, column=6, value="Đang thực hiện")

    data = filled({cell(Column.STATUS, TASK): "Hoàn thành"}, copy_row)
    reading = forms.read(data)
    assert problems(data) == [(FormProblemKind.CODE_DUPLICATED, FIRST + len(ITEMS), None)]
    assert reading.problems[0].other_row == row_of(TASK) and [r.code for r in reading.rows] == [TASK.code]


@pytest.mark.parametrize(
    ("column", "item", "typed", "kind"),
    [
        (Column.PROGRESS, TASK, "khoảng 60", FormProblemKind.NOT_A_NUMBER),
        (Column.PROGRESS, TASK, datetime(2026, 3, 1), FormProblemKind.NOT_A_NUMBER),
        (Column.VALUE, TARGET, "chưa có số liệu", FormProblemKind.NOT_A_NUMBER),
        (Column.VALUE, TARGET, "1e400", FormProblemKind.NOT_A_NUMBER),
        (Column.PROGRESS, TASK, 150, FormProblemKind.PROGRESS_RANGE),
        (Column.PROGRESS, TASK, "-5", FormProblemKind.PROGRESS_RANGE),
        (Column.STATUS, TASK, "Tạm dừng", FormProblemKind.STATUS_UNKNOWN),
        (Column.VALUE, TASK, 12, FormProblemKind.NOT_APPLICABLE),
        (Column.STATUS, TARGET, "Hoàn thành", FormProblemKind.NOT_APPLICABLE),
        (Column.PROGRESS, TARGET, 50, FormProblemKind.NOT_APPLICABLE),
        (Column.STATUS, TARGET, "Tạm dừng", FormProblemKind.NOT_APPLICABLE),  # not also an unknown status
    ],
)  # fmt: skip
def test_each_bad_cell_is_a_problem_on_its_row(column: Column, item: FormItem, typed: object,
                                               kind: FormProblemKind) -> None:  # fmt: skip
    data = filled({cell(column, item): typed, cell(Column.STATUS, COORD): "Hoàn thành"})
    reading = forms.read(data)
    assert problems(data) == [(kind, row_of(item), column)]
    assert reading.problems[0].code == item.code
    assert [r.code for r in reading.rows] == [COORD.code]  # the good row is still read


def test_another_units_form_carries_what_the_caller_needs_to_judge_it() -> None:
    other = FormMeta(**{**META.__dict__, "unit_id": "mttq", "unit_name": "Ủy ban MTTQ", "occurrence_id": 77})
    reading = forms.read(forms.build(other, ITEMS[:3]))
    assert reading.ok and reading.meta is not None
    assert (reading.meta.plan_id, reading.meta.unit_id, reading.meta.occurrence_id, reading.meta.period) == (
        PLAN.id,
        "mttq",
        77,
        "2026-Q1",
    )
    assert reading.meta.token == META.token  # verified by the caller against the plan and the unit


def test_edited_identification_is_tampered() -> None:
    def edit_unit(book: Any) -> None:
        hidden = book["dondoc"]
        row = next(r for r in hidden.iter_rows() if r[0].value == "unit_id")
        row[1].value = "mttq"

    reading = forms.read(filled({}, edit_unit))
    assert problems(filled({}, edit_unit)) == [(FormProblemKind.TAMPERED, None, None)]
    assert reading.rows == () and reading.meta is not None and reading.meta.unit_id == "mttq"


def test_an_item_kind_edited_in_the_identification_is_tampered() -> None:
    def edit_kind(book: Any) -> None:
        hidden = book["dondoc"]
        row = next(r for r in hidden.iter_rows() if r[0].value == TASK.code)
        row[1].value = "target"

    assert problems(filled({}, edit_kind)) == [(FormProblemKind.TAMPERED, None, None)]


def test_properties_dropped_by_a_program_are_not_needed() -> None:
    def drop(book: Any) -> None:
        book.custom_doc_props = CustomPropertyList()  # Google Sheets keeps the hidden sheet, not these

    reading = forms.read(filled({cell(Column.STATUS, TASK): "Hoàn thành"}, drop))
    assert reading.ok and reading.meta == META and [r.code for r in reading.rows] == [TASK.code]


def test_a_deleted_identification_sheet_is_tampered_but_the_properties_still_say_whose_form() -> None:
    def delete(book: Any) -> None:
        del book["dondoc"]

    reading = forms.read(filled({cell(Column.STATUS, TASK): "Hoàn thành"}, delete))
    assert [p.kind for p in reading.problems] == [FormProblemKind.TAMPERED]
    assert reading.meta == META


# ---------------------------------------------------------------- files that are not forms


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _plain_workbook() -> bytes:
    book = Workbook()
    form_sheet(book)["A1"] = "STT"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _huge_sheet() -> bytes:
    def grow(book: Any) -> None:
        sheet = form_sheet(book)
        for row in range(FIRST + len(ITEMS), forms.MAX_ROWS + 10):
            sheet.cell(row=row, column=1, value=row)

    return filled({}, grow)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"", FormProblemKind.NOT_XLSX),
        (b"STT;Ma;Tinh trang\n1;IV.1;xong\n", FormProblemKind.NOT_XLSX),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 + "EncryptedPackage".encode("utf-16-le"),
         FormProblemKind.ENCRYPTED),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, FormProblemKind.NOT_XLSX),  # an old .xls
        (_zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}), FormProblemKind.NOT_XLSX),
        (_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}), FormProblemKind.NOT_XLSX),
        (FORM[: len(FORM) // 2], FormProblemKind.UNREADABLE),
        (_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<not xml"}), FormProblemKind.UNREADABLE),
        (_plain_workbook(), FormProblemKind.NOT_A_FORM),
        (b"PK" + b"\0" * (forms.MAX_BYTES + 1), FormProblemKind.TOO_LARGE),
        (_zip({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b"\0" * 60_000_000}),
         FormProblemKind.TOO_LARGE),  # a zip bomb: 60 MB in about 60 kB
        (_zip({f"xl/{n}.xml": b"" for n in range(600)}), FormProblemKind.TOO_LARGE),
        (_huge_sheet(), FormProblemKind.TOO_LARGE),
    ],
    ids=["empty", "csv", "encrypted", "xls", "ods", "docx", "truncated", "bad-xml", "plain-xlsx", "too-big",
         "zip-bomb", "many-parts", "huge-sheet"],
)  # fmt: skip
def test_files_that_cannot_be_taken(data: bytes, kind: FormProblemKind) -> None:
    reading = forms.read(data)
    assert [(p.kind, p.row) for p in reading.problems] == [(kind, None)] and reading.rows == ()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=len(FORM) - 1), st.integers(0, 255)), max_size=8))
def test_read_never_raises_on_damaged_bytes(damage: list[tuple[int, int]]) -> None:
    data = bytearray(FORM)
    for at, byte in damage:
        data[at] = byte
    assert isinstance(forms.read(bytes(data)), forms.FormReading)


# ---------------------------------------------------------------- problems in words


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_problem_has_words_in_both_languages(lang: str) -> None:
    for kind in FormProblemKind:
        text = forms.explain(forms.FormProblem(kind=kind, column=Column.PROGRESS, text="x", other_row=3), lang)
        assert text and "{" not in text and text[0].isupper()


def test_a_row_problem_is_worded_with_its_row_code_column_and_text() -> None:
    data = filled({cell(Column.PROGRESS, TASK): "khoảng 60"})
    line = forms.explain(forms.read(data).problems[0], "vi")
    assert line == f"Dòng {row_of(TASK)} ({TASK.code}): cột «Tiến độ (%)» phải là một số, nhưng đang ghi «khoảng 60»."


def test_status_labels_are_the_reply_vocabulary() -> None:
    """Each list entry, in each language, names its state for the reply parser too."""
    for lang in ("vi", "en"):
        for state, label in forms.labels(lang)["states"].items():
            assert state_named(label) == state and "," not in label and '"' not in label
