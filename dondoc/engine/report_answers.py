"""Reports and their answers, against the store: where each report occurrence stands, which report
an answer belongs to, the requests a digest carries, and the report occurrence kept in step.

The decisions are ``reporting``'s (pure); this module reads what they need in a few statements
for many reports at once (the check asks for a batch of plans), and writes the report
occurrence's state as events (``updates``): done when nothing is missing, progress the answered
share, so that ``status``, the committee's report and the ladder all see it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection

from . import store, updates
from .calendar import period_from_label
from .clock import from_store, to_store
from .occurrences import plan_start
from .payloads import LastAnswer, ReportRequest
from .plan import Plan
from .report_lines import LineSource, ReportLine
from .reporting import REPORT, ReportPeriod, Standing, report_items, report_period, request
from .store.entries import Answered, NewEntry, StoredEntry
from .store.events import NewEvent
from .store.occurrences import Finished, StoredOccurrence
from .vocabulary import EventKind, ItemKind, Role, State, Via

NOTHING = Answered(frozenset(), False)


class ReportRef(NamedTuple):
    """A report occurrence as these functions need it."""

    id: int
    plan_id: str
    unit_id: str
    period: str


@dataclass(frozen=True, kw_only=True)
class ReportProgress:
    """Where a report stands after a message answered it (the acknowledgement says it)."""

    report_id: int
    period: str  # its label
    total: int
    answered: int
    missing: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "report_id": self.report_id,
            "period": self.period,
            "total": self.total,
            "answered": self.answered,
            "missing": list(self.missing),
        }


def period_of(plan: Plan, label: str) -> ReportPeriod | None:
    """The report a stored label names; None for a label that names no period (never written)."""
    try:
        return report_period(plan, label)
    except ValueError:
        return None


def standings(conn: Connection, plans: Mapping[str, Plan], refs: Sequence[ReportRef]) -> dict[int, Standing]:
    """Where each of these report occurrences stands: its items and what has been answered."""
    plan_ids = sorted({ref.plan_id for ref in refs})
    if not refs:
        return {}
    answered = store.entries.answered(conn, [ref.id for ref in refs])
    finished = _finished_by_plan(store.occurrences.finished_one_offs(conn, plan_ids), plans)
    created = store.plans.created(conn, plan_ids)
    found: dict[int, Standing] = {}
    for ref in refs:
        plan = plans[ref.plan_id]
        period = period_of(plan, ref.period)
        if period is None:
            continue
        start = plan_start(plan, created[plan.id].date())
        done = _done_for(finished.get(plan.id, []), ref.unit_id)
        items = report_items(plan, ref.unit_id, period, start=start, done=done)
        got = answered.get(ref.id, NOTHING)
        found[ref.id] = Standing(tuple(items), got.items, got.document)
    return found


Done = tuple[str, str, str, date]  # a finished one-off: task, unit, role, local day


def standings_of(conn: Connection, plan: Plan, rows: Sequence[StoredOccurrence]) -> dict[int, Standing]:
    """Where the report occurrences among ``rows`` (a plan's) stand."""
    refs = [ReportRef(r.id, plan.id, r.unit_id, r.period) for r in rows if r.task_id == REPORT]
    return standings(conn, {plan.id: plan}, refs)


def _finished_by_plan(rows: Sequence[Finished], plans: Mapping[str, Plan]) -> dict[str, list[Done]]:
    found: dict[str, list[Done]] = {}
    for row in rows:
        day = from_store(row.done_at, plans[row.plan_id].plan.timezone).date()
        found.setdefault(row.plan_id, []).append((row.task_id, row.unit_id, row.role, day))
    return found


def _done_for(finished: Sequence[Done], unit_id: str) -> dict[str, date]:
    """The day each one-off task was finished for ``unit_id``: by its lead (for everyone), or by the
    unit's own contribution."""
    done: dict[str, date] = {}
    for task_id, owner, role, day in finished:
        if role == Role.LEAD or owner == unit_id:
            done[task_id] = min(day, done.get(task_id, day))
    return done


def requests(conn: Connection, plans: Mapping[str, Plan], refs: Sequence[ReportRef]) -> dict[int, ReportRequest]:
    """What each report occurrence's digest asks for: its items still missing, with what the unit
    last reported and each target's last value."""
    found = standings(conn, plans, refs)
    plan_ids = sorted({ref.plan_id for ref in refs if ref.id in found})
    latest = store.entries.latest(conn, plan_ids)
    values = {pid: _last_values(plans[pid], conn) for pid in plan_ids}
    result: dict[int, ReportRequest] = {}
    for ref in refs:
        period = period_of(plans[ref.plan_id], ref.period)
        if ref.id not in found or period is None:
            continue
        plan = plans[ref.plan_id]
        mine = ((item, e) for (pid, unit, item), e in latest.items() if (pid, unit) == (plan.id, ref.unit_id))
        last = {item: _last(e, plan) for item, e in mine}
        result[ref.id] = request(plan, period, found[ref.id], last, values[plan.id])
    return result


def _last(entry: StoredEntry, plan: Plan) -> LastAnswer:
    on = from_store(entry.at, plan.plan.timezone).date()
    return LastAnswer(on=on, state=entry.state, progress=entry.progress, result=entry.result or entry.obstacles)


def _last_values(plan: Plan, conn: Connection) -> dict[str, tuple[float, date]]:
    """Each target's latest value and the day it was said."""
    found: dict[str, tuple[float, date]] = {}
    for event in store.events.target_values(conn, plan.id):
        day = from_store(event.at, plan.plan.timezone).date()
        found[event.target_id or ""] = (float(event.payload["value"]), day)
    return found


# ---------------------------------------------------------------- which report an answer is for


def choose(
    plan: Plan, rows: Sequence[StoredOccurrence], *, listed: Collection[int], named: str | None, today: date
) -> StoredOccurrence | None:
    """The report an answer belongs to: the one whose window holds the period the line named, else
    the one the answered message asked for, else the unit's earliest open report begun by
    ``today``, else its latest begun one (a late correction)."""
    if named is not None:
        end = period_from_label(named, reporting=False).end
        for row in rows:
            period = period_of(plan, row.period)
            if period is not None and (named in period.covers or period.window_start <= end <= period.end):
                return row
    asked = [r for r in rows if r.id in listed]
    if asked:
        return asked[0]
    begun = [r for r in rows if r.period_start is None or r.period_start <= today]
    open_rows = [r for r in begun if r.state != State.DONE]
    return open_rows[0] if open_rows else (begun[-1] if begun else None)


# ---------------------------------------------------------------- keeping the report in step


@dataclass(frozen=True, kw_only=True)
class Settling:
    """Who settles a report, where, and when (the unit, from a message; the secretariat, by hand)."""

    actor: str
    source: str
    now: datetime
    today: date


def settle(
    conn: Connection, plan: Plan, rows: Sequence[StoredOccurrence], by: Settling, events: list[NewEvent] | None = None
) -> list[ReportProgress]:
    """Bring these report occurrences in step with their answers (written already): progress is the
    answered share, and a report with nothing missing is done. Return where each stands."""
    found = standings_of(conn, plan, rows)
    progress = []
    for row in rows:
        standing = found.get(row.id)
        if standing is None:
            continue
        if row.state != State.DONE and (standing.complete or standing.progress != row.progress):
            kind = EventKind.REPORT if standing.complete else EventKind.PROGRESS
            statement = updates.Statement(
                plan_id=plan.id,
                task_id=REPORT,
                unit_id=row.unit_id,
                update=updates.Update(kind=kind, progress=standing.progress),
                actor=by.actor,
                source=by.source,
                period=row.period,
            )
            updates.record(conn, statement, now=by.now, today=by.today, events=events)
        missing = tuple(standing.missing)
        progress.append(ReportProgress(report_id=row.id, period=row.period, total=len(standing.items),
                                       answered=standing.done, missing=missing))  # fmt: skip
    return progress


def answer_by_hand(
    conn: Connection, plan: Plan, said: updates.Statement, row: StoredOccurrence, by: Settling
) -> None:
    """The secretariat's update of a task (``dondoc update``, now standing as ``row``) also answers
    the unit's report, kept with the source "manual"."""
    if said.task_id == REPORT:
        return
    reports = store.occurrences.find(conn, plan.id, REPORT, said.unit_id)
    report = choose(plan, reports, listed=(), named=None, today=by.today)
    if report is None:
        return
    update, blocked = said.update, said.update.kind == EventKind.BLOCKED
    noted = update.kind == EventKind.NOTE
    line = ReportLine(
        code=said.task_id,
        source=LineSource(via=Via.MANUAL, ref=said.source),
        state=None if noted else State(row.state),
        progress=None if noted else row.progress,
        result="" if blocked else update.text,
        obstacles=update.text if blocked else "",
    )
    period = row.period if row.period_start is not None else None
    entry = entry_of(report, line, ItemKind.TASK, period, actor=said.actor, at=to_store(by.now))
    store.entries.append(conn, [entry])
    settle(conn, plan, [report], by)


def entry_of(
    report: StoredOccurrence, line: ReportLine, kind: ItemKind, period: str | None, *, actor: str, at: datetime
) -> NewEntry:
    """A report line kept as an answer to ``report`` (``at``: naive UTC); ``period``: the item's own
    period it is about (a recurring task's)."""
    return NewEntry(
        plan_id=report.plan_id,
        report_id=report.id,
        unit_id=report.unit_id,
        item=line.code,
        kind=kind,
        period=period,
        state=line.state,
        progress=line.progress,
        result=line.result,
        obstacles=line.obstacles,
        proposals=line.proposals,
        value=line.value,
        via=line.source.via,
        source=line.source.ref,
        position=line.source.position,
        actor=actor,
        at=at,
        recorded_at=at,
    )
