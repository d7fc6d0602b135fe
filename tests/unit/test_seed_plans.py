"""The five seed documents, transcribed in plans/, are valid plans with real content."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from dondoc.engine.occurrences import REPORT, expected
from dondoc.engine.plans import calendar_of
from dondoc.engine.validate import read_plan
from tests.support.paths import DOCUMENTS, PLANS  # DOCUMENTS holds copies of the seed texts

SEEDS = {
    "kim-thanh-mttq-nq57": "000_19392b43ca0e2795.txt",
    "tan-ky-tuyen-truyen-nq57": "001_599092ec2e162244.txt",
    "van-xuan-nq57": "002_0f0d24a244e237fa.txt",
    "gia-loc-nq57": "003_6cab48d7526b3f51.txt",
    "dan-tien-nq71": "004_0639612d418ec4a4.txt",
}


def test_there_is_one_plan_per_seed_document() -> None:
    assert sorted(p.stem for p in PLANS) == sorted(SEEDS)


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
def test_seed_plan_is_valid_and_cites_its_document(path: Path) -> None:
    plan = read_plan(path).plan
    head = path.read_text("utf-8").splitlines()[0]
    assert head.startswith("# "), "the file starts with a comment citing the document"
    assert SEEDS[path.stem] in path.read_text("utf-8")
    assert plan.tasks and plan.units and plan.committee.members
    emails = [e for u in plan.units for e in u.email] + [m.email for m in plan.committee.members]
    assert all(e.endswith(".example.vn") for e in emails)
    used = {t.lead for t in plan.tasks} | {c for t in plan.tasks for c in t.coordinators}
    assert used <= {u.id for u in plan.units}


@pytest.mark.parametrize("stem", ["van-xuan-nq57", "gia-loc-nq57"])
def test_documents_with_many_targets_keep_their_milestones(stem: str) -> None:
    plan = read_plan(Path(PLANS[0]).parent / f"{stem}.yaml").plan
    assert len(plan.targets) >= 10
    assert sum(len(t.milestones) for t in plan.targets) > len(plan.targets)  # several milestone years


# --- who reports, and who is never written to (issue #19) -----------------------------------------

# What each document's reporting sentence names ("... định kỳ ... báo cáo ... về ..."), as unit ids.
REPORTING = {
    "kim-thanh-mttq-nq57": {"mttq", "to-chuc-thanh-vien", "to-chuc-ctxh", "chi-bo", "bctmt", "chuyen-vien-mttq"},
    "tan-ky-tuyen-truyen-nq57": {"vhxh", "ttdv", "kinh-te", "bbt-cong-ttdt"},
    "van-xuan-nq57": {"vhxh", "ttdvth", "phong-cm", "co-quan-don-vi", "truong-hoc"},
    "gia-loc-nq57": {"vp-dang-uy", "bxd", "ubkt", "ubnd", "hdnd", "mttq"},
    "dan-tien-nq71": {"vhxh", "co-quan-don-vi", "truong-hoc", "cong-an-xa"},
}
# Tasks that only restated the periodic reports, removed; and the dated goals without a figure, kept as tasks.
REMOVED = {"gia-loc-nq57": {"V.1.4", "V.3.5"}, "dan-tien-nq71": {"IV.1.c"}, "tan-ky-tuyen-truyen-nq57": {"III.1.d"}}
DATED_GOALS = {
    "gia-loc-nq57": {"III.2.1.a.3": 2025, "III.2.1.e.10": 2025, "III.2.2.e.8": 2030, "III.2.2.e.9": 2030},
    "van-xuan-nq57": {"II.2.1.b.4": 2025, "II.2.1.c.1": 2025, "II.2.1.c.2": 2025, "II.2.1.d.10": 2025},
}


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
def test_only_the_units_the_document_asks_report(path: Path) -> None:
    plan = read_plan(path).plan
    assert plan.reporting.from_ is not None, "each seed says who reports, from its document"
    assert set(plan.reporting_units) == REPORTING[path.stem]
    occurrences = list(expected(plan, calendar_of(plan), date(2026, 1, 1), date(2026, 12, 31)))
    assert {o.unit_id for o in occurrences if o.task_id == REPORT} == REPORTING[path.stem]


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
def test_external_bodies_have_no_invented_address_and_owe_nothing(path: Path) -> None:
    plan = read_plan(path).plan
    external = {u.id for u in plan.units if u.external}
    assert external, "every seed names a partner outside the issuer's authority"
    assert all(not u.email and u.head is None for u in plan.units if u.external)
    coordinating = [*(t.coordinators for t in plan.tasks), *(t.coordinators for t in plan.targets)]
    assert external <= {c for coordinators in coordinating for c in coordinators}
    occurrences = expected(plan, calendar_of(plan), date(2025, 1, 1), date(2031, 1, 1))
    assert not [o for o in occurrences if o.unit_id in external]


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
def test_place_is_the_date_line_the_document_prints(path: Path) -> None:
    text = (DOCUMENTS / f"{path.stem}.txt").read_text("utf-8")
    printed = re.search(r"^\s*([^\d,\n]+), ngày", text, re.M)
    assert read_plan(path).plan.plan.place == (printed.group(1).strip() if printed else "")


@pytest.mark.parametrize("stem", sorted(REMOVED))
def test_tasks_that_restated_the_periodic_report_are_gone(stem: str) -> None:
    plan = read_plan(Path(PLANS[0]).parent / f"{stem}.yaml").plan
    assert not REMOVED[stem] & set(plan.tasks_by_id)


@pytest.mark.parametrize("stem", sorted(DATED_GOALS))
def test_dated_goals_without_a_figure_are_tasks_due_at_the_end_of_their_year(stem: str) -> None:
    plan = read_plan(Path(PLANS[0]).parent / f"{stem}.yaml").plan
    for task_id, year in DATED_GOALS[stem].items():
        assert plan.task(task_id).due == date(year, 12, 31)
