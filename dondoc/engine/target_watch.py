"""Targets followed up (pure): once a period's reports are due, the committee hears once of the
targets at risk and of those whose value was not reported (issue #19 item 6).

The day after a report's due date (``follow_up_day``) the check tells the committee, in one
message per plan and period (``keys.targets``), which targets' trend misses the milestone in view
(``milestones.judge``: a value of 2026 against 2030's milestone is judged by its trend to 2030, and
says so) and which targets no unit gave a value for in the report's window (and those never given
one). A period with nothing to say sends nothing. Stopped targets are left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .calendar import WorkCalendar
from .milestones import Judgement, Point, judge, milestone_of
from .occurrences import report_due
from .plan import Plan, Target
from .reporting import ReportPeriod, report_periods

LOOK_AROUND = timedelta(days=400)  # every report period closes at least once a year


@dataclass(frozen=True, kw_only=True)
class Watched:
    """A target as the committee hears of it."""

    code: str
    title: str
    measure: str
    lead: str  # the lead unit's id
    year: int  # the milestone in view
    milestone: float
    value: float | None
    value_on: date | None
    projected: float | None  # the trend at the end of the milestone's year
    never: bool  # no value was ever reported


@dataclass(frozen=True, kw_only=True)
class FollowUp:
    """What the committee hears after one period's reports were due."""

    period: ReportPeriod
    due: date  # the day the units' reports were due
    at_risk: list[Watched]
    unreported: list[Watched]

    @property
    def says_something(self) -> bool:
        return bool(self.at_risk or self.unreported)


def follow_up_day(plan: Plan, cal: WorkCalendar, period: ReportPeriod) -> date:
    """The working day after the period's reports were due."""
    return cal.add_working_days(report_due(plan, cal, period.end), 1)


def next_review(plan: Plan, cal: WorkCalendar, after: date) -> date | None:
    """The first follow-up day on or after ``after``; None for a plan without targets or periods."""
    if not plan.targets:
        return None
    days = (follow_up_day(plan, cal, p) for p in report_periods(plan, after - LOOK_AROUND, after + LOOK_AROUND))
    return min((d for d in days if d >= after), default=None)


def reviewed(plan: Plan, cal: WorkCalendar, today: date) -> ReportPeriod | None:
    """The period whose follow-up is the latest due by ``today`` (after downtime: only the latest)."""
    found = [p for p in report_periods(plan, today - LOOK_AROUND, today) if follow_up_day(plan, cal, p) <= today]
    return found[-1] if found else None


def follow_up(
    plan: Plan, cal: WorkCalendar, period: ReportPeriod, points: Mapping[str, Sequence[Point]], today: date
) -> FollowUp:
    """The targets at risk and those not reported in the period's window, as of ``today``."""
    at_risk, unreported = [], []
    for target in plan.targets:
        if target.stopped_on(period.end):
            continue
        said = points.get(target.id, [])
        judged = judge(target, milestone_of(target, period.end.year)[0], said, today)
        watched = _watched(target, judged, never=not said)
        if judged.at_risk:
            at_risk.append(watched)
        if not any(period.window_start <= p.on <= today for p in said):
            unreported.append(watched)
    return FollowUp(period=period, due=report_due(plan, cal, period.end), at_risk=at_risk, unreported=unreported)


def _watched(target: Target, judged: Judgement, never: bool) -> Watched:
    return Watched(
        code=target.id,
        title=target.title,
        measure=target.measure,
        lead=target.lead,
        year=judged.year,
        milestone=judged.milestone,
        value=judged.value,
        value_on=judged.value_on,
        projected=judged.projected,
        never=never,
    )
