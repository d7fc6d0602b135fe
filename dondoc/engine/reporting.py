"""The reporting cycle (pure): which report a unit owes at each cut-off, what it must report on,
and what it has not answered yet (docs/plan-format.md, "The reporting cycle").

- **Report periods.** Every cadence of ``reporting.cadences`` closes periods (Decree 09/2019); the
  periods of several cadences that share a cut-off date (quarter II and the first half on 14/06;
  quarter IV, the second half and the year on 14/12) are answered by ONE report, labelled with the
  longest of them, as offices write "báo cáo quý II và 6 tháng đầu năm". Its *window* runs from the
  day after the previous cut-off (the start of the shortest period it answers) to its cut-off.
- **Items.** A unit's report covers the tasks it leads or coordinates that have begun by the
  cut-off, are not stopped on it, and were not finished before the window opened (ongoing duties,
  recurring tasks with a period in the window, one-off tasks due in the window or still open), and
  the targets it leads. A unit with nothing to report on owes its narrative report (``REPORT``).
- **Standing.** An item is answered once the unit has said anything about it for the report (a
  line, a form row, the secretariat's update); the report is complete when nothing is missing, or
  when a document came as the unit's narrative report. Progress is the answered share.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from .calendar import CADENCES, Period, period_from_label, repeat_periods, reporting_period, reporting_periods
from .milestones import milestone_of
from .payloads import LastAnswer, ReportRequest, RequestItem
from .plan import Plan, Task
from .vocabulary import ItemKind, Role

REPORT = "report"  # the task id of a periodic report, and the code of a narrative report owed
RANK = {cadence: rank for rank, cadence in enumerate(CADENCES)}  # weekly < ... < annual


@dataclass(frozen=True, kw_only=True)
class ReportPeriod:
    """The period one report answers: the longest of the periods closing on its cut-off (``end``)."""

    label: str
    cadence: str
    start: date
    end: date  # the cut-off date
    window_start: date  # the day after the previous cut-off: what is new in this report
    covers: tuple[str, ...]  # the labels of every period it answers, longest first


def merged(periods: Sequence[Period]) -> ReportPeriod:
    """One report for periods that share a cut-off date."""
    ordered = sorted(periods, key=lambda p: -RANK[p.cadence])
    longest = ordered[0]
    return ReportPeriod(
        label=longest.label,
        cadence=longest.cadence,
        start=longest.start,
        end=longest.end,
        window_start=max(p.start for p in ordered),
        covers=tuple(p.label for p in ordered),
    )


def report_periods(plan: Plan, start: date, until: date) -> Iterator[ReportPeriod]:
    """The plan's reports whose longest period begins on or before ``until``, by cut-off."""
    by_end: dict[date, list[Period]] = {}
    for cadence in plan.reporting.cadences:
        for period in reporting_periods(cadence, start, until):
            by_end.setdefault(period.end, []).append(period)
    for end in sorted(by_end):
        yield merged(by_end[end])


def report_period(plan: Plan, label: str) -> ReportPeriod:
    """The report a stored report occurrence's label names (its cut-off's periods, as the plan's
    cadences close them now); raises ValueError for a label that names no period."""
    named = period_from_label(label)
    closing = [reporting_period(c, named.end) for c in plan.reporting.cadences]
    return merged([named, *(p for p in closing if p.end == named.end and p.label != named.label)])


# ---------------------------------------------------------------- items


@dataclass(frozen=True, kw_only=True)
class ReportItem:
    """One thing a unit must report on in one report."""

    code: str
    kind: ItemKind
    role: Role  # lead or coordinator (a narrative report: REPORT)
    periods: tuple[str, ...] = ()  # a recurring task's periods in the window (calendar labels)


NARRATIVE = ReportItem(code=REPORT, kind=ItemKind.REPORT, role=Role.REPORT)


def report_items(
    plan: Plan, unit_id: str, period: ReportPeriod, *, start: date, done: Mapping[str, date]
) -> list[ReportItem]:
    """What ``unit_id`` must report on in ``period``: its tasks, then the targets it leads.

    ``start``: where the plan's open windows begin (``occurrences.plan_start``); ``done``: the day
    each one-off task was finished, for this unit (by its lead, or by the unit as coordinator)."""
    found: list[ReportItem] = []
    for task in plan.tasks:
        role = Role.LEAD if task.lead == unit_id else Role.COORDINATOR if unit_id in task.coordinators else None
        if role is None or task.stopped_on(period.end):
            continue
        periods = _open_periods(task, period, start, done)
        if periods is not None:
            found.append(ReportItem(code=task.id, kind=ItemKind.TASK, role=role, periods=periods))
    for target in plan.targets:
        if target.lead == unit_id and not target.stopped_on(period.end):
            found.append(ReportItem(code=target.id, kind=ItemKind.TARGET, role=Role.LEAD))
    return found or [NARRATIVE]


def _open_periods(task: Task, period: ReportPeriod, start: date, done: Mapping[str, date]) -> tuple[str, ...] | None:
    """The task's periods the report asks about (``()`` for a one-off or ongoing task), or None when
    the report does not ask about the task."""
    if task.due is not None:
        finished = done.get(task.id)
        return None if finished is not None and finished < period.window_start else ()
    first = max(task.start or start, period.window_start)
    last = min(task.end or period.end, period.end)
    if last < first:
        return None  # not begun by the cut-off, or over before the window opened
    if task.repeat is None:
        return ()
    return tuple(p.label for p in repeat_periods(task.repeat, first, last))


# ---------------------------------------------------------------- standing


@dataclass(frozen=True)
class Standing:
    """Where one report occurrence stands: its items, those answered, and whether a document came."""

    items: tuple[ReportItem, ...]
    answered: frozenset[str]
    document: bool = False

    @property
    def missing(self) -> list[str]:
        """The codes not answered yet, in the items' order (none once a document came)."""
        return [] if self.document else [i.code for i in self.items if i.code not in self.answered]

    @property
    def done(self) -> int:
        return len(self.items) - len(self.missing)

    @property
    def progress(self) -> int:
        """The answered share, in percent."""
        return 100 if not self.missing else round(100 * self.done / len(self.items))

    @property
    def complete(self) -> bool:
        return not self.missing


# ---------------------------------------------------------------- the request


def request(
    plan: Plan,
    period: ReportPeriod,
    standing: Standing,
    last: Mapping[str, LastAnswer],
    values: Mapping[str, tuple[float, date]],
) -> ReportRequest:
    """What a unit's digest says of one report: its period and the items still missing, each with
    what the unit last reported (``last``, by code) and, for a target, its last value (``values``)."""
    missing = set(standing.missing)
    items = [_requested(plan, item, period, last.get(item.code), values) for item in standing.items]
    return ReportRequest(
        period=period.label,
        covers=list(period.covers),
        start=period.start,
        end=period.end,
        total=len(standing.items),
        answered=standing.done,
        items=[i for i in items if i.code in missing],
    )


def _requested(
    plan: Plan,
    item: ReportItem,
    period: ReportPeriod,
    last: LastAnswer | None,
    values: Mapping[str, tuple[float, date]],
) -> RequestItem:
    if item.kind == ItemKind.REPORT:
        return RequestItem(code=REPORT, kind=item.kind, title="", role=item.role, last=last)
    if item.kind == ItemKind.TASK:
        title, periods = plan.task(item.code).title, list(item.periods)
        return RequestItem(code=item.code, kind=item.kind, title=title, role=item.role, periods=periods, last=last)
    target = next(t for t in plan.targets if t.id == item.code)
    year, milestone = milestone_of(target, period.end.year)
    value, on = values.get(item.code, (None, None))
    return RequestItem(
        code=item.code,
        kind=item.kind,
        title=target.title,
        role=item.role,
        last=last,
        measure=target.measure,
        milestone_year=year,
        milestone=milestone,
        last_value=value,
        last_value_on=on,
    )
