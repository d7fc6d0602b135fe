"""Which period a report covers: the running one, the last closed one, the next one."""

from __future__ import annotations

from datetime import date, timedelta

from ..calendar import Cadence, Period, period_from_label, reporting_period, reporting_periods
from ..plan import Plan

CADENCE_ORDER = ("weekly", "monthly", "quarterly", "semiannual", "nine_months", "annual")
FALLBACK: Cadence = "quarterly"  # a plan that lists no cadence is reported on quarterly


def shortest_cadence(plan: Plan) -> Cadence:
    return min(plan.reporting.cadences or [FALLBACK], key=CADENCE_ORDER.index)


def running_period(plan: Plan, today: date) -> Period:
    """The period of the plan's shortest reporting cadence that contains ``today``."""
    return reporting_period(shortest_cadence(plan), today)


def default_period(plan: Plan, today: date) -> Period:
    """The period whose report is due now: the last closed period of the plan's shortest cadence."""
    period = running_period(plan, today)
    return period if period.end <= today else running_period(plan, period.start - timedelta(days=1))


def period_of(plan: Plan, label: str | None, today: date) -> Period:
    """The period a ``--period`` label names (Decree 09 boundaries), or the default one."""
    return period_from_label(label) if label else default_period(plan, today)


def next_period(period: Period) -> Period:
    """The period of the same cadence after ``period`` (nine months: the next year's)."""
    cadence: Cadence = period.cadence  # type: ignore[assignment]  # a reporting period's cadence
    later = reporting_periods(cadence, period.end + timedelta(days=1), period.end + timedelta(days=400))
    return next(p for p in later if p.start > period.start)


def recent_periods(plan: Plan, today: date, count: int) -> list[Period]:
    """The running period and the ``count - 1`` before it, newest first (the dashboard's picker)."""
    found = [running_period(plan, today)]
    while len(found) < count:
        found.append(running_period(plan, found[-1].start - timedelta(days=1)))
    return found
