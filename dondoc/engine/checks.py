"""The nightly check's decisions, as pure functions: (plan, occurrence state, today) -> actions.

Each occurrence walks an ordered list of steps (reminders before its deadline, escalations
after it). A step fires once: ``steps_done`` counts the steps already handled, and
``next_notice_on`` is the day the next one fires, so the store finds due work with one
indexed range query. Rules:

- a reminder is pointless once the deadline has passed: it is skipped, not sent late;
- on a day off nothing is sent, except a reminder that would otherwise be skipped because
  its deadline falls before the next working day (catch up, never lose a step);
- escalations wait for a working day; after downtime every missed step fires at once;
- a stopped task sends nothing (``hold``). A cancelled one's ladder ends. A paused one's is
  suspended, not shifted: the steps dated up to ``paused_until`` are skipped (they would speak
  of days the task was on hold), its deadline stays, and the ladder goes on with its first step
  after the pause (an extension, or a revision moving ``due``, gives the unit more time).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from .calendar import WorkCalendar
from .occurrences import Step, steps
from .plan import Plan, Task
from .vocabulary import Audience, State


class OccurrenceRow(NamedTuple):
    """The state of one occurrence as the check needs it (the store reads it so: ``store.occurrences.due``)."""

    id: int
    task_id: str
    unit_id: str
    period: str
    role: str
    due: date
    original_due: date | None
    state: str
    progress: int
    steps_done: int


@dataclass(frozen=True)
class Advance:
    """Where an occurrence stands after the check: steps handled and the next notice day."""

    occurrence_id: int
    steps_done: int
    next_notice_on: date | None


@dataclass(frozen=True)
class Fired:
    """A step that fires today for an occurrence."""

    row: OccurrenceRow
    step: Step


@dataclass
class Digest:
    """Everything one audience must hear about one plan in one run: one email."""

    plan_id: str
    audience: Audience
    items: list[Fired] = field(default_factory=list)

    def lines(self) -> list[Fired]:
        """One line per occurrence (the latest of its steps when several caught up), by due date."""
        latest = {item.row.id: item for item in self.items}
        return sorted(latest.values(), key=lambda f: (f.row.due, f.row.task_id, f.row.period))

    def notice_keys(self) -> list[tuple[int, str]]:
        """The (occurrence, step) pairs this digest covers."""
        return [(f.row.id, f.step.name) for f in self.items]


def decide(row: OccurrenceRow, plan_steps: list[Step], today: date, cal: WorkCalendar) -> tuple[list[Step], Advance]:
    """The steps that fire today for one occurrence, and where it goes next."""
    if row.state == State.DONE:
        return [], Advance(row.id, row.steps_done, None)
    index, fired = row.steps_done, []
    working = cal.is_working_day(today)
    while index < len(plan_steps) and plan_steps[index].on <= today:
        step = plan_steps[index]
        if step.kind == "reminder" and today > row.due:
            index += 1  # the deadline has passed: the ladder takes over
            continue
        if not working and not (step.kind == "reminder" and row.due < cal.next_working_day(today, inclusive=False)):
            break  # wait for the next working day
        fired.append(step)
        index += 1
    following = plan_steps[index].on if index < len(plan_steps) else None
    return fired, Advance(row.id, index, following)


def past_pause(row: OccurrenceRow, plan_steps: list[Step], task: Task | None, today: date) -> OccurrenceRow:
    """``row`` with the steps dated up to the end of its task's pause counted as handled, once the
    pause has begun (during it, and after it, if no check ran meanwhile)."""
    if task is None or task.status != "paused" or task.paused_until is None:
        return row
    if task.status_since is not None and today < task.status_since:
        return row
    end = task.paused_until
    return row._replace(steps_done=max(row.steps_done, sum(1 for step in plan_steps if step.on <= end)))


def hold(row: OccurrenceRow, plan_steps: list[Step], task: Task) -> Advance:
    """Where a stopped task's occurrence goes: a cancelled one nowhere; a paused one (its steps
    within the pause skipped: ``past_pause``) to its next step."""
    if task.status == "cancelled":
        return Advance(row.id, row.steps_done, None)
    index = row.steps_done
    return Advance(row.id, index, plan_steps[index].on if index < len(plan_steps) else None)


def audiences(plan: Plan, row: OccurrenceRow, step: Step) -> list[Audience]:
    """Who hears about a fired step (never an external unit: ``Plan.reached``)."""
    found: list[Audience] = []
    for target in step.notify:
        if target in ("self", "lead"):
            found.append(Audience.unit(row.unit_id))
        elif target == "head":
            unit = plan.unit(row.unit_id)
            found.append(Audience.head(row.unit_id) if unit.head else Audience.unit(row.unit_id))
        elif target == "coordinators" and row.task_id in plan.tasks_by_id:
            found += [Audience.unit(c) for c in plan.task(row.task_id).coordinators]
        elif target == "secretariat":
            found.append(Audience.unit(plan.committee.secretariat))
        elif target == "committee":
            found.append(Audience.committee())
    reached = set(plan.reached(a.unit_id for a in found if a.unit_id))
    return [a for a in found if not a.unit_id or a.unit_id in reached]


def plan_actions(
    plan: Plan, cal: WorkCalendar, rows: Iterable[OccurrenceRow], today: date
) -> tuple[list[Advance], list[Digest]]:
    """The check for one plan: how each due occurrence advances, and one digest per audience."""
    advances: list[Advance] = []
    digests: dict[Audience, Digest] = {}
    cache: dict[tuple[str, date], list[Step]] = {}
    for row in rows:
        key = (row.role, row.due)
        if key not in cache:
            cache[key] = steps(plan, cal, row.role, row.due)
        task = plan.tasks_by_id.get(row.task_id)
        row = past_pause(row, cache[key], task, today)
        if task is not None and task.stopped_on(today):
            advances.append(hold(row, cache[key], task))
            continue
        fired, advance = decide(row, cache[key], today, cal)
        advances.append(advance)
        for step in fired:
            for audience in dict.fromkeys(audiences(plan, row, step)):
                digests.setdefault(audience, Digest(plan.id, audience)).items.append(Fired(row, step))
    return advances, list(digests.values())
