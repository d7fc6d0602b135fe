"""What a plan's revision does to its stored occurrences (pure): the plan, its calendar, the
occurrences stored and those the plan defines now in; the rows to add and to change, and the
events that say why, out.

Between revisions only the periods newly within the horizon are added. After a new revision the
stored occurrences are reconciled with the plan in full:

- an occurrence whose deadline moved keeps the steps of its ladder already handled and any
  approved extension (a one-off task's occurrence is the same one whatever day it is due);
- a task's new lead takes over its open occurrences: the deadline in force (with any extension),
  the steps already handled, the state and progress reached. The ladder goes on where it was, and
  its next reminder or escalation goes to the new lead (and the new lead's head). The old lead's
  occurrence keeps its history (events are never moved): it stays on as a coordinator's if the
  unit still coordinates the task, else it is retired. An occurrence done before the change stays
  with the unit that did it. Both get a ``reassigned`` event naming the revision, the role, and
  the units before and after;
- a coordinator added to or dropped from a period already stored gets a ``reassigned`` event; an
  occurrence the plan no longer has is retired, never deleted;
- a cancelled task's open occurrences are stopped from its ``status_since``, or from the day the
  revision was loaded when it gives none (a ``stopped`` event): they keep their history and
  ``update`` still reaches them, but nothing is sent about them from that day. Its periods that
  begin after that day are retired (they were only generated ahead). A task no longer cancelled
  resumes (a ``resumed`` event), the steps whose day passed meanwhile skipped.

A paused task needs nothing here: the check holds its ladder (``checks``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .calendar import WorkCalendar
from .occurrences import REPORT, Occurrence, next_notice, steps
from .plan import Plan
from .store.occurrences import Handed, Moved, NewOccurrence, Stopped, StoredOccurrence
from .vocabulary import EventKind, Role, State

Key = tuple[str, str, str]  # (task, unit, period)
Slot = tuple[str, str]  # (task, period); a one-off task has one slot whatever its due date: (task, "")


@dataclass(frozen=True, kw_only=True)
class Noted:
    """An event to record about an occurrence, found by its key (a new one has no id yet)."""

    key: Key
    kind: EventKind
    payload: dict[str, Any]


@dataclass
class Reconciled:
    """The rows to add and to change (each kind one statement), and the events to record."""

    new: list[NewOccurrence] = field(default_factory=list)
    moved: list[Moved] = field(default_factory=list)
    handed: list[Handed] = field(default_factory=list)
    stopped: list[Stopped] = field(default_factory=list)
    noted: list[Noted] = field(default_factory=list)


def reconcile(
    plan: Plan,
    cal: WorkCalendar,
    stored: Mapping[Key, StoredOccurrence],
    wanted: Iterable[Occurrence],
    *,
    revision: int | None,
    today: date,
) -> Reconciled:
    """The changes that make ``stored`` what ``wanted`` says. ``revision``: the revision just
    loaded (reconcile in full), or None between revisions (only add what is new)."""
    work = _Work(plan, cal, revision, today)
    if revision is None:
        work.out.new = [work.new_row(occ) for occ in wanted if (occ.task_id, occ.unit_id, occ.period) not in stored]
        return work.out
    slots = _stored_slots(stored.values())
    for slot, occs in _wanted_slots(wanted).items():
        work.slot(occs, slots.pop(slot, {}))
    for rows in slots.values():  # what the plan no longer defines
        for row in rows.values():
            work.leftover(row)
    work.stop_and_resume()
    return work.out


def _slot_of(task_id: str, period: str, original_due: date | None) -> Slot:
    one_off = task_id != REPORT and original_due is not None and period == original_due.isoformat()
    return (task_id, "" if one_off else period)


def _stored_slots(rows: Iterable[StoredOccurrence]) -> dict[Slot, dict[str, StoredOccurrence]]:
    """Stored occurrences by slot, then unit (an active row wins over a retired one)."""
    found: dict[Slot, dict[str, StoredOccurrence]] = {}
    for row in rows:
        units = found.setdefault(_slot_of(row.task_id, row.period, row.original_due), {})
        if row.unit_id not in units or row.active:
            units[row.unit_id] = row
    return found


def _wanted_slots(wanted: Iterable[Occurrence]) -> dict[Slot, list[Occurrence]]:
    found: dict[Slot, list[Occurrence]] = {}
    for occ in wanted:
        found.setdefault(_slot_of(occ.task_id, occ.period, occ.original_due), []).append(occ)
    return found


class _Work:
    """One reconciliation: the plan, and the rows as they will be once the changes are written."""

    def __init__(self, plan: Plan, cal: WorkCalendar, revision: int | None, today: date) -> None:
        self.plan, self.cal, self.revision, self.today = plan, cal, revision, today
        self.out = Reconciled()
        self.after: dict[int, StoredOccurrence] = {}  # stored rows (kept or changed), as they will be

    # --- one slot: a task's period, its lead and coordinators --------------------------------

    def slot(self, occs: list[Occurrence], rows: dict[str, StoredOccurrence]) -> None:
        lead = next((occ for occ in occs if occ.role == Role.LEAD), None)
        old = next((r for r in rows.values() if r.role == Role.LEAD and r.active), None)
        carry = old if lead is not None and old is not None and old.unit_id != lead.unit_id else None
        if carry is not None and carry.state == State.DONE:  # done under its old lead: left as it is
            self.after.update((r.id, r) for r in rows.values())
            return
        known = bool(rows)  # the slot was stored before this revision: changes of units are said
        for occ in occs:
            row = rows.pop(occ.unit_id, None)
            if carry is not None and occ is lead:
                self.take_over(occ, row, carry)
            else:
                self.place(occ, row, known)
        for row in rows.values():  # units no longer named on this period of the task
            self.retire(row)
            if row is carry and lead is not None:
                self.note(row, row.period, role=Role.LEAD, before=row.unit_id, after=lead.unit_id)
            elif row.active and row.role == Role.COORDINATOR:
                self.note(row, row.period, role=Role.COORDINATOR, before=row.unit_id, after=None)

    def place(self, occ: Occurrence, row: StoredOccurrence | None, known: bool) -> None:
        """The occurrence of a unit that keeps (or takes up) its role, on its own standing."""
        if row is None:
            self.out.new.append(self.new_row(occ))
            if known and occ.role == Role.COORDINATOR:
                self.note_key((occ.task_id, occ.unit_id, occ.period), role=occ.role, before=None, after=occ.unit_id)
            return
        if row.role != occ.role:
            self.hand(occ, row, row)
            if row.role == Role.LEAD:  # the old lead stays on as a coordinator
                self.note(row, occ.period, role=Role.LEAD, before=row.unit_id, after=self.plan.task(occ.task_id).lead)
        elif row.original_due != occ.original_due or row.period != occ.period or not row.active:
            self.move(occ, row)
        else:
            self.after[row.id] = row

    def take_over(self, occ: Occurrence, row: StoredOccurrence | None, carry: StoredOccurrence) -> None:
        """The task's new lead takes the old lead's open occurrence over: its ladder and standing."""
        if row is None:
            due, done, pending = self.ladder(occ, carry)
            new = self.new_row(occ)
            self.out.new.append(
                new._replace(
                    due=due,
                    extension_until=carry.extension_until,
                    state=carry.state,
                    progress=carry.progress,
                    steps_done=done,
                    next_notice_on=None if self.stopped(new.stopped_on) else pending,
                )
            )
        else:
            self.hand(occ, row, carry)
        self.note_key((occ.task_id, occ.unit_id, occ.period), role=Role.LEAD, before=carry.unit_id, after=occ.unit_id)

    def ladder(self, occ: Occurrence, standing: StoredOccurrence) -> tuple[date | None, int, date | None]:
        """``occ``'s deadline in force, steps handled and next notice day, going on from ``standing``'s
        ladder (its own, or the old lead's): the steps handled are those dated up to the last one
        ``standing`` handled."""
        due = self.in_force(standing.extension_until, occ.due)
        handled = steps(self.plan, self.cal, standing.role, standing.due)[: standing.steps_done]
        ladder = steps(self.plan, self.cal, occ.role, due)
        done = sum(1 for step in ladder if handled and step.on <= handled[-1].on)
        pending = ladder[done].on if done < len(ladder) and standing.state != State.DONE else None
        return due, done, pending

    def hand(self, occ: Occurrence, row: StoredOccurrence, standing: StoredOccurrence) -> None:
        """``row`` takes ``occ``'s role, with ``standing``'s ladder and state (its own, or the old
        lead's when taking over)."""
        due, done, pending = self.ladder(occ, standing)
        change = Handed(
            oid=row.id,
            role=occ.role,
            period=occ.period,
            original_due=occ.original_due,
            due=due,
            extension_until=standing.extension_until,
            state=standing.state,
            progress=standing.progress,
            steps_done=done,
            next_notice_on=pending,
            active=True,
        )
        self.out.handed.append(change)
        self.after[row.id] = _applied(row, change)

    def move(self, occ: Occurrence, row: StoredOccurrence) -> None:
        """The plan moved the occurrence's deadline (or brought it back): its ladder goes on."""
        due = self.in_force(row.extension_until, occ.due)
        pending = None if row.state == State.DONE else next_notice(self.plan, self.cal, row.role, due, row.steps_done)
        change = Moved(
            oid=row.id, period=occ.period, original_due=occ.original_due, due=due, active=True, next_notice_on=pending
        )
        self.out.moved.append(change)
        self.after[row.id] = _applied(row, change)

    def retire(self, row: StoredOccurrence) -> None:
        """No longer in the plan: kept with its events, out of the check, status and reports."""
        if row.active:
            self.out.moved.append(Moved(row.id, row.period, row.original_due, row.due, False, None))

    def leftover(self, row: StoredOccurrence) -> None:
        """A stored occurrence the plan no longer defines: a cancelled task's stays (stopped), unless
        its period begins after the cancellation (generated ahead, it never was); any other is retired."""
        task = self.plan.tasks_by_id.get(row.task_id)
        if task is not None and task.status == "cancelled":
            since = task.status_since or row.stopped_on or self.today
            if row.period_start is None or row.period_start < since:
                self.after[row.id] = row
                return
        self.retire(row)

    # --- cancelled tasks ------------------------------------------------------------------------

    def stop_and_resume(self) -> None:
        """Stop the open occurrences of cancelled tasks; resume those of tasks no longer cancelled."""
        for row in self.after.values():
            if not row.active or row.state == State.DONE:
                continue
            task = self.plan.tasks_by_id.get(row.task_id)
            if task is not None and task.status == "cancelled":
                since = task.status_since or row.stopped_on or self.today
                if row.stopped_on != since:
                    pending = None if self.stopped(since) else row.next_notice_on
                    self.out.stopped.append(Stopped(row.id, since, row.steps_done, pending))
                if row.stopped_on is None:
                    payload = {"revision": self.revision, "since": since.isoformat(), "reason": task.status_reason}
                    self.out.noted.append(Noted(key=_key(row), kind=EventKind.STOPPED, payload=payload))
            elif row.stopped_on is not None:
                self.resume(row)

    def resume(self, row: StoredOccurrence) -> None:
        """The ladder goes on from today: the steps whose day passed while stopped are skipped."""
        ladder = steps(self.plan, self.cal, row.role, row.due)
        done = max(row.steps_done, sum(1 for step in ladder if step.on < self.today))
        pending = ladder[done].on if done < len(ladder) else None
        self.out.stopped.append(Stopped(row.id, None, done, pending))
        self.out.noted.append(Noted(key=_key(row), kind=EventKind.RESUMED, payload={"revision": self.revision}))

    # --- helpers --------------------------------------------------------------------------------

    def new_row(self, occ: Occurrence) -> NewOccurrence:
        """A new occurrence (of a task cancelled from a later day: stopped from that day)."""
        task = self.plan.tasks_by_id.get(occ.task_id)
        stopped_on = (task.status_since or self.today) if task is not None and task.status == "cancelled" else None
        pending = next_notice(self.plan, self.cal, occ.role, occ.due, 0)
        return NewOccurrence(
            plan_id=self.plan.id,
            task_id=occ.task_id,
            unit_id=occ.unit_id,
            period=occ.period,
            role=occ.role,
            period_start=occ.period_start,
            original_due=occ.original_due,
            due=occ.due,
            next_notice_on=None if self.stopped(stopped_on) else pending,
            stopped_on=stopped_on,
        )

    def stopped(self, stopped_on: date | None) -> bool:
        return stopped_on is not None and stopped_on <= self.today

    def in_force(self, extension_until: date | None, due: date | None) -> date | None:
        """The deadline in force: an approved extension's (after the day-off rule), else the plan's."""
        if extension_until is None:
            return due
        return self.cal.deadline_in_force(extension_until, self.plan.calendar.deadline_on_day_off)

    def note(self, row: StoredOccurrence, period: str, **change: Any) -> None:
        self.note_key((row.task_id, row.unit_id, period), **change)

    def note_key(self, key: Key, *, role: str, before: str | None, after: str | None) -> None:
        payload = {"revision": self.revision, "role": str(role), "from": before, "to": after}
        self.out.noted.append(Noted(key=key, kind=EventKind.REASSIGNED, payload=payload))


def _applied(row: StoredOccurrence, change: Moved | Handed) -> StoredOccurrence:
    """``row`` as it will be once ``change`` is written."""
    return row._replace(**{name: value for name, value in change._asdict().items() if name != "oid"})


def _key(row: StoredOccurrence) -> Key:
    return (row.task_id, row.unit_id, row.period)
