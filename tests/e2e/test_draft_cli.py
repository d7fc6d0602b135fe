"""`dondoc draft` and `dondoc diff` through the installed command: one clear line for what it
cannot read, Vietnamese unless asked otherwise, and what a new revision changes."""

from __future__ import annotations

import subprocess
from pathlib import Path

from dondoc.engine.revisions import describe, diff
from dondoc.engine.validate import parse_plan
from tests.support.cli import EXE
from tests.support.paths import DOCUMENTS, PLANS


def test_cli_draft_errors_are_one_line(tmp_path: Path) -> None:
    odd = tmp_path / "plan.xls"
    odd.write_bytes(b"\xd0\xcf\x11\xe0junk")
    for path in (odd, tmp_path / "missing.docx", tmp_path / "broken.docx"):
        if path.name == "broken.docx":
            path.write_bytes(b"PK\x03\x04 not a zip")
        done = subprocess.run([EXE, "draft", str(path)], capture_output=True, text=True)
        assert done.returncode == 1
        assert done.stderr.startswith("Error: ") and done.stderr.count("\n") == 1, done.stderr


def test_cli_draft_speaks_vietnamese_by_default(tmp_path: Path) -> None:
    odd = tmp_path / "plan.xls"
    odd.write_bytes(b"junk")
    said = subprocess.run([EXE, "draft", str(odd)], capture_output=True, text=True)
    assert "không đọc được tệp .xls" in said.stderr
    said = subprocess.run(
        [EXE, "draft", str(odd), "--lang", "en"], capture_output=True, text=True
    )
    assert "cannot read .xls files" in said.stderr
    out = tmp_path / "draft.yaml"
    done = subprocess.run(
        [EXE, "draft", str(DOCUMENTS / "kim-thanh-mttq-nq57.txt"), "-o", str(out)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and done.stderr.startswith("bản thảo: đã ghi"), done.stderr


def test_diff_names_units_and_load_prints_what_changed(tmp_path: Path) -> None:
    [seed] = [p for p in PLANS if p.name == "van-xuan-nq57.yaml"]
    text = seed.read_text("utf-8")
    changed = text.replace("    lead: vhxh  # no lead named; secretariat\n", "    lead: doan-tn\n", 1)
    changed = changed.replace("  from: [vhxh, ttdvth, phong-cm, co-quan-don-vi, truong-hoc]", "  from: [vhxh, ttdvth]")
    lines = describe(diff(parse_plan(text.encode(), "a").plan, parse_plan(changed.encode(), "b").plan))
    assert any("đổi đơn vị chủ trì: Phòng Văn hóa - Xã hội → Đoàn thanh niên phường" in line for line in lines)
    assert "Các đơn vị báo cáo định kỳ" in lines[0] and "Các phòng chuyên môn thuộc UBND phường" in lines[0]
    new = tmp_path / "van-xuan.yaml"
    new.write_text(changed, "utf-8")
    db = f"sqlite:///{tmp_path}/d.db"
    run = [EXE, "--db", db]
    subprocess.run([*run, "load", str(seed), "--now", "2026-01-05"], check=True, capture_output=True)
    said = subprocess.run([*run, "diff", str(new)], capture_output=True, text=True, check=True).stdout
    assert said.splitlines() == lines
    loaded = subprocess.run([*run, "load", str(new), "--now", "2026-01-06"], capture_output=True, text=True).stdout
    assert "những thay đổi so với lần sửa 1" in loaded and lines[0] in loaded
