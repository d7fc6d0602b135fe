"""The period report for the committee (pure): plan + occurrences + events + period + now -> Report.

What a report covers, as a commune office writes one:

- **as of** the period's cut-off (or today, while the period is still running): an item's
  state is what it was that day, rebuilt from its done date and its events;
- **items**: the lead units' occurrences that had begun by then, except those already done
  before the period started (reported last time): what falls due in the period, what is
  carried over unfinished, what is in progress within a later deadline (up to the 120-day
  horizon occurrences are generated for), and ongoing duties;
- **remarks and extensions**: what units said from the start of the period until their
  period reports were due (cut-off + ``reporting.due_offset`` working days, or today);
- the **headline** is the Government Office's figure: overdue items as a share of the items
  whose deadline has passed. **Stopped** items (``Item.stopped``) are apart, in ``stopped``.

Renderers (``formats``) turn the same ``Report`` into Markdown, HTML, DOCX, XLSX and JSON.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import Connection

from . import plans, stops, store
from .calendar import Cadence, Period, WorkCalendar, period_from_label, reporting_period
from .clock import from_store, local_date
from .errors import BadValue
from .occurrences import HORIZON, REPORT
from .plan import Plan
from .status import days_overdue, status_class
from .stops import Stop
from .store.events import PlanEvent
from .store.occurrences import StoredOccurrence
from .vocabulary import EXTENSIONS, EventKind, Role, State

CLASSES = ("done_on_time", "done_late", "on_track", "overdue", "no_deadline")
CADENCE_ORDER = ("weekly", "monthly", "quarterly", "semiannual", "nine_months", "annual")
REMARKS = ("obstacle", "proposal")
FALLBACK: Cadence = "quarterly"  # a plan that lists no cadence is reported on quarterly


@dataclass(frozen=True)
class Update:
    """The latest thing said about an item."""

    on: date
    kind: str
    progress: int | None
    text: str
    actor: str


@dataclass(frozen=True)
class Item:
    """One occurrence as the report sees it on its as-of date."""

    task: str
    title: str
    section: str | None
    unit: str
    unit_name: str
    period: str
    due: date | None
    original_due: date | None
    status_class: str
    progress: int
    done_on: date | None
    days_overdue: int
    last_update: Update | None
    stopped: Stop | None = None  # cancelled or paused on the as-of date, with why


@dataclass(frozen=True)
class UnitRow:
    unit: str
    name: str
    assigned: int
    done: int
    done_late: int
    overdue: int
    on_track: int
    no_deadline: int
    coordinating: int
    report: str | None  # received | missing | pending | None (owes no report for the period)
    stopped: int = 0  # its items stopped (counted in ``assigned``, in no status class)


@dataclass(frozen=True)
class TargetRow:
    target: str
    title: str
    measure: str
    direction: str
    lead: str
    year: int
    milestone: float
    value: float | None
    reported_on: date | None
    attainment: float | None  # percent of the milestone reached (for "down": milestone / value)
    attained: bool | None
    at_risk: bool | None  # None: fewer than two values, no trend to judge
    projected: float | None  # the trend's value at the end of the milestone year
    stopped: Stop | None = None  # cancelled or paused on the as-of date (then never at risk)

    @property
    def assessment(self) -> str:
        """attained | at_risk | on_course | unknown (no value, or no trend yet)."""
        if self.attained:
            return "attained"
        return {True: "at_risk", False: "on_course", None: "unknown"}[self.at_risk]


@dataclass(frozen=True)
class Remark:
    kind: str  # obstacle | proposal
    on: date
    unit: str
    unit_name: str
    task: str | None
    text: str


@dataclass(frozen=True)
class Extension:
    on: date
    task: str
    title: str
    unit: str
    unit_name: str
    decision: str  # requested | approved | refused
    until: date | None
    text: str


@dataclass(frozen=True)
class MissingReport:
    unit: str
    name: str
    due: date | None


@dataclass(frozen=True)
class Headline:
    due: int  # items whose deadline has passed by the as-of date
    overdue: int
    share: float  # overdue / due, in percent (0 when nothing was due)


@dataclass(frozen=True)
class PlanInfo:
    id: str
    code: str
    title: str
    issuer: str
    place: str
    committee: str
    chair: str
    chair_role: str
    language: str


@dataclass(frozen=True)
class EventLine:
    """One event of the report's window, as the XLSX events sheet lists it."""

    on: date
    kind: str
    actor: str
    task: str | None
    unit: str | None
    period: str | None
    progress: int | None
    value: float | None
    text: str
    source: str


class Said(NamedTuple):
    """An event and the local day it happened."""

    on: date
    event: PlanEvent


@dataclass(frozen=True)
class Report:
    plan: PlanInfo
    period: str
    cadence: str
    period_start: date
    period_end: date
    as_of: date
    remarks_until: date
    generated_at: datetime
    headline: Headline
    counts: dict[str, int]
    units: list[UnitRow]
    overdue: list[Item]
    items: list[Item]
    targets: list[TargetRow]
    obstacles: list[Remark]
    proposals: list[Remark]
    extensions: list[Extension]
    missing_reports: list[MissingReport]
    events: list[EventLine] = field(default_factory=list)  # every event of the window, for XLSX
    stopped: list[Item] = field(default_factory=list)  # a cancelled or paused task's items, with why

    def to_json(self) -> dict[str, Any]:
        """The model as JSON values: dates as ISO strings, keys as in the dataclasses."""
        found: dict[str, Any] = _jsonable(asdict(self))
        return found


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):  # datetime too
        return value.isoformat()
    return value


# ---------------------------------------------------------------- periods


def running_period(plan: Plan, today: date) -> Period:
    """The period of the plan's shortest reporting cadence that contains ``today``."""
    cadence: Cadence = min(plan.reporting.cadences or [FALLBACK], key=CADENCE_ORDER.index)
    return reporting_period(cadence, today)


def default_period(plan: Plan, today: date) -> Period:
    """The period whose report is due now: the last closed period of the plan's shortest cadence."""
    period = running_period(plan, today)
    return period if period.end <= today else running_period(plan, period.start - timedelta(days=1))


def period_of(plan: Plan, label: str | None, today: date) -> Period:
    """The period a ``--period`` label names (Decree 09 boundaries), or the default one."""
    return period_from_label(label) if label else default_period(plan, today)


# ---------------------------------------------------------------- the model


def build(
    plan: Plan,
    cal: WorkCalendar,
    period: Period,
    rows: Iterable[StoredOccurrence],
    events: Sequence[PlanEvent],
    now: datetime,
) -> Report:
    """The report of ``period``: ``rows`` are the plan's occurrences, ``events`` its events.

    Each event carries its occurrence's ``task_id``, ``unit_id`` and ``period`` (None for
    plan-level notes and target values); ``at`` is naive UTC as stored.
    """
    tz = plan.plan.timezone
    today = local_date(now, tz)
    as_of = min(today, period.end)
    until = min(today, cal.add_working_days(period.end, plan.reporting.due_offset))
    local = [Said(_local_day(e.at, tz), e) for e in events]
    by_occurrence: dict[int, list[Said]] = {}
    for said in local:
        if said.event.occurrence_id is not None:
            by_occurrence.setdefault(said.event.occurrence_id, []).append(said)
    all_rows = list(rows)
    items: list[Item] = []
    coordinating: dict[str, int] = {}
    for row in all_rows:
        if row.task_id == REPORT or not _begun(row, as_of):
            continue
        if row.role != Role.LEAD:
            if _in_scope(row, tz, period, as_of):
                coordinating[row.unit_id] = coordinating.get(row.unit_id, 0) + 1
            continue
        if _in_scope(row, tz, period, as_of):
            items.append(_item(plan, cal, row, by_occurrence.get(row.id, []), tz, as_of))
    items.sort(key=lambda i: (i.due or date.max, i.task, i.period))
    stopped = [i for i in items if i.stopped]  # apart: in no status class, the headline or overdue
    items = [i for i in items if not i.stopped]
    reports = _reports(all_rows, period, today)
    window = [e for e in local if period.start <= e.on <= until]
    return Report(
        plan=_info(plan),
        period=period.label,
        cadence=period.cadence,
        period_start=period.start,
        period_end=period.end,
        as_of=as_of,
        remarks_until=until,
        generated_at=now,
        headline=_headline(items, as_of),
        counts=class_counts(items),
        units=_units(plan, items + stopped, coordinating, reports),
        overdue=sorted((i for i in items if i.status_class == "overdue"), key=lambda i: -i.days_overdue),
        items=items,
        targets=_targets(plan, [e for e in local if e.event.kind == EventKind.TARGET_VALUE], as_of),
        obstacles=_remarks(plan, window, "obstacle"),
        proposals=_remarks(plan, window, "proposal"),
        extensions=_extensions(plan, window),
        missing_reports=[
            MissingReport(u, plan.unit(u).name, due) for u, (state, due) in reports.items() if state != "received"
        ],
        events=[_event_line(e) for e in window],
        stopped=stopped,
    )


def _info(plan: Plan) -> PlanInfo:
    chair = plan.committee.members[0] if plan.committee.members else None
    return PlanInfo(
        id=plan.id,
        code=plan.plan.code,
        title=plan.plan.title,
        issuer=plan.plan.issuer,
        place=plan.plan.place,
        committee=plan.committee.name,
        chair=chair.name if chair else plan.plan.signer,
        chair_role=chair.role if chair else "",
        language=plan.language,
    )


def _local_day(stored: datetime, timezone: str) -> date:
    """The local day of a stored (naive UTC) moment."""
    return from_store(stored, timezone).date()


def _done_on(row: StoredOccurrence, timezone: str) -> date | None:
    """The local day an occurrence was done, if it is."""
    return _local_day(row.done_at, timezone) if row.state == State.DONE and row.done_at else None


def _begun(row: StoredOccurrence, as_of: date) -> bool:
    return row.period_start is None or row.period_start <= as_of


def _in_scope(row: StoredOccurrence, tz: str, period: Period, as_of: date) -> bool:
    """Begun by the as-of date, not done before the period started, and due within the horizon.

    Occurrences exist up to ``HORIZON`` ahead of the last check: cutting there makes a
    report of a past period the same whenever it is run.
    """
    done_on = _done_on(row, tz)
    within = row.due is None or row.due <= as_of + HORIZON
    return _begun(row, as_of) and within and not (done_on is not None and done_on < period.start)


def _item(
    plan: Plan, cal: WorkCalendar, row: StoredOccurrence, history: list[Said], tz: str, as_of: date
) -> Item:
    done_on = _done_on(row, tz)
    if done_on is not None and done_on > as_of:  # done after the cut-off: in progress that day
        done_on = None
    said = [e for e in history if e.on <= as_of]
    progress = 100 if done_on else _progress(said, row)
    state = "done" if done_on else "in_progress"
    task = plan.task(row.task_id)
    unit = plan.unit(row.unit_id)
    last = max(history, key=lambda e: (e.event.at, e.event.id), default=None)
    stop = stops.of_occurrence(plan, row, as_of, done=done_on is not None)
    return Item(
        task=task.id,
        title=task.title,
        section=task.section,
        unit=unit.id,
        unit_name=unit.name,
        period=row.period,
        due=row.due,
        original_due=row.original_due if row.original_due != row.due else None,
        status_class=status_class(state, row.due, done_on, as_of),
        progress=progress,
        done_on=done_on,
        days_overdue=days_overdue(cal, row.due, stops.overdue_until(stop, done_on), as_of),
        last_update=_update(last) if last else None,
        stopped=stop,
    )


def _progress(said: list[Said], row: StoredOccurrence) -> int:
    """The progress last reported by the as-of date (the row's own when nothing was said since)."""
    for e in reversed(said):
        value = (e.event.payload or {}).get("progress")
        if value is not None:
            return int(value)
    return 0 if row.state == State.DONE else int(row.progress or 0)


def _update(said: Said) -> Update:
    event = said.event
    payload = event.payload or {}
    progress = payload.get("progress")
    progress = None if progress is None else int(progress)
    return Update(said.on, event.kind, progress, payload.get("text") or "", event.actor)


def class_counts(items: Iterable[Item]) -> dict[str, int]:
    """How many items are in each status class, in ``CLASSES`` order."""
    found = dict.fromkeys(CLASSES, 0)
    for item in items:
        found[item.status_class] += 1
    return found


def _headline(items: list[Item], as_of: date) -> Headline:
    due = [i for i in items if i.due is not None and i.due <= as_of]
    overdue = sum(1 for i in due if i.status_class == "overdue")
    return Headline(len(due), overdue, round(100 * overdue / len(due), 1) if due else 0.0)


def _reports(rows: list[StoredOccurrence], period: Period, today: date) -> dict[str, tuple[str, date | None]]:
    """Each unit's periodic report for the period: received, missing (past due) or pending."""
    found: dict[str, tuple[str, date | None]] = {}
    for row in rows:
        if row.task_id == REPORT and row.period == period.label:
            due = row.due
            state = "received" if row.state == State.DONE else "missing" if due and due < today else "pending"
            found[row.unit_id] = (state, due)
    return found


def _units(
    plan: Plan, items: list[Item], coordinating: dict[str, int], reports: dict[str, tuple[str, date | None]]
) -> list[UnitRow]:
    result = []
    for unit in plan.units:
        mine = [i for i in items if i.unit == unit.id]
        if not mine and unit.id not in coordinating and unit.id not in reports:
            continue
        count = class_counts(i for i in mine if not i.stopped)
        result.append(
            UnitRow(
                unit=unit.id,
                name=unit.name,
                assigned=len(mine),
                done=count["done_on_time"] + count["done_late"],
                done_late=count["done_late"],
                overdue=count["overdue"],
                on_track=count["on_track"],
                no_deadline=count["no_deadline"],
                coordinating=coordinating.get(unit.id, 0),
                report=reports[unit.id][0] if unit.id in reports else None,
                stopped=sum(1 for i in mine if i.stopped),
            )
        )
    return result


# ---------------------------------------------------------------- targets


def _targets(plan: Plan, values: list[Said], as_of: date) -> list[TargetRow]:
    rows = []
    for target in plan.targets:
        years = sorted(target.milestones)
        year = next((y for y in years if y >= as_of.year), years[-1])
        milestone = target.milestones[year]
        points = sorted((e.on, float(e.event.payload["value"])) for e in values if e.event.target_id == target.id)
        points = [p for p in points if p[0] <= as_of]
        value = points[-1][1] if points else None
        up = target.direction == "up"
        attained = None if value is None else (value >= milestone if up else value <= milestone)
        projected = _trend(points, date(year, 12, 31))
        stop = stops.of_item(target, as_of)
        at_risk = None if stop else _at_risk(attained, projected, milestone, up)
        rows.append(
            TargetRow(
                target=target.id,
                title=target.title,
                measure=target.measure,
                direction=target.direction,
                lead=target.lead,
                year=year,
                milestone=milestone,
                value=value,
                reported_on=points[-1][0] if points else None,
                attainment=_attainment(value, milestone, up),
                attained=attained,
                at_risk=at_risk,
                projected=None if projected is None else round(projected, 2),
                stopped=stop,
            )
        )
    return rows


def _at_risk(attained: bool | None, projected: float | None, milestone: float, up: bool) -> bool | None:
    """Whether the trend misses the milestone; None when there is no value or no trend yet."""
    if attained is None or attained:
        return None if attained is None else False
    if projected is None:
        return None
    return projected < milestone if up else projected > milestone


def _attainment(value: float | None, milestone: float, up: bool) -> float | None:
    if value is None:
        return None
    if up:
        return round(100 * value / milestone, 1) if milestone else 100.0
    return round(100 * milestone / value, 1) if value else 100.0


def _trend(points: list[tuple[date, float]], at: date) -> float | None:
    """The least-squares line through the reported values, read at ``at`` (None under two days)."""
    if len({d for d, _ in points}) < 2:
        return None
    xs = [d.toordinal() for d, _ in points]
    ys = [v for _, v in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    return my + slope * (at.toordinal() - mx)


# ---------------------------------------------------------------- what units said


def _remarks(plan: Plan, window: list[Said], kind: str) -> list[Remark]:
    """Obstacles (labelled lines and 'blocked' updates) or proposals, oldest first."""
    found = []
    for said in window:
        event = said.event
        payload = event.payload or {}
        label = payload.get("label") or ("obstacle" if event.kind == EventKind.BLOCKED else None)
        if event.kind not in (EventKind.NOTE, EventKind.BLOCKED) or label != kind or not payload.get("text"):
            continue
        unit = event.unit_id or event.actor
        name = next((u.name for u in plan.units if u.id == unit), unit)
        found.append(Remark(kind, said.on, unit, name, event.task_id, payload["text"]))
    return found


def _extensions(plan: Plan, window: list[Said]) -> list[Extension]:
    found = []
    for said in window:
        event = said.event
        if event.kind not in EXTENSIONS or event.task_id is None or event.unit_id is None:
            continue
        payload = event.payload or {}
        until = payload.get("until")
        task, unit = event.task_id, event.unit_id
        found.append(
            Extension(
                on=said.on,
                task=task,
                title=plan.task(task).title,
                unit=unit,
                unit_name=plan.unit(unit).name,
                decision=event.kind.removeprefix("extension_"),
                until=date.fromisoformat(until) if until else None,
                text=payload.get("text") or "",
            )
        )
    return found


def _event_line(said: Said) -> EventLine:
    event = said.event
    payload = event.payload or {}
    return EventLine(
        on=said.on,
        kind=event.kind,
        actor=event.actor,
        task=event.task_id or event.target_id,
        unit=event.unit_id,
        period=event.period,
        progress=payload.get("progress"),
        value=payload.get("value"),
        text=payload.get("text") or "",
        source=event.source or "",
    )


# ---------------------------------------------------------------- the edge


def gather(conn: Connection, plan_id: str, label: str | None, now: datetime) -> Report:
    """Read what a report needs from the store and build it (occurrences must be generated)."""
    plan = plans.current(conn, plan_id)
    today = local_date(now, plan.plan.timezone)
    try:
        period = period_of(plan, label, today)
    except ValueError as exc:
        raise BadValue(str(exc)) from None
    rows = store.occurrences.begun(conn, max(today, period.end), plan_id)
    return build(plan, plans.calendar_of(plan), period, rows, store.events.of_plan(conn, plan_id), now)


def gather_running(conn: Connection, plan_id: str, now: datetime) -> Report:
    """The report of the period in progress, as of ``now`` (the demo's and the dashboard's)."""
    plan = plans.current(conn, plan_id)
    return gather(conn, plan_id, running_period(plan, local_date(now, plan.plan.timezone)).label, now)
