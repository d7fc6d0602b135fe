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
from .store.events import NewEvent
from .store.occurrences import StoredOccurrence
from .vocabulary import UPDATES, EventKind, Role, State


@dataclass(frozen=True, kw_only=True)
class Update:
    """One thing a unit (or the secretariat, or the committee) says about one occurrence."""

    kind: EventKind  # one of vocabulary.UPDATES
    progress: int | None = None
    text: str = ""
    label: str | None = None  # notes: note | obstacle | proposal
    until: date | None = None  # extensions: the date asked for or granted


@dataclass(frozen=True, kw_only=True)
class Statement:
    """Who says what about one task of one unit, and where it was said."""

    plan_id: str
    task_id: str
    unit_id: str
    update: Update
    actor: str  # the unit itself, "secretariat" or "committee"
    source: str  # the Message-ID of the email that said it, or "cli"
    line: int | None = None  # the line of the email body that said it
    period: str | None = None  # None: the one ``choose`` picks
    prefer: Collection[str] = ()  # the periods the message being answered listed


def projection(current: StoredOccurrence, update: Update, at: datetime) -> dict[str, Any]:
    """The occurrence columns after ``update`` (pure)."""
    values: dict[str, Any] = {"last_update_at": at}
    if update.kind in (EventKind.DONE, EventKind.REPORT):
        values.update(state=State.DONE, progress=100, done_at=at, next_notice_on=None)
    elif current.state == State.DONE:
        return values  # a later line cannot undo done; the event is still kept
    elif update.kind == EventKind.PROGRESS:
        if (update.progress or 0) >= 100:
            return projection(current, Update(kind=EventKind.DONE, progress=100, text=update.text), at)
        values.update(state=State.IN_PROGRESS)
        if update.progress is not None:
            values.update(progress=update.progress)
    elif update.kind == EventKind.NOT_STARTED:
        values.update(state=State.NOT_STARTED)
    elif update.kind == EventKind.BLOCKED:
        values.update(state=State.BLOCKED)
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
    pending = ladder[done].on if done < len(ladder) and row.state != State.DONE else None
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
    preferred = [r for r in rows if r.period in prefer and r.state != State.DONE]
    if preferred:
        return preferred[0]
    open_rows = [r for r in rows if r.state != State.DONE and (r.period_start is None or r.period_start <= today)]
    return (open_rows or rows)[0]


def occurrence_of(conn: Connection, said: Statement, today: date) -> StoredOccurrence:
    """The occurrence a statement is about (``choose``); ``NotFound`` when the unit has none."""
    plan_id, task_id, unit_id = said.plan_id, said.task_id, said.unit_id
    # choose() picks an open one when there is one: read those first, and all only when none is.
    prefer = list(said.prefer)
    rows = store.occurrences.find_open(conn, plan_id, task_id, unit_id, today, prefer) if said.period is None else []
    rows = rows or store.occurrences.find(conn, plan_id, task_id, unit_id)
    if not rows:
        raise NotFound(f"unit {unit_id!r} has no occurrence of task {task_id!r} in plan {plan_id!r}")
    return choose(rows, said.period, today, prefer)


def record(
    conn: Connection,
    said: Statement,
    *,
    now: datetime,
    today: date,
    extra: dict[str, Any] | None = None,
    events: list[NewEvent] | None = None,
) -> StoredOccurrence:
    """Append the event and apply it (with ``extra`` columns); return the occurrence as it now stands.

    With ``events``, the event is added to that list for the caller to write with others in one
    statement (a batch of replies); the occurrence is updated at once, as later lines read it."""
    plan_id, update = said.plan_id, said.update
    row = occurrence_of(conn, said, today)
    if update.kind not in UPDATES:
        raise UserError(f"unknown update kind {update.kind!r}")
    at = to_store(now)
    payload = {
        "progress": update.progress,
        "text": update.text,
        "period": row.period,
        "label": update.label,
        "until": update.until.isoformat() if update.until else None,
    }
    event = NewEvent(
        plan_id=plan_id,
        occurrence_id=row.id,
        kind=update.kind,
        actor=said.actor,
        source=said.source,
        line=said.line,
        payload=payload,
        at=at,
        recorded_at=to_store(datetime.now(now.tzinfo)),
    )
    if events is None:
        store.events.append(conn, [event])
    else:
        events.append(event)
    values = {**projection(row, update, at), **(extra or {})}
    store.occurrences.set_values(conn, row.id, values)
    if values.get("state") == State.DONE and row.role == Role.LEAD:
        store.occurrences.silence_task_period(conn, plan_id, said.task_id, row.period)
    return row._replace(**values)
