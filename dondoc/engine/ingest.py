"""Ingest replies: record what each says, or keep it whole in quarantine, and answer the sender.

In order, each step a small function:

1. the same bytes or Message-ID twice are recorded once;
2. automatic mail is set aside first, whoever it says it is from (``automatic``); then a From
   naming several addresses, forgeries, mail over the size limit (kept whole, unread) and
   messages that answer nothing dondoc sent; the sender must be someone the answered message
   went to (``screening``);
3. each line is parsed and allowed or not, and what was understood becomes events
   (``recording``): a line that was not understood or not allowed keeps the whole message in
   quarantine with the reason, nothing of it recorded;
4. the sender gets an acknowledgement or an error reply through the outbox, within the loop
   guard; the committee's decisions go to the unit that asked (``answers``).

A ``Batch`` is the one unit of work: one transaction over a pass's messages, which reads what
they cite once for all of them and writes what they recorded together at its end. A crash
records everything or nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import OperationalError

from . import answers, automatic, mime, outbox, plans, recording, store, tokens
from .answers import Answers
from .clock import to_store
from .errors import StoreError
from .letters import Headers, Letter
from .payloads import DigestPayload, payload_of
from .plan import Plan
from .received import Received, Thread
from .render import printable
from .screening import Cited, allowed_senders, plan_addresses, refused
from .settings import Settings
from .store.entries import NewEntry
from .store.events import NewEvent
from .store.inbox import NewInbox
from .store.outbox import Sent
from .vocabulary import Audience, InboxState, Reason


@dataclass
class Batch:
    """One transaction over received messages: what it reads once for all of them, not once per
    message (the inbox rows, sent messages and plans they cite; how many answers each sender got
    in the last day), and what it writes together at its end (``flush``: events, answers and the
    messages themselves). Occurrences are updated at once: a later line in the same batch reads
    them."""

    answers: Answers
    cited: Cited = field(default_factory=Cited)
    plans: dict[str, Plan] = field(default_factory=dict)
    stored_shas: dict[str, int] = field(default_factory=dict)  # inbox ids of messages received before
    stored_ids: dict[str, int] = field(default_factory=dict)  # ... by Message-ID
    events: list[NewEvent] = field(default_factory=list)
    entries: list[NewEntry] = field(default_factory=list)  # answers kept for units' reports
    kept: list[tuple[NewInbox, Received]] = field(default_factory=list)  # inbox rows to write
    keeping_shas: dict[str, Received] = field(default_factory=dict)  # this batch's messages not yet written
    keeping_ids: dict[str, Received] = field(default_factory=dict)

    @classmethod
    def start(cls, conn: Connection, settings: Settings, letters: Sequence[Letter], now: datetime) -> Batch:
        """Read what these messages cite, in a few statements for all of them."""
        since = to_store(now) - timedelta(days=1)
        counts = store.outbox.replies_since(conn, {letter.headers.sender for letter in letters}, since)
        threads = store.outbox.answers_in_threads(conn, {letter.conversation for letter in letters}, since)
        batch = cls(Answers(outbox.sender(conn, settings), settings, counts, threads))
        for inbox_id, sha, mid in store.inbox.known_of(conn, [(letter.sha, letter.mid) for letter in letters]):
            batch.stored_shas[sha] = inbox_id
            if mid:
                batch.stored_ids.setdefault(mid, inbox_id)  # the first one received
        refs = {tokens.split(value)[0] for letter in letters for value in letter.tokens}
        batch.cited.add(store.outbox.sent(conn, sorted(refs), sorted({c for x in letters for c in x.cited})))
        batch.plans.update(plans.current_of(conn, batch.cited.plan_ids()))
        return batch

    @property
    def secret(self) -> str:
        return self.answers.identity.secret

    def plan(self, conn: Connection, plan_id: str) -> Plan:
        if plan_id not in self.plans:
            self.plans[plan_id] = plans.current(conn, plan_id)
        return self.plans[plan_id]

    def known(self, conn: Connection, letter: Letter) -> int | None:
        """The inbox id of a message received before with these bytes or this Message-ID."""
        if letter.sha in self.keeping_shas or (letter.mid and letter.mid in self.keeping_ids):
            # The same message twice in this batch (rare): the first one's row must exist now.
            self.flush(conn)
        found = self.stored_shas.get(letter.sha)
        return self.stored_ids.get(letter.mid) if found is None and letter.mid else found

    def keep(self, row: NewInbox, received: Received) -> None:
        """Store a received message whole (its id is set when the batch is written)."""
        self.kept.append((row, received))
        self.keeping_shas[row.sha256] = received
        if row.message_id:
            self.keeping_ids[row.message_id] = received

    def flush(self, conn: Connection) -> None:
        """Write what the batch has recorded so far."""
        store.outbox.queue(conn, self.answers.taken())
        store.events.append(conn, self.events)
        store.entries.append(conn, self.entries)
        ids = store.inbox.add_many(conn, [row for row, _ in self.kept])
        for row, received in self.kept:
            received.inbox_id = self.stored_shas[row.sha256] = ids[row.sha256]
            if row.message_id:
                self.stored_ids[row.message_id] = received.inbox_id
        self.events, self.entries, self.kept = [], [], []
        self.keeping_shas, self.keeping_ids = {}, {}


@dataclass(frozen=True)
class Vouched:
    """The secretariat's decision on a quarantined message: it speaks for this unit of this plan."""

    plan_id: str
    unit_id: str
    inbox_id: int  # the message released


def ingest(engine: Engine, raw: bytes, now: datetime, settings: Settings) -> Received:
    """Process one raw message."""
    return ingest_all(engine, [raw], now, settings)[0]


def ingest_all(engine: Engine, raws: Sequence[bytes], now: datetime, settings: Settings) -> list[Received]:
    """Process several raw messages in one transaction (a pass over a Maildir or a mailbox).

    If the database fails, nothing is recorded and the error reaches the caller: the source keeps
    the messages for the next pass. If one message makes dondoc itself fail, it must not hold the
    others back for ever: the batch is done again one message per transaction, and that message
    is quarantined whole with the fault as its reason."""
    try:
        with store.transaction(engine) as conn:
            letters = [Letter.read(raw, settings.max_message_bytes) for raw in raws]
            return _receive_all(conn, letters, now, settings)
    except (OperationalError, StoreError):
        raise
    except Exception:  # which message, and why, is found and kept below
        return [_alone(engine, raw, now, settings) for raw in raws]


def _receive_all(
    conn: Connection, letters: Sequence[Letter], now: datetime, settings: Settings, vouched: Vouched | None = None
) -> list[Received]:
    batch = Batch.start(conn, settings, letters, now)
    received = [_receive(conn, letter, now, batch, vouched) for letter in letters]
    batch.flush(conn)
    return received


def _alone(engine: Engine, raw: bytes, now: datetime, settings: Settings) -> Received:
    try:
        with store.transaction(engine) as conn:
            return receive(conn, raw, now, settings)
    except (OperationalError, StoreError):
        raise
    except Exception as exc:  # kept with the message for the secretariat and developers
        with store.transaction(engine) as conn:
            return _keep_faulty(conn, raw, now, f"{type(exc).__name__}: {exc}")


def _keep_faulty(conn: Connection, raw: bytes, now: datetime, error: str) -> Received:
    """Quarantine a message dondoc failed on, with only what can be read of it safely."""
    sha = hashlib.sha256(raw).hexdigest()
    try:
        headers = Headers(mime.read(raw, whole=False).fields)
        mid, sender, subject = headers("Message-ID"), headers.sender, headers.text("Subject")
    except Exception:  # the headers themselves may be the fault
        mid, sender, subject = "", "", ""
    known = store.inbox.known_of(conn, [(sha, mid)])
    if known:  # quarantined already by an earlier pass
        return Received(known[0][0], InboxState.DUPLICATE, sender=sender)
    received = Received(0, InboxState.QUARANTINED, reason=Reason.FAULT, sender=sender, error=error)
    received.inbox_id = store.inbox.add(conn, _inbox_row(raw, sha, mid, subject, received, now))
    return received


def receive(
    conn: Connection, raw: bytes, now: datetime, settings: Settings, *, vouched: Vouched | None = None
) -> Received:
    """Process one raw message inside a transaction (``vouched``: re-read on the secretariat's word)."""
    return _receive_all(conn, [Letter.read(raw, settings.max_message_bytes)], now, settings, vouched)[0]


def _receive(conn: Connection, letter: Letter, now: datetime, batch: Batch, vouched: Vouched | None) -> Received:
    known = batch.known(conn, letter)
    if known is not None and vouched is None:
        return Received(known, InboxState.DUPLICATE, sender=letter.headers.sender)
    received = _judge(conn, letter, now, batch, vouched)
    return _keep(conn, letter, received, now, batch, known)


def _inbox_row(raw: bytes, sha: str, mid: str, subject: str, received: Received, now: datetime) -> NewInbox:
    """A received message whole, with what became of it."""
    return NewInbox(
        sha256=sha,
        message_id=mid,
        raw=raw,
        sender=received.sender,
        subject=subject,
        plan_id=received.plan_id,
        unit_id=received.unit_id,
        state=received.state,
        reason=received.reason,
        detail=received.detail(),
        received_at=to_store(now),
    )


def _keep(
    conn: Connection, letter: Letter, received: Received, now: datetime, batch: Batch, known: int | None
) -> Received:
    """Store the message whole with what became of it (or update ``known``, re-read on the
    secretariat's word)."""
    row = _inbox_row(letter.raw, letter.sha, letter.mid, letter.headers.text("Subject"), received, now)
    if known is not None:
        store.inbox.set_outcome(conn, known, row)
        received.inbox_id = known
    else:
        batch.keep(row, received)
    return received


def describe(received: Received) -> str:
    """One line for the command line and logs."""
    where = f"{received.plan_id}/{received.unit_id or 'committee'}" if received.plan_id else "-"
    what = f"{len(received.recorded)} recorded" + (f", {len(received.rejected)} not" if received.rejected else "")
    reason = f" ({received.reason})" if received.reason else ""
    reply = f" -> {received.reply}" if received.reply else ""
    reply = f" -> answer held back ({received.held})" if received.held else reply
    sender = printable(received.sender) or "?"  # as the message wrote it: never raw to a terminal
    return f"#{received.inbox_id:<5} {received.state:<11} {sender}  {where}: {what}{reason}{reply}"


def _judge(conn: Connection, letter: Letter, now: datetime, batch: Batch, vouched: Vouched | None) -> Received:
    sender = letter.headers.sender
    quarantined = Received(0, InboxState.QUARANTINED, sender=sender)
    if vouched is not None:
        return _vouched(conn, letter, now, batch, vouched, quarantined)
    reason = automatic.judge(letter) or refused(letter)
    if reason:
        quarantined.reason = reason
        return quarantined
    answered, reason = batch.cited.answered(letter, batch.answers.identity.secret)
    if answered is None:
        quarantined.reason = reason if letter.whole else Reason.TOO_LARGE
        if letter.whole:
            _answer_stranger(conn, letter, quarantined, now, batch)
        return quarantined
    plan = batch.plan(conn, answered.plan_id or "")
    thread = _thread(plan, Audience.parse(answered.audience or ""), answered, now, sender)
    quarantined.plan_id, quarantined.unit_id = plan.id, thread.unit_id or None
    if sender not in allowed_senders(plan, thread.audience):
        known = sender in plan_addresses(plan)
        quarantined.reason = Reason.WRONG_SENDER if known else Reason.UNKNOWN_SENDER
        if not letter.whole:
            quarantined.reason = Reason.TOO_LARGE
        elif known:
            answers.reply(batch.answers, thread, letter, quarantined, now)
        return quarantined
    return _record(conn, thread, letter, quarantined, now, batch)


def _vouched(
    conn: Connection, letter: Letter, now: datetime, batch: Batch, vouched: Vouched, quarantined: Received
) -> Received:
    """A message the secretariat releases as coming from a unit: read as that unit's reply."""
    quarantined.inbox_id = vouched.inbox_id
    plan = batch.plan(conn, vouched.plan_id)
    plan.unit(vouched.unit_id)  # an unknown unit is the secretariat's typo: say so
    thread = _thread(plan, Audience.unit(vouched.unit_id), None, now, letter.headers.sender)
    quarantined.plan_id, quarantined.unit_id = plan.id, vouched.unit_id
    return _record(conn, thread, letter, quarantined, now, batch)


def _record(
    conn: Connection, thread: Thread, letter: Letter, received: Received, now: datetime, batch: Batch
) -> Received:
    """Record what the message says, forward its extension requests, tell the committee's
    decisions, and answer it (a message over the size limit is not read: only answered)."""
    if not letter.whole:
        received.reason = Reason.TOO_LARGE
    else:
        recording.record(conn, batch, thread, letter, received, now, batch.answers.settings)
        answers.forward_extensions(batch.answers, thread, letter, received, now)
        answers.tell_decisions(batch.answers, thread, letter, received, now)
    answers.reply(batch.answers, thread, letter, received, now)
    return received


def _thread(plan: Plan, audience: Audience, answered: Sent | None, now: datetime, sender: str) -> Thread:
    payload = payload_of(answered.payload) if answered and answered.payload else None
    listed = payload.items if isinstance(payload, DigestPayload) else []
    return Thread(plan, plans.calendar_of(plan), plans.today_of(plan, now), audience, listed, sender)


def _answer_stranger(conn: Connection, letter: Letter, received: Received, now: datetime, batch: Batch) -> None:
    """A known address that cites nothing we sent (or a forged token) still learns why."""
    known = store.plans.knowing(conn, received.sender)
    if not known:
        return
    plan = batch.plan(conn, known[0])
    unit = next(u for u in plan.units if received.sender in allowed_senders(plan, Audience.unit(u.id)))
    thread = _thread(plan, Audience.unit(unit.id), None, now, received.sender)
    received.plan_id, received.unit_id = plan.id, unit.id
    answers.reply(batch.answers, thread, letter, received, now)
