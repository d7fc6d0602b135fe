"""Turn a plan file into a ``Plan``, or into every problem it has, each at its line:col.

Problems come from three layers, all reported in one run: reading (a regular file of at
most ``yamldoc.MAX_BYTES``, its encoding, YAML syntax and limits, tabs, tags, duplicate
keys), the model (types, bounds, unknown keys with a did-you-mean, unquoted values YAML
reads otherwise than typed), and the rules that relate parts of the plan (``plan_rules``).
"""

from __future__ import annotations

import difflib
import errno
import hashlib
import math
import os
import re
import stat
import types
from dataclasses import dataclass
from datetime import date
from enum import Enum
from functools import lru_cache
from pathlib import Path as FsPath
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from . import plan_rules, yamldoc
from .errors import PlanInvalid, Problem
from .messages import DEFAULT_LANGUAGE, LANGUAGES, catalog, message
from .plan import BODY_WORDS, FORMAT_VERSION, MAX_VALUE, STATUS_WORDS, STOP_KEYS, AsTyped, Plan, Stoppable
from .plan_rules import Reporter
from .replies import fold
from .yamldoc import Document, Mark, Path

# pydantic error types -> catalog keys (custom errors already use catalog keys)
_PYDANTIC_KEYS = {
    "string_type": "expected_string",
    "int_type": "expected_int",
    "int_parsing": "expected_int",
    "int_from_float": "expected_int",
    "float_type": "expected_number",
    "float_parsing": "expected_number",
    "finite_number": "not_finite",
    "bool_type": "expected_bool",
    "bool_parsing": "expected_bool",
    "list_type": "expected_list",
    "dict_type": "expected_mapping",
    "model_type": "expected_mapping",
    "model_attributes_type": "expected_mapping",
    "literal_error": "not_one_of",
    "too_short": "too_short",
    "too_long": "too_many",
    "string_too_long": "too_long",
    "greater_than_equal": "too_small",
    "greater_than": "too_small",
    "less_than_equal": "too_large",
}
_PLAIN_NUMBER = re.compile(r"[-+]?(0|[1-9][0-9]*)(\.[0-9]*)?([eE][-+]?[0-9]+)?|[-+]?\.[0-9]+([eE][-+]?[0-9]+)?")
_DATE_LIKE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?")
_ENGLISH = re.compile(rb"(?m)^[ ]+language:[ ]*[\"']?en[\"']?[ ]*(#.*)?\r?$")


@dataclass(frozen=True)
class PlanSource:
    """A valid plan with the exact text it was read from."""

    plan: Plan
    text: str
    sha256: str
    path: str


class _NotAFile(OSError):
    """A directory, a device, a pipe or a socket where a plan file was named."""


def read_plan(path: str | FsPath) -> PlanSource:
    """Read and validate one plan file; raise ``PlanInvalid`` listing every problem."""
    name = str(path)
    try:
        raw = _read_file(FsPath(path))
    except OSError as exc:
        raise PlanInvalid([Problem(name, 1, 1, _unreadable(exc))]) from None
    return parse_plan(raw, name)


def _read_file(path: FsPath) -> bytes:
    """At most one byte more than a plan may have, from a regular file only: opening never
    waits for a pipe's writer, and a device is never read."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _NotAFile(errno.EINVAL, "not a regular file")
        with os.fdopen(os.dup(fd), "rb") as file:
            return file.read(yamldoc.MAX_BYTES + 1)
    finally:
        os.close(fd)


def _unreadable(exc: OSError) -> str:
    lang = DEFAULT_LANGUAGE
    if isinstance(exc, _NotAFile):
        return message(lang, "file_not_regular")
    if exc.errno == errno.ENOENT:
        return message(lang, "file_missing")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return message(lang, "file_denied")
    return message(lang, "file_unreadable", reason=exc.strerror or type(exc).__name__)


def parse_plan(raw: bytes, name: str) -> PlanSource:
    """Validate the bytes of a plan file named ``name``."""
    text, decode_issue = yamldoc.decode(raw)
    if text is None:
        assert decode_issue is not None
        reporter = Reporter(name, _language_of(None, raw))
        reporter.add(decode_issue.mark, decode_issue.key, **decode_issue.args)
        raise PlanInvalid(reporter.problems())
    document = yamldoc.read(text)
    reporter = Reporter(name, _language_of(document.data, raw))
    for issue in document.issues:
        args = dict(issue.args)
        if issue.key == "yaml_syntax":  # libyaml's words, said plainly where the catalog can
            args["problem"] = catalog(reporter.lang).get(f"yaml: {args['problem']}", args["problem"])
        reporter.add(issue.mark, issue.key, **args)
    plan = _check_document(document, reporter)
    problems = reporter.problems()
    if problems or plan is None:
        raise PlanInvalid(problems)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return PlanSource(plan, text, digest, name)


def _language_of(data: Any, raw: bytes) -> str:
    """The plan's language; when the file could not be read, a guess from its text."""
    if data is None:
        return "en" if _ENGLISH.search(raw[: yamldoc.MAX_BYTES]) else DEFAULT_LANGUAGE
    meta = data.get("plan") if isinstance(data, dict) else None
    lang = meta.get("language") if isinstance(meta, dict) else None
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def _check_document(document: Document, reporter: Reporter) -> Plan | None:
    data, positions = document.data, document.positions
    if data is None and document.issues:  # unreadable: the reading problems say why
        return None
    if not isinstance(data, dict):  # a bare value or a list
        reporter.add(positions.of_value(()), "not_mapping")
        return None
    if not _version_ok(data, positions, reporter):
        return None
    _as_typed(document, reporter)
    plan = _check_model(data, positions, reporter)
    plan_rules.check(data, positions, reporter)
    _placeholders(data, (), positions, reporter)
    return plan


# A value `dondoc draft` could not know ("<<điền: email của Phòng Văn hóa - Xã hội>>"): reported
# as what to fill in, not as a malformed value.
PLACEHOLDER = re.compile(r"^<<\s*(?P<what>.*?)\s*>>$", re.S)


def _placeholders(node: Any, path: Path, positions: yamldoc.Positions, reporter: Reporter) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _placeholders(value, (*path, key), positions, reporter)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _placeholders(value, (*path, index), positions, reporter)
    elif isinstance(node, str) and (found := PLACEHOLDER.match(node.strip())):
        reporter.add(positions.of_value(path), "placeholder", what=found.group("what"))


def _version_ok(data: dict[str, Any], positions: yamldoc.Positions, reporter: Reporter) -> bool:
    if "dondoc" not in data:
        reporter.add(Mark(1, 1), "version_missing")
        return False
    if data["dondoc"] not in (FORMAT_VERSION, str(FORMAT_VERSION)) or isinstance(data["dondoc"], bool):
        reporter.add(positions.of_value(("dondoc",)), "version_unsupported", version=_short(data["dondoc"]))
        return False
    return True


# --- what each key expects -------------------------------------------------------------


class _Expect(Enum):
    TEXT = "text"  # ids, codes, names: an unquoted number is kept only if it reads back as typed
    AS_TYPED = "as typed"  # dates, times, one of a few words: validated from the text typed
    NUMBER = "number"  # written in plain decimal digits
    OTHER = "other"


def _unwrapped(annotation: Any) -> tuple[Any, tuple[Any, ...]]:
    """A type without Annotated[...] and Optional[...] around it, and the metadata they held."""
    metadata: tuple[Any, ...] = ()
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *extra = get_args(annotation)
            metadata += tuple(extra)
        elif origin in (Union, types.UnionType):
            annotation = next(a for a in get_args(annotation) if a is not type(None))
        else:
            return annotation, metadata


def _leaf(loc: Path) -> tuple[Any, tuple[Any, ...]]:
    """The type the model expects at ``loc`` (through models, lists and dicts) and its
    metadata; None if the model has no such place."""
    annotation: Any = Plan
    metadata: tuple[Any, ...] = ()
    for part in loc:
        annotation, _ = _unwrapped(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            entry = _keys(annotation).get(str(part))
            if entry is None:
                return None, ()
            field = entry[1]
            annotation, metadata = field.annotation, tuple(field.metadata)
        elif get_origin(annotation) in (list, dict):
            annotation, metadata = get_args(annotation)[-1], ()
        else:
            return None, ()
    base, more = _unwrapped(annotation)
    return base, metadata + more


def _expects(loc: Path) -> _Expect:
    return _expects_at(tuple(0 if isinstance(part, int) else part for part in loc))


@lru_cache(maxsize=1024)  # by the shape of the path: every task's id expects the same
def _expects_at(loc: Path) -> _Expect:
    annotation, metadata = _leaf(loc)
    if get_origin(annotation) is list:  # a bare value where a list may be written as one item
        annotation, metadata = _unwrapped(get_args(annotation)[0])
    if any(isinstance(m, AsTyped) for m in metadata) or annotation is date or get_origin(annotation) is Literal:
        return _Expect.AS_TYPED
    if annotation is str:
        return _Expect.TEXT
    return _Expect.NUMBER if annotation in (int, float) else _Expect.OTHER


def _at(data: Any, path: Path) -> tuple[Any, str | int]:
    """The container holding the value at ``path``, and its key there."""
    for part in path[:-1]:
        data = data[part]
    return data, path[-1]


def _as_typed(document: Document, reporter: Reporter) -> None:
    """Where YAML reads an unquoted value otherwise than typed (``1.10`` as 1.1, ``yes`` as
    true, ``010`` as 8), keep what the person typed, or say how to write it."""
    for path, typed in document.unquoted.items():
        holder, key = _at(document.data, path)
        value, expects = holder[key], _expects(path)
        mark = document.positions.of_value(path)
        if expects is _Expect.TEXT:
            if isinstance(value, bool) or not isinstance(value, int | float) or str(value) != typed:
                reporter.add_unless_other(mark, "unquoted", text=typed, reading=_reading(value, reporter))
            holder[key] = typed
        elif expects is _Expect.AS_TYPED or (expects is _Expect.NUMBER and isinstance(value, bool)):
            holder[key] = typed
        elif expects is _Expect.NUMBER and _changed_number(value, typed):
            reporter.add(mark, "not_plain_number", text=typed, value=value)


def _changed_number(value: Any, typed: str) -> bool:
    """A number YAML read from other than plain decimal digits (``010``, ``0x1F``, ``1:30``);
    ``.inf`` and ``.nan`` are left to the model, which refuses them as not finite."""
    if isinstance(value, float) and not math.isfinite(value):
        return False
    return isinstance(value, int | float) and not _PLAIN_NUMBER.fullmatch(typed)


def _reading(value: Any, reporter: Reporter) -> str:
    if isinstance(value, bool):
        return reporter.msg("reading_bool", value=str(value).lower())
    if isinstance(value, int | float):
        return reporter.msg("reading_number", value=value)
    if _DATE_LIKE.fullmatch(str(value)):
        return reporter.msg("reading_date")
    return reporter.msg("reading_number_12")


# --- the model layer -------------------------------------------------------------------


def _check_model(data: dict[str, Any], positions: yamldoc.Positions, reporter: Reporter) -> Plan | None:
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            _report_pydantic(error, positions, reporter)
        return None


def _report_pydantic(error: Any, positions: yamldoc.Positions, reporter: Reporter) -> None:
    loc: Path = tuple(error["loc"])
    kind, value = error["type"], error.get("input")
    if isinstance(value, str) and PLACEHOLDER.match(value.strip()):
        return  # said once, as a placeholder to fill in
    if loc and loc[-1] == "[key]":  # a bad mapping key, e.g. a milestone year
        reporter.add(positions.of_key(loc[:-1]), "bad_year", value=loc[-2])
    elif kind == "missing":
        reporter.add(positions.of_key(loc[:-1]), "missing", key=loc[-1])
    elif kind == "extra_forbidden":
        reporter.add(positions.of_key(loc), "unknown_key", _key_hint(loc, reporter), key=loc[-1])
    elif value is None:
        reporter.add(positions.of_value(loc), "empty_value")
    else:
        _report_value_error(error, kind, value, positions.of_value(loc), reporter)


def _report_value_error(error: Any, kind: str, value: Any, mark: Mark, reporter: Reporter) -> None:
    ctx = error.get("ctx") or {}
    if kind.startswith("float") and isinstance(value, int) and not isinstance(value, bool):
        reporter.add(mark, "too_large", limit=f"{MAX_VALUE:g}")  # a whole number past any float
    elif kind in _PYDANTIC_KEYS:
        limit = ctx.get("ge", ctx.get("gt", ctx.get("le", ctx.get("max_length"))))
        allowed = [a.strip(" '") for a in re.split(r",| or ", str(ctx.get("expected", ""))) if a.strip(" '")]
        hint = _value_hint(value, allowed, reporter) if kind == "literal_error" else ""
        args = {"limit": limit, "allowed": ", ".join(allowed), "got": _got(value, reporter)}
        reporter.add(mark, _PYDANTIC_KEYS[kind], hint, value=_short(value), **args)
    elif kind == "value_error" or kind not in catalog(DEFAULT_LANGUAGE):
        reporter.add(mark, "invalid_value", detail=error.get("msg", kind))
    else:
        reporter.add(mark, kind, **{"value": _short(value), **ctx})


def _short(value: Any) -> str:
    """A value as the person wrote it, cut short."""
    text = value if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _got(value: Any, reporter: Reporter) -> str:
    """What was written instead: the value in backquotes, or "a list", "a mapping"."""
    if isinstance(value, dict | list):
        return reporter.msg("shown_mapping" if isinstance(value, dict) else "shown_list")
    return f"`{_short(value)}`"


def _value_hint(value: Any, allowed: list[str], reporter: Reporter) -> str:
    close = difflib.get_close_matches(str(value).lower(), allowed, n=1, cutoff=0.6)
    word = STATUS_WORDS.get(fold(str(value))) or BODY_WORDS.get(fold(str(value)))
    if word in allowed:
        close = [word]
    return reporter.msg("did_you_mean", suggestion=close[0]) if close else ""


def _key_hint(loc: Path, reporter: Reporter) -> str:
    allowed = _fields_at(loc[:-1])
    if not allowed:
        return ""
    parent, _ = _leaf(loc[:-1])
    if str(loc[-1]).lower() in STOP_KEYS and issubclass(parent, Stoppable):
        return reporter.msg("stop_hint")
    close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
    if close:
        return reporter.msg("did_you_mean", suggestion=close[0])
    return reporter.msg("allowed_keys", allowed=", ".join(allowed))


def _fields_at(loc: Path) -> list[str]:
    """The keys the model accepts at ``loc`` (a path through models, lists and dicts)."""
    annotation, _ = _leaf(loc)
    if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
        return []
    keys = _keys(annotation)
    own = [key for key, (name, _) in keys.items() if name in annotation.__annotations__]
    return own + [key for key in keys if key not in own]  # inherited keys last


def _keys(model: type[BaseModel]) -> dict[str, tuple[str, Any]]:
    """A model's fields by the key a plan writes (`from` for the field `from_`): (field name, field)."""
    return {field.alias or name: (name, field) for name, field in model.model_fields.items()}
