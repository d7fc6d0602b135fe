"""Report occurrences that answer one cut-off, merged into one (schema 7, issue #19).

Before schema 7 every reporting cadence had its own report occurrence, so a unit owed the
quarter's, the half-year's and the year's report on the same day. One report now answers all
the periods that close on a cut-off date; it is the longest period's occurrence.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from itertools import groupby
from typing import Any

from sqlalchemy import Connection, Row, select, update

from ..calendar import CADENCES, period_from_label
from ..vocabulary import Role, State
from .schema import events, occurrences

_COLUMNS = ("id", "plan_id", "unit_id", "period", "period_start", "original_due", "state", "progress", "done_at")
_MORE = ("last_update_at", "steps_done", "next_notice_on")


def merge_reports(conn: Connection) -> int:
    """Merge every group of a unit's active report occurrences sharing a cut-off; return how many
    occurrences were retired."""
    o = occurrences.c
    query = (
        select(*(o[c] for c in _COLUMNS + _MORE))
        .where(o.role == Role.REPORT, o.active.is_(True), o.original_due.is_not(None))
        .order_by(o.plan_id, o.unit_id, o.original_due, o.id)
    )
    retired = 0
    for _key, rows in groupby(conn.execute(query).all(), key=lambda r: (r.plan_id, r.unit_id, r.original_due)):
        group = list(rows)
        if len(group) > 1:
            retired += _merge(conn, group)
    return retired


def _rank(label: str) -> int:
    try:
        return CADENCES.index(period_from_label(label).cadence)
    except ValueError:
        return -1


def _merge(conn: Connection, group: Sequence[Row[Any]]) -> int:
    keep = max(group, key=lambda r: _rank(r.period))
    others = [r.id for r in group if r.id != keep.id]
    o = occurrences.c
    conn.execute(update(events).where(events.c.occurrence_id.in_(others)).values(occurrence_id=keep.id))
    conn.execute(update(occurrences).where(o.id.in_(others)).values(active=False, next_notice_on=None))
    conn.execute(update(occurrences).where(o.id == keep.id).values(**_furthest(group)))
    return len(others)


def _furthest(group: Sequence[Row[Any]]) -> dict[str, Any]:
    """The merged state: done if any was (on its first day), else the most advanced; the most steps
    handled, with that row's next notice; open from the day after the previous cut-off (the
    shortest period's start)."""
    done = [r for r in group if r.state == State.DONE]
    best = max(group, key=lambda r: (r.state == State.DONE, r.progress, r.last_update_at or datetime.min))
    most = max(group, key=lambda r: r.steps_done)
    updates = [r.last_update_at for r in group if r.last_update_at is not None]
    starts = [r.period_start for r in group if r.period_start is not None]
    return {
        "period_start": max(starts) if starts else None,
        "state": best.state,
        "progress": best.progress,
        "done_at": min(r.done_at for r in done if r.done_at) if any(r.done_at for r in done) else None,
        "last_update_at": max(updates) if updates else None,
        "steps_done": most.steps_done,
        "next_notice_on": None if done else most.next_notice_on,
    }
