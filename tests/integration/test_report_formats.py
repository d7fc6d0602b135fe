"""Each renderer, checked with the tools an office uses: Word files, spreadsheets, a browser."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Pt
from openpyxl import load_workbook
from PIL import Image

from dondoc.engine import formats, reports
from tests.support.browser import ARTEFACTS, is_red, screenshot, tool
from tests.support.quarter import CAL, EVENTS, NOW, PLAN, Q1, ROWS

REPORT = reports.build(PLAN, CAL, Q1, ROWS, EVENTS, NOW)


def test_all_formats_agree_on_the_numbers() -> None:
    data = json.loads(formats.render(REPORT, "json"))
    markdown = formats.render(REPORT, "md").decode()
    html = formats.render(REPORT, "html").decode()
    assert data["headline"] == {"tasks": 6, "items": 6, "due": 4, "overdue": 2, "share": 50.0}
    assert "**2** / 4 lượt nhiệm vụ đã đến hạn đang quá hạn (**50%**)" in markdown
    assert "<b>2</b> / 4 lượt nhiệm vụ đã đến hạn đang quá hạn: <b>50%</b>" in html
    docx = Document(io.BytesIO(formats.render(REPORT, "docx")))
    assert any("4 lượt đã đến hạn, trong đó 2 lượt quá hạn" in p.text for p in docx.paragraphs)
    sheet = load_workbook(io.BytesIO(formats.render(REPORT, "xlsx")))["Nhiệm vụ"]
    statuses = [row[6] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert statuses.count("Quá hạn, chưa hoàn thành") == 2 and len(statuses) == len(REPORT.items) == 6


def test_unit_text_is_escaped_in_html() -> None:
    noisy = reports.build(
        PLAN, CAL, Q1, ROWS, [*EVENTS[:4], replace(EVENTS[4], payload={"text": "<b>A & B</b>", "label": "obstacle"})], NOW
    )
    html = formats.render(noisy, "html").decode()
    assert "&lt;b&gt;A &amp; B&lt;/b&gt;" in html and "<b>A & B</b>" not in html


def test_docx_follows_decree_30() -> None:
    doc = Document(io.BytesIO(formats.render(REPORT, "docx")))
    section = doc.sections[0]
    assert section.page_width and section.page_height and section.left_margin and section.right_margin
    assert section.top_margin
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert (round(section.left_margin.cm), round(section.right_margin.cm, 1), round(section.top_margin.cm)) == (
        3,
        1.5,
        2,
    )
    normal = doc.styles["Normal"].font
    assert (normal.name, normal.size) == ("Times New Roman", Pt(14))
    header = doc.tables[0].rows[0].cells
    assert header[0].text.splitlines()[:2] == ["UBND XÃ THỬ", "BAN CHỈ ĐẠO XÃ THỬ"] and "Số:" in header[0].text
    assert "/BC-BCĐ" in header[0].text  # the committee's own symbol: it is not the plan's issuer
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header[1].text and "Độc lập - Tự do - Hạnh phúc" in header[1].text
    assert "Thử, ngày 20 tháng 3 năm 2026" in header[1].text
    texts = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in texts and any(
        t.startswith("Kết quả thực hiện Kế hoạch số 05/KH-UBND quý I năm 2026") for t in texts
    )
    headings = ["I. KẾT QUẢ THỰC HIỆN", "II. ĐÁNH GIÁ CHUNG", "III. TỒN TẠI, HẠN CHẾ, KHÓ KHĂN"]
    headings += ["IV. KIẾN NGHỊ, ĐỀ XUẤT", "V. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI"]
    assert [t for t in texts if t in headings] == headings
    units = next(t for t in doc.tables if t.rows[0].cells[1].text == "Đơn vị" and len(t.columns) == 9)
    assert [r.cells[1].text for r in units.rows[1:]] == [u.name for u in REPORT.units]
    closing = doc.tables[-1].rows[0].cells
    assert closing[0].paragraphs[0].text == "Nơi nhận:" and "Nguyễn Văn A" in closing[1].text
    assert [p.text for p in closing[1].paragraphs][:2] == ["TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN"]


@pytest.mark.render
def test_docx_converts_to_pdf_and_renders_pages(tmp_path: Path) -> None:
    (tmp_path / "q1.docx").write_bytes(formats.render(REPORT, "docx"))
    subprocess.run(
        [tool("soffice"), "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "q1.docx")],
        check=True, capture_output=True, timeout=120, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    info = subprocess.run([tool("pdfinfo"), str(tmp_path / "q1.pdf")], check=True, capture_output=True, text=True)
    pages = int(next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:")))
    assert 2 <= pages <= 4  # a quarter's report for a small plan: a few pages, not one table per page
    subprocess.run([tool("pdftoppm"), "-r", "50", "-png", str(tmp_path / "q1.pdf"), str(tmp_path / "p")], check=True)
    images = sorted(tmp_path.glob("p-*.png"))
    assert len(images) == pages
    first = Image.open(images[0]).convert("L")
    assert first.size[0] < first.size[1]  # portrait A4
    assert min(first.getdata()) < 64  # there is black text on the page
    ARTEFACTS.mkdir(exist_ok=True)
    shutil.copy(images[0], ARTEFACTS / "report-docx-page-1.png")


def test_xlsx_has_real_dates_frozen_headers_and_filters() -> None:
    book = load_workbook(io.BytesIO(formats.render(REPORT, "xlsx")))
    assert book.sheetnames == ["Tổng hợp", "Nhiệm vụ", "Đơn vị", "Chỉ tiêu", "Khó khăn, kiến nghị", "Diễn biến"]
    for sheet in book.worksheets[1:]:
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref and sheet["A1"].font.bold
        assert sheet.print_title_rows == "$1:$1"
    tasks = book["Nhiệm vụ"]
    assert tasks["A1"].value == "Mã nhiệm vụ" and tasks["E1"].value == "Hạn"
    due = tasks["E2"]
    assert due.is_date and due.value.date() == REPORT.items[0].due and due.number_format == "DD/MM/YYYY"
    targets = {row[0]: row for row in book["Chỉ tiêu"].iter_rows(min_row=2, values_only=True)}
    assert targets["CT-A"][10] == "Nguy cơ không đạt"
    assert book["Diễn biến"].max_row == 1 + len(REPORT.events)


@pytest.mark.render
def test_html_renders_in_headless_chromium_without_console_errors(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(formats.render(REPORT, "html"))
    image = screenshot(page.as_uri(), "report-html", tmp_path)
    colours = image.getcolors(maxcolors=1 << 16) or []
    assert len(colours) > 20  # text and the chart bars, not a blank page
    assert any(is_red(rgb) for _, rgb in colours)  # a red "overdue" bar


@pytest.mark.parametrize("fmt", formats.FORMATS)
def test_every_format_renders_in_english_too(fmt: str) -> None:
    english = reports.build(
        PLAN.model_copy(update={"plan": PLAN.plan.model_copy(update={"language": "en"})}), CAL, Q1, ROWS, EVENTS, NOW
    )
    content = formats.render(english, fmt)
    assert content
    if fmt == "md":
        assert "Report" in content.decode() or "REPORT" in content.decode()
