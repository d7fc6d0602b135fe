"""Hostile plan files through the installed `dondoc validate` and `dondoc load`: exit 1, one
line per problem, no traceback, and input that would never end stops at once.

Each command is started and waited for with a deadline: a command that blocks (a pipe) or
runs away (a YAML bomb, /dev/zero) fails the test by missing it, and the processor time it
took (which other processes keeping the machine busy do not inflate, unlike the wall
clock) is compared with what the command takes on a valid plan.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from dondoc.engine import yamldoc
from tests.support.cli import EXE, cpu_seconds_of_children
from tests.support.hostile_plans import BASE, BOMB, RAW
from tests.support.paths import FIXTURES, PLANS

NOT_A_FILE = "1:1: không phải tệp thông thường (là thư mục, thiết bị hoặc đường ống): hãy chỉ đường dẫn tới tệp kế hoạch"


@dataclass(frozen=True)
class Finished:
    code: int
    out: list[str]
    err: str
    seconds: float  # of processor time


def dondoc(tmp_path: Path, *args: str, deadline: float = 60) -> Finished:
    """Run the installed command; wait for it to exit within ``deadline`` seconds."""
    env = {**os.environ, "DONDOC_DB": f"sqlite:///{tmp_path / 'dondoc.db'}"}
    started = cpu_seconds_of_children()
    with subprocess.Popen(
        [EXE, *args], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        try:
            out, err = process.communicate(timeout=deadline)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise AssertionError(f"dondoc {' '.join(args)} still ran after {deadline} s") from None
    assert "Traceback" not in err, err
    return Finished(process.returncode, out.splitlines(), err, cpu_seconds_of_children() - started)


@pytest.fixture(scope="module")
def startup(tmp_path_factory: pytest.TempPathFactory) -> float:
    """Processor seconds `dondoc validate` takes on a small valid plan: starting Python and
    dondoc. A hostile file must cost no more than a moment on top."""
    done = dondoc(tmp_path_factory.mktemp("startup"), "validate", str(FIXTURES / "minimal.yaml"))
    assert done.code == 0
    return done.seconds


def write(tmp_path: Path, name: str, raw: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(raw.encode("utf-8") if isinstance(raw, str) else raw)
    return path


def test_a_billion_laughs_is_refused_in_a_moment(tmp_path: Path, startup: float) -> None:
    bomb = write(tmp_path, "bomb.yaml", BOMB)
    done = dondoc(tmp_path, "validate", str(bomb))
    assert (done.code, done.out) == (
        1,
        [f"{bomb}:6:16: kế hoạch có hơn 250000 giá trị tính đến đây (bí danh tính như bản sao): quá lớn đối với một kế hoạch"],
    )
    assert done.seconds < startup + 3  # it used to run past 120 s at 5-7 GB


def test_dev_zero_is_refused_without_reading_it(tmp_path: Path, startup: float) -> None:
    done = dondoc(tmp_path, "validate", "/dev/zero")
    assert (done.code, done.out) == (1, [f"/dev/zero:{NOT_A_FILE}"])
    assert done.seconds < startup + 3  # it used to grow to 24 GB


def test_a_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path, startup: float) -> None:
    fifo = tmp_path / "plan.yaml"
    os.mkfifo(fifo)
    done = dondoc(tmp_path, "validate", str(fifo), deadline=20)  # it used to hang
    assert (done.code, done.out) == (1, [f"{fifo}:{NOT_A_FILE}"])
    assert done.seconds < startup + 3


def test_a_file_over_2_mib_is_refused_after_reading_2_mib(tmp_path: Path, startup: float) -> None:
    huge = tmp_path / "plan.yaml"
    with huge.open("wb") as file:
        file.write(BASE.encode())
        file.truncate(50 * 1024**3)  # 50 GiB, sparse
    done = dondoc(tmp_path, "validate", str(huge))
    assert (done.code, done.out) == (1, [f"{huge}:1:1: tệp lớn hơn 2 MiB, mức tối đa của một tệp kế hoạch"])
    assert done.seconds < startup + 3
    assert yamldoc.MAX_BYTES == 2 * 1024 * 1024


def test_every_problem_on_its_own_line_then_the_valid_files_pass(tmp_path: Path) -> None:
    bad = write(tmp_path, "ke-hoach.yaml", RAW["a reason and an end on an active task"])
    tabs = write(tmp_path, "tabs.yaml", RAW["a tab in the indentation"])
    utf16 = write(tmp_path, "utf16.yaml", RAW["UTF-16 with its BOM"])
    done = dondoc(tmp_path, "validate", str(bad), str(tabs), str(utf16), *map(str, PLANS))
    assert done.code == 1
    assert done.out == [
        f"{bad}:38:5: `status_reason` chỉ dùng khi `status: cancelled` hoặc `status: paused` (ở đây là `active`)",
        f"{bad}:39:5: `paused_until` chỉ dùng khi `status: paused` (ở đây là `active`)",
        f"{tabs}:14:1: có ký tự tab ở đầu dòng: YAML chỉ thụt lề bằng dấu cách",
        f"{utf16}:1:1: tệp được lưu dạng UTF-16: hãy lưu lại dưới dạng UTF-8",
    ]
    assert dondoc(tmp_path, "validate", *map(str, PLANS)).code == 0


@pytest.mark.parametrize("name", ["id 1.10 unquoted", "due 0001-01-01", "a milestone .nan", "two documents"])
def test_load_refuses_what_the_engine_cannot_run_and_stores_nothing(tmp_path: Path, name: str) -> None:
    plan = write(tmp_path, "plan.yaml", RAW[name])
    done = dondoc(tmp_path, "load", str(plan), str(PLANS[0]))
    assert done.code == 1 and done.out == []
    assert len(done.err.splitlines()) == 1 and done.err.startswith(f"{plan}:"), done.err
    assert dondoc(tmp_path, "plans", "--json").out == ["[]"]


def test_a_plan_of_2050_loads_and_checks(tmp_path: Path) -> None:
    plan = write(tmp_path, "plan.yaml", BASE.replace("    due: 2026-02-27", "    due: 2050-12-31"))
    assert dondoc(tmp_path, "load", str(plan), "--now", "2026-01-05").code == 0
    for now in ("2026-03-16", "2050-12-22"):
        assert dondoc(tmp_path, "check", "--now", now, "--dry-run").code == 0
    after = dondoc(tmp_path, "check", "--now", "2051-01-16", "--dry-run")  # its escalations, in 2051
    assert after.code == 0 and any(line.endswith(", 1.1/2050-12-31") for line in after.out), after.out
