"""The reporting cycle over a simulated year of each seed plan (issue #19, "Done when"): every
reporting unit is asked, each period, about every one of its tasks and targets, and no external
body receives anything.

What a unit owes is worked out here from the plan alone, independently of ``reporting``: the tasks
it leads or coordinates that run during the report's window (a one-off task is owed until done:
nobody answers in this simulation) and the targets it leads.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from dondoc.engine import nightly, plans, store
from dondoc.engine.calendar import reporting_periods
from dondoc.engine.payloads import Queued
from dondoc.engine.plan import Plan
from dondoc.engine.settings import Settings
from dondoc.engine.validate import read_plan
from tests.support.paths import PLANS

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SETTINGS = Settings(sender="dondoc@ubnd.example.vn", secret="year")
LOADED, LAST = date(2026, 1, 1), date(2026, 12, 31)


def windows(plan: Plan) -> dict[date, date]:
    """Each cut-off date of 2026 and the day after the previous one (the report's window)."""
    ends: dict[date, date] = {}
    for cadence in plan.reporting.cadences:
        for period in reporting_periods(cadence, date(2025, 12, 1), LAST):
            ends[period.end] = max(ends.get(period.end, period.start), period.start)
    return {end: start for end, start in ends.items() if LOADED <= end <= date(2026, 12, 14)}


def owed(plan: Plan, unit: str, start: date, end: date) -> set[str]:
    found = set()
    for task in plan.tasks:
        if unit not in (task.lead, *task.coordinators) or task.stopped_on(end):
            continue
        first, last = task.start or plan.plan.issued or LOADED, task.end or end
        if task.due is not None or (first <= end and last >= start):
            found.add(task.id)
    return found | {t.id for t in plan.targets if t.lead == unit and not t.stopped_on(end)}


def a_year(store_url: str, path: Path) -> tuple[Plan, list[Queued]]:
    engine = store.connect(store_url)
    plan = read_plan(path).plan
    plans.load(engine, read_plan(path), datetime.combine(LOADED, time(7, 30), TZ))
    sent: list[Queued] = []
    day = LOADED
    while day <= LAST:
        nightly.check(engine, datetime.combine(day, time(7, 30), TZ), SETTINGS, each=sent.append)
        day += timedelta(1)
    return plan, sent


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
def test_a_year_asks_every_reporting_unit_about_everything_it_owes(store_url: str, path: Path) -> None:
    plan, sent = a_year(store_url, path)
    external = {u.id for u in plan.units if u.external}
    assert not [m for m in sent if m.audience.unit_id in external]
    assert not {a for m in sent for a in m.recipients} & {a for u in plan.units if u.external for a in u.email}
    asked: dict[tuple[str, date], set[str]] = {}
    for message in sent:
        for item in message.listed():
            if item.request is not None and message.audience.unit_id == item.unit:
                asked.setdefault((item.unit, item.request.end), set()).update(r.code for r in item.request.items)
    coverage = []
    for unit in plan.reporting_units:
        for end, start in windows(plan).items():
            expected = owed(plan, unit, start, end)
            got = asked.get((unit, end), set())
            assert expected <= got, f"{unit}, report of {end}: never asked about {sorted(expected - got)}"
            coverage.append((len(expected & got), len(expected)))
    total = sum(n for _, n in coverage)
    print(f"{path.stem}: {len(coverage)} requests, {sum(a for a, _ in coverage)}/{total} items asked")
    assert total > 0 and all(a == n for a, n in coverage)
