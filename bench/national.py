"""The national bench: N communes (default 3,321) x the five seed plans, on SQLite and PostgreSQL.

    python -m bench.national --communes 3321 --backends sqlite postgres

For each backend: load every plan and expand its occurrences (load), then on identical copies
of that database time the real commands as cron runs them: ``dondoc check`` with one worker,
``dondoc check`` with two workers at once, and ``dondoc send`` of what the check queued to a
local SMTP sink (aiosmtpd in its own process). Peak memory is the largest resident set of any
one command. PostgreSQL is a throw-away local cluster (the tests' ``postgres_server``) unless
``--pg-url`` names a server. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

from sqlalchemy import func, select

from bench.generate import generate
from bench.send import SINK
from dondoc.engine import store
from dondoc.engine.store import schema
from tests.support.servers import Databases, free_port, postgres_server, wait_for_port

EXE = str(Path(sys.executable).with_name("dondoc"))
LOADED, NOW = "2026-01-05", "2026-03-16"


def timed(commands: Sequence[list[str]], env: dict[str, str]) -> tuple[float, float]:
    """Run ``commands`` at once; return the wall-clock seconds and the peak RSS (MiB) of any one."""
    started = time.perf_counter()
    procs = [subprocess.Popen(c, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for c in commands]
    peak = 0.0
    for proc in procs:
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            raise SystemExit(f"{' '.join(commands[0])} failed: {proc.stderr.read().decode() if proc.stderr else ''}")
        peak = max(peak, usage.ru_maxrss / 1024)
    return time.perf_counter() - started, peak


@contextmanager
def sink() -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", SINK, str(port)], stdin=subprocess.PIPE)
    try:
        wait_for_port(port)
        yield f"smtp://127.0.0.1:{port}?concurrency=8"
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=30)


def queued(url: str) -> int:
    engine = store.connect(url)
    with engine.connect() as conn:
        found = int(conn.execute(select(func.count()).select_from(schema.outbox)).scalar_one())
    engine.dispose()
    return found


def bench(kind: str, databases: Databases, communes: int, smtp_url: str) -> dict[str, float | str]:
    base = databases.new()
    started = time.perf_counter()
    counts = generate(base, communes, LOADED)
    load_s = time.perf_counter() - started
    env = {**os.environ, "DONDOC_FROM": "dondoc@bench.example.vn", "DONDOC_SECRET": "bench"}
    check = [EXE, "check", "--now", NOW]
    one_url, two_url = databases.new(base), databases.new(base)
    one_s, one_mib = timed([check], {**env, "DONDOC_DB": one_url})
    two_s, two_mib = timed([check, check], {**env, "DONDOC_DB": two_url})
    messages, twice = queued(one_url), queued(two_url)
    assert twice == messages, f"two workers queued {twice} messages, one worker {messages}"
    send_s, send_mib = timed([[EXE, "send", "--now", NOW]], {**env, "DONDOC_DB": one_url, "DONDOC_SMTP_URL": smtp_url})
    return {
        "backend": kind,
        "communes": communes,
        "plans": counts["plans"],
        "occurrences": counts["occurrences"],
        "load s": load_s,
        "check 1 worker s": one_s,
        "check 2 workers s": two_s,
        "messages": messages,
        "send s": send_s,
        "peak MiB": max(one_mib, two_mib, send_mib),
    }


def table(rows: list[dict[str, float | str]]) -> str:
    columns = list(rows[0])
    lines = [
        "| " + " | ".join(columns) + " |",
        "|" + "|".join("---:" if c != "backend" else "---" for c in columns) + "|",
    ]
    for row in rows:
        cells = [
            f"{v:,.1f}" if isinstance(v, float) else f"{v:,}" if isinstance(v, int) else str(v) for v in row.values()
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--communes", type=int, default=3321)
    parser.add_argument("--backends", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"])
    parser.add_argument("--pg-url", help="A PostgreSQL maintenance database URL (default: a throw-away cluster).")
    args = parser.parse_args()
    rows = []
    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="dondoc-national-") as folder:
        smtp_url = stack.enter_context(sink())
        for kind in args.backends:
            admin = None
            if kind == "postgres":
                admin = args.pg_url or stack.enter_context(postgres_server())
            rows.append(bench(kind, Databases(Path(folder), admin), args.communes, smtp_url))
            print(table(rows[-1:]), flush=True)
    print(f"\n{args.communes} communes, loaded {LOADED}, checked and sent {NOW}; {os.cpu_count()} CPUs\n")
    print(table(rows))


if __name__ == "__main__":
    main()
