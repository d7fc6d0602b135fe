"""Ingest one reply: record what it says, or keep it whole in quarantine, and answer the sender.

In order, each step a small function:

1. the same bytes or Message-ID twice are recorded once;
2. automatic mail (RFC 3834), bounces and mailing lists are quarantined and never answered;
3. a message that the receiving server says failed SPF/DKIM/DMARC is quarantined as forged;
4. the reply is matched to the message it answers: a signed token (Reply-To plus-address or
   subject) or In-Reply-To / References; a token that does not verify is a forgery;
5. the sender must be an address of the unit that message went to (or of the committee);
6. each line is parsed (``replies``) and allowed or not: a unit touches only its own
   occurrences, only the committee approves extensions;
7. what was understood becomes events (``updates``); lines that were not understood or not
   allowed put the message in quarantine with the reason;
8. the sender gets an acknowledgement or an error reply through the outbox.

All of it happens in one transaction: a crash records everything or nothing.
"""

from __future__ import annotations

import email
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email import policy
from email.header import decode_header, make_header
from email.message import Message
from email.utils import parseaddr
from functools import cached_property
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import OperationalError

from . import outbox, plans, replies, store, tokens, updates
from .calendar import WorkCalendar
from .checks import Audience
from .clock import to_store
from .emails import Queued, Sender, answer_entry, recipients
from .errors import NotFound, StoreError
from .nightly import today_of
from .plan import Plan
from .settings import Settings
from .store.outbox import Sent

REPLY_CAP = 20  # answers to one address per day: a loop with a misconfigured robot stays small
AUTOMATIC_PRECEDENCE = {"bulk", "list", "junk", "auto_reply"}
ROBOTS = ("mailer-daemon", "postmaster")
BLANK = dict.fromkeys(("period", "label", "note", "state", "progress", "role", "until", "value", "approved", "unit"))
STATUS_KIND = {"done": "done", "in_progress": "progress", "not_started": "not_started", "blocked": "blocked"}


@dataclass
class Received:
    """What became of one message."""

    inbox_id: int
    state: str  # recorded | quarantined | duplicate
    reason: str | None = None
    plan_id: str | None = None
    unit_id: str | None = None
    sender: str = ""
    recorded: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    reply: str | None = None  # ack | error
    error: str | None = None  # a fault in dondoc while reading it (reason "fault")


@dataclass(frozen=True)
class Thread:
    """Who a reply speaks for: the plan, the audience of the message it answers, that message."""

    plan: Plan
    cal: WorkCalendar
    today: date
    audience: Audience
    listed: list[dict[str, Any]]  # the items of the message it answers (none when it answers none)

    @property
    def unit_id(self) -> str:
        return self.audience.unit_id


@dataclass
class Batch:
    """One transaction over received messages: what it reads once for all of them, not once per
    message (who dondoc writes as; the inbox rows, sent messages and plans they cite; how many
    answers each sender got in the last day), and what it writes together at its end (``flush``:
    events, answers and the messages themselves). Occurrences are updated at once: a later line
    in the same batch reads them."""

    identity: Sender
    plans: dict[str, Plan] = field(default_factory=dict)
    answers: dict[str, int] = field(default_factory=dict)
    stored_shas: dict[str, int] = field(default_factory=dict)  # inbox ids of messages received before
    stored_ids: dict[str, int] = field(default_factory=dict)  # ... by Message-ID
    sent_refs: dict[str, list[Sent]] = field(default_factory=dict)  # what dondoc sent, by token ref
    sent_ids: dict[str, Sent] = field(default_factory=dict)  # ... by Message-ID
    events: list[dict[str, Any]] = field(default_factory=list)
    queued: dict[str, dict[str, Any]] = field(default_factory=dict)  # outbox rows by key
    kept: list[tuple[dict[str, Any], Received]] = field(default_factory=list)  # inbox rows to write
    keeping_shas: dict[str, Received] = field(default_factory=dict)  # this batch's messages not yet written
    keeping_ids: dict[str, Received] = field(default_factory=dict)

    @classmethod
    def start(cls, conn: Connection, settings: Settings, letters: Sequence[Letter], now: datetime) -> Batch:
        batch = cls(outbox.sender(conn, settings))
        batch.read(conn, letters, now)
        return batch

    def read(self, conn: Connection, letters: Sequence[Letter], now: datetime) -> None:
        """Read what these messages cite, in a few statements for all of them."""
        for inbox_id, sha, mid in store.inbox.known_of(conn, [(letter.sha, letter.mid) for letter in letters]):
            self.stored_shas[sha] = inbox_id
            if mid:
                self.stored_ids.setdefault(mid, inbox_id)  # the first one received
        refs = {tokens.split(value)[0] for letter in letters for value in letter.tokens}
        for row in store.outbox.sent(conn, sorted(refs), sorted({c for x in letters for c in x.cited})):
            if row.ref:
                self.sent_refs.setdefault(row.ref, []).append(row)
            self.sent_ids[row.message_id] = row
        cited = {row.plan_id for row in self.sent_ids.values() if row.audience and row.plan_id}
        self.plans.update(plans.current_of(conn, sorted(cited)))
        since = to_store(now) - timedelta(days=1)
        self.answers = store.outbox.replies_since(conn, {letter.headers.sender for letter in letters}, since)

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

    def keep(self, row: dict[str, Any], received: Received) -> None:
        """Store a received message whole (its id is set when the batch is written)."""
        self.kept.append((row, received))
        self.keeping_shas[row["sha256"]] = received
        if row["message_id"]:
            self.keeping_ids[row["message_id"]] = received

    def queue(self, entry: Queued, now: datetime) -> bool:
        """Put an answer in the outbox; say whether its key is new. Keys already in the store are
        not met here: an answer's key names the message it answers (and, re-read on the
        secretariat's word, the release), and a message received before is a duplicate, never
        answered again."""
        if entry.key in self.queued:
            return False
        self.queued[entry.key] = outbox.entry_row(entry, to_store(now))
        return True

    def answers_since(self, address: str) -> int:
        """Answers queued to ``address`` in the day before now, this batch's included."""
        return self.answers[address]

    def answered(self, address: str) -> None:
        """Count one more answer queued to ``address``."""
        self.answers[address] += 1

    def flush(self, conn: Connection) -> None:
        """Write what the batch has recorded so far."""
        store.outbox.queue(conn, list(self.queued.values()))
        store.events.append(conn, self.events)
        ids = store.inbox.add_many(conn, [row for row, _ in self.kept])
        for row, received in self.kept:
            received.inbox_id = self.stored_shas[row["sha256"]] = ids[row["sha256"]]
            if row["message_id"]:
                self.stored_ids[row["message_id"]] = received.inbox_id
        self.queued, self.events, self.kept = {}, [], []
        self.keeping_shas, self.keeping_ids = {}, {}


@dataclass(frozen=True)
class Vouched:
    """The secretariat's decision on a quarantined message: it speaks for this unit of this plan."""

    plan_id: str
    unit_id: str
    inbox_id: int  # the message released


@dataclass(frozen=True)
class Letter:
    """A received message: its bytes, parsed, its header fields, the hash of its bytes."""

    raw: bytes
    message: Message
    headers: Headers
    sha: str

    @classmethod
    def read(cls, raw: bytes) -> Letter:
        message = email.message_from_bytes(raw, policy=policy.compat32)  # structured headers are slow and unneeded
        return cls(raw, message, Headers(message), hashlib.sha256(raw).hexdigest())

    @property
    def mid(self) -> str:
        return self.headers("Message-ID")

    @cached_property
    def tokens(self) -> list[str]:
        """The reply tokens it carries. They are found in the header text as written: a full
        address parse is slow and adds nothing."""
        addresses = [v for h in ("To", "Cc", "Delivered-To") for v in self.headers.all(h)]
        return tokens.found_in(addresses, self.headers.text("Subject"))

    @cached_property
    def cited(self) -> list[str]:
        """The Message-IDs it answers (In-Reply-To, References)."""
        ids = (self.headers("In-Reply-To") + " " + self.headers("References")).split()
        return [c for c in ids if c.startswith("<")]


class Refused(Exception):
    """A line that was understood but may not be applied by this sender."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


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
            return _receive_all(conn, [Letter.read(raw) for raw in raws], now, settings)
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
        headers = Headers(email.message_from_bytes(raw, policy=policy.compat32))
        mid, sender, subject = headers("Message-ID"), headers.sender, headers.text("Subject")
    except Exception:  # the headers themselves may be the fault
        mid, sender, subject = "", "", ""
    known = store.inbox.known_of(conn, [(sha, mid)])
    if known:  # quarantined already by an earlier pass
        return Received(known[0][0], "duplicate", sender=sender)
    received = Received(0, "quarantined", reason="fault", sender=sender, error=error)
    received.inbox_id = store.inbox.add(conn, _inbox_row(raw, sha, mid, subject, received, now))
    return received


def receive(
    conn: Connection, raw: bytes, now: datetime, settings: Settings, *, vouched: Vouched | None = None
) -> Received:
    """Process one raw message inside a transaction (``vouched``: re-read on the secretariat's word)."""
    return _receive_all(conn, [Letter.read(raw)], now, settings, vouched)[0]


def _receive(conn: Connection, letter: Letter, now: datetime, batch: Batch, vouched: Vouched | None) -> Received:
    known = batch.known(conn, letter)
    if known is not None and vouched is None:
        return Received(known, "duplicate", sender=letter.headers.sender)
    received = _judge(conn, letter, now, batch, vouched)
    return _keep(conn, letter, received, now, batch, known)


def _inbox_row(raw: bytes, sha: str, mid: str, subject: str, received: Received, now: datetime) -> dict[str, Any]:
    """A received message whole, with what became of it."""
    detail: dict[str, Any] = {"recorded": received.recorded, "rejected": received.rejected, "reply": received.reply}
    if received.error:
        detail["error"] = received.error
    return {
        "sha256": sha,
        "message_id": mid,
        "raw": raw,
        "sender": received.sender,
        "subject": subject,
        "plan_id": received.plan_id,
        "unit_id": received.unit_id,
        "state": received.state,
        "reason": received.reason,
        "detail": detail,
        "received_at": to_store(now),
    }


def _keep(
    conn: Connection, letter: Letter, received: Received, now: datetime, batch: Batch, known: int | None
) -> Received:
    """Store the message whole with what became of it (or update ``known``, re-read on the
    secretariat's word)."""
    row = _inbox_row(letter.raw, letter.sha, letter.mid, letter.headers.text("Subject"), received, now)
    if known is not None:
        store.inbox.set_values(conn, known, {k: row[k] for k in ("plan_id", "unit_id", "state", "reason", "detail")})
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
    return f"#{received.inbox_id:<5} {received.state:<11} {received.sender or '?'}  {where}: {what}{reason}{reply}"


def _unescaped(value: str) -> str:
    """A header as text: raw 8-bit bytes (UTF-8 headers, RFC 6532) arrive surrogate-escaped."""
    if value.isascii() or not any("\udc80" <= c <= "\udcff" for c in value):
        return value
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _decoded_words(value: str) -> str:
    if "=?" not in value:  # no encoded word: nothing to decode
        return value
    try:
        return str(make_header(decode_header(value)))
    except (ValueError, LookupError, UnicodeError):  # a broken encoded word: keep it as written
        return value


class Headers:
    """A message's header fields, read once without the email package's (slow) structured parsing."""

    def __init__(self, message: Message) -> None:
        self.values: dict[str, list[str]] = {}
        self.decoded: dict[str, str] = {}
        for name, value in message.raw_items():
            self.values.setdefault(name.lower(), []).append(" ".join(_unescaped(str(value)).split()))

    def __call__(self, name: str) -> str:
        return self.values.get(name.lower(), [""])[0]

    def all(self, name: str) -> list[str]:
        return self.values.get(name.lower(), [])

    def text(self, name: str) -> str:
        """A field with its RFC 2047 encoded words decoded (subjects), decoded once."""
        if name not in self.decoded:
            self.decoded[name] = _decoded_words(self(name))
        return self.decoded[name]

    @cached_property
    def sender(self) -> str:
        return parseaddr(self("From"))[1].lower()


def automatic(letter: Letter) -> str | None:
    """Why a message must never be answered (RFC 3834), or None for a person's mail."""
    sender = letter.headers.sender
    if letter.message.get_content_type() == "multipart/report" or sender.split("@")[0] in ROBOTS:
        return "bounce"
    if letter.headers("Return-Path") == "<>":
        return "bounce"
    if letter.headers("List-Id") or letter.headers("List-Unsubscribe"):
        return "list"
    submitted = letter.headers("Auto-Submitted").lower()
    if submitted and submitted != "no":
        return "automatic"
    if letter.headers("Precedence").lower() in AUTOMATIC_PRECEDENCE:
        return "automatic"
    if any(letter.headers(h) for h in ("X-Autoreply", "X-Autorespond", "X-Auto-Response")):
        return "automatic"
    return None


def forged(letter: Letter, sender: str) -> bool:
    """Whether the receiving server found SPF, DKIM or DMARC failing for the sender's domain."""
    domain = sender.rsplit("@", 1)[-1]
    for value in letter.headers.all("Authentication-Results"):
        text = str(value).lower()
        if any(f"{check}=fail" in text for check in ("dmarc", "spf", "dkim")) and (domain in text or "dmarc" in text):
            return True
    return False


def _answered(letter: Letter, batch: Batch) -> tuple[Sent | None, str | None]:
    """The message dondoc sent that this one answers, or why there is none."""
    for value in letter.tokens:
        for row in batch.sent_refs.get(tokens.split(value)[0], []):
            if row.audience and tokens.verify(batch.identity.secret, value, row.plan_id or "", row.audience):
                return row, None
    if letter.tokens:
        return None, "bad_token"
    rows = [batch.sent_ids[c] for c in letter.cited if c in batch.sent_ids]
    rows = [r for r in rows if r.audience and r.plan_id]
    return (max(rows, key=lambda r: r.id), None) if rows else (None, "no_reference")


def allowed_senders(plan: Plan, audience: Audience) -> set[str]:
    """The addresses that may answer a message sent to ``audience``."""
    if audience.kind == "committee":
        return {a.lower() for a in recipients(plan, audience)}
    unit = plan.units_by_id.get(audience.unit_id)
    if unit is None:  # removed from the plan since the reminder: nobody answers for it now
        return set()
    return {a.lower() for a in unit.email} | ({unit.head.email.lower()} if unit.head else set())


def plan_addresses(plan: Plan) -> set[str]:
    """Every address a plan names: units, heads and committee members."""
    found = {m.email for m in plan.committee.members}
    for unit in plan.units:
        found |= set(unit.email) | ({unit.head.email} if unit.head else set())
    return {a.lower() for a in found}


def _judge(conn: Connection, letter: Letter, now: datetime, batch: Batch, vouched: Vouched | None) -> Received:
    sender = letter.headers.sender
    quarantined = Received(0, "quarantined", sender=sender)
    if vouched is not None:
        quarantined.inbox_id = vouched.inbox_id
        plan = batch.plan(conn, vouched.plan_id)
        plan.unit(vouched.unit_id)  # an unknown unit is the secretariat's typo: say so
        thread = _thread(plan, Audience("unit", vouched.unit_id), None, now)
        quarantined.plan_id, quarantined.unit_id = plan.id, vouched.unit_id
        return _apply_all(conn, thread, letter, quarantined, now, batch)
    reason = automatic(letter) or ("forged" if forged(letter, sender) else None)
    if reason:
        quarantined.reason = reason
        return quarantined
    answered, reason = _answered(letter, batch)
    if answered is None:
        quarantined.reason = reason
        _answer_stranger(conn, letter, quarantined, now, batch)
        return quarantined
    plan = batch.plan(conn, answered.plan_id or "")
    kind, _, unit_id = (answered.audience or "").partition(":")
    thread = _thread(plan, Audience(kind, unit_id), answered, now)
    quarantined.plan_id, quarantined.unit_id = plan.id, unit_id or None
    if sender not in allowed_senders(plan, thread.audience):
        quarantined.reason = "wrong_sender" if sender in plan_addresses(plan) else "unknown_sender"
        if quarantined.reason == "wrong_sender":
            _reply(thread, letter, quarantined, now, batch)
        return quarantined
    return _apply_all(conn, thread, letter, quarantined, now, batch)


def _thread(plan: Plan, audience: Audience, answered: Sent | None, now: datetime) -> Thread:
    listed = list((answered.payload or {}).get("items", [])) if answered else []
    return Thread(plan, plans.calendar_of(plan), today_of(plan, now), audience, listed)


def _single(thread: Thread) -> str | None:
    """The one task code the answered message was about, if it was about one."""
    codes = {i["code"] for i in thread.listed if i["code"] != "report"}
    return codes.pop() if len(codes) == 1 else None


def _apply_all(
    conn: Connection, thread: Thread, letter: Letter, received: Received, now: datetime, batch: Batch
) -> Received:
    plan = thread.plan
    text = replies.fresh_text(replies.message_text(letter.message))
    parsed = replies.parse_text(
        text, [t.id for t in plan.tasks], [t.id for t in plan.targets], _single(thread), thread.today.year
    )
    source = letter.headers("Message-ID") or "(no Message-ID)"
    for item in parsed.items:
        try:
            received.recorded.append(_apply(conn, thread, item, source, now, batch))
        except Refused as refused:
            received.rejected.append({"line": item.line, "text": item.text, "reason": refused.reason})
    received.rejected += [{"line": u.line, "text": u.text, "reason": u.reason} for u in parsed.unknown]
    received.recorded += _attachments(conn, thread, letter, source, now, batch)
    received.rejected.sort(key=lambda r: int(r["line"]))
    if received.recorded and not received.rejected:
        received.state = "recorded"
    else:
        reasons = {r["reason"] for r in received.rejected}
        if received.recorded:
            received.reason = "not_assigned" if reasons == {"not_assigned"} else "unparsed_lines"
        else:
            received.reason = "not_assigned" if reasons == {"not_assigned"} else "unparsed"
    _forward_extensions(thread, letter, received, now, batch)
    _reply(thread, letter, received, now, batch)
    return received


def _apply(
    conn: Connection, thread: Thread, item: replies.Item, source: str, now: datetime, batch: Batch
) -> dict[str, Any]:
    """Record one understood line; raise ``Refused`` when this sender may not say it."""
    plan, code = thread.plan, item.code or ""
    result: dict[str, Any] = {"line": item.line, "code": code, "kind": item.kind, "text": item.text}
    if item.kind == "approval":
        return {**result, **_approve(conn, thread, item, source, now, batch)}
    if thread.audience.kind == "committee":
        raise Refused("not_assigned")
    actor = thread.unit_id
    if item.kind == "value":
        target = next(t for t in plan.targets if t.id == code)
        if actor not in (target.lead, *target.coordinators):
            raise Refused("not_assigned")
        payload = {"value": float(item.value or 0), "year": thread.today.year, "text": item.note}
        _event(batch, thread, source, item.line, now, kind="target_value", target_id=code, actor=actor, payload=payload)
        return {**result, "value": float(item.value or 0)}
    if item.kind == "note" and not code:
        payload = {"text": item.note, "label": item.label}
        _event(batch, thread, source, item.line, now, kind="note", actor=actor, payload=payload)
        return {**result, "label": item.label, "note": item.note}
    change = _update_of(item)
    try:
        row = updates.record(
            conn,
            plan.id,
            code,
            actor,
            change,
            actor=actor,
            source=source,
            now=now,
            today=thread.today,
            line=item.line,
            prefer=_named(thread, code),
            events=batch.events,
        )
    except NotFound:
        raise Refused("not_assigned") from None
    state = {"state": row.state, "progress": row.progress, "period": row.period, "role": row.role}
    until = item.until.isoformat() if item.until else None
    return {**result, **state, "until": until, "note": item.note, "label": item.label}


def _update_of(item: replies.Item) -> updates.Update:
    if item.kind == "extension":
        return updates.Update("extension_requested", text=item.note, until=item.until)
    if item.kind == "note":
        return updates.Update("note", text=item.note, label=item.label)
    return updates.Update(STATUS_KIND[item.state or "in_progress"], item.progress, item.note)


def _named(thread: Thread, code: str) -> list[str]:
    """The periods of this task that the answered message listed."""
    return [i["period"] for i in thread.listed if i["code"] == code]


def _approve(
    conn: Connection, thread: Thread, item: replies.Item, source: str, now: datetime, batch: Batch
) -> dict[str, Any]:
    plan = thread.plan
    if thread.audience.kind != "committee":
        raise Refused("not_committee")
    code = item.code or ""
    batch.flush(conn)  # a request in this same batch must be seen
    pending = store.events.pending_extension(conn, plan.id, code)
    task = next((t for t in plan.tasks if t.id == code), None)
    if task is None:
        raise Refused("not_assigned")
    # Without a request the committee decides about the lead's deadline.
    unit_id = (pending.unit_id or task.lead) if pending else task.lead
    period = pending.period if pending else None
    asked = pending.payload.get("until") if pending else None
    until = item.until or (date.fromisoformat(asked) if asked else None)
    if period is None:
        if until is None and item.approved:
            raise Refused("no_request")
        open_rows = store.occurrences.find(conn, plan.id, code, task.lead)
        if not open_rows:
            raise Refused("not_assigned")
        period = updates.choose(open_rows, None, thread.today).period
    rows = store.occurrences.find(conn, plan.id, item.code or "", unit_id)
    row = next(r for r in rows if r.period == period)
    granted = bool(item.approved) and until is not None
    extra = updates.extended(plan, thread.cal, row, until, thread.today) if granted and until else None
    kind = "extension_approved" if granted else "extension_refused"
    updates.record(
        conn,
        plan.id,
        item.code or "",
        unit_id,
        updates.Update(kind, text=item.note, until=until if granted else None),
        actor="committee",
        source=source,
        now=now,
        today=thread.today,
        period=row.period,
        line=item.line,
        extra=extra,
        events=batch.events,
    )
    return {"unit": unit_id, "approved": granted, "until": until.isoformat() if granted and until else None}


def _attachments(
    conn: Connection, thread: Thread, letter: Letter, source: str, now: datetime, batch: Batch
) -> list[dict[str, Any]]:
    """A unit's periodic report sent as attachments fulfils its open report occurrence."""
    names = replies.attached(letter.message)
    if not names or thread.audience.kind == "committee":
        return []
    try:
        row = updates.record(
            conn,
            thread.plan.id,
            "report",
            thread.unit_id,
            updates.Update("report", text=", ".join(names)),
            actor=thread.unit_id,
            source=source,
            now=now,
            today=thread.today,
            prefer=_named(thread, "report"),
            events=batch.events,
        )
    except NotFound:
        return []
    return [{"line": 0, "code": "report", "kind": "report", "period": row.period, "files": names}]


def _event(batch: Batch, thread: Thread, source: str, line: int, now: datetime, **values: Any) -> None:
    at = to_store(now)
    row = {"plan_id": thread.plan.id, "source": source, "line": line, "at": at, "recorded_at": at, **values}
    batch.events.append(row)


def _forward_extensions(thread: Thread, letter: Letter, received: Received, now: datetime, batch: Batch) -> None:
    """Extension requests go to the committee, which answers ``đồng ý gia hạn CODE``."""
    asked = [r for r in received.recorded if r["kind"] == "extension"]
    if not asked:
        return
    plan = thread.plan
    context = {"unit": thread.unit_id, "items": [{**r, "title": _title(plan, r["code"])} for r in asked]}
    key = f"extension:{plan.id}:{thread.unit_id}:{letter.sha[:20]}"  # once per message, released or not
    committee = recipients(plan, Audience("committee"))
    batch.queue(answer_entry(plan, key, "extension", "committee", committee, context, batch.identity.domain, {}), now)


def _title(plan: Plan, code: str) -> str:
    return next((t.title for t in plan.tasks if t.id == code), code)


def _reply(thread: Thread, letter: Letter, received: Received, now: datetime, batch: Batch) -> None:
    """An acknowledgement or an error reply to the sender, within the daily cap."""
    if batch.answers_since(received.sender) >= REPLY_CAP:
        return
    plan = thread.plan
    template = "ack" if received.state == "recorded" else "error"
    codes = [t.id for t in plan.tasks if thread.unit_id in (t.lead, *t.coordinators)][:2]
    context = {
        "unit": thread.unit_id or None,
        "recorded": [{**BLANK, **r, "title": _title(plan, r["code"])} for r in received.recorded],
        "rejected": received.rejected,
        "reason": received.reason,
        "subject": letter.headers.text("Subject"),
        "examples": codes or [t.id for t in plan.tasks][:2],
    }
    mid = letter.headers("Message-ID")
    headers = {"In-Reply-To": mid, "References": mid} if mid else {}
    key = f"reply:{received.sender}:{letter.sha[:20]}"
    if received.inbox_id:  # a release: the sender learns the new outcome (the first answer had the key above)
        key += f"-{received.inbox_id}.{now:%Y%m%d%H%M%S}"
    audience = thread.audience.key
    entry = answer_entry(plan, key, template, audience, [received.sender], context, batch.identity.domain, headers)
    if batch.queue(entry, now):
        batch.answered(received.sender)
    received.reply = template


def _answer_stranger(conn: Connection, letter: Letter, received: Received, now: datetime, batch: Batch) -> None:
    """A known address that cites nothing we sent (or a forged token) still learns why."""
    known = store.plans.knowing(conn, received.sender)
    if not known:
        return
    plan = batch.plan(conn, known[0])
    unit = next(u for u in plan.units if received.sender in allowed_senders(plan, Audience("unit", u.id)))
    thread = _thread(plan, Audience("unit", unit.id), None, now)
    received.plan_id, received.unit_id = plan.id, unit.id
    _reply(thread, letter, received, now, batch)
