"""Read a YAML document into plain values while remembering where every node was.

PyYAML's constructors lose positions, accept duplicate keys silently and turn
``2025-02-30`` into an exception without a location. This reader composes the node
graph itself, so that every later check can point at ``line:col`` of the exact key or
value it is about.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple[str | int, ...]

# Scalars are resolved by YAML 1.1 tags, except timestamps: dates stay text so that the
# plan model validates them and reports a bad date at its own node.
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_KEEP_AS_TEXT = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:str"}
# libyaml's composer is ~10x faster and keeps the same marks; PyYAML may be built without it.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Mark:
    """A 1-based position in the source text."""

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
    """A read document: its data (None if unreadable), positions and reading problems."""

    data: Any
    positions: Positions
    issues: list[SourceIssue]


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


def _scalar(node: yaml.ScalarNode) -> Any:
    if node.tag in _KEEP_AS_TEXT:
        return node.value
    try:
        return _CONSTRUCTOR.construct_object(node, deep=True)
    except (ValueError, yaml.YAMLError):
        return node.value


def _tab_issues(text: str) -> list[SourceIssue]:
    """Tabs in indentation: YAML forbids them and PyYAML's message hides the cause."""
    issues = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            issues.append(SourceIssue(Mark(number, indent.index("\t") + 1), "tab", {}))
    return issues


class _Builder:
    def __init__(self) -> None:
        self.positions = Positions()
        self.issues: list[SourceIssue] = []

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.positions.values[path] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return _scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.build(key_node, (*path, "<key>"))
            if not isinstance(key, str | int):
                key = str(key)
            child = (*path, key)
            if key in result:
                first = self.positions.keys[child]
                self.issues.append(SourceIssue(_mark(key_node), "duplicate_key", {"key": key, "line": first.line}))
                continue
            self.positions.keys[child] = _mark(key_node)
            result[key] = self.build(value_node, child)
        return result


def read(text: str) -> Document:
    """Read YAML text; syntax problems come back as issues, never as exceptions."""
    tabs = _tab_issues(text)
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        if tabs:
            return Document(None, Positions(), tabs)
        mark = exc.problem_mark or exc.context_mark
        where = Mark(mark.line + 1, mark.column + 1) if mark else Mark(1, 1)
        problem = exc.problem or exc.context or "?"
        return Document(None, Positions(), [SourceIssue(where, "yaml_syntax", {"problem": problem})])
    except yaml.reader.ReaderError as exc:  # a character YAML refuses: say which, and where
        before = text[: exc.position]
        where = Mark(before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1)
        problem = f"unacceptable character #x{exc.character:04x}: {exc.reason}"
        return Document(None, Positions(), [SourceIssue(where, "yaml_syntax", {"problem": problem})])
    except yaml.YAMLError as exc:
        problem = " ".join(str(exc).split())
        return Document(None, Positions(), [SourceIssue(Mark(1, 1), "yaml_syntax", {"problem": problem})])
    if node is None:
        return Document(None, Positions(), [SourceIssue(Mark(1, 1), "empty_file", {})])
    builder = _Builder()
    data = builder.build(node, ())
    return Document(data, builder.positions, tabs + builder.issues)


def decode(raw: bytes) -> tuple[str | None, SourceIssue | None]:
    """UTF-8 (with or without BOM) text, or the position of the first undecodable byte."""
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before[before.rfind(b"\n") + 1 :]
        col = len(line_start.decode("utf-8", errors="replace")) + 1
        byte = f"{raw[exc.start]:02X}"
        return None, SourceIssue(Mark(line, col), "not_utf8", {"byte": byte})
