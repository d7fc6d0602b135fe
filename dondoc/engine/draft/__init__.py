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


_LEAD_PLACEHOLDER = re.compile(r'^(\s+lead: )"<<[^"\n]*>>"([^\n]*\n\s+coordinators: \[)([^\]]*)\]', re.M)
_SECRETARIAT = re.compile(r"^  secretariat: (\S+)", re.M)


def fill_placeholders(text: str) -> str:
    """The draft with every placeholder filled as a person would (for tests and benches): an example
    address for each email, the secretariat for a lead the document gave an external unit."""
    secretariat = _SECRETARIAT.search(text)
    if secretariat is not None:
        chosen = secretariat.group(1)

        def lead(m: re.Match[str]) -> str:
            others = [c for c in m.group(3).split(", ") if c and c != chosen]
            return f"{m.group(1)}{chosen}{m.group(2)}{', '.join(others)}]"

        text = _LEAD_PLACEHOLDER.sub(lead, text)
    count = iter(range(1, 1_000_000))
    return _PLACEHOLDER.sub(lambda _: f'"unit{next(count)}@example.vn"', text)
