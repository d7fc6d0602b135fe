"""The report form through LibreOffice: printed to PDF (A4 landscape, one page wide, Vietnamese
text), and filled in then saved again by LibreOffice, as .xlsx and through .ods, still read back."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PIL import Image

from dondoc.engine import forms
from dondoc.engine.forms import Column, FormProblemKind
from dondoc.engine.vocabulary import State
from tests.support.browser import ARTEFACTS, tool
from tests.support.forms import COORD, FORM, ITEMS, META, REPEAT, TARGET, TASK, cell, filled, row_of

pytestmark = pytest.mark.render  # every test here goes through LibreOffice

A4_LANDSCAPE = (841.89, 595.3)


def soffice(source: Path, to: str, folder: Path) -> Path:
    """``source`` converted by LibreOffice headless into ``folder`` (``to``: pdf, xlsx, ods)."""
    folder.mkdir(exist_ok=True)
    subprocess.run(
        [tool("soffice"), "--headless", "--convert-to", to, "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=180, env={"HOME": str(folder.parent), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    out = folder / f"{source.stem}.{to}"
    assert out.exists(), f"LibreOffice did not write {out.name}"
    return out


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("form-pdf")
    (folder / "form.xlsx").write_bytes(FORM)
    return soffice(folder / "form.xlsx", "pdf", folder / "pdf")


def pages_of(pdf: Path) -> list[str]:
    text = subprocess.run([tool("pdftotext"), "-layout", str(pdf), "-"], check=True, capture_output=True, text=True)
    return text.stdout.split("\f")[:-1]


def test_prints_on_a4_landscape_pages(pdf: Path) -> None:
    info = subprocess.run([tool("pdfinfo"), "-f", "1", "-l", "99", str(pdf)], check=True, capture_output=True,
                          text=True).stdout  # fmt: skip
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    pages = int(re.search(r"Pages:\s+(\d+)", info)[1])  # type: ignore[index]
    assert len(sizes) == pages and 2 <= pages <= len(ITEMS) // 5  # a real unit's 80 items: a few pages, not one per row
    for width, height in sizes:
        assert (round(float(width)), round(float(height))) == (round(A4_LANDSCAPE[0]), round(A4_LANDSCAPE[1]))


def test_one_page_wide_with_the_header_on_every_page(pdf: Path) -> None:
    pages = pages_of(pdf)
    for text in pages:  # the first and the last columns on every page: nothing spills onto a page to the right
        assert "STT" in text and "Kiến nghị, đề xuất" in text and "(12)" in text
    printed = [code for code in (i.code for i in ITEMS) if any(re.search(rf"\b{re.escape(code)}\b", p) for p in pages)]
    assert printed == [i.code for i in ITEMS]  # every row printed


def test_renders_vietnamese(pdf: Path) -> None:
    first = pages_of(pdf)[0]
    assert "BIỂU MẪU BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH" in first
    assert "Đơn vị báo cáo: Ủy ban nhân dân xã" in first
    assert "Quý I/2026 (15/12/2025 – 14/03/2026)" in first
    assert "Khó khăn, vướng" in first and "Tình trạng" in first


def test_page_one_as_png(pdf: Path, tmp_path: Path) -> None:
    subprocess.run([tool("pdftoppm"), "-r", "80", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "p")],
                   check=True)  # fmt: skip
    image = next(tmp_path.glob("p-*.png"))
    page = Image.open(image).convert("RGB")
    assert page.size[0] > page.size[1]  # landscape
    colours = {rgb for _, rgb in page.getcolors(maxcolors=1 << 16) or []}
    assert any(_near(rgb, (0xFF, 0xF2, 0xCC)) for rgb in colours)  # the yellow fill-in cells
    assert any(_near(rgb, (0xD9, 0xD9, 0xD9)) for rgb in colours)  # the grey unused cells
    ARTEFACTS.mkdir(exist_ok=True)
    shutil.copy(image, ARTEFACTS / "report-form-page-1.png")


def _near(colour: tuple[int, ...] | float, want: tuple[int, int, int]) -> bool:
    """``colour`` as Pillow's ``getcolors`` gives it (a tuple for an RGB image) is ``want``, give or take 3."""
    return isinstance(colour, tuple) and all(abs(a - b) <= 3 for a, b in zip(colour, want, strict=True))


# ---------------------------------------------------------------- saved again by LibreOffice


ANSWERS: dict[str, Any] = {
    cell(Column.STATUS, TASK): "Hoàn thành", cell(Column.RESULT, TASK): "Đã ban hành Quyết định số 15/QĐ-BCĐ",
    cell(Column.STATUS, COORD): "Vướng mắc", cell(Column.PROGRESS, COORD): "40%",
    cell(Column.OBSTACLES, COORD): "Chưa bố trí được kinh phí", cell(Column.PROPOSALS, COORD): "Đề nghị bổ sung",
    cell(Column.STATUS, REPEAT): "đang thực hiện", cell(Column.PROGRESS, REPEAT): 0.75,
    cell(Column.RESULT, REPEAT): datetime(2026, 3, 15), cell(Column.VALUE, TARGET): "1.234,5",
}  # fmt: skip


def _percent(book: Any) -> None:
    book.worksheets[0][cell(Column.PROGRESS, REPEAT)].number_format = "0%"  # 75% typed: 0.75 shown as a percentage


EXPECTED = {
    TASK.code: (row_of(TASK), State.DONE, None, "Đã ban hành Quyết định số 15/QĐ-BCĐ", "", "", None),
    COORD.code: (row_of(COORD), State.BLOCKED, 40, "", "Chưa bố trí được kinh phí", "Đề nghị bổ sung", None),
    REPEAT.code: (row_of(REPEAT), State.IN_PROGRESS, 75, "15/03/2026", "", "", None),
    TARGET.code: (row_of(TARGET), None, None, "", "", "", Decimal("1234.5")),
}


def _said(data: bytes) -> dict[str, tuple[Any, ...]]:
    reading = forms.read(data)
    assert reading.ok, reading.problems
    assert reading.meta == META
    return {r.code: (r.row, r.state, r.progress, r.result, r.obstacles, r.proposals, r.value) for r in reading.rows}


@pytest.fixture(scope="module")
def answered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("form-roundtrip")
    path = folder / "bieu-mau.xlsx"
    path.write_bytes(filled(ANSWERS, _percent))
    return path


def test_filled_with_openpyxl(answered: Path) -> None:
    assert _said(answered.read_bytes()) == EXPECTED


def test_saved_again_by_libreoffice_as_xlsx(answered: Path) -> None:
    again = soffice(answered, "xlsx", answered.parent / "xlsx")
    assert _said(again.read_bytes()) == EXPECTED
    book = load_workbook(again)
    sheet, hidden = book.worksheets[0], book["dondoc"]
    # what LibreOffice keeps: the protection, the unlocked cells, the validations, the hidden sheet, the properties
    assert sheet.protection.sheet and not sheet[cell(Column.STATUS, TASK)].protection.locked
    assert sheet[cell(Column.CODE, TASK)].protection.locked
    assert {r.type for r in sheet.data_validations.dataValidation} == {"list", "whole", "decimal"}
    assert hidden.sheet_state == "hidden" and hidden.protection.sheet
    assert {p.name for p in book.custom_doc_props.props} >= {"dondoc.token", "dondoc.checksum"}
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1


def test_saved_as_ods_and_back(answered: Path) -> None:
    ods = soffice(answered, "ods", answered.parent / "ods")
    assert [p.kind for p in forms.read(ods.read_bytes()).problems] == [FormProblemKind.NOT_XLSX]  # said in the reply
    back = soffice(ods, "xlsx", answered.parent / "back")
    assert _said(back.read_bytes()) == EXPECTED


def test_a_problem_survives_libreoffice_on_its_row(answered: Path) -> None:
    wrong = answered.parent / "sai.xlsx"
    wrong.write_bytes(filled({**ANSWERS, cell(Column.PROGRESS, TASK): "khoảng 60", cell(Column.VALUE, COORD): 3}))
    again = soffice(wrong, "xlsx", answered.parent / "wrong")
    found = [(p.kind, p.row, p.column) for p in forms.read(again.read_bytes()).problems]
    assert found == sorted(
        [(FormProblemKind.NOT_A_NUMBER, row_of(TASK), Column.PROGRESS),
         (FormProblemKind.NOT_APPLICABLE, row_of(COORD), Column.VALUE)],
        key=lambda p: p[1],
    )  # fmt: skip
