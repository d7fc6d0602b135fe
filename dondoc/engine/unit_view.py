"""What one unit owes and what it did (pure): the dashboard's unit page.

- **owes**: every occurrence of the unit (led, coordinated, its periodic reports) not done on
  the day: overdue, due within the next ``AHEAD`` days, or ongoing; by deadline, the ongoing
  last, each with its class (``figures.status_of``) and the last day the unit said something
  about it;
- **periods**: the unit's figures in each of the plan's last reporting periods (those of its
  shortest cadence) and whether it sent that period's report;
- **history**: what it said, newest first, at the plan's local time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from . import figures
from .calendar import WorkCalendar
from .clock import from_store, local_date
from .figures import ReportState, Window
from .occurrences import REPORT
from .plan import Plan
from .reports.periods import recent_periods
from .status import days_overdue
from .store.events import PlanEvent
from .store.occurrences import StoredOccurrence
from .vocabulary import Role

AHEAD = timedelta(days=30)
PERIODS = 6
HISTORY = 60


@dataclass(frozen=True, kw_only=True)
class Owed:
    task: str  # "report" for a periodic report
    title: str
    period: str
    role: str  # lead | coordinator | report
    due: date | None
    status_class: str
    days_overdue: int
    last_said: date | None


@dataclass(frozen=True, kw_only=True)
class PeriodLine:
    label: str
    start: date
    end: date
    figures: figures.Figures
    report: ReportState | None


@dataclass(frozen=True, kw_only=True)
class Said:
    at: datetime  # local
    kind: str
    task: str | None
    period: str | None
    progress: int | None
    value: float | None
    text: str


@dataclass(frozen=True, kw_only=True)
class UnitView:
    unit: str
    name: str
    owes: tuple[Owed, ...]
    periods: tuple[PeriodLine, ...]
    history: tuple[Said, ...]


def unit_view(
    plan: Plan,
    cal: WorkCalendar,
    unit: str,
    rows: Sequence[StoredOccurrence],
    events: Sequence[PlanEvent],
    now: datetime,
) -> UnitView:
    """The unit's page: ``rows`` are its occurrences begun by today, ``events`` its plan's."""
    tz = plan.plan.timezone
    today = local_date(now, tz)
    mine = [e for e in events if unit in (e.unit_id, e.actor)]
    last: dict[int, date] = {}
    for event in mine:
        if event.occurrence_id is not None:
            last[event.occurrence_id] = figures.local_day(event.at, tz)
    return UnitView(
        unit=unit,
        name=plan.unit(unit).name,
        owes=tuple(_owes(plan, cal, rows, last, today)),
        periods=tuple(_periods(plan, rows, today)),
        history=tuple(_said(e, tz) for e in sorted(mine, key=lambda e: (e.at, e.id), reverse=True)[:HISTORY]),
    )


def _owes(
    plan: Plan, cal: WorkCalendar, rows: Sequence[StoredOccurrence], last: dict[int, date], today: date
) -> list[Owed]:
    tz = plan.plan.timezone
    stopped = plan.stopped_tasks(today)
    found = []
    for row in rows:
        if figures.done_on(row, tz, today) is not None or (row.due is not None and row.due > today + AHEAD):
            continue
        status = figures.status_of(row, today, tz, stopped)
        found.append(
            Owed(
                task=row.task_id,
                title=plan.task(row.task_id).title if row.task_id != REPORT else "",
                period=row.period,
                role=row.role,
                due=row.due,
                status_class=status,
                days_overdue=days_overdue(cal, row.due, None, today) if status == "overdue" else 0,
                last_said=last.get(row.id),
            )
        )
    return sorted(found, key=lambda o: (o.due is None, o.due or date.max, o.task))


def _periods(plan: Plan, rows: Sequence[StoredOccurrence], today: date) -> list[PeriodLine]:
    tz = plan.plan.timezone
    led = [r for r in rows if r.role == Role.LEAD]
    found = []
    for period in recent_periods(plan, today, PERIODS):
        as_of = min(today, period.end)
        stopped = plan.stopped_tasks(as_of)
        counted = figures.count(led, Window(start=period.start, as_of=as_of), tz, stopped)
        state = next(iter(figures.reports(rows, period.label, today).values()), (None, None))[0]
        found.append(PeriodLine(label=period.label, start=period.start, end=period.end, figures=counted, report=state))
    return found


def _said(event: PlanEvent, tz: str) -> Said:
    payload = event.payload or {}
    progress, value = payload.get("progress"), payload.get("value")
    return Said(
        at=from_store(event.at, tz),
        kind=str(event.kind),
        task=event.task_id or event.target_id,
        period=event.period,
        progress=None if progress is None else int(progress),
        value=None if value is None else float(value),
        text=payload.get("text") or "",
    )
