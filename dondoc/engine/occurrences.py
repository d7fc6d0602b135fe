"""Occurrences: the unit of tracking, one per (task, unit, period), and their notice steps.

Pure functions of a plan, its calendar and dates. A one-off task has one period (its due
date); a recurring task one per calendar period of its ``repeat`` within its window; an
ongoing task one open-ended occurrence per unit; and every reporting unit of the plan
(``Plan.reporting_units``) owes one report per cut-off date of its Decree-09 reporting periods
(``task = "report"``; periods of several cadences closing the same day make one report, labelled
with the longest: ``reporting.report_periods``).
An external unit owes nothing: it has no occurrence of its own, even as a coordinator.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from .calendar import WorkCalendar, repeat_periods
from .plan import Plan, Task
from .reporting import REPORT, report_periods
from .vocabulary import Role

__all__ = ["REPORT", "Occurrence", "Step", "expected", "next_notice", "plan_start", "report_due", "steps"]
ONGOING = "ongoing"
HORIZON = timedelta(days=120)  # occurrences exist this far ahead of the last check


@dataclass(frozen=True)
class Occurrence:
    """What the plan says one unit owes for one period."""

    task_id: str
    unit_id: str
    period: str
    role: Role
    period_start: date | None
    original_due: date | None
    due: date | None  # in force: after the day-off rule (extensions come from events)


@dataclass(frozen=True)
class Step:
    """One notice an occurrence may trigger: a reminder before, or an escalation after, its due date."""

    name: str  # r7, r3, r1, e1, e5, e10
    kind: Literal["reminder", "escalation"]
    on: date  # the working day it fires
    notify: tuple[str, ...]


def plan_start(plan: Plan, first_loaded: date) -> date:
    """Where a plan's open-ended windows begin: its issue date, else the day it was first loaded."""
    return plan.plan.issued or first_loaded


def expected(plan: Plan, cal: WorkCalendar, start: date, until: date) -> Iterator[Occurrence]:
    """Every occurrence the plan defines whose period begins on or before ``until``.

    A cancelled task defines the periods that began before its ``status_since`` (a one-off task
    its one period), and none when it gives no date: it was cancelled when the revision saying so
    was loaded, and the occurrences stored by then are all it keeps."""
    rule = plan.calendar.deadline_on_day_off
    for task in plan.tasks:
        for period_label, period_start, original in _task_periods(task, start, until):
            if task.status == "cancelled" and not _before(period_start or start, task.status_since):
                continue
            due = cal.deadline_in_force(original, rule) if original else None
            yield Occurrence(task.id, task.lead, period_label, Role.LEAD, period_start, original, due)
            for unit in plan.reached(task.coordinators):
                yield Occurrence(task.id, unit, period_label, Role.COORDINATOR, period_start, original, due)
    yield from _reports(plan, cal, start, until)


def _before(day: date, since: date | None) -> bool:
    return since is not None and day < since


def _task_periods(task: Task, start: date, until: date) -> Iterator[tuple[str, date | None, date | None]]:
    if task.due is not None:
        yield task.due.isoformat(), None, task.due
    elif task.repeat is not None:
        first, last = task.start or start, min(task.end or until, until)
        for period in repeat_periods(task.repeat, first, last):
            yield period.label, period.start, period.end
    else:
        yield ONGOING, task.start, None


def report_due(plan: Plan, cal: WorkCalendar, cut_off: date) -> date:
    """A unit's report is due ``due_offset`` working days after the period's cut-off date."""
    offset = plan.reporting.due_offset
    if offset == 0:
        return cal.deadline_in_force(cut_off, plan.calendar.deadline_on_day_off)
    return cal.add_working_days(cut_off, offset)


def _reports(plan: Plan, cal: WorkCalendar, start: date, until: date) -> Iterator[Occurrence]:
    units = plan.reporting_units
    for period in report_periods(plan, start, until):
        due = report_due(plan, cal, period.end)
        for unit in units:  # a report is open from the day after the previous cut-off
            yield Occurrence(REPORT, unit, period.label, Role.REPORT, period.window_start, due, due)


def steps(plan: Plan, cal: WorkCalendar, role: str, due: date | None) -> list[Step]:
    """The notice steps of an occurrence, in date order (none without a deadline).

    Coordinators get reminders only: the ladder escalates what the lead (or a reporting
    unit) owes, as the committee holds the lead responsible.
    """
    if due is None:
        return []
    found = [
        Step(f"r{n}", "reminder", cal.add_working_days(due, -n), ("self",))
        for n in sorted(set(plan.reminders.before), reverse=True)
    ]
    if role != Role.COORDINATOR:
        found += [
            Step(f"e{s.after}", "escalation", cal.add_working_days(due, s.after), tuple(s.notify))
            for s in plan.escalation
        ]
    return sorted(found, key=lambda s: s.on)


def next_notice(plan: Plan, cal: WorkCalendar, role: str, due: date | None, steps_done: int) -> date | None:
    """The day the next pending step fires, or None when none is left."""
    pending = steps(plan, cal, role, due)[steps_done:]
    return pending[0].on if pending else None
