"""Plain text for the terminal and cron logs: tables (no colours, no width guessing) and JSON."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from typing import Any


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in unicodedata.normalize("NFC", text))


def _cell(value: Any, limit: int) -> str:
    text = "" if value is None else str(value)
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
