"""Read a YAML document into plain values while remembering where every node was.

PyYAML's constructors lose positions, accept duplicate keys silently, expand aliases
without bound and build any object a tag names. This reader builds plain values itself
from libyaml's event stream, so that every later check can point at ``line:col`` of the
exact key or value it is about, and so that hostile input stops early:

- the bytes: at most ``MAX_BYTES``; UTF-8 (a BOM is fine), no NUL byte, no UTF-16;
- the nesting: at most ``MAX_DEPTH`` levels of lists and mappings;
- aliases: allowed, but the document with every alias expanded holds at most
  ``MAX_VALUES`` values (a "billion laughs" stops at its first alias over the budget);
  an alias is shared, never copied, and points at itself for messages;
- one document per file; no tags (``!!python/object``, ``!custom``, even ``!!str``);
  no merge keys (``<<``); no duplicate keys; keys are plain scalars.

Scalars are resolved by YAML 1.1 (PyYAML's rules), except dates, which stay text so
that the plan model validates them at their own node. The source text of every
unquoted scalar that YAML reads as something other than text (``1.10`` -> 1.1,
``yes`` -> true, ``2026-01-01``), or that YAML 1.2 would (``1e3``, ``0o17``), is kept in
``Document.unquoted``: the plan validator decides, knowing what each key expects,
whether that reading is what the person typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

import yaml

Path = tuple[str | int, ...]

MAX_BYTES = 2 * 1024 * 1024  # a real plan is under 100 KiB; a province's, under 1 MiB
MAX_DEPTH = 32  # a plan nests 5 levels deep (tasks > task > coordinators > item)
MAX_VALUES = 250_000  # a plan of 5,000 tasks holds about 100,000

_CORE = "tag:yaml.org,2002:"
_TEXT_TAGS = {f"{_CORE}str", f"{_CORE}timestamp", f"{_CORE}merge", f"{_CORE}value"}
_MERGE = f"{_CORE}merge"
_YAML12_NOT_TEXT = re.compile(
    r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|true|True|TRUE|false|False|FALSE"
)
_DECIMAL = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")  # what libyaml counts as a new line
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
# libyaml's parser is ~10x faster and keeps the same marks; PyYAML may be built without it.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_IN_C = _LOADER is not yaml.SafeLoader


class Mark(NamedTuple):
    """A 1-based position in the source text (a tuple: made for every value read)."""

    line: int
    col: int


@dataclass
class Positions:
    """Where each value (and each mapping key) of the document starts."""

    values: dict[Path, Mark] = field(default_factory=dict)
    keys: dict[Path, Mark] = field(default_factory=dict)

    def of_value(self, path: Path) -> Mark:
        """The position of the value at ``path``, or of its nearest existing ancestor."""
        for end in range(len(path), -1, -1):
            mark = self.values.get(path[:end])
            if mark is not None:
                return mark
        return Mark(1, 1)

    def of_key(self, path: Path) -> Mark:
        """The position of the key naming ``path`` (its value's position if it has no key)."""
        return self.keys.get(path) or self.of_value(path)


@dataclass(frozen=True)
class SourceIssue:
    """A problem found while reading: a message key of the catalog and its arguments."""

    mark: Mark
    key: str
    args: dict[str, Any]


@dataclass
class Document:
    """A read document: its data (None if unreadable), positions and reading problems.

    ``unquoted`` holds the source text of unquoted scalars whose YAML reading is not
    text (or would not be under YAML 1.2), by path.
    """

    data: Any
    positions: Positions
    issues: list[SourceIssue]
    unquoted: dict[Path, str] = field(default_factory=dict)


class _Stop(Exception):
    """Reading cannot go on (a limit reached, a broken alias): this issue says why."""

    def __init__(self, issue: SourceIssue) -> None:
        super().__init__(issue.key)
        self.issue = issue


def _mark(event: yaml.Event) -> Mark:
    start = event.start_mark
    return Mark(start.line + 1, start.column + 1) if start else Mark(1, 1)


def _resolve(event: yaml.ScalarEvent) -> tuple[Any, str | None]:
    """A scalar's value and, for an untagged plain scalar, the tag YAML resolves it to."""
    if event.tag is not None or not event.implicit[0]:  # quoted, a block, or tagged (refused)
        return event.value, None
    return _plain(event.value)


@lru_cache(maxsize=4096)  # a plan repeats its unit ids, true, dates: resolve each text once
def _plain(text: str) -> tuple[Any, str | None]:
    tag: str = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    if tag in _TEXT_TAGS:
        return text, tag
    try:
        return _CONSTRUCTOR.construct_object(yaml.ScalarNode(tag, text)), tag
    except (ValueError, yaml.YAMLError):
        return text, None


def _typed(value: Any, tag: str | None, text: str) -> bool:
    """Whether YAML (1.1, or 1.2) reads this unquoted scalar as something other than text."""
    if tag is None or value is None:
        return False
    return tag != f"{_CORE}str" or bool(_YAML12_NOT_TEXT.fullmatch(text))


def _key(value: Any, text: str | None) -> str | int:
    """A mapping key: text, or a whole number written in plain digits (a milestone year)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and text is not None and _DECIMAL.fullmatch(text):
        return value
    return text if text is not None else str(value)


def _tag_name(tag: str) -> str:
    return "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag


_NO_KEY = object()


@dataclass
class _Open:
    """A sequence or mapping being built."""

    value: list[Any] | dict[Any, Any]
    path: Path
    mark: Mark
    anchor: str | None
    record: bool  # its positions are kept (False inside a refused key or value)
    size: int = 1
    key: Any = _NO_KEY  # a mapping's key waiting for its value
    keep: bool = True  # whether that key's value is kept
    lines: dict[str, int] = field(default_factory=dict)  # a mapping's keys (as text) -> line


class _Builder:
    def __init__(self) -> None:
        self.positions = Positions()
        self.issues: list[SourceIssue] = []
        self.unquoted: dict[Path, str] = {}
        self.stack: list[_Open] = []
        # anchor -> its value, how many values it holds, and the text typed if it is a typed scalar
        self.anchors: dict[str, tuple[Any, int, str | None]] = {}
        self.open_anchors: set[str] = set()
        self.values = 0
        self.documents = 0
        self.root: Any = _NO_KEY

    def run(self, events: Iterable[yaml.Event]) -> Any:
        for event in events:
            if isinstance(event, yaml.ScalarEvent):
                self._scalar(event)
            elif isinstance(event, yaml.AliasEvent):
                self._alias(event)
            elif isinstance(event, yaml.CollectionStartEvent):
                self._open(event)
            elif isinstance(event, yaml.CollectionEndEvent):
                self._close()
            elif isinstance(event, yaml.DocumentStartEvent):
                self.documents += 1
                if self.documents > 1:
                    raise _Stop(SourceIssue(_mark(event), "many_documents", {}))
        return None if self.root is _NO_KEY else self.root

    def _slot(self) -> tuple[Path, bool, bool]:
        """The path of the next node, whether its position is kept, and whether it is a key."""
        if not self.stack:
            return (), True, False
        top = self.stack[-1]
        if isinstance(top.value, list):
            return (*top.path, len(top.value)), top.record, False
        if top.key is _NO_KEY:
            return top.path, False, True
        return (*top.path, top.key), top.record and top.keep, False

    def _count(self, size: int, mark: Mark) -> None:
        self.values += size
        if self.values > MAX_VALUES:
            raise _Stop(SourceIssue(mark, "too_many_values", {"limit": MAX_VALUES}))

    def _refuse_tag(self, tag: str, mark: Mark) -> None:
        self.issues.append(SourceIssue(mark, "yaml_tag", {"tag": _tag_name(tag)}))

    def _scalar(self, event: yaml.ScalarEvent) -> None:
        mark = _mark(event)
        if event.tag is not None:
            self._refuse_tag(event.tag, mark)
        self._count(1, mark)
        path, record, is_key = self._slot()
        value, tag = _resolve(event)
        if is_key:
            value = _MERGE if tag == _MERGE else _key(value, event.value)
        typed = event.value if not is_key and _typed(value, tag, event.value) else None
        if record and not is_key:
            self.positions.values[path] = mark
            if typed is not None:
                self.unquoted[path] = typed
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1, typed)
        self._place(value, 1, mark)

    def _alias(self, event: yaml.AliasEvent) -> None:
        mark, name = _mark(event), event.anchor
        if name in self.open_anchors:
            raise _Stop(SourceIssue(mark, "alias_recursive", {"name": name}))
        if name not in self.anchors:
            raise _Stop(SourceIssue(mark, "alias_undefined", {"name": name}))
        value, size, typed = self.anchors[name]
        self._count(size, mark)
        path, record, is_key = self._slot()
        if record and not is_key:
            self.positions.values[path] = mark
            if typed is not None:  # an alias of `1.10` is read as `1.10` is
                self.unquoted[path] = typed
        self._place(_key(value, None) if is_key and not isinstance(value, list | dict) else value, size, mark)

    def _open(self, event: yaml.CollectionStartEvent) -> None:
        mark = _mark(event)
        if event.tag is not None:
            self._refuse_tag(event.tag, mark)
        if len(self.stack) >= MAX_DEPTH:
            raise _Stop(SourceIssue(mark, "too_deep", {"limit": MAX_DEPTH}))
        self._count(1, mark)
        path, record, is_key = self._slot()
        if record and not is_key:
            self.positions.values[path] = mark
        value: list[Any] | dict[Any, Any] = [] if isinstance(event, yaml.SequenceStartEvent) else {}
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)
        self.stack.append(_Open(value, path, mark, event.anchor, record and not is_key))

    def _close(self) -> None:
        frame = self.stack.pop()
        if frame.anchor is not None:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = (frame.value, frame.size, None)
        self._place(frame.value, frame.size, frame.mark)

    def _place(self, value: Any, size: int, mark: Mark) -> None:
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        top.size += size
        if isinstance(top.value, list):
            top.value.append(value)
        elif top.key is _NO_KEY:
            self._take_key(top, value, mark)
        else:
            if top.keep:
                top.value[top.key] = value
            top.key = _NO_KEY

    def _take_key(self, top: _Open, key: Any, mark: Mark) -> None:
        top.key, top.keep = key, False
        if isinstance(key, list | dict):
            top.key = "?"
            self.issues.append(SourceIssue(mark, "complex_key", {}))
        elif key == _MERGE:
            self.issues.append(SourceIssue(mark, "merge_key", {}))
        elif str(key) in top.lines:
            self.issues.append(SourceIssue(mark, "duplicate_key", {"key": key, "line": top.lines[str(key)]}))
        else:
            top.keep = True
            top.lines[str(key)] = mark.line
            if top.record:
                self.positions.keys[(*top.path, key)] = mark


def _tab_issues(text: str) -> list[SourceIssue]:
    """Tabs in indentation: YAML forbids them and PyYAML's message hides the cause."""
    if "\t" not in text:
        return []
    issues = []
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            issues.append(SourceIssue(Mark(number, indent.index("\t") + 1), "tab", {}))
    return issues


def _syntax_issue(text: str, exc: yaml.YAMLError) -> SourceIssue:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        where = Mark(mark.line + 1, mark.column + 1) if mark else Mark(1, 1)
        return SourceIssue(where, "yaml_syntax", {"problem": exc.problem or exc.context or "?"})
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML refuses: say which, and where
        # libyaml counts the offset in bytes of UTF-8; PyYAML's own reader, in characters
        before = text.encode("utf-8")[: exc.position].decode("utf-8", "replace") if _IN_C else text[: exc.position]
        where = Mark(len(_LINE_BREAK.findall(before)) + 1, len(_LINE_BREAK.split(before)[-1]) + 1)
        return SourceIssue(where, "bad_character", {"code": f"U+{exc.character:04X}"})
    return SourceIssue(Mark(1, 1), "yaml_syntax", {"problem": " ".join(str(exc).split())})


def read(text: str) -> Document:
    """Read YAML text; syntax problems and limits come back as issues, never as exceptions."""
    tabs = _tab_issues(text)
    builder = _Builder()
    try:
        data = builder.run(yaml.parse(text, Loader=_LOADER))
    except _Stop as stop:
        return Document(None, Positions(), [stop.issue])
    except yaml.YAMLError as exc:
        return Document(None, Positions(), tabs or [_syntax_issue(text, exc)])
    if data is None and builder.stack == [] and not builder.issues:
        return Document(None, Positions(), [SourceIssue(Mark(1, 1), "empty_file", {})])
    return Document(data, builder.positions, tabs + builder.issues, builder.unquoted)


def _position(raw: bytes, index: int) -> Mark:
    before = raw[:index]
    line_start = before[before.rfind(b"\n") + 1 :]
    return Mark(before.count(b"\n") + 1, len(line_start.decode("utf-8", errors="replace")) + 1)


def decode(raw: bytes) -> tuple[str | None, SourceIssue | None]:
    """UTF-8 text (a BOM is dropped), or why the bytes are not a plan's text."""
    if len(raw) > MAX_BYTES:
        return None, SourceIssue(Mark(1, 1), "file_too_large", {"limit": f"{MAX_BYTES // 1024 // 1024} MiB"})
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, SourceIssue(Mark(1, 1), "utf16", {})
    nul = raw.find(b"\x00")
    if nul >= 0:  # a binary file, or UTF-16 without its byte order mark
        return None, SourceIssue(_position(raw, nul), "nul_byte", {})
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return None, SourceIssue(_position(raw, exc.start), "not_utf8", {"byte": f"{raw[exc.start]:02X}"})
