"""Record what a reply says: each line is parsed (``replies``), allowed or not, and what was
understood becomes events (``updates``).

A unit touches only its own occurrences and targets; only the committee approves or refuses
extensions; a unit's periodic report sent as attachments fulfils its report occurrence. Lines
that were not understood or not allowed put the message in quarantine with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import Connection

from . import replies, store, updates
from .calendar import WorkCalendar
from .clock import to_store
from .errors import NotFound
from .letters import Letter
from .occurrences import REPORT
from .payloads import DigestItem
from .plan import Plan
from .store.events import NewEvent
from .vocabulary import Audience, AudienceKind, Channel, EventKind, InboxState, Reason

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
    error: str | None = None  # a fault in dondoc while reading it (reason "fault")

    def detail(self) -> dict[str, Any]:
        """What is kept with the message: what was recorded, what was not, the answer, the fault."""
        found: dict[str, Any] = {
            "recorded": [r.to_json() for r in self.recorded],
            "rejected": [r.to_json() for r in self.rejected],
            "reply": self.reply,
        }
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


def record(conn: Connection, work: Work, thread: Thread, letter: Letter, received: Received, now: datetime) -> None:
    """Record every line of ``letter`` that ``thread`` may say, and set ``received``'s outcome."""
    plan = thread.plan
    text = replies.fresh_text(replies.message_text(letter.message))
    parsed = replies.parse_text(
        text, [t.id for t in plan.tasks], [t.id for t in plan.targets], _single(thread), thread.today.year
    )
    recording = _Recording(conn, work, thread, letter.headers("Message-ID") or "(no Message-ID)", now)
    for item in parsed.items:
        try:
            received.recorded.append(_apply(recording, item))
        except Refused as refused:
            received.rejected.append(Rejected(line=item.line, text=item.text, reason=refused.reason))
    received.rejected += [Rejected(line=u.line, text=u.text, reason=u.reason) for u in parsed.unknown]
    received.recorded += _attachments(recording, letter)
    received.rejected.sort(key=lambda r: r.line)
    if received.recorded and not received.rejected:
        received.state = InboxState.RECORDED
    elif {r.reason for r in received.rejected} == {Reason.NOT_ASSIGNED}:
        received.reason = Reason.NOT_ASSIGNED
    else:
        received.reason = Reason.UNPARSED_LINES if received.recorded else Reason.UNPARSED


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


def _update_of(item: replies.Item) -> updates.Update:
    if item.kind == "extension":
        return updates.Update(kind=EventKind.EXTENSION_REQUESTED, text=item.note, until=item.until)
    if item.kind == "note":
        return updates.Update(kind=EventKind.NOTE, text=item.note, label=item.label)
    return updates.Update(kind=STATUS_KIND[item.state or "in_progress"], progress=item.progress, text=item.note)


def _approve(recording: _Recording, item: replies.Item) -> Recorded:
    """The committee's decision on an extension: the latest request on the task, else the lead's deadline."""
    conn, thread = recording.conn, recording.thread
    plan = thread.plan
    if thread.audience.kind != AudienceKind.COMMITTEE:
        raise Refused(Reason.NOT_COMMITTEE)
    code = item.code or ""
    recording.work.flush(conn)  # a request in this same batch must be seen
    pending = store.events.pending_extension(conn, plan.id, code)
    task = next((t for t in plan.tasks if t.id == code), None)
    if task is None:
        raise Refused(Reason.NOT_ASSIGNED)
    # Without a request the committee decides about the lead's deadline.
    unit_id = (pending.unit_id or task.lead) if pending else task.lead
    period = pending.period if pending else None
    asked = pending.payload.get("until") if pending else None
    until = item.until or (date.fromisoformat(asked) if asked else None)
    if period is None:
        if until is None and item.approved:
            raise Refused(Reason.NO_REQUEST)
        open_rows = store.occurrences.find(conn, plan.id, code, task.lead)
        if not open_rows:
            raise Refused(Reason.NOT_ASSIGNED)
        period = updates.choose(open_rows, None, thread.today).period
    rows = store.occurrences.find(conn, plan.id, code, unit_id)
    row = next(r for r in rows if r.period == period)
    granted = bool(item.approved) and until is not None
    extra = updates.extended(plan, thread.cal, row, until, thread.today) if granted and until else None
    kind = EventKind.EXTENSION_APPROVED if granted else EventKind.EXTENSION_REFUSED
    said = updates.Statement(
        plan_id=plan.id,
        task_id=code,
        unit_id=unit_id,
        update=updates.Update(kind=kind, text=item.note, until=until if granted else None),
        actor="committee",
        source=recording.source,
        line=item.line,
        period=row.period,
    )
    updates.record(conn, said, now=recording.now, today=thread.today, extra=extra, events=recording.work.events)
    return Recorded(
        line=item.line,
        code=code,
        kind=item.kind,
        text=item.text,
        shape="approval",
        unit=unit_id,
        approved=granted,
        until=until.isoformat() if granted and until else None,
    )


def _attachments(recording: _Recording, letter: Letter) -> list[Recorded]:
    """A unit's periodic report sent as attachments fulfils its open report occurrence."""
    thread = recording.thread
    names = replies.attached(letter.message)
    if not names or thread.audience.kind == AudienceKind.COMMITTEE:
        return []
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
