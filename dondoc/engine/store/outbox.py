"""The outbox: every message dondoc sends, under a unique key, and what became of it."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Connection, Select, and_, bindparam, func, or_, select, update

from .. import keys
from ..vocabulary import OutboxState
from .bulk import chunks, state_counts
from .dialect import commit_without_flush, insert_ignore, insert_new, skip_locked
from .schema import outbox


@dataclass(frozen=True, kw_only=True, slots=True)
class NewMessage:
    """A message to queue: rendered already (``message``) or rendered when first sent (``payload``)."""

    key: str
    plan_id: str
    kind: str
    audience: str  # Audience.key: signed into the reply token
    recipients: list[str]
    message_id: str
    ref: str  # the message part of its reply token
    payload: object = None  # JSON (plain values, or dataclasses orjson writes)
    subject: str = ""
    message: bytes = b""
    thread: str | None = None  # answers: the conversation of the message answered
    created_at: datetime

    def row(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "plan_id": self.plan_id,
            "kind": self.kind,
            "recipients": self.recipients,
            "subject": self.subject,
            "message_id": self.message_id,
            "message": self.message,
            "payload": self.payload,
            "ref": self.ref,
            "audience": self.audience,
            "thread": self.thread,
            "state": OutboxState.QUEUED,
            "attempts": 0,
            "created_at": self.created_at,
        }


class OutboxMessage(NamedTuple):
    id: int
    key: str
    plan_id: str | None
    kind: str
    recipients: list[str]
    subject: str
    message_id: str
    message: bytes  # the whole RFC 5322 message as sent (b"" until rendered)
    payload: dict[str, Any] | None  # what to render (template, audience, items)
    ref: str | None  # the message part of its reply token
    audience: str | None
    thread: str | None
    state: str
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None


class Claimed(NamedTuple):
    """A message taken to send."""

    id: int
    key: str
    plan_id: str | None
    kind: str
    audience: str | None
    message_id: str
    recipients: list[str]
    message: bytes
    payload: dict[str, Any] | None
    attempts: int
    state: str  # queued, or sending: left by a run that stopped, taken again


class InFlight(NamedTuple):
    """Messages marked 'sending' and not yet given up on: how many, and the earliest moment one of
    them was taken (naive UTC)."""

    messages: int
    since: datetime | None


class Sent(NamedTuple):
    """A message dondoc sent, as a reply to it needs it."""

    id: int
    key: str
    plan_id: str | None
    kind: str
    audience: str | None
    message_id: str
    ref: str | None
    payload: dict[str, Any] | None


class Rendered(NamedTuple):
    """A message rendered when first claimed: kept, so that a retry sends exactly these bytes."""

    id: int
    subject: str
    message: bytes


class Settled(NamedTuple):
    """What happened to one message handed to a notifier."""

    id: int
    state: OutboxState  # sent | queued (to retry) | failed
    last_error: str | None
    next_attempt_at: datetime | None = None
    sent_at: datetime | None = None


def _columns(row_type: type[NamedTuple]) -> list[Any]:
    return [outbox.c[name] for name in row_type._fields]


def queue(conn: Connection, messages: Sequence[NewMessage]) -> set[str]:
    """Put messages in the outbox, skipping keys already there; return the keys that were new."""
    rows = [message.row() for message in messages]
    if len(rows) == 1:  # one answer to a received message: one statement, no RETURNING
        return {rows[0]["key"]} if insert_ignore(conn, outbox, rows, ["key"]) else set()
    if not rows:
        return set()
    # One statement: the rows that collide are skipped, and only the new ones come back.
    return set(insert_new(conn, outbox, rows, "key"))


def claim(conn: Connection, now: datetime, stale_before: datetime, limit: int) -> list[Claimed]:
    """Take messages to send: queued and due, or left 'sending' by a run that died."""
    cols = outbox.c
    ready = (cols.state == OutboxState.QUEUED) & ((cols.next_attempt_at.is_(None)) | (cols.next_attempt_at <= now))
    abandoned = (cols.state == OutboxState.SENDING) & (cols.next_attempt_at <= stale_before)
    query = select(*_columns(Claimed)).where(ready | abandoned).order_by(cols.id).limit(limit)
    rows = [Claimed._make(r) for r in conn.execute(skip_locked(conn, query))]
    if rows:
        conn.execute(
            update(outbox)
            .where(cols.id.in_([r.id for r in rows]))
            .values(state=OutboxState.SENDING, attempts=cols.attempts + 1, next_attempt_at=now)
        )
    return rows


def in_flight(conn: Connection, stale_before: datetime) -> InFlight:
    """Messages in 'sending' taken after ``stale_before``: another run is sending them, or one that
    stopped left them, and they are taken again once stale."""
    cols = outbox.c
    query = select(func.count(), func.min(cols.next_attempt_at)).where(
        cols.state == OutboxState.SENDING, cols.next_attempt_at > stale_before
    )
    count, since = conn.execute(query).one()
    return InFlight(int(count), since)


def settle(conn: Connection, settled: Settled) -> None:
    """Record what happened to one message handed to a notifier."""
    # One commit per message: not waiting for the disk flush keeps that cheap. Only a crash of
    # the database server itself can lose this commit, and then the message goes again with
    # its Message-ID (a recognisable duplicate); a crash of dondoc loses nothing.
    commit_without_flush(conn)
    values = settled._asdict()
    if settled.sent_at is None:
        del values["sent_at"]
    conn.execute(update(outbox).where(outbox.c.id == values.pop("id")).values(values))


_SET_RENDERED = (
    update(outbox)
    .where(outbox.c.id == bindparam("mid"))
    .values(subject=bindparam("subject"), message=bindparam("message"))
)


def set_rendered(conn: Connection, rows: Sequence[Rendered]) -> None:
    """Keep rendered messages: a retry sends exactly these bytes."""
    if rows:
        conn.execute(_SET_RENDERED, [{"mid": r.id, "subject": r.subject, "message": r.message} for r in rows])


def listed(conn: Connection) -> list[OutboxMessage]:
    """Every message in the outbox, in the order it was queued."""
    return [OutboxMessage._make(r) for r in conn.execute(select(*_columns(OutboxMessage)).order_by(outbox.c.id))]


def states(conn: Connection) -> dict[str, int]:
    """How many messages are in each state."""
    return state_counts(conn, outbox)


_SENT_BY = (
    select(*_columns(Sent))
    .where(
        outbox.c.ref.in_(bindparam("refs", expanding=True))
        | outbox.c.message_id.in_(bindparam("ids", expanding=True))
    )
    .order_by(outbox.c.id)
)


def sent(conn: Connection, refs: Sequence[str], message_ids: Sequence[str]) -> list[Sent]:
    """Messages dondoc sent with any of these token references or Message-IDs (what replies
    answer), oldest first: a batch of replies asks for all it cites at once."""
    found: list[Sent] = []
    for part in chunks([*[("ref", r) for r in refs], *[("id", i) for i in message_ids]], 400):
        values = {"refs": [v for k, v in part if k == "ref"], "ids": [v for k, v in part if k == "id"]}
        found += [Sent._make(r) for r in conn.execute(_SENT_BY, values)]
    return sorted({r.id: r for r in found}.values(), key=lambda r: r.id)


def replies_since(conn: Connection, addresses: Collection[str], since: datetime) -> dict[str, int]:
    """How many replies dondoc queued to each of ``addresses`` since ``since`` (a cap against loops)."""
    counts = dict.fromkeys(addresses, 0)
    for part in chunks(sorted(addresses), 100):
        values: dict[str, Any] = {"since": since}
        for n, address in enumerate(part):
            values[f"low{n}"], values[f"high{n}"] = keys.replies_to(address)
        for key in conn.execute(_replies_to(len(part)), values).scalars():
            address = keys.replied_to(key)
            if address in counts:  # another address that only shares this one's range is not counted
                counts[address] += 1
    return counts


@cache
def _replies_to(addresses: int) -> Select[Any]:
    """The keys of replies to so many addresses: one key range each, so the unique index on key
    serves them all (built once per count: building a statement costs more than running it)."""
    key = outbox.c.key
    ranges = [and_(key >= bindparam(f"low{n}"), key < bindparam(f"high{n}")) for n in range(addresses)]
    return select(key).where(or_(*ranges), outbox.c.created_at >= bindparam("since"))


_IN_THREADS = (
    select(outbox.c.thread, func.count())
    .where(outbox.c.thread.in_(bindparam("threads", expanding=True)), outbox.c.created_at >= bindparam("since"))
    .group_by(outbox.c.thread)
)


def answers_in_threads(conn: Connection, threads: Collection[str], since: datetime) -> dict[str, int]:
    """How many answers dondoc queued in each of these conversations since ``since`` (the loop guard)."""
    counts = dict.fromkeys(threads, 0)
    for part in chunks(sorted(threads), 400):
        counts.update((thread, int(n)) for thread, n in conn.execute(_IN_THREADS, {"threads": part, "since": since}))
    return counts
