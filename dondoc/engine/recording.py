"""Record what a reply says: its new text is found (``quotes``), each line parsed (``replies``)
and allowed or not; what was understood becomes events (``updates``) and answers kept for the
unit's report (``store.entries``).

A message is recorded whole or not at all: a line that was not understood or not allowed keeps
the whole message in quarantine with the reason, however many other lines were good (its lines
are applied in a savepoint, undone on the first refusal). A message longer than the line limit is
not read (``too_many_lines``); a returned report form that cannot be taken (``report_form``) holds
the whole message too (``bad_form``), naming its rows.

A unit touches only its own occurrences and targets, and asks extensions to a date after its
deadline in force, not past. Only the committee's members decide extensions, never an address of
the unit whose deadline it is (the secretariat included), and only to a date after that deadline;
the task's coordinators follow the lead's new deadline. What a unit says about an item (a status,
a result, a target's value, an obstacle or a proposal) is a typed ``ReportLine`` whatever it came
in (an email's lines, a returned form's rows): it acts on the item's own occurrence and is kept as
an answer to the unit's report. A document attached (.docx, .doc, .odt, .pdf) is the unit's
narrative report and fulfils the report it answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection

from . import decisions, quotes, replies, report_answers, report_form, store, updates
from .calendar import period_from_label
from .clock import to_store
from .errors import NotFound, TooLong
from .letters import Attachment, Letter
from .occurrences import REPORT
from .period_words import label_of
from .plan import Target
from .received import Received, Recorded, Recording, Refused, Rejected, Thread, Work
from .report_answers import ReportProgress
from .report_lines import LineSource, ReportLine, of_item
from .settings import Settings
from .store.events import NewEvent
from .store.occurrences import StoredOccurrence
from .vocabulary import (
    AttachmentKind,
    AudienceKind,
    EventKind,
    InboxState,
    ItemKind,
    Reason,
    State,
    Via,
)

STATUS_KIND = {
    "done": EventKind.DONE,
    "in_progress": EventKind.PROGRESS,
    "not_started": EventKind.NOT_STARTED,
    "blocked": EventKind.BLOCKED,
}
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
    recording = Recording(conn, work, thread, letter.headers("Message-ID") or "(no Message-ID)", now)
    form = _forms(recording, letter)
    if form.problems:  # refused whole: nothing of the message is taken until it is sent again right
        received.reason, received.form_problems = Reason.BAD_FORM, form.problems
        return
    documents = [a for a in letter.attachments if a.kind == AttachmentKind.DOCUMENT]
    if len(parsed.items) + len(parsed.unknown) + len(form.lines) > limits.max_updates:
        received.reason = Reason.TOO_MANY_LINES
    elif parsed.unknown:
        received.rejected = [Rejected(line=u.line, text=u.text, reason=u.reason) for u in parsed.unknown]
        said = parsed.items or documents or form.lines
        received.reason = Reason.UNPARSED_LINES if said else Reason.UNPARSED
    elif not parsed.items and not documents and not any(line.says for line in form.lines):
        received.reason = Reason.UNPARSED
    else:
        _apply_whole(recording, parsed.items, form.lines, documents, received)


def _forms(recording: Recording, letter: Letter) -> report_form.Returned:
    """The report forms a unit (or its head) sent back; the committee sends none."""
    thread = recording.thread
    if thread.audience.kind == AudienceKind.COMMITTEE:
        return report_form.Returned()
    forms = [a for a in letter.attachments if a.kind == AttachmentKind.FORM]
    return report_form.returned(thread.plan, thread.unit_id, forms, recording.source, recording.work.secret)


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
    recording: Recording,
    items: list[replies.Item],
    form_lines: Sequence[ReportLine],
    documents: list[Attachment],
    received: Received,
) -> None:
    """Apply every line, the form's rows and the report attached, in a savepoint: all of it, or none of it."""
    conn, work, thread = recording.conn, recording.work, recording.thread
    if any(item.kind == "approval" for item in items):
        work.flush(conn)  # a request earlier in this batch must be seen (and stay written)
    marks = len(work.events), len(work.entries)
    savepoint = store.Savepoint(conn)
    recorded: list[Recorded] = []
    lines = list(form_lines)
    for item in items:
        if item.kind in LINE_KINDS and item.code and thread.audience.kind != AudienceKind.COMMITTEE:
            source = LineSource(via=Via.LINE, ref=recording.source, position=item.line, text=item.text)
            lines.append(of_item(item, source))
            continue
        try:
            recorded.append(_apply(recording, item))
        except Refused as refused:
            received.rejected.append(Rejected(line=item.line, text=item.text, reason=refused.reason))
    recorded += _record_lines(recording, lines, received)
    if not received.rejected:
        recorded += _report(recording, documents)
    if received.rejected or not recorded:
        savepoint.undo()
        del work.events[marks[0] :], work.entries[marks[1] :]
        received.rejected.sort(key=lambda r: r.line)
        reasons = {r.reason for r in received.rejected}
        only = next(iter(reasons)) if len(reasons) == 1 else None
        received.reason = Reason(only) if only in REFUSALS else Reason.UNPARSED_LINES if reasons else Reason.UNPARSED
        return
    received.reports = _settle(recording)
    savepoint.keep()
    received.recorded = sorted(recorded, key=lambda r: (r.line == 0, r.line))
    received.state = InboxState.RECORDED


LINE_KINDS = ("status", "value", "note")  # what a unit says about an item: a report line


def _record_lines(recording: Recording, lines: Sequence[ReportLine], received: Received) -> list[Recorded]:
    """Record typed report lines (an email's, a returned form's rows): each acts on its item's own
    occurrence (or a target's value) and is kept as an answer to the unit's report; a line that
    says nothing (a blank form row) is passed over; one refused is added to ``received.rejected``."""
    recorded = []
    for line in lines:
        if not line.says:
            continue
        try:
            recorded.append(_apply_line(recording, line))
        except Refused as refused:
            position = line.source.position or 0
            received.rejected.append(Rejected(line=position, text=line.source.text, reason=refused.reason))
    return recorded


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
        return decisions.approve(recording, item)
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
        said = replace(said, period=_requested(recording, said, item.until).period)
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


def _requested(recording: Recording, said: updates.Statement, until: date | None) -> StoredOccurrence:
    """The occurrence an extension request is about, if the date asked is after its deadline in
    force and not past."""
    today = recording.thread.today
    if until is not None and until < today:
        raise Refused(Reason.PAST_DATE)
    row = updates.occurrence_of(recording.conn, said, today)
    if until is not None and row.due is not None and until <= row.due:
        raise Refused(Reason.NOT_AFTER_DEADLINE)
    return row


def _report(recording: Recording, documents: list[Attachment]) -> list[Recorded]:
    """A document attached is the unit's narrative report: it fulfils the report it answers and is
    kept as that report's answer. Images, signatures, calendars and the like never are."""
    thread = recording.thread
    report = recording.report_for(None) if documents and thread.audience.kind != AudienceKind.COMMITTEE else None
    if report is None:
        return []
    names = tuple(d.name for d in documents)
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
    return [Recorded(line=0, code=REPORT, kind="report", shape="report", period=row.period, files=names)]


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
