"""Events: the append-only log of everything said about occurrences and targets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, NamedTuple, Self

from sqlalchemy import Connection, RowMapping, insert, select

from ..vocabulary import EXTENSIONS, UPDATES, EventKind
from .bulk import chunks
from .dialect import execute_many
from .schema import events, occurrences


@dataclass(frozen=True, kw_only=True, slots=True)
class NewEvent:
    """An event to append."""

    plan_id: str
    occurrence_id: int | None = None
    target_id: str | None = None
    kind: str
    actor: str  # unit id, "secretariat", "committee", "dondoc"
    source: str | None  # Message-ID of the email, or "cli"
    line: int | None  # line of the email body that said it
    payload: dict[str, Any]
    at: datetime  # when it happened (the run's `now`), naive UTC
    recorded_at: datetime

    def row(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(NewEvent)}


@dataclass(frozen=True, kw_only=True, slots=True)
class StoredEvent(NewEvent):
    """An event as stored."""

    id: int

    @classmethod
    def of(cls, row: RowMapping) -> Self:
        return cls(**row)


@dataclass(frozen=True, kw_only=True, slots=True)
class PlanEvent(StoredEvent):
    """An event with its occurrence's task, unit and period (None for plan-level notes and target values)."""

    task_id: str | None
    unit_id: str | None
    period: str | None


class HistoryRow(NamedTuple):
    """One line of a task's history: an event of one of its occurrences, or an occurrence without
    any (then every event column is None)."""

    unit_id: str
    period: str
    at: datetime | None
    kind: str | None
    actor: str | None
    source: str | None
    line: int | None
    payload: dict[str, Any] | None


_EVENT = [events.c[f.name] for f in fields(StoredEvent)]
_ADD = insert(events)
_WITH_OCCURRENCE = (
    select(*_EVENT, occurrences.c.task_id, occurrences.c.unit_id, occurrences.c.period)
    .select_from(events.outerjoin(occurrences, occurrences.c.id == events.c.occurrence_id))
    .order_by(events.c.at, events.c.id)
)


def append(conn: Connection, new: Sequence[NewEvent]) -> None:
    """Several events in one statement (a batch of received messages writes them at its end)."""
    if new:
        execute_many(conn, _ADD, [event.row() for event in new])


def of_plan(conn: Connection, plan_id: str) -> list[PlanEvent]:
    """Every event of a plan, oldest first, each with its occurrence's task, unit and period."""
    return [PlanEvent.of(r._mapping) for r in conn.execute(_WITH_OCCURRENCE.where(events.c.plan_id == plan_id))]


def of_occurrence(conn: Connection, occurrence_id: int) -> list[StoredEvent]:
    query = select(*_EVENT).where(events.c.occurrence_id == occurrence_id).order_by(events.c.at, events.c.id)
    return [StoredEvent.of(r._mapping) for r in conn.execute(query)]


def latest(conn: Connection, occurrence_ids: Sequence[int]) -> dict[int, StoredEvent]:
    """The latest update of each occurrence (what an escalation shows as 'last update'): what its
    unit, the secretariat or the committee said, not what a plan revision changed."""
    found: dict[int, StoredEvent] = {}
    for ids in chunks(occurrence_ids, 500):
        said = events.c.occurrence_id.in_(ids) & events.c.kind.in_(sorted(UPDATES))
        query = select(*_EVENT).where(said).order_by(events.c.at, events.c.id)
        found.update({r.occurrence_id: StoredEvent.of(r._mapping) for r in conn.execute(query)})
    return found


def target_values(conn: Connection, plan_id: str | None = None) -> list[StoredEvent]:
    """Every recorded target value, oldest first."""
    query = select(*_EVENT).where(events.c.kind == EventKind.TARGET_VALUE)
    if plan_id:
        query = query.where(events.c.plan_id == plan_id)
    return [StoredEvent.of(r._mapping) for r in conn.execute(query.order_by(events.c.at, events.c.id))]


def pending_extension(conn: Connection, plan_id: str, task_id: str) -> PlanEvent | None:
    """The latest extension request on a task not yet decided, with its occurrence."""
    query = (
        _WITH_OCCURRENCE.where(events.c.plan_id == plan_id, occurrences.c.task_id == task_id)
        .where(events.c.kind.in_(EXTENSIONS))
        .order_by(None)
        .order_by(events.c.at.desc(), events.c.id.desc())
        .limit(1)
    )
    row = conn.execute(query).first()
    return PlanEvent.of(row._mapping) if row and row.kind == EventKind.EXTENSION_REQUESTED else None


def task_history(conn: Connection, plan_id: str, task_id: str, unit_id: str | None = None) -> list[HistoryRow]:
    """Every event of a task's occurrences, oldest first (``status --history``).

    An empty list means the task has no occurrence (for that unit); an occurrence without
    events yields one row with no event.
    """
    occ = occurrences.c
    query = (
        select(occ.unit_id, occ.period, events.c.at, events.c.kind, events.c.actor)
        .add_columns(events.c.source, events.c.line, events.c.payload)
        .select_from(occurrences.outerjoin(events, events.c.occurrence_id == occ.id))
        .where(occ.plan_id == plan_id, occ.task_id == task_id)
        .order_by(events.c.at, events.c.id, occ.due, occ.unit_id)
    )
    if unit_id:
        query = query.where(occ.unit_id == unit_id)
    return [HistoryRow._make(r) for r in conn.execute(query)]
