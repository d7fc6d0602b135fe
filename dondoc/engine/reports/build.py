"""The report of a period (pure): plan + occurrences + events + period + now -> ``Report``.

What a report covers, as a commune office writes one:

- **as of** the period's cut-off (or today, while the period is still running): an item's
  state is what it was that day, rebuilt from its done date and its events;
- **items** and every figure are those of ``figures`` for the period's window;
- **what units said** (``said.statements``): what they answered for the reports whose cut-off
  falls in the period (whenever it came), and what else they said from the start of the period
  until their period reports were due (cut-off + ``reporting.due_offset`` working days, or today);
- **the next period**: its deadlines, report due dates and milestones, from the plan itself.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from .. import figures
from ..calendar import Period, WorkCalendar, period_from_label
from ..clock import local_date
from ..figures import StatusClass, Window
from ..occurrences import REPORT, expected, plan_start
from ..plan import Plan
from ..store.entries import Kept
from ..store.events import PlanEvent
from ..store.occurrences import StoredOccurrence
from ..vocabulary import EXTENSIONS, EventKind, Role
from . import said as units_said
from . import tasks
from .model import (
    Extension,
    Item,
    Member,
    MissingReport,
    NextPeriod,
    Owed,
    PlanInfo,
    Remark,
    RemarkGroup,
    Report,
    Statement,
    UnitRow,
    Upcoming,
)
from .periods import next_period
from .said import Answer, Said
from .targets import target_rows
from .timeline import event_line


def build(
    plan: Plan,
    cal: WorkCalendar,
    period: Period,
    rows: Iterable[StoredOccurrence],
    events: Sequence[PlanEvent],
    now: datetime,
    answers: Sequence[Kept] = (),
) -> Report:
    """The report of ``period``: ``rows`` are the plan's occurrences, ``events`` its events,
    ``answers`` the answers kept for its reports (``store.entries``).

    Each event carries its occurrence's ``task_id``, ``unit_id`` and ``period`` (None for
    plan-level notes and target values); ``at`` is naive UTC as stored.
    """
    tz = plan.plan.timezone
    today = local_date(now, tz)
    as_of = min(today, period.end)
    until = min(today, cal.add_working_days(period.end, plan.reporting.due_offset))
    window = Window(start=period.start, as_of=as_of)
    stopped = plan.stopped_tasks(as_of)
    local = [Said(figures.local_day(e.at, tz), e) for e in events]
    history: dict[int, list[Said]] = {}
    for one in local:
        if one.event.occurrence_id is not None:
            history.setdefault(one.event.occurrence_id, []).append(one)
    all_rows = list(rows)
    in_window = figures.items(all_rows, window, tz)
    items = [tasks.item(plan, cal, row, history.get(row.id, []), as_of, stopped) for row in in_window]
    items.sort(key=lambda i: (i.due or date.max, i.task, i.period))
    kept = [Answer(figures.local_day(k.entry.at, tz), period_from_label(k.report_period).end, k.entry) for k in answers]
    statements = units_said.statements(plan, local, period.start, until, kept)
    reports = figures.reports(all_rows, period.label, today)
    return Report(
        plan=info(plan),
        period=period.label,
        cadence=period.cadence,
        period_start=period.start,
        period_end=period.end,
        as_of=as_of,
        remarks_until=until,
        generated_at=now.astimezone(ZoneInfo(tz)),  # every time a report prints is the plan's local time
        figures=figures.count(all_rows, window, tz, stopped),
        sections=tuple(tasks.sections(plan, items, statements, stopped)),
        said=tuple(s for s in statements if s.task is None and s.kind == "result"),
        items=tuple(items),
        overdue=tuple(sorted((i for i in items if i.status_class == "overdue"), key=lambda i: -i.days_overdue)),
        blocked=tuple(i for i in items if i.blocked),
        targets=tuple(target_rows(plan, [e for e in local if e.event.kind == EventKind.TARGET_VALUE], as_of)),
        units=tuple(_units(plan, all_rows, window, stopped, statements, reports)),
        obstacles=tuple(_remarks(plan, statements, "obstacle")),
        proposals=tuple(_remarks(plan, statements, "proposal")),
        extensions=tuple(_extensions(plan, [e for e in local if period.start <= e.on <= until])),
        missing_reports=tuple(_missing(plan, items, statements, reports)),
        next_period=_next(plan, cal, period),
        events=tuple(event_line(plan, e) for e in local if period.start <= e.on <= until),
    )


def info(plan: Plan) -> PlanInfo:
    meta, committee = plan.plan, plan.committee
    return PlanInfo(
        id=plan.id,
        code=meta.code,
        title=meta.title,
        issuer=meta.issuer,
        superior=meta.superior,
        body=meta.body,
        place=meta.place,
        committee=committee.name,
        signer=meta.signer,
        committee_signer=committee.signer,
        members=tuple(Member(name=m.name, role=m.role) for m in committee.members),
        language=plan.language,
        timezone=meta.timezone,
        tasks=len(plan.tasks),
    )


def _units(
    plan: Plan,
    rows: list[StoredOccurrence],
    window: Window,
    stopped: Collection[str],
    statements: Sequence[Statement],
    reports: dict[str, tuple[figures.ReportState, date | None]],
) -> list[UnitRow]:
    """Every unit that leads an item, coordinates one or owes a report, in plan order."""
    tz = plan.plan.timezone
    led = figures.by_unit(rows, window, tz, stopped)
    coordinating: dict[str, int] = {}
    for row in rows:
        if row.role == Role.COORDINATOR and figures.in_window(row, window, tz):
            coordinating[row.unit_id] = coordinating.get(row.unit_id, 0) + 1
    spoke: dict[str, int] = {}
    for statement in statements:
        for author in statement.authors:
            spoke[author.unit] = spoke.get(author.unit, 0) + 1
    found = []
    for unit in plan.units:
        if unit.id not in led and unit.id not in coordinating and unit.id not in reports:
            continue
        state, due = reports.get(unit.id, (None, None))
        found.append(
            UnitRow(
                unit=unit.id,
                name=unit.name,
                figures=led.get(unit.id, figures.Figures()),
                coordinating=coordinating.get(unit.id, 0),
                statements=spoke.get(unit.id, 0),
                report=state,
                report_due=due,
            )
        )
    return found


def _remarks(plan: Plan, statements: Sequence[Statement], kind: str) -> list[RemarkGroup]:
    """Obstacles or proposals, each sentence once whatever the tasks it was said of, grouped by
    those tasks in the document's order (the plan as a whole first)."""
    position = tasks.document_order(plan)
    by_text: dict[str, list[Statement]] = {}
    for s in statements:
        if s.kind == kind:
            by_text.setdefault(units_said.fold(s.text), []).append(s)
    groups: dict[tuple[str, ...], list[Remark]] = {}
    for said in by_text.values():
        about = tuple(sorted({s.task for s in said if s.task is not None}, key=position.__getitem__))
        authors = tuple(dict.fromkeys(a for s in said for a in s.authors))
        remark = Remark(on=min(s.on for s in said), authors=authors, text=said[0].text)
        groups.setdefault(about, []).append(remark)
    return [
        RemarkGroup(tasks=about, title=plan.task(about[0]).title if len(about) == 1 else "", remarks=tuple(found))
        for about, found in sorted(groups.items(), key=lambda g: [position[t] for t in g[0]])
    ]


def _extensions(plan: Plan, window: list[Said]) -> list[Extension]:
    found = []
    for said in window:
        event = said.event
        if event.kind not in EXTENSIONS or event.task_id is None or event.unit_id is None:
            continue
        payload = event.payload or {}
        until = payload.get("until")
        found.append(
            Extension(
                on=said.on,
                task=event.task_id,
                title=plan.task(event.task_id).title,
                unit=event.unit_id,
                unit_name=plan.unit(event.unit_id).name,
                decision=event.kind.removeprefix("extension_"),
                until=date.fromisoformat(until) if until else None,
                text=payload.get("text") or "",
            )
        )
    return found


def _missing(
    plan: Plan,
    items: Sequence[Item],
    statements: Sequence[Statement],
    reports: dict[str, tuple[figures.ReportState, date | None]],
) -> list[MissingReport]:
    """The units whose period report is past due, each with what it still owes: its open items
    fallen due, and the ongoing duties it said nothing of in the period."""
    spoke = {(s.task, a.unit) for s in statements for a in s.authors}
    found = []
    for unit, (state, due) in reports.items():
        if state != figures.ReportState.MISSING:
            continue
        owes = []
        for i in items:
            if i.unit != unit:
                continue
            if i.status_class == StatusClass.OVERDUE:
                owes.append(Owed(task=i.task, title=i.title, due=i.due, reason="overdue"))
            elif i.status_class == StatusClass.NO_DEADLINE and (i.task, unit) not in spoke:
                owes.append(Owed(task=i.task, title=i.title, due=None, reason="silent"))
        found.append(MissingReport(unit=unit, name=plan.unit(unit).name, due=due, owes=tuple(owes)))
    return found


def _next(plan: Plan, cal: WorkCalendar, period: Period) -> NextPeriod:
    """The next period's deadlines (a recurring task once, with its count), its reports' due
    dates and the milestones that fall in it, by date."""
    following = next_period(period)
    deadlines: dict[str, list[date]] = {}
    reports: dict[str, date] = {}
    for occ in expected(plan, cal, plan_start(plan, period.start), following.end):
        if occ.due is None or not following.start <= occ.due <= following.end:
            continue
        if occ.role == Role.REPORT:
            reports[occ.period] = occ.due
        elif occ.role == Role.LEAD and not plan.task(occ.task_id).stopped_on(occ.due):
            deadlines.setdefault(occ.task_id, []).append(occ.due)
    upcoming: list[Upcoming] = []
    for task in plan.tasks:
        if task.id in deadlines:
            days = sorted(deadlines[task.id])
            kind = "recurring" if task.kind == "repeat" else "task"
            upcoming.append(_upcoming(days, kind, task.id, task.title, plan.unit(task.lead).name))
    by_cadence: dict[str, list[tuple[date, str]]] = {}
    for label, due in reports.items():
        by_cadence.setdefault(period_from_label(label).cadence, []).append((due, label))
    for cadence, dues in by_cadence.items():
        dues.sort()
        upcoming.append(_upcoming([d for d, _ in dues], "report", REPORT, dues[0][1], "", cadence=cadence))
    for target in plan.targets:
        for year, value in target.milestones.items():
            end = date(year, 12, 31)
            if following.start <= end <= following.end and not target.stopped_on(end):
                lead = plan.unit(target.lead).name
                upcoming.append(_upcoming([end], "milestone", target.id, target.title, lead, value, target.measure))
    upcoming.sort(key=lambda u: (u.on, u.kind != "report", u.code))
    return NextPeriod(
        label=following.label,
        cadence=following.cadence,
        start=following.start,
        end=following.end,
        upcoming=tuple(upcoming),
    )


def _upcoming(
    days: list[date],
    kind: str,
    code: str,
    title: str,
    unit: str,
    value: float | None = None,
    measure: str = "",
    cadence: str = "",
) -> Upcoming:
    return Upcoming(
        on=days[0],
        kind=kind,
        code=code,
        title=title,
        unit_name=unit,
        count=len(days),
        last=days[-1] if len(days) > 1 else None,
        value=value,
        measure=measure,
        cadence=cadence,
    )
