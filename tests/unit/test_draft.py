"""`dondoc draft` on the seed documents and on documents of every format it reads."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench import draft as bench
from dondoc.engine.draft import DocumentUnreadable, draft_text, fill_placeholders
from dondoc.engine.errors import PlanInvalid
from dondoc.engine.revisions import ChangeKind, describe, diff
from dondoc.engine.validate import parse_plan, read_plan

DOCUMENTS = Path(__file__).resolve().parent.parent / "fixtures" / "documents"


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
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    subprocess.run(
        [
            "soffice",
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
    with pytest.raises(DocumentUnreadable, match="no text layer"):
        draft_text(scan)


def test_cli_draft_errors_are_one_line(tmp_path: Path) -> None:
    odd = tmp_path / "plan.xls"
    odd.write_bytes(b"\xd0\xcf\x11\xe0junk")
    for path in (odd, tmp_path / "missing.docx", tmp_path / "broken.docx"):
        if path.name == "broken.docx":
            path.write_bytes(b"PK\x03\x04 not a zip")
        done = subprocess.run([sys.executable, "-m", "dondoc", "draft", str(path)], capture_output=True, text=True)
        assert done.returncode == 1
        assert done.stderr.startswith("Error: ") and done.stderr.count("\n") == 1, done.stderr


def test_diff_says_what_a_revision_changes() -> None:
    old = read_plan(Path(__file__).resolve().parents[2] / "dondoc" / "plans" / "dan-tien-nq71.yaml").plan
    text = (Path(__file__).resolve().parents[2] / "dondoc" / "plans" / "dan-tien-nq71.yaml").read_text("utf-8")
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
