"""Record what a reply says: each line is parsed (``replies``), allowed or not, and what was
understood becomes events (``updates``) and answers kept for the unit's report (``store.entries``).

A unit touches only its own occurrences and targets; only the committee approves or refuses
extensions. What a unit says about an item (a status, a result, a target's value, an obstacle or a
proposal) is a typed ``ReportLine`` whatever it came in (``record_lines``: an email's lines, a
returned form's rows): it acts on the item's own occurrence and is kept as an answer to the unit's
report; a document attached (``letters.is_report_document``) is the unit's narrative report.
Lines that were not understood or not allowed put the message in quarantine with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import Connection

from . import replies, report_answers, report_form, store, updates
from .calendar import WorkCalendar, period_from_label
from .clock import to_store
from .errors import NotFound
from .letters import Letter, is_report_document
from .occurrences import REPORT
from .payloads import DigestItem
from .period_words import label_of
from .plan import Plan, Target
from .report_answers import ReportProgress
from .report_lines import LineSource, ReportLine, of_item
from .store.entries import NewEntry
from .store.events import NewEvent
from .store.occurrences import StoredOccurrence
from .vocabulary import Audience, AudienceKind, Channel, EventKind, InboxState, ItemKind, Reason, State, Via

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
    reports: list[ReportProgress] = field(default_factory=list)  # the reports it answered, as they now stand
    form_problems: list[str] = field(default_factory=list)  # why a returned report form was refused

    def detail(self) -> dict[str, Any]:
        """What is kept with the message: what was recorded, what was not, the answer, the fault."""
        found: dict[str, Any] = {
            "recorded": [r.to_json() for r in self.recorded],
            "rejected": [r.to_json() for r in self.rejected],
            "reply": self.reply,
        }
        if self.reports:
            found["reports"] = [r.to_json() for r in self.reports]
        if self.error:
            found["error"] = self.error
        if self.form_problems:
            found["form_problems"] = self.form_problems
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
    """The unit of work a message is recorded in (``ingest.Batch``): the events and report answers
    it writes at its end, and writing everything so far at once."""

    events: list[NewEvent]
    entries: list[NewEntry]

    @property
    def secret(self) -> str:
        """What signs reply tokens and report forms."""
        ...

    def flush(self, conn: Connection) -> None: ...


class Refused(Exception):
    """A line that was understood but may not be applied by this sender."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Recording:
    """One message being recorded: in which transaction and unit of work, for which thread, from
    which message (its Message-ID), at which moment; the unit's reports, read when first needed,
    and those its answers went to."""

    conn: Connection
    work: Work
    thread: Thread
    source: str
    now: datetime
    loaded: dict[str, list[StoredOccurrence]] = field(default_factory=dict)
    touched: dict[int, StoredOccurrence] = field(default_factory=dict)

    def reports(self) -> list[StoredOccurrence]:
        """The unit's active report occurrences, by due date (read once per message)."""
        if "reports" not in self.loaded:
            thread = self.thread
            self.loaded["reports"] = store.occurrences.find(self.conn, thread.plan.id, REPORT, thread.unit_id)
        return self.loaded["reports"]

    def report_for(self, named: str | None, report: int | None = None) -> StoredOccurrence | None:
        """The report an answer goes to: ``report`` (the one a returned form answers) while it is
        one of the unit's, else as ``report_answers.choose`` says."""
        asked = next((r for r in self.reports() if r.id == report), None) if report is not None else None
        if asked is not None:
            return asked
        thread = self.thread
        listed = {i.occurrence for i in thread.listed if i.code == REPORT}
        return report_answers.choose(thread.plan, self.reports(), listed=listed, named=named, today=thread.today)

    @property
    def events(self) -> list[NewEvent]:
        return self.work.events


def record(conn: Connection, work: Work, thread: Thread, letter: Letter, received: Received, now: datetime) -> None:
    """Record every line of ``letter`` that ``thread`` may say, and set ``received``'s outcome."""
    plan = thread.plan
    text = replies.fresh_text(replies.message_text(letter.message))
    parsed = replies.parse_text(
        text, [t.id for t in plan.tasks], [t.id for t in plan.targets], _single(thread), thread.today.year
    )
    recording = Recording(conn, work, thread, letter.headers("Message-ID") or "(no Message-ID)", now)
    lines: list[ReportLine] = []
    if thread.audience.kind != AudienceKind.COMMITTEE:  # a unit or its head answers for the unit
        form = report_form.returned(plan, thread.unit_id, letter.message, recording.source, work.secret)
        if form.problems:  # refused whole: nothing of the message is taken until it is sent again right
            received.reason, received.form_problems = Reason.BAD_FORM, form.problems
            return
        lines += form.lines
    for item in parsed.items:
        if item.kind in LINE_KINDS and item.code and thread.audience.kind != AudienceKind.COMMITTEE:
            source = LineSource(via=Via.LINE, ref=recording.source, position=item.line, text=item.text)
            lines.append(of_item(item, source))
            continue
        try:
            received.recorded.append(_apply(recording, item))
        except Refused as refused:
            received.rejected.append(Rejected(line=item.line, text=item.text, reason=refused.reason))
    received.rejected += [Rejected(line=u.line, text=u.text, reason=u.reason) for u in parsed.unknown]
    record_lines(recording, lines, received)
    received.recorded += _attachments(recording, letter)
    finish(recording, received)


LINE_KINDS = ("status", "value", "note")  # what a unit says about an item: a report line


def record_lines(recording: Recording, lines: Sequence[ReportLine], received: Received) -> None:
    """Record typed report lines (an email's, a returned form's rows): each acts on its item's own
    occurrence (or a target's value) and is kept as an answer to the unit's report; a line that
    says nothing (a blank form row) is passed over. Call ``finish`` once a message is recorded."""
    for line in lines:
        if not line.says:
            continue
        try:
            received.recorded.append(_apply_line(recording, line))
        except Refused as refused:
            position = line.source.position or 0
            received.rejected.append(Rejected(line=position, text=line.source.text, reason=refused.reason))


def finish(recording: Recording, received: Received) -> None:
    """Bring the reports the message answered in step, and set its outcome."""
    received.reports = _settle(recording)
    received.recorded.sort(key=lambda r: (r.line == 0, r.line))
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
    """The periods of this task that the answered message listed (as a reminder's item, or in a
    report request)."""
    found = [i.period for i in thread.listed if i.code == code]
    asked = [item for i in thread.listed if i.request for item in i.request.items if item.code == code]
    return found + [period for item in asked for period in item.periods]


def _apply(recording: Recording, item: replies.Item) -> Recorded:
    """Record one understood line that is not a report line (an extension request, a committee's
    decision, a remark about the whole plan); raise ``Refused`` when this sender may not say it."""
    thread = recording.thread
    plan, code = thread.plan, item.code or ""
    line = Recorded(line=item.line, code=code, kind=item.kind, text=item.text)
    if item.kind == "approval":
        return _approve(recording, item)
    if thread.audience.kind == AudienceKind.COMMITTEE:
        raise Refused(Reason.NOT_ASSIGNED)
    actor = thread.unit_id
    if item.kind == "note" and not code:
        payload = {"text": item.note, "label": item.label}
        _event(recording, item.line, kind=EventKind.NOTE, actor=actor, payload=payload)
        return replace(line, shape="plan_note", label=item.label, note=item.note)
    said = updates.Statement(  # an extension request: the committee decides
        plan_id=plan.id,
        task_id=code,
        unit_id=actor,
        update=updates.Update(kind=EventKind.EXTENSION_REQUESTED, text=item.note, until=item.until),
        actor=actor,
        source=recording.source,
        line=item.line,
        prefer=_named(thread, code),
    )
    try:
        row = updates.record(recording.conn, said, now=recording.now, today=thread.today, events=recording.work.events)
    except NotFound:
        raise Refused(Reason.NOT_ASSIGNED) from None
    until = item.until.isoformat() if item.until else None
    return replace(line, state=row.state, progress=row.progress, period=row.period, role=row.role, until=until,
                   note=item.note)  # fmt: skip


def _apply_line(recording: Recording, line: ReportLine) -> Recorded:
    """Record one report line; raise ``Refused`` when this sender may not say it."""
    plan = recording.thread.plan
    target = next((t for t in plan.targets if t.id == line.code), None)
    if target is not None:
        return _target_line(recording, target, line)
    if line.code not in plan.tasks_by_id:
        raise Refused(Reason.NOT_ASSIGNED)
    return _task_line(recording, line)


def _task_line(recording: Recording, line: ReportLine) -> Recorded:
    thread = recording.thread
    task = thread.plan.task(line.code)
    period = _label(line, thread) if task.repeat is not None and line.period else None
    row = None
    for update in _updates(line):
        said = updates.Statement(
            plan_id=thread.plan.id,
            task_id=task.id,
            unit_id=thread.unit_id,
            update=update,
            actor=thread.unit_id,
            source=line.source.ref,
            line=line.source.position,
            period=period,
            prefer=_named(thread, task.id),
        )
        try:
            row = updates.record(recording.conn, said, now=recording.now, today=thread.today, events=recording.events)
        except NotFound:
            raise Refused(Reason.BAD_PERIOD if period else Reason.NOT_ASSIGNED) from None
    assert row is not None  # a line that says something makes at least one update
    named = period or (_label(line, thread) if line.period else None)
    _keep(recording, line, ItemKind.TASK, row.period if task.repeat else None, named)
    first = _updates(line)[0]
    return Recorded(
        line=line.source.position or 0,
        code=task.id,
        kind="status" if line.state is not None else "note",
        text=line.source.text,
        state=row.state,
        progress=row.progress,
        period=row.period,
        role=row.role,
        note=first.text,
        label=first.label,
    )


def _updates(line: ReportLine) -> list[updates.Update]:
    """What a line says of a task, as updates: its status (with its result, or the obstacle when
    blocked), then its result, obstacles and proposals as notes where the status did not carry them."""
    found: list[updates.Update] = []
    carried = ""
    if line.state is not None:
        carried = line.result or (line.obstacles if line.state == State.BLOCKED else "")
        found.append(updates.Update(kind=STATUS_KIND[line.state], progress=line.progress, text=carried))
    elif line.result:
        carried = line.result
        found.append(updates.Update(kind=EventKind.NOTE, text=line.result, label="note"))
    if line.obstacles and line.obstacles != carried:
        found.append(updates.Update(kind=EventKind.NOTE, text=line.obstacles, label="obstacle"))
    if line.proposals:
        found.append(updates.Update(kind=EventKind.NOTE, text=line.proposals, label="proposal"))
    return found


def _label(line: ReportLine, thread: Thread) -> str:
    """The label of the period a line names; raise ``Refused`` for one that does not exist."""
    label = label_of(line.period, thread.today) if line.period else None
    if label is None:
        raise Refused(Reason.BAD_PERIOD)
    return label


def _target_line(recording: Recording, target: Target, line: ReportLine) -> Recorded:
    """A target's value (and what the unit says beside it), for the year the line names or this one."""
    thread = recording.thread
    actor = thread.unit_id
    if actor not in (target.lead, *target.coordinators):
        raise Refused(Reason.NOT_ASSIGNED)
    named = _label(line, thread) if line.period else None
    year = period_from_label(named, reporting=False).end.year if named else thread.today.year
    position = line.source.position or 0
    if line.value is not None:
        payload = {"value": line.value, "year": year, "text": line.result}
        _event(recording, position, kind=EventKind.TARGET_VALUE, target_id=target.id, actor=actor, payload=payload)
    for label, text in (("note", "" if line.value is not None else line.result), ("obstacle", line.obstacles),
                        ("proposal", line.proposals)):  # fmt: skip
        if text:
            payload = {"text": text, "label": label}
            _event(recording, position, kind=EventKind.NOTE, target_id=target.id, actor=actor, payload=payload)
    _keep(recording, line, ItemKind.TARGET, None, named)
    recorded = Recorded(line=position, code=target.id, kind="value", text=line.source.text, shape="value")
    if line.value is None:
        note = line.result or line.obstacles or line.proposals
        return replace(recorded, kind="note", shape="update", note=note, label="note")
    return replace(recorded, value=line.value)


def _keep(recording: Recording, line: ReportLine, kind: ItemKind, period: str | None, named: str | None) -> None:
    """Keep the line as an answer to the unit's report (a unit that owes none keeps none)."""
    report = recording.report_for(named, line.report)
    if report is not None:
        _answer(recording, report, line, kind, period)


def _answer(
    recording: Recording, report: StoredOccurrence, line: ReportLine, kind: ItemKind, period: str | None
) -> None:
    at, actor = to_store(recording.now), recording.thread.unit_id
    recording.work.entries.append(report_answers.entry_of(report, line, kind, period, actor=actor, at=at))
    recording.touched[report.id] = report


def _settle(recording: Recording) -> list[ReportProgress]:
    if not recording.touched:
        return []
    recording.work.flush(recording.conn)  # the answers must be written to be counted
    thread = recording.thread
    by = report_answers.Settling(actor=thread.unit_id, source=recording.source, now=recording.now, today=thread.today)
    rows = list(recording.touched.values())
    return report_answers.settle(recording.conn, thread.plan, rows, by, recording.work.events)


def _approve(recording: Recording, item: replies.Item) -> Recorded:
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


def _attachments(recording: Recording, letter: Letter) -> list[Recorded]:
    """A document attached is the unit's narrative report: it fulfils the report it answers.
    Images, signatures, calendars and the like are not reports and are passed over."""
    thread = recording.thread
    names = [n for n in replies.attached(letter.message) if is_report_document(n)]
    report = recording.report_for(None) if names and thread.audience.kind != AudienceKind.COMMITTEE else None
    if report is None:
        return []
    files = ", ".join(names)
    source = LineSource(via=Via.DOCUMENT, ref=recording.source, position=0, text=files)
    _answer(recording, report, ReportLine(code=REPORT, source=source, result=files), ItemKind.REPORT, None)
    said = updates.Statement(
        plan_id=thread.plan.id,
        task_id=REPORT,
        unit_id=thread.unit_id,
        update=updates.Update(kind=EventKind.REPORT, text=files),
        actor=thread.unit_id,
        source=recording.source,
        period=report.period,
    )
    row = updates.record(recording.conn, said, now=recording.now, today=thread.today, events=recording.work.events)
    recording.touched[report.id] = row  # done: settling it records nothing more
    return [Recorded(line=0, code=REPORT, kind="report", shape="report", period=row.period, files=tuple(names))]


def _event(
    recording: Recording, line: int, *, kind: EventKind, actor: str, payload: dict[str, Any], target_id: str = ""
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
