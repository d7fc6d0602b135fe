"""Turn a plan file into a ``Plan``, or into every problem it has, each at its line:col.

Problems come from three layers, all reported in one run: reading (encoding, YAML syntax,
tabs, duplicate keys), the model (types, unknown keys with a did-you-mean), and the rules
that relate parts of the plan (references, unique ids, one deadline kind, cycles).
"""

from __future__ import annotations

import difflib
import hashlib
import re
import types
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from . import yamldoc
from .errors import PlanInvalid, Problem
from .messages import DEFAULT_LANGUAGE, LANGUAGES, message
from .plan import FORMAT_VERSION, Plan
from .yamldoc import Document, Mark, Path

# pydantic error types -> catalog keys (custom errors already use catalog keys)
_PYDANTIC_KEYS = {
    "string_type": "expected_string",
    "int_type": "expected_int",
    "int_parsing": "expected_int",
    "int_from_float": "expected_int",
    "float_type": "expected_number",
    "float_parsing": "expected_number",
    "bool_type": "expected_bool",
    "bool_parsing": "expected_bool",
    "list_type": "expected_list",
    "dict_type": "expected_mapping",
    "model_type": "expected_mapping",
    "model_attributes_type": "expected_mapping",
    "literal_error": "not_one_of",
    "too_short": "too_short",
    "greater_than_equal": "too_small",
    "greater_than": "too_small",
    "less_than_equal": "too_large",
}


@dataclass(frozen=True)
class PlanSource:
    """A valid plan with the exact text it was read from."""

    plan: Plan
    text: str
    sha256: str
    path: str


@dataclass(frozen=True)
class _Issue:
    mark: Mark
    key: str
    args: dict[str, Any]


class _Reporter:
    """Collects problems for one file, in the plan's language."""

    def __init__(self, path: str, lang: str) -> None:
        self.path, self.lang = path, lang
        self.issues: list[_Issue] = []

    def add(self, mark: Mark, key: str, suffix: str = "", /, **args: Any) -> None:
        self.issues.append(_Issue(mark, key, {**args, "_suffix": suffix}))

    def problems(self) -> list[Problem]:
        ordered = sorted(self.issues, key=lambda i: (i.mark.line, i.mark.col))
        return [self._problem(issue) for issue in ordered]

    def _problem(self, issue: _Issue) -> Problem:
        args = dict(issue.args)
        suffix = args.pop("_suffix")
        text = message(self.lang, issue.key, **args) + suffix
        # One line per problem, whatever the file quoted back holds (block scalars, tabs).
        return Problem(self.path, issue.mark.line, issue.mark.col, " ".join(text.split()))

    def msg(self, key: str, /, **args: Any) -> str:
        return message(self.lang, key, **args)


def read_plan(path: str | FsPath) -> PlanSource:
    """Read and validate one plan file; raise ``PlanInvalid`` listing every problem."""
    name = str(path)
    try:
        raw = FsPath(path).read_bytes()
    except OSError as exc:
        problem = Problem(name, 1, 1, message(DEFAULT_LANGUAGE, "file_unreadable", reason=exc.strerror))
        raise PlanInvalid([problem]) from None
    return parse_plan(raw, name)


def parse_plan(raw: bytes, name: str) -> PlanSource:
    """Validate the bytes of a plan file named ``name``."""
    text, decode_issue = yamldoc.decode(raw)
    if text is None:
        assert decode_issue is not None
        reporter = _Reporter(name, DEFAULT_LANGUAGE)
        reporter.add(decode_issue.mark, decode_issue.key, **decode_issue.args)
        raise PlanInvalid(reporter.problems())
    document = yamldoc.read(text)
    reporter = _Reporter(name, _language_of(document.data))
    for issue in document.issues:
        reporter.add(issue.mark, issue.key, **issue.args)
    plan = _check_document(document, reporter)
    problems = reporter.problems()
    if problems or plan is None:
        raise PlanInvalid(problems)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return PlanSource(plan, text, digest, name)


def _language_of(data: Any) -> str:
    meta = data.get("plan") if isinstance(data, dict) else None
    lang = meta.get("language") if isinstance(meta, dict) else None
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def _check_document(document: Document, reporter: _Reporter) -> Plan | None:
    data, positions = document.data, document.positions
    if data is None and document.issues:  # unreadable: the reading problems say why
        return None
    if not isinstance(data, dict):  # a bare value, a list, or a lone `~`
        reporter.add(positions.of_value(()), "not_mapping")
        return None
    if not _version_ok(data, positions, reporter):
        return None
    plan = _check_model(data, positions, reporter)
    _Rules(data, positions, reporter).check()
    _placeholders(data, (), positions, reporter)
    return plan


# A value `dondoc draft` could not know ("<<điền: email của Phòng Văn hóa - Xã hội>>"): reported
# as what to fill in, not as a malformed value.
PLACEHOLDER = re.compile(r"^<<\s*(?P<what>.*?)\s*>>$", re.S)


def _placeholders(node: Any, path: Path, positions: yamldoc.Positions, reporter: _Reporter) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _placeholders(value, (*path, key), positions, reporter)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _placeholders(value, (*path, index), positions, reporter)
    elif isinstance(node, str) and (found := PLACEHOLDER.match(node.strip())):
        reporter.add(positions.of_value(path), "placeholder", what=found.group("what"))


def _version_ok(data: dict[str, Any], positions: yamldoc.Positions, reporter: _Reporter) -> bool:
    if "dondoc" not in data:
        reporter.add(Mark(1, 1), "version_missing")
        return False
    if data["dondoc"] != FORMAT_VERSION or isinstance(data["dondoc"], bool):
        reporter.add(positions.of_value(("dondoc",)), "version_unsupported", version=data["dondoc"])
        return False
    return True


# --- the model layer -------------------------------------------------------------------


def _check_model(data: dict[str, Any], positions: yamldoc.Positions, reporter: _Reporter) -> Plan | None:
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            _report_pydantic(error, positions, reporter)
        return None


def _report_pydantic(error: Any, positions: yamldoc.Positions, reporter: _Reporter) -> None:
    loc: Path = tuple(error["loc"])
    kind, value = error["type"], error.get("input")
    if isinstance(value, str) and PLACEHOLDER.match(value.strip()):
        return  # said once, as a placeholder to fill in
    if loc and loc[-1] == "[key]":  # a bad mapping key, e.g. a milestone year
        loc = loc[:-1]
        kind, value = "bad_year", loc[-1]
        reporter.add(positions.of_key(loc), kind, value=value)
        return
    if kind == "missing":
        reporter.add(positions.of_key(loc[:-1]), "missing", key=loc[-1])
    elif kind == "extra_forbidden":
        reporter.add(positions.of_key(loc), "unknown_key", _key_hint(loc, reporter), key=loc[-1])
    else:
        _report_value_error(error, kind, value, positions.of_value(loc), reporter)


def _report_value_error(error: Any, kind: str, value: Any, mark: Mark, reporter: _Reporter) -> None:
    ctx = error.get("ctx") or {}
    if kind in _PYDANTIC_KEYS:
        key = _PYDANTIC_KEYS[kind]
        limit = ctx.get("ge", ctx.get("gt", ctx.get("le")))
        allowed = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        reporter.add(mark, key, value=_short(value), limit=limit, allowed=allowed)
    elif kind == "value_error" or kind not in _known_keys():
        reporter.add(mark, "invalid_value", detail=error.get("msg", kind))
    else:
        reporter.add(mark, kind, **{"value": _short(value), **ctx})


def _known_keys() -> set[str]:
    from .messages import catalog

    return set(catalog(DEFAULT_LANGUAGE))


def _short(value: Any) -> str:
    text = (
        value if isinstance(value, str) else repr(value) if not isinstance(value, dict | list) else type(value).__name__
    )
    return text if len(text) <= 60 else text[:57] + "..."


def _key_hint(loc: Path, reporter: _Reporter) -> str:
    allowed = _fields_at(Plan, loc[:-1])
    if not allowed:
        return ""
    close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
    if close:
        return reporter.msg("did_you_mean", suggestion=close[0])
    return reporter.msg("allowed_keys", allowed=", ".join(allowed))


def _fields_at(model: type[BaseModel], loc: Path) -> list[str]:
    """The keys the model accepts at ``loc`` (a path through models, lists and dicts)."""
    annotation: Any = model
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = _keys(annotation).get(str(part))
            if field is None:
                return []
            annotation = field.annotation
        elif get_origin(annotation) in (list, dict):
            annotation = get_args(annotation)[-1]
        else:
            return []
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(_keys(annotation))
    return []


def _keys(model: type[BaseModel]) -> dict[str, Any]:
    """A model's fields by the key a plan writes (`from` for the field `from_`)."""
    return {field.alias or name: field for name, field in model.model_fields.items()}


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated[...] and Optional[...] around a type."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            annotation = args[0]
        else:
            return annotation


# --- the rules layer -------------------------------------------------------------------


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


class _Rules:
    """Checks that relate several parts of a plan; tolerant of a malformed shape."""

    def __init__(self, data: dict[str, Any], positions: yamldoc.Positions, reporter: _Reporter) -> None:
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
        self._cycles()
        self._escalation()
        self._unit_emails()
        self._external_roles()

    def _ids(self, key: str, kind: str) -> list[str]:
        seen: dict[str, Path] = {}
        for index, item in _entries(self.data, key):
            raw = item.get("id")
            if raw is None:
                continue
            ident = str(raw)
            path: Path = (key, index, "id")
            if ident in seen:
                first = self.positions.of_value(seen[ident])
                kind_text = self.reporter.msg(kind)
                self.reporter.add(
                    self.positions.of_value(path), "duplicate_id", kind=kind_text, id=ident, line=first.line
                )
            else:
                seen[ident] = path
        return list(seen)

    def _clashes(self) -> None:
        for index, target in _entries(self.data, "targets"):
            if str(target.get("id")) in self.tasks:
                self.reporter.add(self.positions.of_value(("targets", index, "id")), "id_clash", id=target["id"])

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

    def _refs(self, path: Path, known: list[str], key: str) -> None:
        for index, ref in _ref_list(self._value(path)):
            if ref is None or str(ref) in known:
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

    def _window(self, path: Path, task: dict[str, Any], kinds: list[str]) -> None:
        if kinds == ["due"]:
            for key in ("start", "end"):
                if key in task:
                    self.reporter.add(self.positions.of_key((*path, key)), "window_on_due", key=key)
        start, end = task.get("start"), task.get("end")
        if isinstance(start, str) and isinstance(end, str) and _iso(end) < _iso(start):
            self.reporter.add(self.positions.of_value((*path, "end")), "window_order", start=start, end=end)

    def _lead_not_coordinator(self, path: Path, item: dict[str, Any]) -> None:
        coordinators = item.get("coordinators")
        if isinstance(coordinators, list) and item.get("lead") in coordinators:
            where = (*path, "coordinators", coordinators.index(item["lead"]))
            self.reporter.add(self.positions.of_value(where), "lead_is_coordinator", unit=item["lead"])

    def _cycles(self) -> None:
        graph: dict[str, list[tuple[str, Path]]] = {}
        for index, task in _entries(self.data, "tasks"):
            deps = task.get("depends_on")
            if isinstance(deps, list):
                here: Path = ("tasks", index, "depends_on")
                graph[str(task.get("id"))] = [(str(d), (*here, i)) for i, d in enumerate(deps)]
        for cycle, where in _find_cycles(graph):
            self.reporter.add(self.positions.of_value(where), "dependency_cycle", cycle=" → ".join(cycle))

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


def _iso(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.split("-"))
    except ValueError:
        return ()


def _find_cycles(graph: dict[str, list[tuple[str, Path]]]) -> list[tuple[list[str], Path]]:
    """Each dependency cycle once, with the edge that closes it (depth-first search)."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    stack: list[str] = []
    found: list[tuple[list[str], Path]] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target, where in graph.get(node, []):
            if state.get(target) == 1:
                found.append(([*stack[stack.index(target) :], target], where))
            elif target in graph and target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node)
    return found
