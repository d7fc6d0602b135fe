"""Time `dondoc check` against the raw SQL query that selects the same rows.

    python bench/check.py --sizes 100000 1000000 5000000

For each size, generates (or reuses) a SQLite database with about that many occurrences,
then times, on a copy, night after night: the raw due query alone; the whole check (decide,
record notices, queue digests); and plain sqlite3 writing again the rows that check wrote (its
notices, occurrence updates and digests, in one transaction rolled back): the least that any
check recording the same rows must spend. Prints a table.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import shutil
import sqlite3
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from bench.generate import generate
from dondoc.engine import cli, nightly, plans, store
from dondoc.engine.clock import parse_now
from dondoc.engine.settings import Settings
from dondoc.engine.store import schema

OCCURRENCES_PER_COMMUNE = 950  # measured on the five seed plans at 2026-03-16 (+120 days)


def raw_query_seconds(url: str, day: str) -> tuple[float, int]:
    engine = store.connect(url)
    started = time.perf_counter()
    with engine.connect() as conn:
        rows = sum(1 for _ in store.occurrences.due(conn, parse_now(day).date()))
    return time.perf_counter() - started, rows


def written_before(path: Path) -> tuple[str, int]:
    """Where the notices and the outbox stand before a check: the latest notice time, the last id."""
    with sqlite3.connect(path) as db:
        latest, last = db.execute(
            "SELECT (SELECT max(created_at) FROM notices), (SELECT max(id) FROM outbox)"
        ).fetchone()
    return latest or "", last or 0


def raw_write_seconds(path: Path, before: tuple[str, int]) -> float:
    """Plain sqlite3 writing again what the last check wrote: its notices (under other step names),
    the occurrences they advanced, its digests (under other keys); timed to the end of the writes,
    then rolled back."""
    latest, last = before
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA synchronous=NORMAL")
    notices = db.execute(
        "SELECT occurrence_id, step || '~', outbox_key, created_at FROM notices WHERE created_at > ?", (latest,)
    ).fetchall()
    advanced = db.execute(
        "SELECT steps_done, next_notice_on, id FROM occurrences"
        " WHERE id IN (SELECT occurrence_id FROM notices WHERE created_at > ?)",
        (latest,),
    ).fetchall()
    columns = [c.name for c in schema.outbox.c if c.name != "id"]
    listed = ", ".join(f'"{c}"' for c in columns)
    selected = ", ".join("\"key\" || '~'" if c == "key" else f'"{c}"' for c in columns)
    digests = db.execute(f"SELECT {selected} FROM outbox WHERE id > ?", (last,))
    rows = digests.fetchall()
    started = time.perf_counter()
    db.execute("BEGIN IMMEDIATE")
    db.executemany("INSERT INTO notices (occurrence_id, step, outbox_key, created_at) VALUES (?, ?, ?, ?)", notices)
    db.executemany("UPDATE occurrences SET steps_done = ?, next_notice_on = ? WHERE id = ?", advanced)
    db.executemany(f"INSERT INTO outbox ({listed}) VALUES ({', '.join('?' * len(columns))})", rows)
    seconds = time.perf_counter() - started
    db.execute("ROLLBACK")
    db.close()
    return seconds


def next_day(day: str) -> str:
    return (parse_now(day) + timedelta(days=1)).date().isoformat()


def check_seconds(url: str, day: str) -> tuple[float, int]:
    engine = store.connect(url)
    settings = Settings(sender="dondoc@example.vn")
    plans.forget()  # as cron starts it: a fresh process has parsed no plan yet
    started = time.perf_counter()
    result = nightly.check(engine, parse_now(day), settings)
    return time.perf_counter() - started, result.queued


def main() -> None:
    cli.tune_process()  # as the dondoc command does
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000, 5_000_000])
    parser.add_argument("--now", default="2026-03-16")
    parser.add_argument("--keep", type=Path, default=Path(tempfile.gettempdir()) / "dondoc-bench")
    args = parser.parse_args()
    args.keep.mkdir(parents=True, exist_ok=True)
    header = (
        "occurrences",
        "night",
        "due rows",
        "raw query s",
        "raw writes s",
        "check s",
        "ratio",
        "ratio w",
        "digests",
    )
    print(" ".join(f"{h:>12}" for h in header))
    for size in args.sizes:
        communes = max(1, size // OCCURRENCES_PER_COMMUNE)
        base = args.keep / f"n{communes}.db"
        if not base.exists():
            generate(f"sqlite:///{base}", communes, args.now)
        with tempfile.TemporaryDirectory() as work:
            copy = Path(work) / "d.db"
            shutil.copy(base, copy)
            url = f"sqlite:///{copy}"
            with store.connect(url).connect() as conn:
                total = conn.execute(select(func.count()).select_from(schema.occurrences)).scalar_one()
            # The first night catches up every step since the plans were issued; the next ones are
            # what cron sees every day.
            day = args.now
            for night in ("first", "next", "after"):
                raw, rows = raw_query_seconds(url, day)
                before = written_before(copy)
                full, digests = check_seconds(url, day)
                with multiprocessing.get_context("fork").Pool(1) as pool:  # its rows do not count in the peak below
                    writes = pool.apply(raw_write_seconds, (copy, before))
                ratios = (f"{full / raw:.1f}", f"{full / (raw + writes):.1f}")
                values = (total, night, rows, f"{raw:.3f}", f"{writes:.3f}", f"{full:.3f}", *ratios, digests)
                print(" ".join(f"{v:>12}" for v in values))
                day = next_day(day)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process, the checks (and generating the data) included: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
