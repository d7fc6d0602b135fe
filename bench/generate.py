"""Generate national-scale data: N communes x the five seed plans, loaded and expanded.

    python bench/generate.py --communes 3321 --db sqlite:///bench.db --now 2026-03-16

Each commune gets its own copy of every seed plan (ids and addresses rewritten), loaded
through the library API and expanded into occurrences up to the horizon. Prints counts.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from sqlalchemy import func, select

from dondoc.engine import nightly, plans, store
from dondoc.engine.clock import parse_now
from dondoc.engine.store import schema
from dondoc.engine.validate import parse_plan

SEEDS = sorted((Path(__file__).resolve().parent.parent / "dondoc" / "plans").glob("*.yaml"))


def commune_text(text: str, plan_id: str, index: int) -> str:
    """A seed plan's text for commune ``index``: a new plan id and its own mail domain."""
    return text.replace(f"  id: {plan_id}\n", f"  id: c{index:04d}-{plan_id}\n", 1).replace(
        ".example.vn", f".c{index:04d}.example.vn"
    )


def generate(url: str, communes: int, now_text: str) -> dict[str, float]:
    engine = store.connect(url)
    now = parse_now(now_text)
    seeds = [(p.read_text("utf-8"), parse_plan(p.read_bytes(), str(p)).plan.id) for p in SEEDS]
    started = time.perf_counter()
    for index in range(communes):
        for text, plan_id in seeds:
            source = parse_plan(commune_text(text, plan_id, index).encode(), f"c{index}/{plan_id}")
            plans.load(engine, source, now)
    loaded = time.perf_counter()
    nightly.sync_all(engine, now)
    synced = time.perf_counter()
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(schema.occurrences)).scalar_one()
    engine.dispose()
    return {"plans": communes * len(seeds), "occurrences": total, "load_s": loaded - started, "sync_s": synced - loaded}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--communes", type=int, default=3321)
    parser.add_argument("--db", default="sqlite:///bench.db")
    parser.add_argument("--now", default="2026-03-16")
    args = parser.parse_args()
    print(generate(args.db, args.communes, args.now))


if __name__ == "__main__":
    main()
