"""What a new revision of a plan changes, as a typed list: tasks added or removed, a task
re-assigned (lead, coordinators), its deadline or repeat moved, a task or target stopped
(cancelled, paused) or active again, targets changed, units added, removed or renamed.
Pure: two plans in, changes out; the wording is in templates/<lang>/revisions.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources

import yaml

from .plan import Plan, Target, Task


class ChangeKind(StrEnum):
    TASK_ADDED = "task_added"
    TASK_REMOVED = "task_removed"
    TASK_RENAMED = "task_renamed"
    LEAD_CHANGED = "lead_changed"
    COORDINATORS_CHANGED = "coordinators_changed"
    TIMING_CHANGED = "timing_changed"
    TARGET_ADDED = "target_added"
    TARGET_REMOVED = "target_removed"
    MILESTONE_CHANGED = "milestone_changed"
    TARGET_LEAD_CHANGED = "target_lead_changed"
    UNIT_ADDED = "unit_added"
    UNIT_REMOVED = "unit_removed"
    UNIT_RENAMED = "unit_renamed"
    UNIT_EXTERNAL = "unit_external"
    UNIT_INTERNAL = "unit_internal"
    REPORTING_CHANGED = "reporting_changed"
    TASK_STATUS = "task_status"
    TARGET_STATUS = "target_status"


@dataclass(frozen=True, kw_only=True)
class Change:
    kind: ChangeKind
    item: str  # the task, target or unit id
    title: str = ""
    before: str = ""
    after: str = ""
    reason: str = ""  # why a task or target is stopped


def diff(old: Plan, new: Plan) -> list[Change]:
    """Every change from ``old`` to ``new``, units first, then tasks and targets in plan order."""
    return [*_units(old, new), *_who_reports(old, new), *_tasks(old, new), *_targets(old, new)]


def _units(old: Plan, new: Plan) -> list[Change]:
    before, after = old.units_by_id, new.units_by_id
    changes = [Change(kind=ChangeKind.UNIT_ADDED, item=u.id, title=u.name) for u in new.units if u.id not in before]
    changes += [Change(kind=ChangeKind.UNIT_REMOVED, item=u.id, title=u.name) for u in old.units if u.id not in after]
    changes += [
        Change(kind=ChangeKind.UNIT_RENAMED, item=u.id, before=before[u.id].name, after=u.name)
        for u in new.units
        if u.id in before and before[u.id].name != u.name
    ]
    return changes


def _who_reports(old: Plan, new: Plan) -> list[Change]:
    """Units that dondoc stops or starts writing to, and a change of the units that owe reports."""
    before = old.units_by_id
    changes = [
        Change(kind=ChangeKind.UNIT_EXTERNAL if u.external else ChangeKind.UNIT_INTERNAL, item=u.id, title=u.name)
        for u in new.units
        if u.id in before and before[u.id].external != u.external
    ]
    if old.reporting_units != new.reporting_units:
        changes.append(
            Change(
                kind=ChangeKind.REPORTING_CHANGED,
                item="reporting.from",
                before=_names(old, old.reporting_units),
                after=_names(new, new.reporting_units),
            )
        )
    return changes


def _tasks(old: Plan, new: Plan) -> list[Change]:
    before = old.tasks_by_id
    changes: list[Change] = []
    for task in new.tasks:
        if task.id not in before:
            changes.append(
                Change(kind=ChangeKind.TASK_ADDED, item=task.id, title=task.title, after=_names(new, [task.lead]))
            )
        else:
            changes += _task(old, new, before[task.id], task)
    removed = [t for t in old.tasks if t.id not in new.tasks_by_id]
    changes += [Change(kind=ChangeKind.TASK_REMOVED, item=t.id, title=t.title) for t in removed]
    return changes


def _task(old_plan: Plan, new_plan: Plan, old: Task, new: Task) -> list[Change]:
    changes = []
    if old.title != new.title:
        changes.append(Change(kind=ChangeKind.TASK_RENAMED, item=new.id, before=old.title, after=new.title))
    if old.lead != new.lead:
        changes.append(_lead_change(ChangeKind.LEAD_CHANGED, (old_plan, old), (new_plan, new)))
    if set(old.coordinators) != set(new.coordinators):
        changes.append(
            Change(
                kind=ChangeKind.COORDINATORS_CHANGED,
                item=new.id,
                title=new.title,
                before=_names(old_plan, old.coordinators),
                after=_names(new_plan, new.coordinators),
            )
        )
    if status_of(old) != status_of(new):
        changes.append(_status_change(ChangeKind.TASK_STATUS, old, new))
    if timing_of(old) != timing_of(new):
        changes.append(
            Change(
                kind=ChangeKind.TIMING_CHANGED,
                item=new.id,
                title=new.title,
                before=timing_of(old),
                after=timing_of(new),
            )
        )
    return changes


def _names(plan: Plan, unit_ids: list[str]) -> str:
    """Units as people know them: their names ("-" for none)."""
    named = [plan.units_by_id[u].name if u in plan.units_by_id else u for u in unit_ids]
    return ", ".join(named) or "-"


def timing_of(task: Task) -> str:
    """A task's timing as a short code the wording templates turn into words."""
    if task.due is not None:
        return f"due:{task.due.isoformat()}"
    if task.repeat is not None:
        return f"repeat:{task.repeat}"
    return "ongoing:"


def _targets(old: Plan, new: Plan) -> list[Change]:
    before = {t.id: t for t in old.targets}
    after = {t.id: t for t in new.targets}
    changes = [
        Change(kind=ChangeKind.TARGET_ADDED, item=t.id, title=t.title) for t in new.targets if t.id not in before
    ]
    for target in new.targets:
        if target.id in before:
            changes += _target(old, new, before[target.id], target)
    changes += [
        Change(kind=ChangeKind.TARGET_REMOVED, item=t.id, title=t.title) for t in old.targets if t.id not in after
    ]
    return changes


def _target(old_plan: Plan, new_plan: Plan, old: Target, new: Target) -> list[Change]:
    changes = []
    for year in sorted(set(old.milestones) | set(new.milestones)):
        a, b = old.milestones.get(year), new.milestones.get(year)
        if a != b:
            changes.append(
                Change(
                    kind=ChangeKind.MILESTONE_CHANGED,
                    item=new.id,
                    title=f"{new.title} ({year})",
                    before=_number(a, old.measure),
                    after=_number(b, new.measure),
                )
            )
    if old.lead != new.lead:
        changes.append(_lead_change(ChangeKind.TARGET_LEAD_CHANGED, (old_plan, old), (new_plan, new)))
    if status_of(old) != status_of(new):
        changes.append(_status_change(ChangeKind.TARGET_STATUS, old, new))
    return changes


def status_of(item: Task | Target) -> str:
    """A task's or target's status as a short code (``cancelled:SINCE:``, ``paused:SINCE:UNTIL``,
    ``active::``) the wording templates turn into words."""
    days = [d.isoformat() if d else "" for d in (item.status_since, item.paused_until)]
    return ":".join([item.status, *days])


def _status_change(kind: ChangeKind, old: Task | Target, new: Task | Target) -> Change:
    return Change(
        kind=kind, item=new.id, title=new.title, before=status_of(old), after=status_of(new), reason=new.status_reason
    )


def _lead_change(kind: ChangeKind, old: tuple[Plan, Task | Target], new: tuple[Plan, Task | Target]) -> Change:
    (old_plan, before), (new_plan, after) = old, new
    return Change(
        kind=kind,
        item=after.id,
        title=after.title,
        before=_names(old_plan, [before.lead]),
        after=_names(new_plan, [after.lead]),
    )


def _number(value: float | None, measure: str) -> str:
    if value is None:
        return "-"
    shown = int(value) if value == int(value) else value
    return f"{shown}{measure}" if measure == "%" else f"{shown} {measure}".strip()


@cache
def _wording(lang: str) -> dict[str, str]:
    lang = lang if lang in ("vi", "en") else "vi"
    text = resources.files("dondoc").joinpath(f"templates/{lang}/revisions.yaml").read_text("utf-8")
    data: dict[str, str] = yaml.safe_load(text)
    return data


def _day(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{int(day)}/{int(month)}/{year}"


def _status_words(change: Change, words: dict[str, str]) -> str:
    status, since, until = change.after.split(":")
    from_day = words["status_since"].format(date=_day(since)) if since else ""
    text = words[f"status_{status}"].format(since=from_day, until=_day(until) if until else "")
    return text + (words["status_reason"].format(reason=change.reason) if change.reason else "")


def _timing_words(code: str, words: dict[str, str]) -> str:
    kind, _, value = code.partition(":")
    if kind == "due":
        year, month, day = value.split("-")
        return words["timing_due"].format(date=f"{int(day)}/{int(month)}/{year}")
    if kind == "repeat":
        return words[f"repeat_{value}"]
    return words["timing_ongoing"]


def describe(changes: list[Change], lang: str = "vi") -> list[str]:
    """One line per change, in the plan's language; one line saying so when nothing changed."""
    words = _wording(lang)
    if not changes:
        return [words["unchanged"]]
    lines = []
    for change in changes:
        before, after = change.before, change.after
        if change.kind is ChangeKind.TIMING_CHANGED:
            before, after = _timing_words(before, words), _timing_words(after, words)
        elif change.kind in (ChangeKind.TASK_STATUS, ChangeKind.TARGET_STATUS):
            after = _status_words(change, words)
        lines.append(words[change.kind.value].format(id=change.item, title=change.title, before=before, after=after))
    return lines
