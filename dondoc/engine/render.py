"""Plain text for the terminal and cron logs: tables (no colours, no width guessing) and JSON."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from typing import Any


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in unicodedata.normalize("NFC", text))


# Characters a terminal obeys or hides rather than shows: C0/C1 controls and bidirectional overrides.
_HIDDEN = frozenset(
    [*map(chr, range(0x20)), *map(chr, range(0x7F, 0xA0)), *"\u200e\u200f\u202a\u202b\u202c\u202d\u202e",
     *"\u2066\u2067\u2068\u2069"]
)  # fmt: skip


def printable(text: str, keep: str = "") -> str:
    """Text safe for a terminal: every control character (but those in ``keep``) shown as one
    visible character, so that a received subject cannot move the cursor, ring or fake a line."""
    if not any(ch in _HIDDEN for ch in text):
        return text
    return "".join(_shown(ch) if ch in _HIDDEN and ch not in keep else ch for ch in text)


def _shown(ch: str) -> str:
    return " " if ch in "\t\n\r\x0b\x0c" else "\ufffd"


def _cell(value: Any, limit: int) -> str:
    text = printable("" if value is None else str(value))
    return text if _width(text) <= limit else text[: limit - 1] + "…"


def table(columns: Sequence[str], rows: Sequence[Sequence[Any]], limit: int = 60) -> str:
    """Left-aligned columns separated by two spaces, with a header and a rule."""
    cells = [[_cell(v, limit) for v in row] for row in rows]
    widths = [max([_width(c)] + [_width(r[i]) for r in cells]) for i, c in enumerate(columns)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True)).rstrip()

    rule = ["-" * w for w in widths]
    return "\n".join([line(list(columns)), line(rule), *(line(r) for r in cells)])


def json_dumps(value: Any) -> str:
    """Stable JSON (sorted keys, UTF-8 text, dates as ISO strings)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
