"""``dondoc draft``: from a signed plan document (.docx, .pdf, .txt) to a plan file a
secretary only has to review."""

from __future__ import annotations

import re
from pathlib import Path

from .compose import compose, draft
from .model import Draft
from .readers import DocumentUnreadable
from .writer import write

__all__ = ["DocumentUnreadable", "Draft", "compose", "draft", "draft_text", "fill_placeholders", "write"]


def draft_text(path: Path, lang: str = "vi") -> str:
    """The plan file drafted from the document at ``path``."""
    return write(draft(path), lang)


_PLACEHOLDER = re.compile(r'"<<[^"\n]*>>"')


def fill_placeholders(text: str) -> str:
    """The draft with every placeholder filled by an example address (for tests and benches)."""
    count = iter(range(1, 1_000_000))
    return _PLACEHOLDER.sub(lambda _: f'"unit{next(count)}@example.vn"', text)
