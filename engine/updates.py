"""Record updates as events and apply them to the occurrence they concern.

Every change of state is an event first (who, when, from which message and line); the
occurrence's columns are the projection the check and the status read. Replies (email)
and the secretariat's manual updates go through the same ``record``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection

from . import store
from .errors import NotFound, UserError

KINDS = ("done", "progress", "blocked", "note")


@dataclass(frozen=True)
class Update:
    """One thing a unit (or the secretariat) says about one occurrence."""

    kind: str  # done | progress | blocked | note
    progress: int | None = None
    text: str = ""


def projection(current: dict[str, Any], update: Update, at: datetime) -> dict[str, Any]:
    """The occurrence columns after ``update`` (pure)."""
    values: dict[str, Any] = {"last_update_at": at}
    if update.kind == "done":
        values.update(state="done", progress=100, done_at=at, next_notice_on=None)
    elif update.kind == "progress" and update.progress is not None:
        if update.progress >= 100:
            return projection(current, Update("done", 100, update.text), at)
        values.update(progress=update.progress, state="in_progress" if current["state"] != "done" else "done")
    elif update.kind == "blocked" and current["state"] != "done":
        values.update(state="blocked")
    return values


def choose(rows: list[dict[str, Any]], period: str | None, today: date) -> dict[str, Any]:
    """The occurrence an update is about: the named period, else the earliest open one."""
    if period is not None:
        for row in rows:
            if row["period"] == period:
                return row
        raise NotFound(f"no period {period!r} for this task and unit; known: {', '.join(r['period'] for r in rows)}")
    open_rows = [r for r in rows if r["state"] != "done" and (r["period_start"] is None or r["period_start"] <= today)]
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
) -> dict[str, Any]:
    """Append the event and apply it; return the occurrence as it now stands."""
    rows = store.find_occurrences(conn, plan_id, task_id, unit_id)
    if not rows:
        raise NotFound(f"unit {unit_id!r} has no occurrence of task {task_id!r} in plan {plan_id!r}")
    row = choose(rows, period, today)
    if update.kind not in KINDS:
        raise UserError(f"unknown update kind {update.kind!r}")
    at = store.utcnow_naive(now)
    payload = {"progress": update.progress, "text": update.text, "period": row["period"]}
    store.append_event(
        conn,
        {
            "plan_id": plan_id,
            "occurrence_id": row["id"],
            "kind": update.kind,
            "actor": actor,
            "source": source,
            "line": line,
            "payload": payload,
            "at": at,
            "recorded_at": store.utcnow_naive(datetime.now(now.tzinfo)),
        },
    )
    values = projection(row, update, at)
    store.set_occurrence(conn, row["id"], values)
    if values.get("state") == "done" and row["role"] == "lead":
        store.silence_task_period(conn, plan_id, task_id, row["period"])
    return {**row, **values}
