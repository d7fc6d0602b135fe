"""The CLI driven exactly as a user and cron do: installed script, real files, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import FIXTURES, PLANS, ROOT, Cli


def test_validate_prints_every_problem_and_exits_1(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "ke-hoach.yaml"
    text = (FIXTURES / "minimal.yaml").read_text("utf-8")
    bad.write_text(text.replace("  issued:", "  isued:").replace("secretariat: vp\n", "secretariat: vpp\n"), "utf-8")
    result = cli("validate", str(bad), *map(str, PLANS))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{bad}:6:3: khóa không hợp lệ `isued` (có phải là `issued`?)",
        f"{bad}:9:16: không có đơn vị `vpp`; gần nhất: vp, vhxh",
    ]


def test_validate_accepts_every_seed_plan(cli: Cli) -> None:
    result = cli("validate", *map(str, PLANS))
    assert (result.returncode, result.stdout) == (0, "")


def test_load_then_plans(cli: Cli) -> None:
    first = cli("load", *map(str, PLANS))
    assert first.returncode == 0 and first.stdout.count("revision 1 (new)") == 5
    again = cli("load", str(PLANS[0]))
    assert again.stdout.strip().endswith("revision 1 (unchanged)")
    listed = json.loads(cli("plans", "--json").stdout)
    assert [p["id"] for p in listed] == [
        "dan-tien-71",
        "gia-loc-57",
        "kim-thanh-mttq-57",
        "tan-ky-tt-57",
        "van-xuan-57",
    ]
    assert all(p["tasks"] > 0 and p["revision"] == 1 for p in listed)


def test_load_stores_nothing_if_any_file_is_invalid(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("dondoc: 1\nplan: {}\n", "utf-8")
    result = cli("load", str(PLANS[0]), str(bad))
    assert result.returncode == 1 and f"{bad}:2:1: thiếu khóa bắt buộc `id`" in result.stderr
    assert json.loads(cli("plans", "--json").stdout) == []


def test_user_errors_are_one_line(cli: Cli) -> None:
    result = cli("load", str(PLANS[0]), "--now", "yesterday")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Error: --now 'yesterday' is not an ISO date (2026-03-16) or date-time (2026-03-16T07:30)"
    ]
    assert cli("--db", "nosuch://x", "plans").stderr.startswith("Error: cannot use database")


def test_bad_usage_exits_2(cli: Cli) -> None:
    assert cli("validate").returncode == 2
    assert cli("frobnicate").returncode == 2


def test_demo_loads_the_bundled_plans(cli: Cli) -> None:
    result = cli("demo")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("revision 1 (new)") == 5
    assert "gia-loc-57" in result.stdout.split("dondoc plans", 1)[1]


def test_the_wheel_ships_templates_and_plans(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("dondoc-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"dondoc/templates/vi/messages.yaml", "dondoc/templates/en/messages.yaml", "dondoc/engine/cli.py"} <= names
    assert {f"dondoc/plans/{p.name}" for p in PLANS} <= names
