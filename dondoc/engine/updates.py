"""Record updates as events and apply them to the occurrence they concern.

Every change of state is an event first (who, when, from which message and line); the
occurrence's columns are the projection the check and the status read. Replies (email)
and the secretariat's manual updates go through the same ``record``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection

from . import store
from .calendar import WorkCalendar
from .clock import to_store
from .errors import NotFound, UserError
from .occurrences import steps
from .plan import Plan
from .store.occurrences import StoredOccurrence

KINDS = (
    "done",
    "progress",
    "not_started",
    "blocked",
    "note",
    "report",
    "extension_requested",
    "extension_approved",
    "extension_refused",
)


@dataclass(frozen=True)
class Update:
    """One thing a unit (or the secretariat, or the committee) says about one occurrence."""

    kind: str  # one of KINDS
    progress: int | None = None
    text: str = ""
    label: str | None = None  # notes: note | obstacle | proposal
    until: date | None = None  # extensions: the date asked for or granted


def projection(current: StoredOccurrence, update: Update, at: datetime) -> dict[str, Any]:
    """The occurrence columns after ``update`` (pure)."""
    values: dict[str, Any] = {"last_update_at": at}
    if update.kind in ("done", "report"):
        values.update(state="done", progress=100, done_at=at, next_notice_on=None)
    elif current.state == "done":
        return values  # a later line cannot undo done; the event is still kept
    elif update.kind == "progress":
        if (update.progress or 0) >= 100:
            return projection(current, Update("done", 100, update.text), at)
        values.update(state="in_progress")
        if update.progress is not None:
            values.update(progress=update.progress)
    elif update.kind == "not_started":
        values.update(state="not_started")
    elif update.kind == "blocked":
        values.update(state="blocked")
        if update.progress is not None:
            values.update(progress=update.progress)
    return values


def extended(plan: Plan, cal: WorkCalendar, row: StoredOccurrence, until: date, today: date) -> dict[str, Any]:
    """The occurrence columns once an extension to ``until`` is granted (pure).

    The deadline in force moves; steps already past today are skipped, so the ladder starts
    again from the new deadline without repeating what was sent.
    """
    due = cal.deadline_in_force(until, plan.calendar.deadline_on_day_off)
    ladder = steps(plan, cal, row.role, due)
    done = sum(1 for step in ladder if step.on < today)
    pending = ladder[done].on if done < len(ladder) and row.state != "done" else None
    return {"extension_until": until, "due": due, "steps_done": done, "next_notice_on": pending}


def choose(
    rows: Sequence[StoredOccurrence], period: str | None, today: date, prefer: Collection[str] = ()
) -> StoredOccurrence:
    """The occurrence an update is about: the named period, else the earliest open one among
    ``prefer`` (the periods the reminder being answered listed), else the earliest open one."""
    if period is not None:
        for row in rows:
            if row.period == period:
                return row
        raise NotFound(f"no period {period!r} for this task and unit; known: {', '.join(r.period for r in rows)}")
    preferred = [r for r in rows if r.period in prefer and r.state != "done"]
    if preferred:
        return preferred[0]
    open_rows = [r for r in rows if r.state != "done" and (r.period_start is None or r.period_start <= today)]
    return (open_rows or rows)[0]


def record(
    conn: Connection,
    plan_id: str,
    task_id: str,
    unit_id: str,
    update: Update,
    *,
    actor: str,
    source: str,
    now: datetime,
    today: date,
    period: str | None = None,
    line: int | None = None,
    extra: dict[str, Any] | None = None,
    prefer: Collection[str] = (),
    events: list[dict[str, Any]] | None = None,
) -> StoredOccurrence:
    """Append the event and apply it (with ``extra`` columns); return the occurrence as it now stands.

    With ``events``, the event is added to that list for the caller to write with others in one
    statement (a batch of replies); the occurrence is updated at once, as later lines read it."""
    # choose() picks an open one when there is one: read those first, and all only when none is.
    rows = store.occurrences.find_open(conn, plan_id, task_id, unit_id, today, list(prefer)) if period is None else []
    rows = rows or store.occurrences.find(conn, plan_id, task_id, unit_id)
    if not rows:
        raise NotFound(f"unit {unit_id!r} has no occurrence of task {task_id!r} in plan {plan_id!r}")
    row = choose(rows, period, today, prefer)
    if update.kind not in KINDS:
        raise UserError(f"unknown update kind {update.kind!r}")
    at = to_store(now)
    payload = {
        "progress": update.progress,
        "text": update.text,
        "period": row.period,
        "label": update.label,
        "until": update.until.isoformat() if update.until else None,
    }
    event = {
        "plan_id": plan_id,
        "occurrence_id": row.id,
        "kind": update.kind,
        "actor": actor,
        "source": source,
        "line": line,
        "payload": payload,
        "at": at,
        "recorded_at": to_store(datetime.now(now.tzinfo)),
    }
    if events is None:
        store.events.append(conn, [event])
    else:
        events.append(event)
    values = {**projection(row, update, at), **(extra or {})}
    store.occurrences.set_values(conn, row.id, values)
    if values.get("state") == "done" and row.role == "lead":
        store.occurrences.silence_task_period(conn, plan_id, task_id, row.period)
    return row._replace(**values)
