"""The shape of a Vietnamese plan document (Decree 30/2020/NĐ-CP; Party documents per
Hướng dẫn 36-HD/VPTW): header (issuer, number, place and date), title, the "Căn cứ" /
"Thực hiện" preamble, the numbered body, the closing, "Nơi nhận", the signature, and the
"Phụ lục" appendices with their tables."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from . import labels
from .blocks import Block, Where
from .labels import Label
from .normalize import fold

_TITLE = re.compile(r"^(ke hoach|chuong trinh( hanh dong)?|ke hoach hanh dong)$")
_NUMBER = re.compile(r"S[ốô]\s*:?\s*(?P<code>[0-9A-Za-zĐđ./\-–\s]*?/\s*[A-ZĐ][A-ZĐa-zđ\-–/&]*)", re.UNICODE)
_PARTY_CODE = re.compile(r"S[ốô]\s*:?\s*(?P<code>\d*\s*-\s*[A-ZĐ]{1,5}\s*/\s*[A-ZĐ]{1,6})")
_DATE_LINE = re.compile(
    r"^(?P<place>[^,]{2,40}),\s*ngày\s*(?P<d>\d{1,2})?[\s.…]*tháng\s*(?P<m>\d{1,2})?[\s.…]*năm\s*(?P<y>\d{4})", re.I
)
_CAPACITY = re.compile(r"^(T/?M\.?|TM\.|KT\.|Q\.|TL\.|TUQ\.|CHỦ TỊCH|PHÓ CHỦ TỊCH|BÍ THƯ|PHÓ BÍ THƯ|TRƯỞNG BAN)")
_NAME = re.compile(r"^[A-ZĐÀ-Ỹ][a-zà-ỹđ]+(\s+[A-ZĐÀ-Ỹ][a-zà-ỹđ]+){1,4}$")


@dataclass
class Node:
    """A numbered heading or item, or an unlabelled paragraph, with what it holds."""

    block: Block
    label: Label | None
    children: list[Node] = field(default_factory=list)
    code: str = ""

    @property
    def text(self) -> str:
        return self.block.text

    @property
    def where(self) -> Where:
        return self.block.where

    def walk(self) -> list[Node]:
        found = [self]
        for child in self.children:
            found += child.walk()
        return found


@dataclass(frozen=True, kw_only=True)
class Dated:
    place: str
    day: int | None
    month: int | None
    year: int
    where: Where

    @property
    def issued(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)


@dataclass
class Outline:
    header: list[Block]
    title: Block | None
    preamble: list[Block]
    sections: list[Node]
    closing: list[Block]
    signature: list[Block]
    appendix: list[Block]
    code: tuple[str, Where] | None = None
    dated: Dated | None = None
    renumbered: list[tuple[str, str, Where]] = field(default_factory=list)  # printed, used, where

    def nodes(self) -> list[Node]:
        found: list[Node] = []
        for section in self.sections:
            found += section.walk()
        return found

    def signer(self) -> tuple[str, Where] | None:
        for block in reversed(self.signature):
            name = block.text.strip(" *")
            if _NAME.match(name) and not _CAPACITY.match(name):
                return name, block.where
        return None

    def capacity(self) -> str:
        return " / ".join(b.text for b in self.signature if _CAPACITY.match(b.text.strip(" *")))

    def everything(self) -> list[Block]:
        return [
            *self.header,
            *([self.title] if self.title else []),
            *self.preamble,
            *[n.block for n in self.nodes()],
            *self.closing,
            *self.signature,
            *self.appendix,
        ]


def build(blocks: list[Block]) -> Outline:
    start = _title_index(blocks)
    header = blocks[:start] if start is not None else []
    title = blocks[start + 1] if start is not None and start + 1 < len(blocks) else None
    rest = blocks[start + 2 :] if start is not None else blocks
    if title is not None and fold(title.text).startswith("can cu"):
        rest, title = [title, *rest], None
    body_start = next((i for i, b in enumerate(rest) if _section_start(b)), len(rest))
    preamble = rest[:body_start]
    body, tail = _split_tail(rest[body_start:])
    closing, signature, appendix = _split_end(tail)
    outline = Outline(header, title, preamble, [], closing, signature, appendix)
    outline.sections = _tree(body, outline)
    outline.code = _code(header + preamble[:1])
    outline.dated = _dated(header + preamble[:2])
    return outline


def _title_index(blocks: list[Block]) -> int | None:
    for index, block in enumerate(blocks[:40]):
        if not block.label and _TITLE.match(fold(block.text).strip(" *.")):
            return index
    return None


def _section_start(block: Block) -> bool:
    label, _, _ = labels.split(block.full)
    return label is not None and label.kind in ("roman", "number") and "." not in label.value


def _split_tail(blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    for index, block in enumerate(blocks):
        if not block.label and _is_closing(block.text):
            return blocks[:index], blocks[index:]
    for index, block in enumerate(blocks):
        if fold(block.text).rstrip(": ").startswith(("noi nhan", "noi nhân")):
            return blocks[:index], blocks[index:]
    for index, block in enumerate(blocks):  # no closing words: the signature block ends the body
        if not block.label and _CAPACITY.match(block.text.strip(" *")) and block.text.isupper():
            return blocks[:index], blocks[index:]
    return blocks, []


def _is_closing(text: str) -> bool:
    key = fold(text)
    return key.startswith(("tren day la", "tren day la ke hoach")) or key.startswith("noi nhan")


def _split_end(tail: list[Block]) -> tuple[list[Block], list[Block], list[Block]]:
    appendix_at = next((i for i, b in enumerate(tail) if fold(b.text).startswith("phu luc")), len(tail))
    if appendix_at == len(tail):
        appendix_at = next((i for i, b in enumerate(tail) if b.cells), len(tail))
    end, appendix = tail[:appendix_at], tail[appendix_at:]
    sign_at = next((i for i, b in enumerate(end) if _CAPACITY.match(b.text.strip(" *"))), len(end))
    return end[:sign_at], end[sign_at:], appendix


def _tree(body: list[Block], outline: Outline) -> list[Node]:
    roots: list[Node] = []
    stack: list[Node] = []
    for block in body:
        label = labels.split(block.full)[0] if block.label else None
        node = Node(block, label)
        if label is None:
            while stack and stack[-1].label is not None and stack[-1].label.kind in ("dash", "plus"):
                stack.pop()
            (stack[-1].children if stack else roots).append(node)
            continue
        while stack and stack[-1].label is not None and stack[-1].label.rank >= label.rank:
            stack.pop()
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    _number(roots, "", outline)
    return roots


def _number(nodes: list[Node], prefix: str, outline: Outline) -> None:
    """Give each node the code people will type: "III.2.1", "II.1.2.3", "IV.5"."""
    used: set[str] = set()
    # the numbers the document prints at this level: an unnumbered paragraph does not take them
    typed = {n.label.value for n in nodes if n.label is not None and n.label.kind == "number"}
    count = 0
    for node in nodes:
        label = node.label
        if label is None or label.kind in ("dash", "plus", "paren"):
            count += 1
            while str(count) in typed:
                count += 1
            own = str(count)
        elif label.kind == "number":
            own = label.value
            parent_value = prefix.split(".", 1)[1] if "." in prefix else ""
            if parent_value and own.startswith(parent_value + "."):
                own = own[len(parent_value) + 1 :]
        else:
            own = label.value
        if label is not None and label.kind == "roman" and own in used:
            printed = own
            own = labels.to_roman(max(labels.roman_value(u) for u in used if re.fullmatch("[IVXL]+", u)) + 1)
            outline.renumbered.append((printed, own, node.where))
        while own in used:
            own += "b"
        used.add(own)
        node.code = f"{prefix}.{own}" if prefix else own
        _number(node.children, node.code, outline)


def _code(blocks: list[Block]) -> tuple[str, Where] | None:
    for block in blocks:
        for line in _lines(block):
            found = _PARTY_CODE.search(line) or _NUMBER.search(line)
            if found:
                code = re.sub(r"\s+", "", found.group("code")).replace("–", "-")
                return code, block.where
    return None


def _dated(blocks: list[Block]) -> Dated | None:
    for block in blocks:
        for line in _lines(block):
            found = _DATE_LINE.search(line.strip(" *"))
            if found:
                day, month = found.group("d"), found.group("m")
                return Dated(
                    place=found.group("place").strip(" *"),
                    day=int(day) if day else None,
                    month=int(month) if month else None,
                    year=int(found.group("y")),
                    where=block.where,
                )
    return None


def _lines(block: Block) -> list[str]:
    return [line for cell in (block.cells or (block.full,)) for line in cell.split("\n")]
