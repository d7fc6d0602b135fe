"""What the chairman sees of each plan on the dashboard's home page (pure): the running
period's report, a red/amber/green status, the overdue share week by week, and who has not
sent the last period's report.

Every figure comes from ``figures`` through the report of the running period, so the home
page, the plan page and the report of the same period always agree.

**Status** (``Rag``), from the running period's figures:

- red: an overdue share of 20 % or more, or a target whose milestone year has passed unmet;
- amber: any overdue item, any item blocked, or a target at risk of missing its milestone;
- green: none of these.

**Scorecard** (bảng xếp hạng thi đua): each unit's on-time rate since 1 January (items done on
time over the items done or overdue), the highest first; a unit with nothing fallen due is not
ranked.

**Trend**: the overdue share at each of the last twelve week ends (Sundays; the last point
is today), each computed as the report of the period running that day would have shown it,
from the stored occurrences (their deadlines and done dates) alone: nothing is stored per
week. An extension counts from the start (the deadline in force today).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from . import figures
from .calendar import WorkCalendar
from .clock import local_date
from .figures import ReportState, Window
from .plan import Plan
from .reports import Report, build
from .reports.periods import default_period, running_period
from .store.entries import Kept
from .store.events import PlanEvent
from .store.occurrences import StoredOccurrence

RED_SHARE = 20.0  # percent overdue of the items fallen due
WEEKS = 12


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"


@dataclass(frozen=True, kw_only=True)
class Point:
    on: date
    share: float
    overdue: int
    due: int


@dataclass(frozen=True, kw_only=True)
class Owing:
    """A unit whose report of the last closed period is past due."""

    unit: str
    name: str
    period: str
    due: date | None


@dataclass(frozen=True, kw_only=True)
class Standing:
    """A unit's line of the scorecard."""

    unit: str
    name: str
    figures: figures.Figures  # since 1 January
    rate: float  # on-time rate, percent


@dataclass(frozen=True, kw_only=True)
class PlanOverview:
    plan: Plan
    report: Report  # the running period's, as of now
    rag: Rag
    trend: tuple[Point, ...]
    owing: tuple[Owing, ...]
    last_period: str  # the last closed period (whose reports are due now)
    scorecard: tuple[Standing, ...]


def overview(
    plan: Plan,
    cal: WorkCalendar,
    rows: Sequence[StoredOccurrence],
    events: Sequence[PlanEvent],
    now: datetime,
    answers: Sequence[Kept] = (),
) -> PlanOverview:
    today = local_date(now, plan.plan.timezone)
    report = build(plan, cal, running_period(plan, today), rows, events, now, answers)
    closed = default_period(plan, today)
    owing = [
        Owing(unit=unit, name=plan.unit(unit).name, period=closed.label, due=due)
        for unit, (state, due) in figures.reports(rows, closed.label, today).items()
        if state == ReportState.MISSING
    ]
    return PlanOverview(
        plan=plan,
        report=report,
        rag=rag(report),
        trend=tuple(trend(plan, rows, today)),
        owing=tuple(owing),
        last_period=closed.label,
        scorecard=tuple(scorecard(plan, rows, today)),
    )


def rag(report: Report) -> Rag:
    """The plan's status (see the module docstring)."""
    f = report.figures
    assessments = {t.assessment for t in report.targets}
    if f.share >= RED_SHARE or "missed" in assessments:
        return Rag.RED
    if f.overdue or report.blocked or "at_risk" in assessments:
        return Rag.AMBER
    return Rag.GREEN


def week_ends(today: date, weeks: int = WEEKS) -> list[date]:
    """Today and the Sundays before it, ``weeks`` days in all, oldest first."""
    sunday = today - timedelta(days=(today.weekday() + 1) % 7 or 7)
    return [*(sunday - timedelta(weeks=k) for k in range(weeks - 2, -1, -1)), today]


def trend(plan: Plan, rows: Sequence[StoredOccurrence], today: date) -> list[Point]:
    """The overdue share at each week end (see the module docstring)."""
    tz = plan.plan.timezone
    points = []
    for day in week_ends(today):
        window = Window(start=running_period(plan, day).start, as_of=day)
        stopped = plan.stopped_tasks(day)
        f = figures.count(rows, window, tz, stopped)
        points.append(Point(on=day, share=f.share, overdue=f.overdue, due=f.due))
    return points


def scorecard(plan: Plan, rows: Sequence[StoredOccurrence], today: date) -> list[Standing]:
    """The units ranked by their on-time rate since 1 January (see the module docstring)."""
    window = Window(start=date(today.year, 1, 1), as_of=today)
    stopped = plan.stopped_tasks(today)
    found = [
        Standing(unit=unit, name=plan.unit(unit).name, figures=f, rate=f.on_time_rate)
        for unit, f in figures.by_unit(rows, window, plan.plan.timezone, stopped).items()
        if f.on_time_rate is not None
    ]
    return sorted(found, key=lambda s: (-s.rate, -(s.figures.done + s.figures.overdue), s.name))
