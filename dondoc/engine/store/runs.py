"""Runs: every check, send and ingest that finished, for the dashboard and the catch-up."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, insert, select

from .schema import runs


class Run(NamedTuple):
    id: int
    kind: str
    now: datetime  # the moment it acted at (naive UTC)
    started_at: datetime
    finished_at: datetime | None
    summary: dict[str, Any]


def record(
    conn: Connection, *, kind: str, now: datetime, started_at: datetime, finished_at: datetime, summary: dict[str, Any]
) -> None:
    """One finished run (moments in naive UTC)."""
    values = {"kind": kind, "now": now, "started_at": started_at, "finished_at": finished_at, "summary": summary}
    conn.execute(insert(runs).values(values))


def last(conn: Connection, limit: int = 10) -> list[Run]:
    query = select(*(runs.c[name] for name in Run._fields)).order_by(runs.c.id.desc()).limit(limit)
    return [Run._make(r) for r in conn.execute(query)]


def covering(conn: Connection, kind: str, since: datetime) -> list[dict[str, Any]]:
    """The summaries of runs of ``kind`` that acted at or after ``since`` (naive UTC): did anyone
    take that tick?"""
    query = select(runs.c.summary).where(runs.c.kind == kind, runs.c.now >= since)
    return [dict(summary) for summary in conn.execute(query).scalars()]
