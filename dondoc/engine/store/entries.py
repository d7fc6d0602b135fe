"""Answers kept per report: what a reporting unit said about each item for one of its report
occurrences, and where it said it (a line of an email, a row of the form, a document, the
secretariat). Append-only: the latest entry per (report, item) counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import NamedTuple, Self

from sqlalchemy import Connection, RowMapping, func, insert, select

from ..vocabulary import Via
from .bulk import chunks
from .dialect import execute_many
from .schema import occurrences, report_entries


@dataclass(frozen=True, kw_only=True, slots=True)
class NewEntry:
    """One answer to append."""

    plan_id: str
    report_id: int  # the report occurrence it answers
    unit_id: str
    item: str  # a task or target code; "report" for a document
    kind: str  # an ItemKind
    period: str | None = None  # the item's own period it is about (a recurring task's)
    state: str | None = None
    progress: int | None = None
    result: str = ""
    obstacles: str = ""
    proposals: str = ""
    value: float | None = None
    via: str  # a Via
    source: str | None  # the Message-ID of the email, or "cli"
    position: int | None  # the line of the email body, or the row of the form
    actor: str
    at: datetime  # naive UTC
    recorded_at: datetime

    def row(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(NewEntry)}


@dataclass(frozen=True, kw_only=True, slots=True)
class StoredEntry(NewEntry):
    id: int

    @classmethod
    def of(cls, row: RowMapping) -> Self:
        return cls(**row)


class Answered(NamedTuple):
    """What a report occurrence has been answered on: the items, and whether a document came."""

    items: frozenset[str]
    document: bool


class Kept(NamedTuple):
    """An answer with the period label of the report it answers."""

    report_period: str
    entry: StoredEntry


_ENTRY = [report_entries.c[f.name] for f in fields(StoredEntry)]
_ADD = insert(report_entries)


def append(conn: Connection, new: Sequence[NewEntry]) -> None:
    if new:
        execute_many(conn, _ADD, [entry.row() for entry in new])


def answered(conn: Connection, report_ids: Sequence[int]) -> dict[int, Answered]:
    """Each of these report occurrences' answered items (those without any answer are left out)."""
    cols = report_entries.c
    found: dict[int, tuple[set[str], bool]] = {}
    for ids in chunks(report_ids, 500):
        query = select(cols.report_id, cols.item, cols.via).where(cols.report_id.in_(ids)).distinct()
        for report_id, item, via in conn.execute(query):
            items, document = found.setdefault(int(report_id), (set(), False))
            found[int(report_id)] = (items | {str(item)}, document or via == Via.DOCUMENT)
    return {rid: Answered(frozenset(items), document) for rid, (items, document) in found.items()}


def latest(conn: Connection, plan_ids: Sequence[str]) -> dict[tuple[str, str, str], StoredEntry]:
    """The latest answer that says how an item stands (a status or a result) per (plan, unit,
    item), in any report: what a request shows as "last reported"."""
    cols = report_entries.c
    found: dict[tuple[str, str, str], StoredEntry] = {}
    for plans in chunks(plan_ids, 500):
        said = (cols.state.is_not(None) | (cols.result != "")) & (cols.via != Via.DOCUMENT)
        newest = (
            select(func.max(cols.id))
            .where(cols.plan_id.in_(plans), said)
            .group_by(cols.plan_id, cols.unit_id, cols.item)
        )
        for row in conn.execute(select(*_ENTRY).where(cols.id.in_(newest))):
            entry = StoredEntry.of(row._mapping)
            found[(entry.plan_id, entry.unit_id, entry.item)] = entry
    return found


def of_plan(conn: Connection, plan_id: str) -> list[Kept]:
    """Every answer kept for a plan's reports, oldest first, with each report's period label."""
    cols = report_entries.c
    query = (
        select(*_ENTRY, occurrences.c.period.label("report_period"))
        .join(occurrences, occurrences.c.id == cols.report_id)
        .where(cols.plan_id == plan_id)
        .order_by(cols.id)
    )
    names = [f.name for f in fields(StoredEntry)]
    found = []
    for row in conn.execute(query):
        mapping = row._mapping
        found.append(Kept(str(mapping["report_period"]), StoredEntry(**{n: mapping[n] for n in names})))
    return found
