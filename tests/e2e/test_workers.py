"""Several workers on one database: `run`s and `serve`s at once send every message exactly once.

The reference is the same days run one at a time on a database of its own: the concurrent
workers must queue exactly the same messages (none skipped), and the SMTP sink must receive
each of them once (none twice).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bench.generate import generate
from dondoc.engine import store
from dondoc.engine.store import schema
from tests.conftest import Cli
from tests.e2e.test_serve import serving
from tests.smtp_server import SmtpServer, smtp_server

COMMUNES = 6
DAYS = ["2026-03-16", "2026-03-17", "2026-04-01", "2026-04-02"]
SENDER = "dondoc@xa.example.vn"


@pytest.fixture
def sink(tmp_path: Path) -> Iterator[SmtpServer]:
    with smtp_server(tmp_path) as running:
        yield running


def outbox(url: str) -> dict[str, tuple[str, str]]:
    """key -> (state, Message-ID) of every queued message."""
    engine = store.connect(url)
    with engine.connect() as conn:
        rows = conn.execute(select(schema.outbox.c.key, schema.outbox.c.state, schema.outbox.c.message_id)).all()
    engine.dispose()
    return {r.key: (r.state, r.message_id) for r in rows}


def run_at_once(url: str, day: str, env: dict[str, str], workers: int, cwd: Path) -> list[int]:
    """Start ``workers`` runs together; return how many messages each one sent."""
    exe = Path(sys.executable).with_name("dondoc")
    full_env = {**os.environ, **env, "DONDOC_DB": url}
    procs = [
        subprocess.Popen(
            [str(exe), "run", "--now", day], cwd=cwd, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(workers)
    ]
    sent = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
        assert b"Traceback" not in err
        sent.append(int(out.decode().rsplit("send: ", 1)[1].split()[0]))
    return sent


def reference(tmp_path: Path) -> dict[str, tuple[str, str]]:
    """The same days, one run at a time, on a SQLite database of its own (no SMTP: files)."""
    url = f"sqlite:///{tmp_path / 'reference.db'}"
    generate(url, COMMUNES, "2026-03-01")
    cli = Cli(tmp_path, url)
    for day in DAYS:
        assert cli("run", "--now", day, env={"DONDOC_OUTBOX_DIR": str(tmp_path / "ref-out")}).returncode == 0
    return outbox(url)


def test_three_runs_at_once_each_day_send_every_message_once(db_url: str, sink: SmtpServer, tmp_path: Path) -> None:
    generate(db_url, COMMUNES, "2026-03-01")
    env = {"DONDOC_SMTP_URL": sink.url(concurrency="3"), "DONDOC_FROM": SENDER, "DONDOC_SECRET": "s"}
    shares = [run_at_once(db_url, day, env, 3, tmp_path) for day in DAYS]
    print("messages sent by each worker, day by day:", shares)
    queued = outbox(db_url)
    assert queued.keys() == reference(tmp_path).keys()  # none skipped, none added
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
