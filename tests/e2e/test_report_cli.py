"""`dondoc report` after a simulated quarter, driven exactly as a secretary does."""

from __future__ import annotations

import io
import json
from datetime import date
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from docx import Document
from icalendar import Calendar
from openpyxl import load_workbook

from tests.support.cli import Cli
from tests.support.paths import ROOT
from tests.support.servers import Databases

PLAN = "van-xuan-57"
PATH = ROOT / "dondoc" / "plans" / "van-xuan-nq57.yaml"
QUARTER = ["--plan", PLAN, "--period", "2026-Q1", "--now", "2026-03-20"]


def simulate_quarter(cli: Cli) -> None:
    # Vạn Xuân's four goals "Đến hết năm 2025" without a figure are tasks due 31/12/2025: the quarter (Decree 09:
    # 15/12/2025 - 14/03/2026) sees one done on time, one late, one blocked and one never reported.
    assert cli("load", str(PATH), "--now", "2025-12-15").returncode == 0
    for monday in ["2025-12-15", "2026-01-05", "2026-02-02", "2026-03-02", "2026-03-16"]:
        assert cli("run", "--now", monday).returncode == 0
    steps = [
        ["II.2.1.c.1", "--unit", "vhxh", "--done", "--now", "2025-12-30"],  # on time
        ["II.2.1.c.2", "--unit", "vhxh", "--done", "--now", "2026-01-08"],  # late
        ["II.2.1.b.4", "--unit", "phong-cm", "--blocked", "Thiếu kinh phí", "--now", "2026-02-10"],
        ["report", "--unit", "vhxh", "--done", "--period", "2026-Q1", "--now", "2026-03-16"],
    ]
    for step in steps:
        result = cli("update", PLAN, *step)
        assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def quarter(databases: Databases, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database after the simulated quarter, made once for the module by the CLI."""
    url = databases.new()
    simulate_quarter(Cli(tmp_path_factory.mktemp("quarter"), url))
    return url


@pytest.fixture
def cli(tmp_path: Path, databases: Databases, quarter: str) -> Cli:
    """The CLI on a database of the test's own after the simulated quarter (a copy of ``quarter``)."""
    return Cli(tmp_path, databases.new(template=quarter))


def test_a_quarter_report_in_every_format_agrees(cli: Cli, tmp_path: Path) -> None:
    for fmt in ("docx", "xlsx", "json", "html"):
        result = cli("report", *QUARTER, "-o", f"q1.{fmt}")
        assert result.returncode == 0 and f"written to q1.{fmt}" in result.stdout, result.stderr
    data = json.loads((tmp_path / "q1.json").read_text())
    assert (data["headline"]["due"], data["headline"]["overdue"], data["headline"]["share"]) == (4, 2, 50.0)
    assert (data["counts"]["done_on_time"], data["counts"]["done_late"]) == (1, 1)
    assert [m["text"] for g in data["obstacles"] for m in g["remarks"]] == ["Thiếu kinh phí"]
    assert "vhxh" not in [m["unit"] for m in data["missing_reports"]] and len(data["missing_reports"]) == 4
    markdown = cli("report", *QUARTER).stdout  # no -o: Markdown on stdout
    assert "**2** / 4 lượt nhiệm vụ đã đến hạn đang quá hạn (**50%**)" in markdown and "Thiếu kinh phí" in markdown
    doc = Document(str(tmp_path / "q1.docx"))
    assert any("4 lượt đã đến hạn, trong đó 2 lượt quá hạn" in p.text for p in doc.paragraphs)
    tasks = load_workbook(tmp_path / "q1.xlsx")["Nhiệm vụ"]
    assert [r[6] for r in tasks.iter_rows(min_row=2, values_only=True)].count("Quá hạn, chưa hoàn thành") == 2
    assert "<b>2</b> / 4" in (tmp_path / "q1.html").read_text()


def test_email_queues_the_report_once_with_the_docx_attached(cli: Cli, tmp_path: Path) -> None:
    first = cli("report", *QUARTER, "--format", "json", "--email")
    again = cli("report", *QUARTER, "--format", "json", "--email")
    assert "queued for the committee" in first.stderr and "already queued, not again" in again.stderr
    outbox = tmp_path / "outbox"
    before = set(outbox.glob("*.eml"))
    assert cli("send", "--now", "2026-03-20").returncode == 0
    [sent] = set(outbox.glob("*.eml")) - before
    message = message_from_bytes(sent.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    assert "Báo cáo kết quả thực hiện kế hoạch quý I năm 2026" in str(message["Subject"])
    [attached] = list(message.iter_attachments())
    assert attached.get_filename() == "bao-cao-van-xuan-57-2026-Q1.docx"
    doc = Document(io.BytesIO(attached.get_content()))
    assert doc.paragraphs and any(p.text == "BÁO CÁO" for p in doc.paragraphs)


def test_a_bad_period_is_one_line(cli: Cli) -> None:
    assert cli("load", str(PATH)).returncode == 0
    result = cli("report", "--plan", PLAN, "--period", "2026-Q5")
    assert result.returncode == 1 and result.stderr.strip().startswith("Error: bad period label '2026-Q5'")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_unit_calendar_is_an_ics_file_a_calendar_reads(cli: Cli, tmp_path: Path) -> None:
    simulate_quarter(cli)
    env = {"DONDOC_DASHBOARD_URL": "https://dondoc.vanxuan.example.vn/"}
    result = cli("calendar", "--plan", PLAN, "--unit", "vhxh", "--now", "2026-01-20", "-o", "vhxh.ics", env=env)
    assert result.returncode == 0 and "written to vhxh.ics" in result.stdout, result.stderr
    feed = Calendar.from_ical((tmp_path / "vhxh.ics").read_bytes())
    events = list(feed.walk("VEVENT"))
    assert events and all(type(e.decoded("DTSTART")) is date for e in events)
    assert any(str(e["SUMMARY"]).startswith("✓ Hạn [II.2.1.c.1]") for e in events)  # done on 30/12/2025
    assert any("Hạn gửi báo cáo quý" in str(e["SUMMARY"]) for e in events)
    assert {str(e["URL"]) for e in events} == {"https://dondoc.vanxuan.example.vn/plan/van-xuan-57/unit/vhxh"}
    printed = cli("calendar", "--plan", PLAN, "--unit", "vhxh", "--now", "2026-03-20")
    assert printed.stdout.startswith("BEGIN:VCALENDAR")
    wrong = cli("calendar", "--plan", PLAN, "--unit", "nope")
    assert wrong.returncode == 1
    assert wrong.stderr.strip() == "Error: plan 'van-xuan-57' has no unit 'nope' that dondoc writes to"
