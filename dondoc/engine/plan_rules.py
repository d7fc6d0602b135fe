"""The rules that relate several parts of a plan, and the reporter that words every problem.

They read the plan's plain data (as the YAML reader built it), not the model, so that a
plan whose shape is wrong somewhere still gets every other problem reported in one run:
references to units, tasks and targets; ids unique as people type them in replies
(case and diacritics aside); one deadline kind per task; a repeat window in order; no
dependency cycle; escalation steps in order; nothing listed twice; a stopped task or
target says why, and a paused one until when.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .errors import Problem
from .messages import message
from .plan import STATUS_SYNONYMS, STOPPED
from .replies import fold
from .yamldoc import Mark, Path, Positions

RESERVED_IDS = ("report",)  # the task id of periodic reports' occurrences


@dataclass(frozen=True)
class _Issue:
    mark: Mark
    key: str
    args: dict[str, Any]


class Reporter:
    """Collects problems for one file, in the plan's language."""

    def __init__(self, path: str, lang: str) -> None:
        self.path, self.lang = path, lang
        self.issues: list[_Issue] = []
        self.advice: list[_Issue] = []

    def add(self, mark: Mark, key: str, suffix: str = "", /, **args: Any) -> None:
        self.issues.append(_Issue(mark, key, {**args, "_suffix": suffix}))

    def add_unless_other(self, mark: Mark, key: str, /, **args: Any) -> None:
        """A problem said only if nothing else is said at its place (which would be the
        real one: quoting `yes` does not help a lead that names no unit)."""
        self.advice.append(_Issue(mark, key, {**args, "_suffix": ""}))

    def problems(self) -> list[Problem]:
        marks = {issue.mark for issue in self.issues}
        found = self.issues + [issue for issue in self.advice if issue.mark not in marks]
        ordered = sorted(found, key=lambda i: (i.mark.line, i.mark.col))
        return [self._problem(issue) for issue in ordered]

    def _problem(self, issue: _Issue) -> Problem:
        args = dict(issue.args)
        suffix = args.pop("_suffix")
        text = message(self.lang, issue.key, **args) + suffix
        # One line per problem, whatever the file quoted back holds (block scalars, tabs).
        return Problem(self.path, issue.mark.line, issue.mark.col, " ".join(text.split()))

    def msg(self, key: str, /, **args: Any) -> str:
        return message(self.lang, key, **args)


def check(data: dict[str, Any], positions: Positions, reporter: Reporter) -> None:
    """Report every cross-reference problem of a plan's data."""
    _Rules(data, positions, reporter).check()


def _entries(data: dict[str, Any], key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    items = data.get(key)
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield index, item


def _ref_list(value: Any) -> list[tuple[int | None, Any]]:
    if isinstance(value, list):
        return list(enumerate(value))
    return [] if value is None else [(None, value)]


def _closest(ref: str, known: list[str]) -> list[str]:
    def score(candidate: str) -> float:
        return difflib.SequenceMatcher(None, ref.lower(), candidate.lower()).ratio()

    return sorted(known, key=score, reverse=True)[:3]


def _iso(value: Any) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in str(value).split("-"))
    except ValueError:
        return ()


def _hashable(value: Any) -> bool:
    return not isinstance(value, list | dict)


# Lists in which an item written twice is a mistake (and, for some, two identical
# occurrences or notices): where they are, how two items compare, and for a list of
# mappings the key compared.
_LISTS: tuple[tuple[str, str, str | None], ...] = (
    ("committee.members", "email", "email"),
    ("units.*.email", "email", None),
    ("calendar.workdays", "same", None),
    ("calendar.extra_days_off", "date", None),
    ("calendar.extra_workdays", "date", None),
    ("reporting.cadences", "same", None),
    ("reminders.before", "same", None),
    ("escalation.*.notify", "same", None),
    ("tasks.*.coordinators", "same", None),
    ("tasks.*.targets", "code", None),
    ("tasks.*.depends_on", "code", None),
    ("targets.*.coordinators", "same", None),
)


def _same(kind: str, value: Any) -> Any:
    if kind == "email":
        return str(value).lower()
    if kind == "code":
        return fold(str(value))
    if kind == "date":
        return _iso(value) or value
    return value


class _Rules:
    """Checks that relate several parts of a plan; tolerant of a malformed shape."""

    def __init__(self, data: dict[str, Any], positions: Positions, reporter: Reporter) -> None:
        self.data, self.positions, self.reporter = data, positions, reporter
        self.units = self._ids("units", "kind_unit")
        self.tasks = self._ids("tasks", "kind_task")
        self.targets = self._ids("targets", "kind_target")
        self._ids("sections", "kind_section")

    def check(self) -> None:
        self._clashes()
        self._unit_refs()
        for index, task in _entries(self.data, "tasks"):
            self._task(index, task)
        for index, target in _entries(self.data, "targets"):
            self._lead_not_coordinator(("targets", index), target)
            self._status(("targets", index), target, "kind_target")
        self._cycles()
        self._escalation()
        self._repeats()
        self._days_both_off_and_worked()
        self._unit_emails()
        self._external_roles()

    def _ids(self, key: str, kind: str) -> list[str] | None:
        """The ids of one kind (None if its section is missing or not a list: references to
        it are then not checked, its absence says enough); two ids that replies could not
        tell apart are reported."""
        if not isinstance(self.data.get(key, []), list) or (key == "units" and key not in self.data):
            return None
        seen: dict[str, Path] = {}
        for index, item in _entries(self.data, key):
            raw = item.get("id")
            if raw is None or not _hashable(raw):
                continue
            path: Path = (key, index, "id")
            folded = fold(str(raw))
            if folded in seen:
                line, other = self.positions.of_value(seen[folded]).line, self._value(seen[folded])
                why = "duplicate_id" if str(other) == str(raw) else "id_alike"
                self.reporter.add(
                    self.positions.of_value(path), why, kind=self.reporter.msg(kind), id=raw, other=other, line=line
                )
            else:
                seen[folded] = path
            if key == "tasks" and folded in RESERVED_IDS:
                self.reporter.add(self.positions.of_value(path), "reserved_id", id=raw)
        return [str(self._value(path)) for path in seen.values()]

    def _clashes(self) -> None:
        tasks = {fold(t) for t in self.tasks or []}
        for index, target in _entries(self.data, "targets"):
            ident = target.get("id")
            if _hashable(ident) and fold(str(ident)) in tasks:
                self.reporter.add(self.positions.of_value(("targets", index, "id")), "id_clash", id=ident)

    def _unit_refs(self) -> None:
        refs: list[Path] = [("committee", "secretariat"), ("reporting", "to"), ("reporting", "from")]
        for key in ("tasks", "targets"):
            for index, _ in _entries(self.data, key):
                refs += [(key, index, "lead"), (key, index, "coordinators")]
        for path in refs:
            self._refs(path, self.units, "unknown_unit")

    def _value(self, path: Path) -> Any:
        node: Any = self.data
        for part in path:
            if isinstance(node, dict):
                node = node.get(part)
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = node[part]
            else:
                return None
        return node

    def _refs(self, path: Path, known: list[str] | None, key: str) -> None:
        if known is None:
            return
        for index, ref in _ref_list(self._value(path)):
            if ref is None or not _hashable(ref) or str(ref) in known:
                continue
            where = path if index is None else (*path, index)
            hint = self._hint(str(ref), known)
            self.reporter.add(self.positions.of_value(where), key, hint, ref=ref)

    def _hint(self, ref: str, known: list[str]) -> str:
        if not known:
            return self.reporter.msg("no_known")
        return self.reporter.msg("closest", ids=", ".join(_closest(ref, known)))

    def _task(self, index: int, task: dict[str, Any]) -> None:
        path: Path = ("tasks", index)
        self._refs((*path, "targets"), self.targets, "unknown_target")
        self._refs((*path, "depends_on"), self.tasks, "unknown_task")
        self._lead_not_coordinator(path, task)
        kinds = [k for k in ("due", "repeat", "ongoing") if task.get(k) not in (None, False)]
        ident = task.get("id", index + 1)
        if not kinds:
            self.reporter.add(self.positions.of_key(path), "task_kind_none", id=ident)
        elif len(kinds) > 1:
            keys = ", ".join(f"`{k}`" for k in kinds)
            self.reporter.add(self.positions.of_key((*path, kinds[1])), "task_kind_many", id=ident, keys=keys)
        self._window(path, task, kinds)
        self._status(path, task, "kind_task")

    def _window(self, path: Path, task: dict[str, Any], kinds: list[str]) -> None:
        if kinds == ["due"]:
            for key in ("start", "end"):
                if key in task:
                    self.reporter.add(self.positions.of_key((*path, key)), "window_on_due", key=key)
        self._in_order(path, task, "start", "end", "window_order")

    def _in_order(self, path: Path, item: dict[str, Any], first: str, then: str, key: str) -> None:
        early, late = item.get(first), item.get(then)
        if isinstance(early, str) and isinstance(late, str) and _iso(late) < _iso(early):
            self.reporter.add(self.positions.of_value((*path, then)), key, start=early, end=late)

    def _status(self, path: Path, item: dict[str, Any], kind: str) -> None:
        status, ident = item.get("status", "active"), item.get("id", path[-1])
        if _hashable(status):
            status = STATUS_SYNONYMS.get(status, status)
        what = self.reporter.msg(kind)
        if status in STOPPED and not str(item.get("status_reason") or "").strip():
            self.reporter.add(self.positions.of_value((*path, "status")), "status_reason_missing", kind=what, id=ident)
        if status == "paused" and item.get("paused_until") is None:
            self.reporter.add(self.positions.of_value((*path, "status")), "paused_until_missing", kind=what, id=ident)
        for key, allowed in (("status_reason", STOPPED), ("paused_until", ("paused",))):
            if key in item and status in ("active", *STOPPED) and status not in allowed:  # a wrong status says itself
                self.reporter.add(self.positions.of_key((*path, key)), f"{key}_unused", status=status)
        if status == "paused":
            self._in_order(path, item, "status_since", "paused_until", "pause_order")

    def _lead_not_coordinator(self, path: Path, item: dict[str, Any]) -> None:
        coordinators, lead = item.get("coordinators"), item.get("lead")
        if isinstance(coordinators, list) and _hashable(lead) and lead in coordinators:
            where = (*path, "coordinators", coordinators.index(lead))
            self.reporter.add(self.positions.of_value(where), "lead_is_coordinator", unit=lead)

    def _cycles(self) -> None:
        graph: dict[str, list[tuple[str, Path]]] = {}
        for index, task in _entries(self.data, "tasks"):
            deps = task.get("depends_on")
            if isinstance(deps, list):
                here: Path = ("tasks", index, "depends_on")
                graph[str(task.get("id"))] = [(str(d), (*here, i)) for i, d in enumerate(deps)]
        for cycle, where in _find_cycles(graph):
            self.reporter.add(self.positions.of_value(where), "dependency_cycle", cycle=" → ".join(cycle))

    def _escalation(self) -> None:
        previous: int | None = None
        for index, step in _entries(self.data, "escalation"):
            after = step.get("after")
            if not isinstance(after, int):
                continue
            if previous is not None and after <= previous:
                self.reporter.add(
                    self.positions.of_value(("escalation", index, "after")),
                    "escalation_order",
                    after=after,
                    previous=previous,
                )
            previous = after

    def _repeats(self) -> None:
        for pattern, kind, field in _LISTS:
            for path in self._paths(tuple(pattern.split("."))):
                self._listed_once(path, kind, field)

    def _paths(self, pattern: tuple[str, ...], at: Path = ()) -> Iterator[Path]:
        """The paths of the data matching a pattern (``*`` is every item of a list)."""
        if not pattern:
            yield at
            return
        node, head = self._value(at), pattern[0]
        if head == "*":
            for index in range(len(node) if isinstance(node, list) else 0):
                yield from self._paths(pattern[1:], (*at, index))
        elif isinstance(node, dict) and head in node:
            yield from self._paths(pattern[1:], (*at, head))

    def _listed_once(self, path: Path, kind: str, field: str | None) -> None:
        items = self._value(path)
        if not isinstance(items, list):
            return
        first: dict[Any, Path] = {}
        for index, entry in enumerate(items):
            item, where = entry, (*path, index)
            if field is not None:
                item, where = (entry.get(field) if isinstance(entry, dict) else None), (*where, field)
            if not _hashable(item) or item is None:
                continue
            same = _same(kind, item)
            if same in first:
                line = self.positions.of_value(first[same]).line
                self.reporter.add(self.positions.of_value(where), "listed_twice", item=item, line=line)
            else:
                first[same] = where

    def _days_both_off_and_worked(self) -> None:
        calendar = self.data.get("calendar")
        if not isinstance(calendar, dict):
            return
        off = {_iso(day) for _, day in _ref_list(calendar.get("extra_days_off")) if _hashable(day)}
        for path in self._paths(("calendar", "extra_workdays", "*")):
            day = self._value(path)
            if _hashable(day) and _iso(day) and _iso(day) in off:
                self.reporter.add(self.positions.of_value(path), "day_off_and_worked", day=day)

    def _unit_emails(self) -> None:
        """Every unit dondoc writes to needs an address; an external unit may have none."""
        for index, unit in _entries(self.data, "units"):
            if unit.get("external") is True:
                continue
            if "email" not in unit:
                self.reporter.add(self.positions.of_key(("units", index)), "missing", key="email")
            elif unit["email"] == []:
                self.reporter.add(self.positions.of_value(("units", index, "email")), "too_short")

    def _external_roles(self) -> None:
        """An external unit is never written to: it cannot hold a role that receives or owes mail."""
        external = {str(u.get("id")) for _, u in _entries(self.data, "units") if u.get("external") is True}
        if not external:
            return
        roles: list[tuple[Path, str, dict[str, Any]]] = [
            (("committee", "secretariat"), "external_secretariat", {}),
            (("reporting", "to"), "external_report_to", {}),
            (("reporting", "from"), "external_reporting", {}),
        ]
        for items, kind in (("tasks", "kind_task"), ("targets", "kind_target")):
            for index, item in _entries(self.data, items):
                args = {"kind": self.reporter.msg(kind), "id": item.get("id", index + 1)}
                roles.append(((items, index, "lead"), "external_lead", args))
        for path, key, args in roles:
            for position, ref in _ref_list(self._value(path)):
                if str(ref) in external:
                    where = path if position is None else (*path, position)
                    self.reporter.add(self.positions.of_value(where), key, unit=ref, **args)


def _find_cycles(graph: dict[str, list[tuple[str, Path]]]) -> list[tuple[list[str], Path]]:
    """Each dependency cycle once, with the edge that closes it (depth-first search, without
    recursion: a chain of thousands of tasks is a valid plan)."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    found: list[tuple[list[str], Path]] = []
    for root in graph:
        if root in state:
            continue
        state[root], path, edges = 1, [root], [iter(graph[root])]
        while edges:
            step = next(edges[-1], None)
            if step is None:
                state[path.pop()] = 2
                edges.pop()
                continue
            target, where = step
            if state.get(target) == 1:
                found.append(([*path[path.index(target) :], target], where))
            elif target in graph and target not in state:
                state[target] = 1
                path.append(target)
                edges.append(iter(graph[target]))
    return found
