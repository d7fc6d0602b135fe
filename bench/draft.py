"""How well `dondoc draft` reads plan documents: each document drafted and compared with its
hand transcription (tasks found, leads, coordinators, timing, target values), then a
100-page document timed.

    python -m bench.draft [--pages 100] [--show-misses]

The seed documents (tests/fixtures/documents/*.txt, transcribed in dondoc/plans/) are
measured apart from the held-out documents (tests/fixtures/documents/heldout/), written
with their references before they were ever drafted."""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path

from dondoc.engine.draft import draft_text, fill_placeholders
from dondoc.engine.draft.agreement import Agreement, compare
from dondoc.engine.validate import parse_plan, read_plan

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ROOT / "tests" / "fixtures" / "documents"
SEEDS = {
    "kim-thanh-mttq-nq57.txt": "kim-thanh-mttq-nq57.yaml",
    "tan-ky-tuyen-truyen-nq57.txt": "tan-ky-tuyen-truyen-nq57.yaml",
    "van-xuan-nq57.txt": "van-xuan-nq57.yaml",
    "gia-loc-nq57.txt": "gia-loc-nq57.yaml",
    "dan-tien-nq71.txt": "dan-tien-nq71.yaml",
}
GOALS = {"recall": 0.95, "precision": 0.95, "leads": 0.90, "timing": 0.90, "values": 1.0}


@dataclass(frozen=True)
class Case:
    document: Path
    reference: Path


def seed_cases() -> list[Case]:
    return [Case(DOCUMENTS / doc, ROOT / "dondoc" / "plans" / ref) for doc, ref in SEEDS.items()]


def heldout_cases() -> list[Case]:
    folder = DOCUMENTS / "heldout"
    return [Case(doc, doc.with_suffix(".yaml")) for doc in sorted(folder.glob("*")) if doc.suffix in (".txt", ".docx")]


def measure(case: Case) -> Agreement:
    text = fill_placeholders(draft_text(case.document))
    drafted = parse_plan(text.encode("utf-8"), f"{case.document.name}.yaml").plan
    return compare(drafted, read_plan(case.reference).plan)


def table(rows: list[tuple[str, Agreement]]) -> str:
    head = (
        f"{'document':<34} {'tasks':>9} {'recall':>7} {'prec.':>7} {'lead':>7} {'coord.':>7} "
        f"{'coordF1':>7} {'timing':>7} {'values':>9} {'val.prec':>8}"
    )
    lines = [head, "-" * len(head)]
    total = Agreement()
    for name, result in rows:
        total.add(result)
        lines.append(_row(name, result))
    lines.append("-" * len(head))
    lines.append(_row("overall", total))
    return "\n".join(lines)


def _row(name: str, a: Agreement) -> str:
    return (
        f"{name:<34} {a.paired:>3}/{a.reference_tasks:<3}/{a.drafted_tasks:<3} {a.recall:>6.1%} {a.precision:>6.1%} "
        f"{a.leads:>6.1%} {a.coordinators:>6.1%} {a.coordinators_f1:>6.1%} {a.timing:>6.1%} "
        f"{a.milestones_exact:>3}/{a.milestones_reference:<3} {a.values_precision:>7.1%}"
    )


def overall(cases: list[Case]) -> Agreement:
    total = Agreement()
    for case in cases:
        total.add(measure(case))
    return total


def long_document(pages: int, folder: Path) -> Path:
    """A plan of about ``pages`` A4 pages: the longest seed's task sections repeated."""
    source = (DOCUMENTS / "gia-loc-nq57.txt").read_text("utf-8")
    head, body = source.split("IV. NHIỆM VỤ VÀ GIẢI PHÁP", 1)
    tasks, tail = body.split("Trên đây là", 1)
    lines_per_page = 46
    repeats = max(1, pages * lines_per_page // max(1, len([ln for ln in tasks.splitlines() if ln.strip()])))
    romans = [
        "IV",
        "V",
        "VI",
        "VII",
        "VIII",
        "IX",
        "X",
        "XI",
        "XII",
        "XIII",
        "XIV",
        "XV",
        "XVI",
        "XVII",
        "XVIII",
        "XIX",
        "XX",
        "XXI",
        "XXII",
        "XXIII",
        "XXIV",
        "XXV",
        "XXVI",
        "XXVII",
        "XXVIII",
        "XXIX",
        "XXX",
    ]
    parts = [
        f"{romans[i % len(romans)]}. NHIỆM VỤ VÀ GIẢI PHÁP {i + 1}{tasks.split('V. TỔ CHỨC THỰC HIỆN')[0]}"
        for i in range(repeats)
    ]
    path = folder / f"plan-{pages}-pages.txt"
    path.write_text(head + "".join(parts) + "Trên đây là" + tail, "utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    for title, cases in (("Seed documents", seed_cases()), ("Held-out documents", heldout_cases())):
        rows = [(case.document.name, measure(case)) for case in cases]
        print(f"\n{title}\n{table(rows)}")
        if args.show_misses:
            for name, result in rows:
                for miss in result.misses:
                    print(f"  {name}: {miss}")
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = long_document(args.pages, Path(folder))
        started = time.perf_counter()
        text = draft_text(path)
        elapsed = time.perf_counter() - started
        tasks = text.count('\n  - id: "')
        print(
            f"\n{args.pages}-page document ({path.stat().st_size // 1024} KiB, {tasks} tasks): "
            f"drafted in {elapsed:.2f} s"
        )


if __name__ == "__main__":
    main()
