"""Section I of the report: each task in the document's order, its items and what was said of it."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from .. import figures
from ..calendar import WorkCalendar
from ..figures import StatusClass
from ..plan import Plan, Task
from ..status import days_overdue
from ..store.occurrences import StoredOccurrence
from ..vocabulary import EventKind, State
from .model import Item, ItemGroup, SectionReport, Statement, TaskReport, Update
from .said import STATUS_KINDS, Said

# A task's class is its most pressing item's: the first of these that any item has.
PRECEDENCE = (
    StatusClass.STOPPED,
    StatusClass.OVERDUE,
    StatusClass.ON_TRACK,
    StatusClass.NO_DEADLINE,
    StatusClass.DONE_LATE,
    StatusClass.DONE_ON_TIME,
)


def item(
    plan: Plan,
    cal: WorkCalendar,
    row: StoredOccurrence,
    history: Sequence[Said],
    as_of: date,
    stopped: Collection[str],
) -> Item:
    """One occurrence on ``as_of``: its class, the progress said by then, the latest update."""
    tz = plan.plan.timezone
    done_on = figures.done_on(row, tz, as_of)
    said = [e for e in history if e.on <= as_of]
    task = plan.task(row.task_id)
    last = max(history, key=lambda e: (e.event.at, e.event.id), default=None)
    statuses = [e for e in said if e.event.kind in STATUS_KINDS]
    return Item(
        task=task.id,
        title=task.title,
        section=task.section,
        unit=row.unit_id,
        unit_name=plan.unit(row.unit_id).name,
        period=row.period,
        due=row.due,
        original_due=row.original_due if row.original_due != row.due else None,
        status_class=figures.status_of(row, as_of, tz, stopped),
        progress=100 if done_on else _progress(said, row),
        done_on=done_on,
        days_overdue=days_overdue(cal, row.due, done_on, as_of),
        blocked=done_on is None and bool(statuses) and statuses[-1].event.kind == EventKind.BLOCKED,
        last_update=_update(last) if last else None,
    )


def _progress(said: list[Said], row: StoredOccurrence) -> int:
    """The progress last reported by the as-of date (the row's own when nothing was said since)."""
    for e in reversed(said):
        value = (e.event.payload or {}).get("progress")
        if value is not None:
            return int(value)
    return 0 if row.state == State.DONE else int(row.progress or 0)


def _update(said: Said) -> Update:
    event = said.event
    payload = event.payload or {}
    progress = payload.get("progress")
    return Update(
        on=said.on,
        kind=str(event.kind),
        progress=None if progress is None else int(progress),
        text=payload.get("text") or "",
        actor=event.actor,
    )


def document_order(plan: Plan) -> dict[str, int]:
    """Each task's place in the document: by its section's place among the plan's sections (tasks
    of no listed section after them), then by its place in the plan."""
    places = {s.id: index for index, s in enumerate(plan.sections)}
    ranked = sorted(enumerate(plan.tasks), key=lambda p: (places.get(p[1].section or "", len(places)), p[0]))
    return {task.id: rank for rank, (_, task) in enumerate(ranked)}


def sections(
    plan: Plan, items: Sequence[Item], statements: Sequence[Statement], stopped: Collection[str]
) -> list[SectionReport]:
    """The plan's sections in its order, each with its tasks in the document's order: those with
    items in the period, and the stopped ones (shown as stopped, with the reason)."""
    by_task: dict[str, list[Item]] = {}
    for one in items:
        by_task.setdefault(one.task, []).append(one)
    said: dict[str, list[Statement]] = {}
    for statement in statements:
        if statement.task is not None and statement.kind == "result":
            said.setdefault(statement.task, []).append(statement)
    titles = {s.id: s.title for s in plan.sections}
    grouped: dict[str | None, list[TaskReport]] = {}
    for task in plan.tasks:
        if task.id in by_task or task.id in stopped:
            report = _task(plan, task, by_task.get(task.id, []), said.get(task.id, []), task.id in stopped)
            grouped.setdefault(task.section, []).append(report)
    order = [s.id for s in plan.sections if s.id in grouped] + [k for k in grouped if k not in titles]
    return [SectionReport(id=k, title=titles.get(k or "", k or ""), tasks=tuple(grouped[k])) for k in order]


def _task(plan: Plan, task: Task, items: list[Item], said: list[Statement], stopped: bool) -> TaskReport:
    items.sort(key=lambda i: (i.due or date.max, i.period))
    classes = {i.status_class for i in items} | ({StatusClass.STOPPED} if stopped else set())
    return TaskReport(
        task=task.id,
        title=task.title,
        section=task.section,
        kind=task.kind,
        repeat=task.repeat,
        lead=task.lead,
        lead_name=plan.unit(task.lead).name,
        coordinators=tuple(plan.unit(c).name for c in task.coordinators),
        status_class=next((c for c in PRECEDENCE if c in classes), StatusClass.NO_DEADLINE),
        stopped_reason=task.status_reason if stopped else "",
        items=tuple(items),
        groups=tuple(groups(items)) if task.kind == "repeat" else (),
        statements=tuple(sorted(said, key=lambda s: (s.authors[0].role != "lead", s.on))),
    )


def groups(items: Sequence[Item]) -> list[ItemGroup]:
    """A recurring task's items by status class, in ``PRECEDENCE`` order."""
    found: list[ItemGroup] = []
    for status in PRECEDENCE:
        mine = [i for i in items if i.status_class == status]
        if mine:
            late = max(i.days_overdue for i in mine)
            found.append(ItemGroup(status_class=status, periods=tuple(i.period for i in mine), days_overdue=late))
    return found
