"""The inbox: every message received, kept whole, with what became of it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, bindparam, insert, select, update

from .bulk import chunks, state_counts
from .dialect import execute_many
from .schema import inbox


class InboxEntry(NamedTuple):
    """A received message as listed (without its bytes)."""

    id: int
    sha256: str
    message_id: str | None
    sender: str | None
    subject: str | None
    plan_id: str | None
    unit_id: str | None
    state: str
    reason: str | None
    detail: dict[str, Any] | None
    received_at: datetime


class InboxMessage(NamedTuple):
    """A received message with its bytes."""

    id: int
    sha256: str
    message_id: str | None
    raw: bytes
    sender: str | None
    subject: str | None
    plan_id: str | None
    unit_id: str | None
    state: str
    reason: str | None
    detail: dict[str, Any] | None
    received_at: datetime


# One lookup served by both indexes (SQLite's multi-index OR, PostgreSQL's bitmap OR).
_KNOWN_OF = (
    select(inbox.c.id, inbox.c.sha256, inbox.c.message_id)
    .where(
        inbox.c.sha256.in_(bindparam("shas", expanding=True))
        | inbox.c.message_id.in_(bindparam("mids", expanding=True))
    )
    .order_by(inbox.c.id)
)
_ADD = insert(inbox).returning(inbox.c.id)
_ADD_MANY = insert(inbox)
_IDS = select(inbox.c.sha256, inbox.c.id).where(inbox.c.sha256.in_(bindparam("shas", expanding=True)))


def known_of(conn: Connection, pairs: Sequence[tuple[str, str]]) -> list[tuple[int, str, str | None]]:
    """(id, sha256, Message-ID), oldest first, of the messages already received with any of these
    (sha256, Message-ID) pairs' bytes or Message-IDs: a batch asks for all of its messages at once."""
    found: list[tuple[int, str, str | None]] = []
    for part in chunks(pairs, 400):
        values = {"shas": [sha for sha, _ in part], "mids": [mid for _, mid in part if mid]}
        found += [(int(r[0]), r[1], r[2]) for r in conn.execute(_KNOWN_OF, values)]
    return found


def add(conn: Connection, row: Mapping[str, Any]) -> int:
    return int(conn.execute(_ADD, dict(row)).scalar_one())


def add_many(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """Store received messages (each new); return their ids by sha256. Two statements: SQLite
    would return ids in the order given only one row at a time."""
    if len(rows) <= 1:  # none, or one message from an MTA: one statement at most
        return {row["sha256"]: add(conn, row) for row in rows}
    execute_many(conn, _ADD_MANY, rows)
    found: dict[str, int] = {}
    for part in chunks([row["sha256"] for row in rows], 400):
        found.update((sha, int(i)) for sha, i in conn.execute(_IDS, {"shas": part}))
    return found


def listed(conn: Connection, state: str | None = None) -> list[InboxEntry]:
    query = select(*(inbox.c[name] for name in InboxEntry._fields)).order_by(inbox.c.id)
    if state:
        query = query.where(inbox.c.state == state)
    return [InboxEntry._make(r) for r in conn.execute(query)]


def message(conn: Connection, inbox_id: int) -> InboxMessage | None:
    row = conn.execute(select(*(inbox.c[name] for name in InboxMessage._fields)).where(inbox.c.id == inbox_id)).first()
    return None if row is None else InboxMessage._make(row)


def set_values(conn: Connection, inbox_id: int, values: Mapping[str, Any]) -> None:
    conn.execute(update(inbox).where(inbox.c.id == inbox_id).values(**values))


def states(conn: Connection) -> dict[str, int]:
    """How many received messages are in each state."""
    return state_counts(conn, inbox)
