"""The DOCX a secretary signs, for each seed plan after half a year, printed by LibreOffice and
read back from the PDF: what must hold on paper."""

from __future__ import annotations

import io
import re
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from dondoc.engine import formats, messages, reports, store
from dondoc.engine.letterhead import letterhead
from tests.support.documents import pages, to_pdf, to_pngs
from tests.support.simulation import Simulated

DATE = re.compile(r"\b\d{2}/\d{2}/\d{4}\b")
SEEDS = ["dan-tien-71", "gia-loc-57", "kim-thanh-mttq-57", "tan-ky-tt-57", "van-xuan-57"]


def _half_year(simulated: Simulated, plan_id: str) -> reports.Report:
    """The seed's report on the first half of 2026, made the morning its reports were due."""
    with store.connect_reading(simulated.url).connect() as conn:
        return reports.gather(conn, plan_id, "2026-H1", simulated.end + timedelta(hours=2))


def _docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([*(p.text for p in doc.paragraphs), *cells])


@pytest.mark.render
@pytest.mark.parametrize("plan_id", SEEDS)
def test_the_half_year_report_prints_as_a_signed_document(simulated: Simulated, plan_id: str, tmp_path: Path) -> None:
    report = _half_year(simulated, plan_id)
    content = formats.render(report, "docx")
    (tmp_path / f"{plan_id}.docx").write_bytes(content)
    pdf = to_pdf(tmp_path / f"{plan_id}.docx")
    printed = pages(pdf)
    to_pngs(pdf, f"report-{plan_id}-h1")
    assert len(printed) >= 2
    # Page numbers at the top centre from page 2; none on page 1.
    first_lines = [next(line.strip() for line in page.splitlines() if line.strip()) for page in printed]
    assert not first_lines[0].isdigit()
    assert first_lines[1:] == [str(n) for n in range(2, len(printed) + 1)]
    # The last paragraph, "Nơi nhận" and the signature block on one page, the last.
    closing = [i for i, page in enumerate(printed) if "Nơi nhận:" in page]
    head = letterhead(report.plan, messages.labels("vi")["letterhead"], report.generated_at.date())
    signer = head.signer
    assert signer  # every seed plan names who signs
    signed = [i for i, page in enumerate(printed) if signer in page and ("TM. " in page or "T/M " in page)]
    last = [i for i, page in enumerate(printed) if "Trên đây là báo cáo" in page]
    assert closing == signed == last == [len(printed) - 1], (closing, signed, last)
    # No date broken across lines: every date of the document is printed whole, as many times.
    assert Counter(DATE.findall("\n".join(printed))) == Counter(DATE.findall(_docx_text(content)))
    # Headings stay with what follows: none is the last line of a page.
    for page in printed[:-1]:
        tail = [line.strip() for line in page.splitlines() if line.strip()][-1]
        assert not re.match(r"^(I|II|III|IV|V)\. [A-ZĐ ,]+$", tail), tail


# What a spreadsheet shown to a commune must never contain: dondoc's own words and codes.
INTERNAL = re.compile(
    r"\b(ongoing|secretariat|committee|cli|report|done|progress|blocked|note|lead|coordinator)\b"
    r"|<[^>]+@[^>]+>|\b\d{4}-(W\d\d|Q\d|H\d|\d\d)\b",
    re.IGNORECASE,
)


@pytest.mark.render
@pytest.mark.parametrize("plan_id", SEEDS)
def test_the_workbook_speaks_vietnamese_and_prints_on_a4(simulated: Simulated, plan_id: str, tmp_path: Path) -> None:
    report = _half_year(simulated, plan_id)
    content = formats.render(report, "xlsx")
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames[0] == "Tổng hợp"
    found = [
        (sheet.title, value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if isinstance(value, str) and INTERNAL.search(value)
    ]
    assert not found
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert (int(setup.paperSize), setup.fitToWidth, setup.fitToHeight) == (int(sheet.PAPERSIZE_A4), 1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert all(cell.alignment.wrap_text for row in sheet.iter_rows(min_row=2) for cell in row if cell.value)
    assert [s.page_setup.orientation for s in book.worksheets[1:]] == ["landscape"] * 5
    if plan_id in ("tan-ky-tt-57", "gia-loc-57"):  # as LibreOffice prints it, for a person to look at
        (tmp_path / f"{plan_id}.xlsx").write_bytes(content)
        pdf = to_pdf(tmp_path / f"{plan_id}.xlsx")
        # Every page starts with its sheet's header row (repeated) or the summary's title: fitted to the
        # width, no page carries columns cut off from their rows.
        firsts = [str(sheet["A1"].value) for sheet in book.worksheets]
        assert all(any(first in page for first in firsts) for page in pages(pdf))
        to_pngs(pdf, f"report-{plan_id}-h1-xlsx")


@pytest.mark.parametrize("plan_id", SEEDS)
def test_every_section_is_filled_from_what_units_said(simulated: Simulated, plan_id: str) -> None:
    report = _half_year(simulated, plan_id)
    said = [s for t in report.tasks for s in t.statements]
    assert len(said) >= 20 and all(s.authors for s in said)
    assert len({(s.task, s.text) for s in said}) == len(said)  # each sentence once per task
    assert report.obstacles and report.proposals and report.next_period.upcoming and report.units
    assert all(m.owes or m.due for m in report.missing_reports)
