"""Stopped items as ``status`` and reports show them (pure): cancelled from a day, or paused until
a day, with the reason the plan gives.

An occurrence is cancelled on a day when its task's cancellation had taken effect by then (the
day ``reconcile`` kept on it) and it was not done; it is paused while its task is. A target is
stopped as its plan says (``Stoppable.stopped_on``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from .plan import Plan, Stoppable
from .store.occurrences import StoredOccurrence


@dataclass(frozen=True, kw_only=True)
class Stop:
    """Why an item is stopped: ``cancelled`` from ``since``, or ``paused`` until ``until`` (its last day)."""

    status: Literal["cancelled", "paused"]
    reason: str
    since: date | None
    until: date | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "reason": self.reason,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
        }


def of_occurrence(plan: Plan, row: StoredOccurrence, day: date, done: bool) -> Stop | None:
    """How an occurrence (``done`` by ``day`` or not) is stopped on ``day``, if it is."""
    if done:
        return None
    task = plan.tasks_by_id.get(row.task_id)
    reason = task.status_reason if task is not None else ""
    if row.stopped_on is not None and row.stopped_on <= day:
        return Stop(status="cancelled", reason=reason, since=row.stopped_on)
    return of_item(task, day) if task is not None and task.status == "paused" else None


def overdue_until(stop: Stop | None, done_on: date | None) -> date | None:
    """The day an item's working days overdue stop being counted: its task's cancellation, else the
    day it was done (None: they are counted until the day asked about)."""
    return stop.since if stop is not None and stop.status == "cancelled" else done_on


def of_item(item: Stoppable, day: date) -> Stop | None:
    """How a task or target is stopped on ``day`` by its plan, if it is."""
    if not item.stopped_on(day) or item.status == "active":
        return None
    status: Literal["cancelled", "paused"] = "cancelled" if item.status == "cancelled" else "paused"
    return Stop(status=status, reason=item.status_reason, since=item.status_since, until=item.paused_until)
