"""Several workers on one database: `run`s and `serve`s at once send every message exactly once.

The reference is the same days run one at a time on a database of its own: the concurrent
workers must queue exactly the same messages (none skipped), and the SMTP sink must receive
each of them once (none twice).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from bench.generate import generate
from tests.support.cli import EXE, Cli
from tests.support.running import serving
from tests.support.smtp_server import SmtpServer
from tests.support.stored import outbox

COMMUNES = 6
DAYS = ["2026-03-16", "2026-03-17", "2026-04-01", "2026-04-02"]
SENDER = "dondoc@xa.example.vn"


def run_at_once(url: str, day: str, env: dict[str, str], workers: int, cwd: Path) -> list[int]:
    """Start ``workers`` runs together; return how many messages each one sent."""
    full_env = {**os.environ, **env, "DONDOC_DB": url}
    procs = [
        subprocess.Popen([EXE, "run", "--now", day], cwd=cwd, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(workers)
    ]
    sent = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
        assert b"Traceback" not in err
        sent.append(int(out.decode().rsplit("send: ", 1)[1].split()[0]))
    return sent


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, str]]:
    """The same days, one run at a time, on a SQLite database of its own (no SMTP: files)."""
    folder = tmp_path_factory.mktemp("reference")
    url = f"sqlite:///{folder / 'reference.db'}"
    generate(url, COMMUNES, "2026-03-01")
    cli = Cli(folder, url)
    for day in DAYS:
        assert cli("run", "--now", day, env={"DONDOC_OUTBOX_DIR": str(folder / "ref-out")}).returncode == 0
    return outbox(url)


@pytest.mark.slow
def test_three_runs_at_once_each_day_send_every_message_once(
    db_url: str, sink: SmtpServer, tmp_path: Path, reference: dict[str, tuple[str, str]]
) -> None:
    generate(db_url, COMMUNES, "2026-03-01")
    env = {"DONDOC_SMTP_URL": sink.url(concurrency="3"), "DONDOC_FROM": SENDER, "DONDOC_SECRET": "s"}
    shares = [run_at_once(db_url, day, env, 3, tmp_path) for day in DAYS]
    print("messages sent by each worker, day by day:", shares)
    queued = outbox(db_url)
    assert queued.keys() == reference.keys()  # none skipped, none added
    assert {state for state, _ in queued.values()} == {"sent"}
    received = sink.sink.by_message_id()
    assert len(sink.sink.received) == len(queued) == len(received)  # none twice
    assert set(received) == {mid for _, mid in queued.values()}


def test_two_daemons_catching_up_at_once_send_every_message_once(db_url: str, sink: SmtpServer, tmp_path: Path) -> None:
    generate(db_url, COMMUNES, "2026-03-01")
    env = {"DONDOC_SMTP_URL": sink.url(concurrency="3"), "DONDOC_FROM": SENDER, "DONDOC_SECRET": "s"}
    cli = Cli(tmp_path, db_url)
    with (
        serving(cli, "--now", "2026-03-16T09:00", env=env) as one,
        serving(cli, "--now", "2026-03-16T09:00", env=env) as two,
    ):
        for daemon in (one, two):
            daemon.wait_for("event=run ", timeout=120)
            assert daemon.stop() == 0
    queued = outbox(db_url)
    assert queued and {state for state, _ in queued.values()} == {"sent"}
    assert len(sink.sink.received) == len(queued) == len(sink.sink.by_message_id())
