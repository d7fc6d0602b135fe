"""Where every occurrence stands: state, status class and working days overdue.

Status classes follow the government's task-tracking categories: done on time, done late,
in progress within the deadline (on_track), in progress past it (overdue), and no deadline;
an item of a stopped task is ``cancelled`` or ``paused`` instead, with why (``stopped``).
The functions are pure, except ``gather`` (the edge: it reads the store), which reads each plan
apart: a plan that fails is listed with its error and the others are shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from . import plans, report_answers, reporting, stops, store
from .calendar import WorkCalendar
from .clock import from_store
from .errors import NotFound, PlanFailed
from .failures import Failure, blamed_on
from .milestones import judge, points_of
from .occurrences import ONGOING, REPORT
from .plan import Plan
from .vocabulary import State

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from .store.events import HistoryRow, StoredEvent
    from .store.occurrences import StoredOccurrence


def _local(stored: datetime | None, timezone: str) -> datetime | None:
    """A stored (naive UTC) moment in the plan's time zone."""
    return None if stored is None else from_store(stored, timezone)


def status_class(state: str, due: date | None, done_on: date | None, today: date) -> str:
    if state == "done":
        return "done_on_time" if due is None or (done_on is not None and done_on <= due) else "done_late"
    if due is None:
        return "no_deadline"
    return "overdue" if today > due else "on_track"


def days_overdue(cal: WorkCalendar, due: date | None, done_on: date | None, today: date) -> int:
    """Working days past the deadline in force: until done, or until today."""
    if due is None:
        return 0
    end = done_on or today
    return max(cal.working_days_between(due, end), 0)


def occurrence_status(plan: Plan, cal: WorkCalendar, row: StoredOccurrence, today: date) -> dict[str, Any]:
    """One occurrence in the shape of ``dondoc status --json`` (docs/cli.md)."""
    tz = plan.plan.timezone
    done_at, last = _local(row.done_at, tz), _local(row.last_update_at, tz)
    done_on = done_at.date() if done_at else None
    stop = stops.of_occurrence(plan, row, today, done=row.state == State.DONE)
    until = stops.overdue_until(stop, done_on)
    return {
        "plan": row.plan_id,
        "task": row.task_id,
        "unit": row.unit_id,
        "role": "lead" if row.role == "report" else row.role,
        "period": row.period,
        "due": row.due.isoformat() if row.due else None,
        "original_due": row.original_due.isoformat() if row.original_due else None,
        "state": row.state,
        "progress": row.progress,
        "status_class": stop.status if stop else status_class(row.state, row.due, done_on, today),
        "days_overdue": days_overdue(cal, row.due, until, today),
        "extension_until": row.extension_until.isoformat() if row.extension_until else None,
        "last_update_at": last.isoformat() if last else None,
        "stopped": stop.to_json() if stop else None,
    }


COLUMNS = ["plan", "task", "unit", "role", "period", "due", "state", "progress", "status_class", "days_overdue"]


def as_table(found: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    """The columns and rows of ``dondoc status``; when an item is stopped, a last column says why
    (and until when a pause lasts)."""
    rows = [[o[c] for c in COLUMNS] for o in found]
    if not any(o["stopped"] for o in found):
        return COLUMNS, rows
    for row, o in zip(rows, found, strict=True):
        stop = o["stopped"] or {}
        until = f"(until {stop['until']})" if stop.get("until") else ""
        row.append(" ".join(part for part in (stop.get("reason", ""), until) if part))
    return [*COLUMNS, "stopped"], rows


def statuses(
    plan: Plan,
    cal: WorkCalendar,
    rows: Sequence[StoredOccurrence],
    today: date,
    standings: Mapping[int, reporting.Standing],
    *,
    task_id: str | None = None,
) -> list[dict[str, Any]]:
    """The occurrences of one plan (those of ``task_id`` only, if given) as ``status --json`` shows
    them; ``standings``: where its report occurrences stand (``report_answers.standings_of``)."""
    reports = [r for r in rows if r.task_id == REPORT]
    shown = [r for r in rows if task_id in (None, r.task_id)]
    return [occurrence_status(plan, cal, r, today) | reporting_fields(r, standings, reports) for r in shown]


def reporting_fields(
    row: StoredOccurrence, standings: Mapping[int, reporting.Standing], reports: Sequence[StoredOccurrence]
) -> dict[str, Any]:
    """What ``status --json`` adds for the reporting cycle: a report occurrence's ``missing`` codes
    (with its ``items`` and ``answered`` counts); an ongoing task's ``reports``, one per report of
    its unit that asks about it: the period and whether the unit reported on the task in it."""
    if row.task_id == REPORT:
        standing = standings.get(row.id)
        if standing is None:
            return {}
        return {"missing": standing.missing, "items": len(standing.items), "answered": standing.done}
    if row.period != ONGOING:
        return {}
    found = []
    for report in reports:
        standing = standings.get(report.id)
        if report.unit_id == row.unit_id and standing and any(i.code == row.task_id for i in standing.items):
            reported = standing.document or row.task_id in standing.answered
            found.append({"period": report.period, "reported": reported})
    return {"reports": found}


def target_status(plan: Plan, values: Iterable[StoredEvent], today: date) -> list[dict[str, Any]]:
    """Each target milestone with the latest value said for its year or before, judged against it
    (``milestones``: a value short of a milestone whose year is still ahead is not "not attained";
    ``projected`` is the trend at the end of the milestone's year), and whether the target is
    stopped ``today``."""
    points = points_of(values, plan.plan.timezone)
    result = []
    for target in plan.targets:
        stop = stops.of_item(target, today)
        for year in sorted(target.milestones):
            j = judge(target, year, points.get(target.id, []), today)
            result.append(
                {
                    "plan": plan.id,
                    "target": target.id,
                    "year": year,
                    "milestone": j.milestone,
                    "value": j.value,
                    "value_year": j.value_year,
                    "attained": j.attained,
                    "projected": j.projected,
                    "at_risk": j.at_risk,
                    "stopped": stop.to_json() if stop else None,
                }
            )
    return result


def history_entry(row: HistoryRow, timezone: str) -> dict[str, Any]:
    """One line of ``status --history``: who said what about an occurrence, when (local time in the
    plan's ``timezone``, with its offset), where; ``said`` sums up what the event recorded."""
    payload = row.payload or {}
    said = "; ".join(f"{k}={v}" for k, v in payload.items() if v not in (None, "") and k != "period")
    return {
        "at": from_store(row.at, timezone).isoformat(timespec="minutes") if row.at else None,
        "unit": row.unit_id,
        "period": row.period,
        "kind": row.kind or "(no update yet)",
        "actor": row.actor,
        "source": row.source,
        "line": row.line,
        "said": said,
    }


# --- the edge -------------------------------------------------------------------------------


@dataclass
class Standing:
    """What ``dondoc status`` shows: occurrences and targets of the plans read, and those that failed."""

    occurrences: list[dict[str, Any]] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)

    def to_json(self, now: datetime) -> dict[str, Any]:
        """``dondoc status --json`` (docs/cli.md): ``failed`` lists the plans that could not be read."""
        failed = [{"plan": f.plan_id, "error": f.reason} for f in self.failed]
        return {"now": now.isoformat(), "occurrences": self.occurrences, "targets": self.targets, "failed": failed}


def gather(
    conn: Connection, now: datetime, plan_id: str | None, unit_id: str | None, task_id: str | None
) -> Standing:
    """Every plan's (or one plan's) occurrences begun by its own date at ``now``, and targets."""
    heads = [p.id for p in store.plans.refs(conn) if plan_id in (None, p.id)]
    if plan_id and not heads:
        raise NotFound(f"no plan {plan_id!r} in the store (see `dondoc plans`)")
    standing = Standing()
    for pid in heads:
        try:
            with blamed_on(pid):
                plan = plans.current(conn, pid)
                cal, today = plans.calendar_of(plan), plans.today_of(plan, now)
                rows = list(store.occurrences.begun(conn, today, pid, unit_id))
                standings = report_answers.standings_of(conn, plan, rows)
                found = statuses(plan, cal, rows, today, standings, task_id=task_id)
                targets = target_status(plan, store.events.target_values(conn, pid), today)
        except PlanFailed as exc:
            standing.failed.append(Failure.of(exc))
            continue
        standing.occurrences += found
        standing.targets += targets
    return standing
