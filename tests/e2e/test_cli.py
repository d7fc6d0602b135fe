"""The CLI driven exactly as a user and cron do: installed script, real files, exit codes."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from tests.support.cli import Cli, cpu_seconds_of_children
from tests.support.paths import FIXTURES, PLANS, ROOT
from tests.support.running import running


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


def test_demo_tours_the_whole_loop_in_under_ten_seconds(cli: Cli, tmp_path: Path) -> None:
    before = cpu_seconds_of_children()
    result = cli("demo", env={"TMPDIR": str(tmp_path)})  # its folder goes with the test's
    assert result.returncode == 0, result.stderr
    assert cpu_seconds_of_children() - before < 10
    out = result.stdout
    assert out.count(": ok (") == 5 and "tan-ky-tt-57 revision 1 (new)" in out
    assert "check: queued 4 digests; send: 4 written to" in out
    assert "— Vui lòng trả lời phía trên dòng này —" in out and "» II.2.1.a.1 hoàn thành" in out
    ingested = out.split("$ dondoc ingest -", 1)[1].splitlines()[1:4]
    assert [line.split()[1] for line in ingested] == ["recorded", "recorded", "quarantined"]
    assert ingested[2].endswith("(unknown_sender)") and "send: 2 answers" in out
    rows = [line.split() for line in out.split("--task II.2.1.a.1", 1)[1].splitlines()]
    assert ["ttdv", "lead", "2026-W09", "2026-03-02", "done", "100", "done_late", "10"] in [r[2:] for r in rows]
    assert ["vhxh", "coordinator", "2026-W11", "2026-03-16", "in_progress", "50"] in [r[2:8] for r in rows]
    folder = Path(out.rsplit("Everything is in ", 1)[1].split(":", 1)[0])
    assert len(list((folder / "outbox").glob("*.eml"))) == 6
    assert "6 tháng đầu năm 2026: 1/3 due items overdue (33.3%)" in out
    assert sorted(p.suffix for p in (folder / "reports").iterdir()) == [".docx", ".html", ".json", ".md", ".xlsx"]


@pytest.mark.slow
def test_the_wheel_holds_every_module_template_and_plan_and_runs_the_demo(tmp_path: Path) -> None:
    """One module tree, no symbolic link: a wheel built from the tree (as from a clone with
    ``core.symlinks=false``) holds every file of the package and runs on its own."""
    tracked = subprocess.run(["git", "ls-files", "-s"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert [line for line in tracked.splitlines() if line.startswith("120000")] == []
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("dondoc-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    package = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "dondoc").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert package <= names
    assert {f"dondoc/plans/{p.name}" for p in PLANS} <= names
    target = tmp_path / "installed"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    demo = subprocess.run(
        [sys.executable, "-c", "import dondoc, sys; print(dondoc.__file__); sys.argv = ['dondoc', 'demo']; import dondoc.__main__"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(target), "TMPDIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert demo.returncode == 0, demo.stderr
    assert demo.stdout.startswith(str(target / "dondoc" / "__init__.py"))
    assert "$ dondoc validate plans/*.yaml" in demo.stdout


def test_cron_run_writes_one_eml_per_digest_and_is_idempotent(cli: Cli, tmp_path: Path) -> None:
    plan = str(FIXTURES / "minimal.yaml")
    assert cli("load", plan, "--now", "2026-01-05").returncode == 0
    dry = cli("check", "--now", "2026-03-16", "--dry-run")
    assert dry.returncode == 0 and "would queue 4 messages" in dry.stdout
    first = cli("run", "--now", "2026-03-16")
    assert first.returncode == 0, first.stderr
    assert "queued 4 messages" in first.stdout and "send: 4 sent, 0 to retry, 0 failed" in first.stdout
    files = sorted((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 4  # vp, its head, the committee, vhxh (January bulletin overdue)
    again = cli("run", "--now", "2026-03-16")
    assert "queued 0 messages" in again.stdout and "send: 0 sent" in again.stdout
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 4


def test_update_then_status_json(cli: Cli) -> None:
    cli("load", str(FIXTURES / "minimal.yaml"), "--now", "2026-01-05")
    done = cli("update", "demo-xa", "1.1", "--unit", "vp", "--done", "--now", "2026-03-03")
    assert done.stdout.strip() == "demo-xa 1.1 vp 2026-02-27: done 100%"
    report = json.loads(cli("status", "--json", "--plan", "demo-xa", "--now", "2026-03-16").stdout)
    assert report["now"] == "2026-03-16T07:30:00+07:00"
    [lead] = [o for o in report["occurrences"] if o["task"] == "1.1" and o["unit"] == "vp"]
    assert (lead["state"], lead["status_class"], lead["days_overdue"]) == ("done", "done_late", 2)
    assert lead["last_update_at"] == "2026-03-03T07:30:00+07:00"
    expected = {"plan": "demo-xa", "target": "CT-5G", "year": 2026, "milestone": 60.0, "value": None, "attained": None,
                "stopped": None}  # fmt: skip
    assert expected in [{k: t[k] for k in expected} for t in report["targets"]]
    wrong = cli("update", "demo-xa", "1.1", "--unit", "vhxh", "--done", "--progress", "5")
    assert wrong.returncode == 2


@contextmanager
def write_lock(path: Path) -> Iterator[Callable[[], None]]:
    """Another writer: holds SQLite's write lock from the start of the block until it calls the
    ``release`` it was given, or until its end."""
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:

        def release() -> None:
            if conn.in_transaction:
                conn.execute("ROLLBACK")

        conn.execute("BEGIN IMMEDIATE")
        try:
            yield release
        finally:
            release()


@pytest.mark.sqlite_only
def test_a_locked_database_is_retried_then_reported_in_one_line(cli: Cli) -> None:
    """The lock is taken before the CLI starts and held until the CLI is seen meeting it, however
    slow the machine: released then, a retry gets through; held until the CLI gives up, the CLI
    says so in one clear line."""
    assert cli("load", str(PLANS[0]), "--now", "2026-03-01").returncode == 0
    database = Path(cli.db_url.removeprefix("sqlite:///"))
    # Each attempt waits DONDOC_LOCK_WAIT for the lock, then as long again before the next one: once
    # the first retry is reported, the test has two of those (at least two seconds) to release the lock.
    with write_lock(database) as release, running(cli, "run", "--now", "2026-03-16", env={"DONDOC_LOCK_WAIT": "1"}) as run:
        run.wait_for("event=locked attempt=1 ")
        release()
        assert run.finish() == 0, run.lines
    assert run.out[-1].startswith("send: ")
    with write_lock(database), running(cli, "check", "--now", "2026-03-17", env={"DONDOC_LOCK_WAIT": "0.3"}) as check:
        assert check.finish() == 1  # every attempt met the lock
    assert [line for line in check.lines if "event=locked" in line] == [
        "event=locked attempt=1 retry_in=0.3s",
        "event=locked attempt=2 retry_in=0.3s",
    ]
    assert check.lines[-1] == "Error: the database is locked by another writer; try again in a minute"
    assert cli("check", "--now", "2026-03-17").returncode == 0  # and nothing was left half done
