"""Where every occurrence stands: state, status class and working days overdue (pure).

Status classes follow the government's task-tracking categories: done on time, done late,
in progress within the deadline (on_track), in progress past it (overdue), and no deadline.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from .calendar import WorkCalendar
from .clock import from_store
from .plan import Plan

if TYPE_CHECKING:
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
        "status_class": status_class(row.state, row.due, done_on, today),
        "days_overdue": days_overdue(cal, row.due, done_on, today),
        "extension_until": row.extension_until.isoformat() if row.extension_until else None,
        "last_update_at": last.isoformat() if last else None,
    }


def target_status(plan: Plan, values: Iterable[StoredEvent]) -> list[dict[str, Any]]:
    """Each target milestone with the latest value recorded for its year (or overall, before it)."""
    latest: dict[tuple[str, int], float] = {}
    for event in values:
        year = int(event.payload.get("year") or event.at.year)
        latest[(event.target_id or "", year)] = float(event.payload["value"])
    result = []
    for target in plan.targets:
        for year, milestone in sorted(target.milestones.items()):
            known = [v for (t, y), v in sorted(latest.items()) if t == target.id and y <= year]
            value = known[-1] if known else None
            attained = None if value is None else value >= milestone if target.direction == "up" else value <= milestone
            result.append(
                {
                    "plan": plan.id,
                    "target": target.id,
                    "year": year,
                    "milestone": milestone,
                    "value": value,
                    "attained": attained,
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
