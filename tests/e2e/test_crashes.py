"""kill -9 of `dondoc run` at random points, then a rerun: every message arrives, none twice
unless recognisably so.

A message is marked 'sending' before it goes to the server and 'sent' after. A run killed
between the server's acceptance and that commit leaves it 'sending'; the next run after
``outbox.STALE`` sends it again with the same Message-ID. So each message arrives once, or
(only those in flight at the kill: at most one per SMTP connection) twice with one
Message-ID, which a mail client shows as one message. Nothing is ever lost.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from bench.generate import generate
from dondoc.engine.outbox import BATCH
from tests.support.cli import EXE
from tests.support.servers import Databases
from tests.support.smtp_server import SmtpServer
from tests.support.stored import outbox

TRIALS = 20
CONNECTIONS = 2
DAY, LATER = "2026-03-16T07:30", "2026-03-16T07:46"  # after outbox.STALE: 'sending' rows are taken again


@pytest.mark.slow
def test_kill_9_at_random_points_then_a_rerun_sends_every_message(
    databases: Databases, store_url: str, sink: SmtpServer, tmp_path: Path
) -> None:
    generate(store_url, 6, "2026-03-01")  # thirty plans: a run of more than one batch of messages
    env = {
        **os.environ,
        "DONDOC_SMTP_URL": sink.url(concurrency=str(CONNECTIONS)),
        "DONDOC_FROM": "dondoc@xa.example.vn",
    }
    env["DONDOC_SECRET"] = "s"

    def run(url: str, now: str) -> subprocess.Popen[bytes]:
        command = [EXE, "run", "--now", now]
        return subprocess.Popen(
            command, cwd=tmp_path, env={**env, "DONDOC_DB": url}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )

    reference_url = databases.new(template=store_url)
    started = time.monotonic()
    assert run(reference_url, DAY).wait(timeout=300) == 0
    full_run = time.monotonic() - started
    expected = outbox(reference_url)
    assert len(expected) > BATCH  # more than one batch, so kills land between batches too
    seed = random.randrange(1 << 30)
    chance = random.Random(seed)
    landed, duplicated = [], []
    for trial in range(TRIALS):
        url = databases.new(template=store_url)
        sink.sink.received.clear()
        victim = run(url, DAY)
        time.sleep(chance.uniform(0.3, 1.0) * full_run)  # the first third is starting Python
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=60)
        landed.append(len(sink.sink.received))
        rerun = run(url, LATER)
        _, err = rerun.communicate(timeout=300)
        assert rerun.returncode == 0 and b"Traceback" not in err, (seed, trial, err.decode())
        queued = outbox(url)
        assert queued.keys() == expected.keys(), (seed, trial)  # none lost, none invented
        assert {state for state, _ in queued.values()} == {"sent"}, (seed, trial)
        copies = Counter({mid: n for mid, n in sink.sink.by_message_id().items()})
        assert set(copies) == {mid for _, mid in queued.values()}, (seed, trial)  # every message arrived
        twice = [mid for mid, n in copies.items() if n > 1]
        assert max(copies.values()) <= 2 and len(twice) <= CONNECTIONS, (seed, trial, twice[:3])
        duplicated.append(len(twice))
    print(f"seed {seed}: a run takes {full_run:.2f} s; sent before each kill {landed}; sent twice {duplicated}")
