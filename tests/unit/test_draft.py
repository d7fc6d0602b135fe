"""`dondoc draft` on the seed documents and on documents of every format it reads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench import draft as bench
from dondoc.engine.draft import DocumentUnreadable, draft_text, fill_placeholders
from dondoc.engine.errors import PlanInvalid
from dondoc.engine.revisions import ChangeKind, describe, diff
from dondoc.engine.validate import parse_plan, read_plan
from tests.support.browser import tool
from tests.support.paths import DOCUMENTS, PLANS


def test_seed_documents_meet_the_goals() -> None:
    total = bench.overall(bench.seed_cases())
    assert total.recall >= 0.95
    assert total.precision >= 0.95
    assert total.leads >= 0.90
    assert total.timing >= 0.90
    assert total.values == 1.0


@pytest.mark.parametrize("case", bench.seed_cases(), ids=lambda c: c.document.stem)
def test_each_seed_draft_loads_once_filled(case: bench.Case) -> None:
    text = draft_text(case.document)
    with pytest.raises(PlanInvalid) as unfilled:
        parse_plan(text.encode(), "draft.yaml")
    assert all("<<" in p.message or "email" in p.message for p in unfilled.value.problems)
    plan = parse_plan(fill_placeholders(text).encode(), "draft.yaml").plan
    assert len(plan.tasks) >= 19


def test_placeholders_are_reported_at_their_line_with_what_to_fill() -> None:
    text = draft_text(DOCUMENTS / "kim-thanh-mttq-nq57.txt")
    with pytest.raises(PlanInvalid) as caught:
        parse_plan(text.encode(), "draft.yaml")
    first = caught.value.problems[0]
    line = text.splitlines()[first.line - 1]
    assert "<<email của" in line
    assert first.message.startswith("chỗ cần điền: email của")


def test_every_value_says_where_it_came_from() -> None:
    text = draft_text(DOCUMENTS / "dan-tien-nq71.txt")
    leads = [line for line in text.splitlines() if line.strip().startswith("lead:")]
    assert leads and all("  # " in line for line in leads)
    assert "# CẦN NGƯỜI QUYẾT ĐỊNH" in text


def _soffice(tmp_path: Path, source: Path, fmt: str) -> Path:
    subprocess.run(
        [
            tool("soffice"),
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return tmp_path / f"{source.stem}.{fmt.split(':')[0]}"


def test_word_document_with_numbering_and_a_task_table() -> None:
    text = fill_placeholders(draft_text(DOCUMENTS / "heldout" / "hoa-binh-phu-luc.docx"))
    plan = parse_plan(text.encode(), "draft.yaml").plan
    assert plan.plan.code == "41/KH-UBND"
    table_tasks = [t for t in plan.tasks if t.id.startswith("PL")]
    assert len(table_tasks) == 7
    timed = {t.title[:20]: (t.due, t.repeat) for t in table_tasks}
    assert (timed["Triển khai hệ thống "][0] or "").__str__() == "2026-06-30"
    assert any(t.output == "Quy chế" for t in table_tasks)
    assert {s.id for s in plan.sections} >= {"IV"}


@pytest.mark.render
def test_pdf_with_a_text_layer(tmp_path: Path) -> None:
    pdf = _soffice(tmp_path, DOCUMENTS / "heldout" / "hoa-binh-phu-luc.docx", "pdf")
    text = fill_placeholders(draft_text(pdf))
    plan = parse_plan(text.encode(), "draft.yaml").plan
    assert plan.plan.code == "41/KH-UBND"
    assert len(plan.tasks) >= 2  # the body's numbered duties (a PDF's tables have no cells)


def test_scanned_pdf_is_one_clear_error(tmp_path: Path) -> None:
    from PIL import Image

    scan = tmp_path / "scan.pdf"
    Image.new("RGB", (600, 800), "white").save(scan)
    with pytest.raises(DocumentUnreadable, match="không có lớp chữ") as caught:
        draft_text(scan)
    assert "no text layer" in caught.value.said("en")


def test_diff_says_what_a_revision_changes() -> None:
    [seed] = [p for p in PLANS if p.name == "dan-tien-nq71.yaml"]
    old = read_plan(seed).plan
    text = seed.read_text("utf-8")
    text = text.replace('  - id: "IV.4"\n', '  - id: "IV.4b"\n')
    head, tail = text.rsplit("    ongoing: true  # no deadline in the source", 1)
    text = head + "    due: 2026-06-30" + tail
    text = text.replace('name: "Công an xã"', 'name: "Công an xã Dân Tiến"')
    new = parse_plan(text.encode(), "new.yaml").plan
    changes = diff(old, new)
    kinds = {c.kind for c in changes}
    assert {ChangeKind.TASK_ADDED, ChangeKind.TASK_REMOVED, ChangeKind.UNIT_RENAMED} <= kinds
    lines = describe(changes, "vi")
    assert any(line.startswith("Thêm nhiệm vụ IV.4b") for line in lines)
    assert any("hạn 30/6/2026" in line for line in lines)
    assert describe(diff(old, old), "en") == ["No change to tasks, targets or units."]


def test_the_command_line_does_not_load_the_document_readers() -> None:
    code = "import sys, dondoc.engine.cli, dondoc.engine.draft; print(sorted({'docx', 'pypdf'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() in ("[]", "['docx']")  # officedoc (reports) may load python-docx; pypdf never


def test_dated_goals_without_a_figure_are_tasks_due_that_year() -> None:
    plan = parse_plan(fill_placeholders(draft_text(DOCUMENTS / "gia-loc-nq57.txt")).encode(), "d.yaml").plan
    goal = plan.task("III.2.1.a.3")
    assert goal.title.startswith("Xây dựng hệ thống an ninh mạng") and str(goal.due) == "2025-12-31"
    assert str(plan.task("III.2.2.e.7").due) == "2030-12-31"
    assert not [t for t in plan.tasks if t.id.startswith(("III.2.3", "III.2.4", "III.2.5"))]  # vision past 2030
    assert not [t for t in plan.tasks if t.id.startswith("III.2.1.a.1")]  # "≥ 60%": a target, not a task


def test_header_kind_superior_and_external_units(tmp_path: Path) -> None:
    doc = tmp_path / "ke-hoach.txt"
    doc.write_text(
        "ĐẢNG BỘ TỈNH NINH BÌNH\nĐẢNG ỦY XÃ YÊN MỸ\n*\nSố 07-KH/ĐU\n\nĐẢNG CỘNG SẢN VIỆT NAM\n\n"
        "Yên Mỹ, ngày 02 tháng 3 năm 2026\n\nKẾ HOẠCH\n\nChuyển đổi số trong các cơ quan đảng năm 2026\n\n"
        "I. NHIỆM VỤ\n\n1. Văn phòng Đảng ủy chủ trì số hóa hồ sơ đảng viên, hoàn thành trước ngày 30/6/2026.\n\n"
        "2. Giao Viễn thông Ninh Bình chủ trì nâng cấp đường truyền tại trụ sở Đảng ủy, phối hợp với Văn phòng "
        "Đảng ủy; hoàn thành trong quý III/2026.\n\n"
        "II. TỔ CHỨC THỰC HIỆN\n\nCác chi bộ định kỳ hằng quý báo cáo kết quả về Đảng ủy (qua Văn phòng Đảng ủy).\n\n"
        "T/M ĐẢNG ỦY\nBÍ THƯ\n\nNguyễn Văn An\n",
        "utf-8",
    )
    text = draft_text(doc)
    assert '  superior: "ĐẢNG BỘ TỈNH NINH BÌNH"' in text and "  body: party" in text
    external = text.split("name: \"Viễn thông Ninh Bình\"")[1].split("  - id:")[0]
    assert "external: true" in external and "email:" not in external
    with pytest.raises(PlanInvalid) as unfilled:
        parse_plan(text.encode(), "d.yaml")
    lead = [p for p in unfilled.value.problems if "Viễn thông Ninh Bình" in p.message]
    assert lead and "đơn vị ngoài" in lead[0].message
    plan = parse_plan(fill_placeholders(text).encode(), "d.yaml").plan
    task = plan.task("I.2")
    assert plan.unit(task.coordinators[0]).name == "Viễn thông Ninh Bình" and not plan.unit(task.lead).external
    assert plan.plan.superior == "ĐẢNG BỘ TỈNH NINH BÌNH" and plan.plan.body == "party"
    assert plan.reporting.cadences == ["quarterly"]
