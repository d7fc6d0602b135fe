"""Record what a reply says: each line is parsed (``replies``), allowed or not, and what was
understood becomes events (``updates``).

A unit touches only its own occurrences and targets; only the committee approves or refuses
extensions; a unit's periodic report sent as attachments fulfils its report occurrence. Lines
that were not understood or not allowed put the message in quarantine with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import Connection

from . import replies, store, updates
from .calendar import WorkCalendar
from .checks import Audience
from .clock import to_store
from .errors import NotFound
from .letters import Letter
from .plan import Plan

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
    """Who a reply speaks for: the plan, the audience of the message it answers, that message's items."""

    plan: Plan
    cal: WorkCalendar
    today: date
    audience: Audience
    listed: list[dict[str, Any]]  # the items of the message it answers (none when it answers none)

    @property
    def unit_id(self) -> str:
        return self.audience.unit_id


class Work(Protocol):
    """The unit of work a message is recorded in (``ingest.Batch``): the events it writes at its
    end, and writing everything so far at once."""

    events: list[dict[str, Any]]

    def flush(self, conn: Connection) -> None: ...


class Refused(Exception):
    """A line that was understood but may not be applied by this sender."""

    def __init__(self, reason: str) -> None:
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
            received.rejected.append({"line": item.line, "text": item.text, "reason": refused.reason})
    received.rejected += [{"line": u.line, "text": u.text, "reason": u.reason} for u in parsed.unknown]
    received.recorded += _attachments(recording, letter)
    received.rejected.sort(key=lambda r: int(r["line"]))
    if received.recorded and not received.rejected:
        received.state = "recorded"
    else:
        reasons = {r["reason"] for r in received.rejected}
        if received.recorded:
            received.reason = "not_assigned" if reasons == {"not_assigned"} else "unparsed_lines"
        else:
            received.reason = "not_assigned" if reasons == {"not_assigned"} else "unparsed"


def _single(thread: Thread) -> str | None:
    """The one task code the answered message was about, if it was about one."""
    codes = {i["code"] for i in thread.listed if i["code"] != "report"}
    return codes.pop() if len(codes) == 1 else None


def _named(thread: Thread, code: str) -> list[str]:
    """The periods of this task that the answered message listed."""
    return [i["period"] for i in thread.listed if i["code"] == code]


def _apply(recording: _Recording, item: replies.Item) -> dict[str, Any]:
    """Record one understood line; raise ``Refused`` when this sender may not say it."""
    thread = recording.thread
    plan, code = thread.plan, item.code or ""
    result: dict[str, Any] = {"line": item.line, "code": code, "kind": item.kind, "text": item.text}
    if item.kind == "approval":
        return {**result, **_approve(recording, item)}
    if thread.audience.kind == "committee":
        raise Refused("not_assigned")
    actor = thread.unit_id
    if item.kind == "value":
        target = next(t for t in plan.targets if t.id == code)
        if actor not in (target.lead, *target.coordinators):
            raise Refused("not_assigned")
        payload = {"value": float(item.value or 0), "year": thread.today.year, "text": item.note}
        _event(recording, item.line, kind="target_value", target_id=code, actor=actor, payload=payload)
        return {**result, "value": float(item.value or 0)}
    if item.kind == "note" and not code:
        payload = {"text": item.note, "label": item.label}
        _event(recording, item.line, kind="note", actor=actor, payload=payload)
        return {**result, "label": item.label, "note": item.note}
    try:
        row = updates.record(
            recording.conn,
            plan.id,
            code,
            actor,
            _update_of(item),
            actor=actor,
            source=recording.source,
            now=recording.now,
            today=thread.today,
            line=item.line,
            prefer=_named(thread, code),
            events=recording.work.events,
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


def _approve(recording: _Recording, item: replies.Item) -> dict[str, Any]:
    """The committee's decision on an extension: the latest request on the task, else the lead's deadline."""
    conn, thread = recording.conn, recording.thread
    plan = thread.plan
    if thread.audience.kind != "committee":
        raise Refused("not_committee")
    code = item.code or ""
    recording.work.flush(conn)  # a request in this same batch must be seen
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
    rows = store.occurrences.find(conn, plan.id, code, unit_id)
    row = next(r for r in rows if r.period == period)
    granted = bool(item.approved) and until is not None
    extra = updates.extended(plan, thread.cal, row, until, thread.today) if granted and until else None
    kind = "extension_approved" if granted else "extension_refused"
    updates.record(
        conn,
        plan.id,
        code,
        unit_id,
        updates.Update(kind, text=item.note, until=until if granted else None),
        actor="committee",
        source=recording.source,
        now=recording.now,
        today=thread.today,
        period=row.period,
        line=item.line,
        extra=extra,
        events=recording.work.events,
    )
    return {"unit": unit_id, "approved": granted, "until": until.isoformat() if granted and until else None}


def _attachments(recording: _Recording, letter: Letter) -> list[dict[str, Any]]:
    """A unit's periodic report sent as attachments fulfils its open report occurrence."""
    thread = recording.thread
    names = replies.attached(letter.message)
    if not names or thread.audience.kind == "committee":
        return []
    try:
        row = updates.record(
            recording.conn,
            thread.plan.id,
            "report",
            thread.unit_id,
            updates.Update("report", text=", ".join(names)),
            actor=thread.unit_id,
            source=recording.source,
            now=recording.now,
            today=thread.today,
            prefer=_named(thread, "report"),
            events=recording.work.events,
        )
    except NotFound:
        return []
    return [{"line": 0, "code": "report", "kind": "report", "period": row.period, "files": names}]


def _event(recording: _Recording, line: int, **values: Any) -> None:
    """An event that changes no occurrence (a target value, a plan-level note)."""
    at = to_store(recording.now)
    row = {"plan_id": recording.thread.plan.id, "source": recording.source, "line": line, "at": at, "recorded_at": at}
    recording.work.events.append(row | values)
