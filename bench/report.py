"""Time `dondoc report` for one commune and for a province of communes.

    python -m bench.report --communes 100

Generates (or reuses) the national data set of bench/check.py with ``--communes`` communes (each
with the five seed plans), runs the check once so occurrences carry real states, then times
building the report model and rendering each format: for one plan of one commune, and for every
plan of the province. Prints a table.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

from bench.generate import generate
from dondoc.engine import formats, nightly, reports, store
from dondoc.engine.clock import parse_now
from dondoc.engine.settings import Settings


def timed(url: str, plan_ids: list[str], period: str, now: str) -> dict[str, float]:
    """Seconds to build the models, then to render each format, for ``plan_ids``."""
    moment = parse_now(now)
    engine = store.connect(url)
    seconds = dict.fromkeys(["model", *formats.FORMATS], 0.0)
    with engine.connect() as conn:
        for plan_id in plan_ids:
            started = time.perf_counter()
            report = reports.gather(conn, plan_id, period, moment)
            seconds["model"] += time.perf_counter() - started
            for fmt in formats.FORMATS:
                started = time.perf_counter()
                formats.render(report, fmt)
                seconds[fmt] += time.perf_counter() - started
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--now", default="2026-03-20")
    parser.add_argument("--period", default="2026-Q1")
    parser.add_argument("--keep", type=Path, default=Path(tempfile.gettempdir()) / "dondoc-bench")
    args = parser.parse_args()
    args.keep.mkdir(parents=True, exist_ok=True)
    base = args.keep / f"n{args.communes}.db"
    if not base.exists():
        generate(f"sqlite:///{base}", args.communes, args.now)
    with tempfile.TemporaryDirectory() as work:
        copy = Path(work) / "d.db"
        shutil.copy(base, copy)
        url = f"sqlite:///{copy}"
        settings = Settings(db=url, sender="d@x.example.vn", outbox_dir=work)
        nightly.check(store.connect(url), parse_now(args.now), settings)
        with store.connect(url).connect() as conn:
            plan_ids = [p.id for p in store.plans.refs(conn)]
        print(f"{len(plan_ids)} plans, period {args.period}, as of {args.now}\n")
        print("| scope | plans | model s | " + " | ".join(f"{f} s" for f in formats.FORMATS) + " | total s |")
        print("|---|---:|---:|" + "---:|" * (len(formats.FORMATS) + 1))
        for scope, ids in (("one plan", plan_ids[:1]), (f"province ({args.communes} communes)", plan_ids)):
            seconds = timed(url, ids, args.period, args.now)
            cells = " | ".join(f"{seconds[k]:.2f}" for k in ["model", *formats.FORMATS])
            print(f"| {scope} | {len(ids)} | {cells} | {sum(seconds.values()):.2f} |")
    print(f"\npeak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
