"""Occurrences (one per task, unit and period) and the notices sent about them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Connection, Update, bindparam, select, update

from ..checks import OccurrenceRow
from ..vocabulary import Role, State
from .bulk import chunks, stream
from .dialect import execute_many, insert_ignore
from .schema import notices, occurrences


class StoredOccurrence(NamedTuple):
    """An occurrence as stored: what the plan says it is and where it stands."""

    id: int
    plan_id: str
    task_id: str
    unit_id: str
    period: str
    role: str
    period_start: date | None
    original_due: date | None
    due: date | None  # the deadline in force (day-off rule, extension)
    extension_until: date | None
    state: str
    progress: int
    done_at: datetime | None
    last_update_at: datetime | None
    next_notice_on: date | None  # the working day the next reminder/escalation step fires
    steps_done: int
    active: bool
    stopped_on: date | None = None  # its task's cancellation took effect that day (None: not cancelled)


class NewOccurrence(NamedTuple):
    """An occurrence the plan defines that is not stored yet."""

    plan_id: str
    task_id: str
    unit_id: str
    period: str
    role: str
    period_start: date | None
    original_due: date | None
    due: date | None
    next_notice_on: date | None
    state: str = State.NOT_STARTED
    progress: int = 0
    steps_done: int = 0
    active: bool = True
    extension_until: date | None = None  # carried over when a new lead takes an occurrence over
    stopped_on: date | None = None  # its task is cancelled from that day


class Handed(NamedTuple):
    """An occurrence whose unit's role changed (a new lead took it over, or the old lead stays on as
    a coordinator): the ladder as it goes on, and the task's standing when taken over."""

    oid: int
    role: str
    period: str
    original_due: date | None
    due: date | None
    extension_until: date | None
    state: str
    progress: int
    steps_done: int
    next_notice_on: date | None
    active: bool


class Stopped(NamedTuple):
    """An occurrence whose task was cancelled (``stopped_on`` set) or is no more (``None``)."""

    oid: int
    stopped_on: date | None
    steps_done: int
    next_notice_on: date | None


class Moved(NamedTuple):
    """An occurrence whose deadline the plan moved (or which it dropped: ``active`` False)."""

    oid: int
    period: str
    original_due: date | None
    due: date | None
    active: bool
    next_notice_on: date | None


class Advanced(NamedTuple):
    """An occurrence that moved along its steps."""

    oid: int
    steps_done: int
    next_notice_on: date | None


class Notice(NamedTuple):
    """A step of an occurrence notified, and the message that carried it."""

    occurrence_id: int
    step: str  # r7, r3, r1, e1, e5, e10 ...
    outbox_key: str
    created_at: datetime


class Finished(NamedTuple):
    """A one-off task's occurrence that is done (a report does not ask about it again)."""

    plan_id: str
    task_id: str
    unit_id: str
    role: str
    done_at: datetime


def _columns(row_type: type[NamedTuple]) -> list[Any]:
    return [occurrences.c[name] for name in row_type._fields]


_ALL = select(*_columns(StoredOccurrence))
_SET = update(occurrences).where(occurrences.c.id == bindparam("oid"))


# --- generating ---------------------------------------------------------------------------


def generated(conn: Connection, plan_id: str) -> dict[tuple[str, str, str], StoredOccurrence]:
    """A plan's occurrences by (task, unit, period), active or not."""
    query = _ALL.where(occurrences.c.plan_id == plan_id)
    return {(r.task_id, r.unit_id, r.period): StoredOccurrence._make(r) for r in conn.execute(query)}


def insert(conn: Connection, rows: Iterable[NewOccurrence]) -> int:
    """Add occurrences, skipping those that exist; return how many were new."""
    total = 0
    for batch in chunks(rows):
        values = [row._asdict() for row in batch]
        total += insert_ignore(conn, occurrences, values, ["plan_id", "task_id", "unit_id", "period"])
    return total


@cache
def _update_of(columns: tuple[str, ...]) -> Update:
    """The statement setting these columns of one occurrence (built once per set of columns)."""
    return _SET.values({c: bindparam(f"v_{c}") for c in columns})


def update_each(
    conn: Connection, changes: Sequence[Moved] | Sequence[Advanced] | Sequence[Handed] | Sequence[Stopped]
) -> None:
    """Apply per-occurrence changes (all of one kind: the same columns set)."""
    if not changes:
        return
    columns = changes[0]._fields[1:]
    stmt = _update_of(columns)
    keys = ("oid", *(f"v_{c}" for c in columns))
    for batch in chunks(changes):
        execute_many(conn, stmt, [dict(zip(keys, change, strict=True)) for change in batch])


# --- the check ----------------------------------------------------------------------------


def plans_with_due_work(conn: Connection, today: date) -> list[str]:
    query = (
        select(occurrences.c.plan_id)
        .where(occurrences.c.next_notice_on <= today, occurrences.c.active.is_(True))
        .group_by(occurrences.c.plan_id)
        .order_by(occurrences.c.plan_id)
    )
    return [str(r[0]) for r in conn.execute(query)]


def due(conn: Connection, today: date, plan_ids: Sequence[str] | None = None) -> Iterator[tuple[str, OccurrenceRow]]:
    """Active occurrences with a step due by ``today`` and their plans, in plan order, fetched in batches."""
    cols = occurrences.c
    query = select(cols.plan_id, *_columns(OccurrenceRow)).where(cols.next_notice_on <= today, cols.active.is_(True))
    if plan_ids is not None:
        query = query.where(cols.plan_id.in_(plan_ids))
    for row in stream(conn, query.order_by(cols.plan_id, cols.id)):
        yield row[0], OccurrenceRow._make(row[1:])


def record_notices(conn: Connection, sent: Sequence[Notice]) -> int:
    """Record notices, each (occurrence, step) once; return how many were new."""
    return insert_ignore(conn, notices, [notice._asdict() for notice in sent], ["occurrence_id", "step"])


# --- updates ------------------------------------------------------------------------------

_FIND = _ALL.where(
    occurrences.c.plan_id == bindparam("plan_id"),
    occurrences.c.task_id == bindparam("task_id"),
    occurrences.c.unit_id == bindparam("unit_id"),
    occurrences.c.active.is_(True),
).order_by(occurrences.c.due)
_FIND_OPEN = _FIND.where(
    occurrences.c.state != State.DONE,
    occurrences.c.period.in_(bindparam("prefer", expanding=True))
    | occurrences.c.period_start.is_(None)
    | (occurrences.c.period_start <= bindparam("today")),
)


def find(conn: Connection, plan_id: str, task_id: str, unit_id: str) -> list[StoredOccurrence]:
    """The active occurrences of a task for a unit, by due date."""
    values = {"plan_id": plan_id, "task_id": task_id, "unit_id": unit_id}
    return [StoredOccurrence._make(r) for r in conn.execute(_FIND, values)]


def find_open(
    conn: Connection, plan_id: str, task_id: str, unit_id: str, today: date, prefer: Sequence[str]
) -> list[StoredOccurrence]:
    """Those not done that have begun by ``today`` or are in ``prefer``: what an update without a
    period may be about (a task's done periods pile up over the years; its future ones wait)."""
    values = {"plan_id": plan_id, "task_id": task_id, "unit_id": unit_id, "today": today, "prefer": list(prefer)}
    return [StoredOccurrence._make(r) for r in conn.execute(_FIND_OPEN, values)]


def set_values(conn: Connection, occurrence_id: int, values: Mapping[str, Any]) -> None:
    conn.execute(_SET, {"oid": occurrence_id, **values})


def silence_task_period(conn: Connection, plan_id: str, task_id: str, period: str) -> None:
    """No more notices for anyone on a task's period (its lead reported it done)."""
    cols = occurrences.c
    conn.execute(
        update(occurrences)
        .where(cols.plan_id == plan_id, cols.task_id == task_id, cols.period == period)
        .values(next_notice_on=None)
    )


# --- reading ------------------------------------------------------------------------------


def left_open(conn: Connection, plan_ids: Sequence[str], before: date) -> list[StoredOccurrence]:
    """What these plans' units still owe past a deadline before ``before`` with no notice left to
    send (their reminders and escalations all sent): a lead's task or a unit's report, not done."""
    cols = occurrences.c
    found = []
    for plans in chunks(plan_ids, 500):
        query = _ALL.where(
            cols.plan_id.in_(plans),
            cols.active.is_(True),
            cols.state != State.DONE,
            cols.next_notice_on.is_(None),
            cols.due < before,
            cols.role != Role.COORDINATOR,
        )
        found += [StoredOccurrence._make(row) for row in conn.execute(query.order_by(cols.plan_id, cols.due, cols.id))]
    return found


def finished_one_offs(conn: Connection, plan_ids: Sequence[str]) -> list[Finished]:
    """The done occurrences of these plans' one-off tasks (a one-off's period has no start)."""
    cols = occurrences.c
    found = []
    for plans in chunks(plan_ids, 500):
        query = select(*_columns(Finished)).where(
            cols.plan_id.in_(plans),
            cols.state == State.DONE,
            cols.active.is_(True),
            cols.period_start.is_(None),
            cols.original_due.is_not(None),
            cols.role != Role.REPORT,
            cols.done_at.is_not(None),
        )
        found += [Finished._make(row) for row in conn.execute(query)]
    return found


def begun(
    conn: Connection, today: date, plan_id: str | None = None, unit_id: str | None = None
) -> Iterator[StoredOccurrence]:
    """Active occurrences whose period has begun by ``today``, in plan, due-date order."""
    cols = occurrences.c
    query = _ALL.where(cols.active.is_(True), (cols.period_start.is_(None)) | (cols.period_start <= today))
    if plan_id:
        query = query.where(cols.plan_id == plan_id)
    if unit_id:
        query = query.where(cols.unit_id == unit_id)
    for row in stream(conn, query.order_by(cols.plan_id, cols.due, cols.task_id, cols.unit_id)):
        yield StoredOccurrence._make(row)
