"""The inbox: every message received, kept whole, with what became of it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from ..vocabulary import InboxState
from .bulk import chunks, state_counts
from .dialect import append_bytes, execute_many, in_parts
from .schema import inbox


@dataclass(frozen=True, kw_only=True, slots=True)
class NewInbox:
    """A received message to keep whole, with what became of it."""

    sha256: str
    message_id: str
    raw: bytes
    sender: str
    subject: str
    plan_id: str | None
    unit_id: str | None
    state: str
    reason: str | None
    detail: dict[str, Any]  # what was recorded, what was not understood, the answer, a fault
    received_at: datetime

    def row(self) -> dict[str, Any]:
        """The row to write; text as a message wrote it, but NUL, which PostgreSQL text refuses."""
        return {name: _storable(getattr(self, name)) for name in self.__slots__}


def _storable(value: Any) -> Any:
    return value.replace("\x00", "\ufffd") if isinstance(value, str) and "\x00" in value else value


@dataclass(frozen=True, slots=True)
class InboxEntry:
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


@dataclass(frozen=True, slots=True)
class InboxMessage(InboxEntry):
    """A received message with its bytes."""

    raw: bytes


def _columns(row_type: type[InboxEntry]) -> list[Any]:
    return [inbox.c[f.name] for f in fields(row_type)]


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


def add(conn: Connection, message: NewInbox) -> int:
    parts = in_parts(conn, message.raw)
    if not parts:
        return int(conn.execute(_ADD, message.row()).scalar_one())
    inbox_id = int(conn.execute(_ADD, replace(message, raw=b"").row()).scalar_one())
    for part in parts:  # a large message, in parts (see dialect.in_parts)
        append_bytes(conn, inbox, "raw", inbox_id, part)
    return inbox_id


def add_many(conn: Connection, messages: Sequence[NewInbox]) -> dict[str, int]:
    """Store received messages (each new); return their ids by sha256. Two statements: SQLite
    would return ids in the order given only one row at a time."""
    large = [message for message in messages if in_parts(conn, message.raw)]
    if len(messages) <= 1 or large:  # one message from an MTA, or a large one: one at a time
        return {message.sha256: add(conn, message) for message in messages}
    execute_many(conn, _ADD_MANY, [message.row() for message in messages])
    found: dict[str, int] = {}
    for part in chunks([message.sha256 for message in messages], 400):
        found.update((sha, int(i)) for sha, i in conn.execute(_IDS, {"shas": part}))
    return found


def listed(conn: Connection, state: str | None = None) -> list[InboxEntry]:
    query = select(*_columns(InboxEntry)).order_by(inbox.c.id)
    if state:
        query = query.where(inbox.c.state == state)
    return [InboxEntry(*r) for r in conn.execute(query)]


def message(conn: Connection, inbox_id: int) -> InboxMessage | None:
    row = conn.execute(select(*_columns(InboxMessage)).where(inbox.c.id == inbox_id)).first()
    return None if row is None else InboxMessage(*row)


def set_outcome(conn: Connection, inbox_id: int, message: NewInbox) -> None:
    """What became of a message received before, read again on the secretariat's word."""
    outcome = ("plan_id", "unit_id", "state", "reason", "detail")
    conn.execute(update(inbox).where(inbox.c.id == inbox_id).values({k: getattr(message, k) for k in outcome}))


def release(conn: Connection, inbox_id: int) -> None:
    """Take a message out of quarantine: the secretariat handled it by hand."""
    conn.execute(update(inbox).where(inbox.c.id == inbox_id).values(state=InboxState.RELEASED))


def states(conn: Connection) -> dict[str, int]:
    """How many received messages are in each state."""
    return state_counts(conn, inbox)
