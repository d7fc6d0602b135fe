"""The committee's decisions on extensions, read from its replies: only a member decides, never
for a unit whose address it is; a grant is to a date after the deadline in force, and the task's
coordinators follow the lead's new deadline."""

from __future__ import annotations

from datetime import date

from . import replies, store, updates
from .plan import Plan
from .received import Recorded, Recording, Refused
from .screening import allowed_senders
from .store.events import PlanEvent
from .store.occurrences import StoredOccurrence
from .vocabulary import Audience, AudienceKind, EventKind, Reason, State


def approve(recording: Recording, item: replies.Item) -> Recorded:
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
    recording: Recording, item: replies.Item, lead: str, unit_id: str, pending: PlanEvent | None
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


def _decide(recording: Recording, item: replies.Item, row: StoredOccurrence, granted: date | None) -> None:
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
