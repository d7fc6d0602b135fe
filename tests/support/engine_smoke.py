"""Run a plan through the engine's pure functions, in memory, as the nightly check would.

A plan that validation accepts must run: any exception here is a validation gap.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dondoc.engine import plans, reports
from dondoc.engine.checks import OccurrenceRow, plan_actions
from dondoc.engine.emails import Sender, digest_entry, render_digest
from dondoc.engine.occurrences import HORIZON, expected, next_notice, plan_start
from dondoc.engine.plan import Plan
from dondoc.engine.status import days_overdue

SENDER = Sender("dondoc@xa.example.vn", "secret")


def run_engine(plan: Plan, todays: Iterable[date] = (), *, first_loaded: date = date(2026, 1, 5)) -> int:
    """Generate the plan's occurrences up to each day's horizon, their notice steps, and
    the check's decisions as if nothing had been answered; on the last day, write a few of
    its digests and its period report; return how many occurrences the last day has. By
    default the days are the plan's start and two years after."""
    cal = plans.calendar_of(plan)
    start = plan_start(plan, first_loaded)
    found = 0
    for today in list(todays) or [start, start + timedelta(days=365), start + timedelta(days=730)]:
        occurrences = list(expected(plan, cal, start, today + HORIZON))
        keys = {(o.task_id, o.unit_id, o.period) for o in occurrences}
        assert len(keys) == len(occurrences), "two occurrences share a key: the store would keep one"
        rows = [
            OccurrenceRow(i, o.task_id, o.unit_id, o.period, o.role, o.due, o.original_due, "not_started", 0, 0)
            for i, o in enumerate(occurrences)
            if o.due is not None
        ]
        for row in rows:
            next_notice(plan, cal, row.role, row.due, 0)
            days_overdue(cal, row.due, None, today)
        _, digests = plan_actions(plan, cal, rows, today)
        found = len(occurrences)
    now = datetime.combine(today, time(7, 30), ZoneInfo(plan.plan.timezone))
    for digest in digests[:3]:  # what the last day's emails would say, written out
        render_digest(plan, digest_entry(plan, cal, digest, today, "xa.example.vn"), now, SENDER)
    reports.build(plan, cal, reports.default_period(plan, today), [], [], now)
    return found
