"""The new part of a reply: where the quoted original starts and the signature begins.

A quote starts at the first of (in the client languages of ``phrases``):

- a line quoted with ``>``;
- dondoc's own first line ("— Vui lòng trả lời phía trên dòng này —"), quoted back unmarked;
- an attribution ("On …, X <x@y> wrote:", "Am … schrieb X:", "2026年3月16日 … <x@y>:"), written
  over up to four lines (clients wrap it) or between dashes ("------On … wrote-----");
- a separator ("-----Original Message-----", "-------- Thư gốc --------", "Begin forwarded message:");
- the header block of a quoted message: From and one other field (Sent, Date, To, Cc, Subject)
  in any order, also written as table cells ("| From | … |"), with the rule drawn above it.

Above it, a signature is cut (a phone's line, "-- ", a sign-off after something was said). A reply
written under a ``>`` quote (bottom-posting) is kept apart (``Cut.bottom``): the caller reads it
when what stands above the quote says nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast, overload

from .folding import fold, phrases_pattern
from .phrases import DEVICE_ENDS, DEVICE_STARTS, HEADER_LABELS, SEPARATORS, SIGN_OFFS, WROTE

MARKERS = ("vui long tra loi phia tren dong nay", "please reply above this line")  # dondoc's first line (templates)
ATTRIBUTION_LINES = 4  # an attribution wrapped over more lines than this is not one
HEADER_BLOCK = 8  # lines looked at for the fields of a quoted header block


_WROTE = phrases_pattern(WROTE)
_TIME = re.compile(r"\d{1,2}[:.]\d{2}")
_LABEL = re.compile(
    r"[\s|*]*(?:" + "|".join(f"(?P<{kind}>{phrases_pattern(labels).pattern})" for kind, labels in HEADER_LABELS.items())
    + r")"
    r"\s*\**\s*(?:[:：]|\|)"
)
_SEPARATORS = frozenset(fold(p) for p in SEPARATORS)
_EDGE = " -_=~*—–|"
_RULE = re.compile(r"[_\-=—–*~]{8,}")
_DEVICE_STARTS = tuple(fold(p) for p in DEVICE_STARTS)
_DEVICE_ENDS = tuple(fold(p) for p in DEVICE_ENDS)
_SIGN_OFF = re.compile(rf"(?:xin )?(?:{phrases_pattern(SIGN_OFFS).pattern})[\s!.,;:]*")


@dataclass(frozen=True)
class Cut:
    """A reply's new text above its quote (``top``), and what was written under a ``>`` quote
    (``bottom``: blank lines stand for the lines above it, so line numbers stay the body's)."""

    top: str
    bottom: str = ""


class _Folded(Sequence[str]):
    """``fold`` of each line, computed when first needed: most of a reply is the quote below."""

    def __init__(self, lines: list[str]) -> None:
        self.lines, self.done = lines, cast(list[str | None], [None] * len(lines))

    def __len__(self) -> int:
        return len(self.lines)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        value = self.done[index]
        if value is None:
            value = self.done[index] = fold(self.lines[index])
        return value


def cut(text: str) -> Cut:
    """The new part of a reply, without the quoted original and the signature."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    keys = _Folded(raw)
    start, body = _quote_start(raw, keys, 0)
    top = _without_signature(raw, keys, 0, start)
    return Cut("\n".join(top), _bottom(raw, keys, body))


def fresh_text(text: str) -> str:
    """The new part of a reply above its quote (``cut(text).top``)."""
    return cut(text).top


def _quote_start(raw: Sequence[str], keys: _Folded, begin: int) -> tuple[int, int]:
    """Where the quote starts at or after ``begin``, and where its quoted text starts (after an
    attribution); (len, len) when there is none."""
    for i in range(begin, len(raw)):
        key = keys[i]
        if raw[i].lstrip().startswith(">") or any(marker in key for marker in MARKERS):
            return i, i
        if not key:
            continue
        if _separator(key):
            return _after_rule(keys, begin, i), i + 1
        if key.endswith((":", "：")) and (first := _attribution(keys, begin, i)) is not None:
            return first, i + 1
        if _LABEL.match(key) and _header_block(keys, i):
            return _after_rule(keys, begin, i), i
    return len(raw), len(raw)


def _separator(key: str) -> bool:
    """A separator line, or an attribution between dashes."""
    inner = key.strip(_EDGE)
    dashed = len(key) - len(key.lstrip(_EDGE)) >= 2 or len(key) - len(key.rstrip(_EDGE)) >= 2
    if inner.rstrip(":：").strip() in _SEPARATORS and (dashed or inner.endswith((":", "："))):
        return True
    return dashed and _attributes(inner)


def _attributes(text: str) -> bool:
    """Whether text says who wrote what follows: a verb of writing with an address or a time, or
    an address in brackets with a time (the languages whose attribution has no verb)."""
    if len(text) > 400:
        return False
    timed = _TIME.search(text) is not None
    if _WROTE.search(text) and ("@" in text or timed):
        return True
    return timed and "@" in text and ("<" in text or "[mailto:" in text)


def _attribution(keys: _Folded, begin: int, end: int) -> int | None:
    """The first line of an attribution ending with line ``end`` (it ends with a colon), or None."""
    for first in range(end, max(begin, end - ATTRIBUTION_LINES + 1) - 1, -1):
        if not keys[first]:
            return None
        if _attributes(" ".join(keys[first : end + 1])):
            while first > begin and end - first < ATTRIBUTION_LINES - 1 and _continues(keys[first - 1], keys[first]):
                first -= 1  # "<x@y> wrote:" goes on from the line above, which has the time
            return first
    return None


def _continues(above: str, line: str) -> bool:
    """Whether an attribution's line goes on from the line above: it has no time, the line above has."""
    return bool(above) and _TIME.search(line) is None and _TIME.search(above) is not None


def _header_block(keys: _Folded, at: int) -> bool:
    kinds: set[str] = set()
    blank = 0
    for key in keys[at : at + HEADER_BLOCK]:
        if not key:
            blank += 1
            if blank > 1:
                break
            continue
        if match := _LABEL.match(key):
            kinds.add(str(match.lastgroup))
    return "from" in kinds and len(kinds) >= 2


def _after_rule(keys: _Folded, begin: int, at: int) -> int:
    """A quote's first line: the rule drawn above it (Outlook's ``____``), if there is one."""
    above = at - 1
    while above >= begin and not keys[above]:
        above -= 1
    return above if above >= begin and _RULE.fullmatch(keys[above]) else at


def _without_signature(raw: Sequence[str], keys: _Folded, begin: int, end: int) -> list[str]:
    """Lines ``begin``..``end`` without the signature and the blank lines at their end."""
    said = False  # a "Thanks" above everything else is a greeting, not a sign-off
    stop = end
    for i in range(begin, end):
        key = keys[i]
        if raw[i].strip() == "--" or _device(key) or (said and _SIGN_OFF.fullmatch(key)):
            stop = i
            break
        said = said or bool(key)
    lines = list(raw[begin:stop])
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def _device(key: str) -> bool:
    return len(key) <= 80 and (key.startswith(_DEVICE_STARTS) or key.endswith(_DEVICE_ENDS) or "aka.ms/" in key)


def _bottom(raw: Sequence[str], keys: _Folded, body: int) -> str:
    """What is written under a ``>`` quote that starts at ``body`` (bottom-posting), up to the next quote."""
    at = body
    while at < len(raw) and not raw[at].strip():
        at += 1
    if at == len(raw) or not raw[at].lstrip().startswith(">"):
        return ""  # no quote, or an unmarked one: everything under it is quoted
    while at < len(raw) and (raw[at].lstrip().startswith(">") or not raw[at].strip()):
        at += 1
    end, _ = _quote_start(raw, keys, at)
    lines = _without_signature(raw, keys, at, end)
    return "\n" * at + "\n".join(lines) if any(line.strip() for line in lines) else ""
