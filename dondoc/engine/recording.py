"""Record what a reply says: its new text is found (``quotes``), each line parsed (``replies``)
and allowed or not, and what was understood becomes events (``updates``).

A message is recorded whole or not at all: a line that was not understood or not allowed keeps
the whole message in quarantine with the reason, however many other lines were good (its lines
are applied in a savepoint, undone on the first refusal). A message longer than the line limit is
not read (``too_many_lines``).

A unit touches only its own occurrences and targets, and asks extensions to a date after its
deadline in force, not past. Only the committee's members decide extensions, never an address of
the unit whose deadline it is (the secretariat included), and only to a date after that deadline;
the task's coordinators follow the lead's new deadline. A unit's periodic report is a document
attached (.docx, .doc, .odt, .pdf); the report request's form (.xlsx) goes to ``forms_received``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import Connection

from . import quotes, replies, store, updates
from .calendar import WorkCalendar
from .clock import to_store
from .errors import NotFound, TooLong
from .letters import Attachment, Letter
from .occurrences import REPORT
from .payloads import DigestItem
from .plan import Plan
from .screening import allowed_senders
from .settings import Settings
from .store.events import NewEvent, PlanEvent
from .store.occurrences import StoredOccurrence
from .vocabulary import AttachmentKind, Audience, AudienceKind, Channel, EventKind, Held, InboxState, Reason, State

STATUS_KIND = {
    "done": EventKind.DONE,
    "in_progress": EventKind.PROGRESS,
    "not_started": EventKind.NOT_STARTED,
    "blocked": EventKind.BLOCKED,
}
# What a recorded line keeps besides its line, code and kind, by what it was (its stored shape).
_SHAPES = {
    "update": ("text", "state", "progress", "period", "role", "until", "note", "label"),
    "plan_note": ("text", "label", "note"),
    "value": ("text", "value"),
    "approval": ("text", "unit", "approved", "until"),
    "report": ("period", "files"),
}


@dataclass(frozen=True, kw_only=True)
class Recorded:
    """One line of a message that was recorded (line 0: its attachments, a periodic report)."""

    line: int
    code: str  # the task or target ("" for a remark about the whole plan)
    kind: str  # status | extension | note | value | approval (``replies.Item``) | report
    shape: str = "update"  # which of the fields below it carries: a key of _SHAPES
    text: str = ""
    state: str | None = None
    progress: int | None = None
    period: str | None = None
    role: str | None = None
    until: str | None = None  # ISO date: asked for, or granted
    note: str | None = None
    label: str | None = None
    value: float | None = None
    unit: str | None = None  # approvals: the unit whose deadline was decided
    approved: bool | None = None
    files: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """As kept with the received message and shown in answers."""
        found: dict[str, Any] = {"line": self.line, "code": self.code, "kind": self.kind}
        for name in _SHAPES[self.shape]:
            value = getattr(self, name)
            found[name] = list(value) if isinstance(value, tuple) else value
        return found


@dataclass(frozen=True, kw_only=True)
class Rejected:
    """One line of a message that was not taken, and why."""

    line: int
    text: str
    reason: str  # a Reason, or a ``replies.Unknown`` reason

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "text": self.text, "reason": self.reason}


@dataclass
class Received:
    """What became of one message."""

    inbox_id: int
    state: InboxState
    reason: Reason | None = None
    plan_id: str | None = None
    unit_id: str | None = None
    sender: str = ""
    recorded: list[Recorded] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    reply: Channel | None = None  # ack | error
    held: Held | None = None  # the answer the loop guard held back, and why
    error: str | None = None  # a fault in dondoc while reading it (reason "fault")

    def detail(self) -> dict[str, Any]:
        """What is kept with the message: what was recorded, what was not, the answer (or why it
        was held back), the fault."""
        found: dict[str, Any] = {
            "recorded": [r.to_json() for r in self.recorded],
            "rejected": [r.to_json() for r in self.rejected],
            "reply": self.reply,
        }
        if self.held:
            found["held"] = self.held
        if self.error:
            found["error"] = self.error
        return found


@dataclass(frozen=True)
class Thread:
    """Who a reply speaks for: the plan, the audience of the message it answers, that message's items."""

    plan: Plan
    cal: WorkCalendar
    today: date
    audience: Audience
    listed: list[DigestItem]  # the items of the message it answers (none when it answers none)
    sender: str = ""  # the address the reply came from

    @property
    def unit_id(self) -> str:
        return self.audience.unit_id


class Work(Protocol):
    """The unit of work a message is recorded in (``ingest.Batch``): the events it writes at its
    end, and writing everything so far at once."""

    events: list[NewEvent]

    def flush(self, conn: Connection) -> None: ...


class Refused(Exception):
    """A line that was understood but may not be applied by this sender."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class _Recording:
    """One message being recorded: in which transaction and unit of work, for which thread, from
    which message (its Message-ID), at which moment."""

    conn: Connection
    work: Work
    thread: Thread
    source: str
    now: datetime


REFUSALS = frozenset(
    {Reason.NOT_ASSIGNED, Reason.NOT_COMMITTEE, Reason.NO_REQUEST, Reason.NOT_AFTER_DEADLINE, Reason.PAST_DATE}
)


def record(
    conn: Connection, work: Work, thread: Thread, letter: Letter, received: Received, now: datetime, limits: Settings
) -> None:
    """Record what ``letter`` says if its sender may say all of it, else nothing; set ``received``'s outcome."""
    try:
        parsed = _parsed(thread, letter.text(limits.max_lines))
    except TooLong:
        received.reason = Reason.TOO_MANY_LINES
        return
    documents = [a for a in letter.attachments if a.kind == AttachmentKind.DOCUMENT]
    if len(parsed.items) + len(parsed.unknown) > limits.max_updates:
        received.reason = Reason.TOO_MANY_LINES
    elif parsed.unknown:
        received.rejected = [Rejected(line=u.line, text=u.text, reason=u.reason) for u in parsed.unknown]
        received.reason = Reason.UNPARSED_LINES if parsed.items or documents else Reason.UNPARSED
    elif not parsed.items and not documents:
        received.reason = Reason.UNPARSED
    else:
        recording = _Recording(conn, work, thread, letter.headers("Message-ID") or "(no Message-ID)", now)
        _apply_whole(recording, parsed.items, documents, received)
    forms_received(thread, [a for a in letter.attachments if a.kind == AttachmentKind.FORM])


def _parsed(thread: Thread, text: str) -> replies.Parsed:
    """The lines of a reply's new text; an answer under the quote when nothing stands above it."""
    plan = thread.plan
    cut = quotes.cut(text)
    codes = ([t.id for t in plan.tasks], [t.id for t in plan.targets], _single(thread), thread.today.year)
    parsed = replies.parse_text(cut.top, *codes)
    if not parsed.items and not parsed.unknown and cut.bottom:
        return replies.parse_text(cut.bottom, *codes)  # bottom-posted: above the quote, only a greeting
    return parsed


def _apply_whole(
    recording: _Recording, items: list[replies.Item], documents: list[Attachment], received: Received
) -> None:
    """Apply every line, and the report attached, in a savepoint: all of it, or none of it."""
    conn, work = recording.conn, recording.work
    if any(item.kind == "approval" for item in items):
        work.flush(conn)  # a request earlier in this batch must be seen (and stay written)
    mark = len(work.events)
    savepoint = store.Savepoint(conn)
    recorded: list[Recorded] = []
    for item in items:
        try:
            recorded.append(_apply(recording, item))
        except Refused as refused:
            received.rejected.append(Rejected(line=item.line, text=item.text, reason=refused.reason))
    if not received.rejected:
        recorded += _report(recording, documents)
    if received.rejected or not recorded:
        savepoint.undo()
        del work.events[mark:]
        reasons = {r.reason for r in received.rejected}
        only = next(iter(reasons)) if len(reasons) == 1 else None
        received.reason = Reason(only) if only in REFUSALS else Reason.UNPARSED_LINES if reasons else Reason.UNPARSED
        return
    savepoint.keep()
    received.recorded = recorded
    received.state = InboxState.RECORDED


def forms_received(thread: Thread, forms: list[Attachment]) -> None:
    """The report request's form (.xlsx) sent back filled in: each of its rows will count as a
    line. Reading it belongs to the reporting cycle (not here yet); until then a form is kept
    with the message and counts as nothing, and never as the unit's report."""


def _single(thread: Thread) -> str | None:
    """The one task code the answered message was about, if it was about one."""
    codes = {i.code for i in thread.listed if i.code != REPORT}
    return codes.pop() if len(codes) == 1 else None


def _named(thread: Thread, code: str) -> list[str]:
    """The periods of this task that the answered message listed."""
    return [i.period for i in thread.listed if i.code == code]


def _apply(recording: _Recording, item: replies.Item) -> Recorded:
    """Record one understood line; raise ``Refused`` when this sender may not say it."""
    thread = recording.thread
    plan, code = thread.plan, item.code or ""
    line = Recorded(line=item.line, code=code, kind=item.kind, text=item.text)
    if item.kind == "approval":
        return _approve(recording, item)
    if thread.audience.kind == AudienceKind.COMMITTEE:
        raise Refused(Reason.NOT_ASSIGNED)
    actor = thread.unit_id
    if item.kind == "value":
        target = next(t for t in plan.targets if t.id == code)
        if actor not in (target.lead, *target.coordinators):
            raise Refused(Reason.NOT_ASSIGNED)
        value = float(item.value or 0)
        payload = {"value": value, "year": thread.today.year, "text": item.note}
        _event(recording, item.line, kind=EventKind.TARGET_VALUE, target_id=code, actor=actor, payload=payload)
        return replace(line, shape="value", value=value)
    if item.kind == "note" and not code:
        payload = {"text": item.note, "label": item.label}
        _event(recording, item.line, kind=EventKind.NOTE, actor=actor, payload=payload)
        return replace(line, shape="plan_note", label=item.label, note=item.note)
    said = updates.Statement(
        plan_id=plan.id,
        task_id=code,
        unit_id=actor,
        update=_update_of(item),
        actor=actor,
        source=recording.source,
        line=item.line,
        prefer=_named(thread, code),
    )
    try:
        if item.kind == "extension":
            said = replace(said, period=_requested(recording, said, item.until).period)
        row = updates.record(recording.conn, said, now=recording.now, today=thread.today, events=recording.work.events)
    except NotFound:
        raise Refused(Reason.NOT_ASSIGNED) from None
    return replace(
        line,
        state=row.state,
        progress=row.progress,
        period=row.period,
        role=row.role,
        until=item.until.isoformat() if item.until else None,
        note=item.note,
        label=item.label,
    )


def _requested(recording: _Recording, said: updates.Statement, until: date | None) -> StoredOccurrence:
    """The occurrence an extension request is about, if the date asked is after its deadline in
    force and not past."""
    today = recording.thread.today
    if until is not None and until < today:
        raise Refused(Reason.PAST_DATE)
    row = updates.occurrence_of(recording.conn, said, today)
    if until is not None and row.due is not None and until <= row.due:
        raise Refused(Reason.NOT_AFTER_DEADLINE)
    return row


def _update_of(item: replies.Item) -> updates.Update:
    if item.kind == "extension":
        return updates.Update(kind=EventKind.EXTENSION_REQUESTED, text=item.note, until=item.until)
    if item.kind == "note":
        return updates.Update(kind=EventKind.NOTE, text=item.note, label=item.label)
    return updates.Update(kind=STATUS_KIND[item.state or "in_progress"], progress=item.progress, text=item.note)


def _approve(recording: _Recording, item: replies.Item) -> Recorded:
    """The committee's decision on an extension: the latest request on the task, else the lead's
    deadline. Only a member decides, never for a unit whose address it is; a grant is to a date
    after the deadline in force, and the task's coordinators follow the lead's new deadline."""
    thread = recording.thread
    plan, code = thread.plan, item.code or ""
    if thread.audience.kind != AudienceKind.COMMITTEE or thread.sender not in _members(plan):
        raise Refused(Reason.NOT_COMMITTEE)
    task = next((t for t in plan.tasks if t.id == code), None)
    if task is None:
        raise Refused(Reason.NOT_ASSIGNED)
    pending = store.events.pending_extension(recording.conn, plan.id, code)
    unit_id = (pending.unit_id or task.lead) if pending else task.lead  # without a request: the lead's deadline
    if thread.sender in allowed_senders(plan, Audience.unit(unit_id)):
        raise Refused(Reason.NOT_COMMITTEE)  # the secretariat decides nothing about its own deadlines
    row, until = _decided(recording, item, task.lead, unit_id, pending)
    granted = until if item.approved else None
    if granted is not None and row.due is not None and granted <= row.due:
        raise Refused(Reason.NOT_AFTER_DEADLINE)
    _decide(recording, item, row, granted)
    if granted is not None and unit_id == task.lead:
        for coordinator in task.coordinators:
            rows = store.occurrences.find(recording.conn, plan.id, code, coordinator)
            follows = next((r for r in rows if r.period == row.period and r.state != State.DONE), None)
            if follows is not None and (follows.due is None or follows.due < granted):
                _decide(recording, item, follows, granted)
    return Recorded(
        line=item.line,
        code=code,
        kind=item.kind,
        text=item.text,
        shape="approval",
        unit=unit_id,
        approved=granted is not None,
        until=granted.isoformat() if granted else None,
    )


def _members(plan: Plan) -> set[str]:
    return {m.email.lower() for m in plan.committee.members}


def _decided(
    recording: _Recording, item: replies.Item, lead: str, unit_id: str, pending: PlanEvent | None
) -> tuple[StoredOccurrence, date | None]:
    """The occurrence decided on, and the date: the one the committee names, else the one asked."""
    conn, thread = recording.conn, recording.thread
    plan, code = thread.plan, item.code or ""
    period = pending.period if pending else None
    asked = pending.payload.get("until") if pending else None
    until = item.until or (date.fromisoformat(asked) if asked else None)
    if period is None:
        if until is None and item.approved:
            raise Refused(Reason.NO_REQUEST)
        open_rows = store.occurrences.find(conn, plan.id, code, lead)
        if not open_rows:
            raise Refused(Reason.NOT_ASSIGNED)
        period = updates.choose(open_rows, None, thread.today).period
    rows = store.occurrences.find(conn, plan.id, code, unit_id)
    return next(r for r in rows if r.period == period), until


def _decide(recording: _Recording, item: replies.Item, row: StoredOccurrence, granted: date | None) -> None:
    """Record the committee's decision on one occurrence (granted: its new deadline)."""
    thread = recording.thread
    extra = updates.extended(thread.plan, thread.cal, row, granted, thread.today) if granted else None
    said = updates.Statement(
        plan_id=thread.plan.id,
        task_id=row.task_id,
        unit_id=row.unit_id,
        update=updates.Update(
            kind=EventKind.EXTENSION_APPROVED if granted else EventKind.EXTENSION_REFUSED, text=item.note, until=granted
        ),
        actor="committee",
        source=recording.source,
        line=item.line,
        period=row.period,
    )
    events = recording.work.events
    updates.record(recording.conn, said, now=recording.now, today=thread.today, extra=extra, events=events)


def _report(recording: _Recording, documents: list[Attachment]) -> list[Recorded]:
    """A unit's periodic report sent as documents fulfils its open report occurrence."""
    thread = recording.thread
    if not documents or thread.audience.kind == AudienceKind.COMMITTEE:
        return []
    names = [d.name for d in documents]
    said = updates.Statement(
        plan_id=thread.plan.id,
        task_id=REPORT,
        unit_id=thread.unit_id,
        update=updates.Update(kind=EventKind.REPORT, text=", ".join(names)),
        actor=thread.unit_id,
        source=recording.source,
        prefer=_named(thread, REPORT),
    )
    try:
        row = updates.record(recording.conn, said, now=recording.now, today=thread.today, events=recording.work.events)
    except NotFound:
        return []
    return [Recorded(line=0, code=REPORT, kind="report", shape="report", period=row.period, files=tuple(names))]


def _event(
    recording: _Recording, line: int, *, kind: EventKind, actor: str, payload: dict[str, Any], target_id: str = ""
) -> None:
    """An event that changes no occurrence (a target value, a plan-level note)."""
    at = to_store(recording.now)
    event = NewEvent(
        plan_id=recording.thread.plan.id,
        target_id=target_id or None,
        kind=kind,
        actor=actor,
        source=recording.source,
        line=line,
        payload=payload,
        at=at,
        recorded_at=at,
    )
    recording.work.events.append(event)
