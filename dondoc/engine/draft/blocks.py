"""What every reader produces: the document as a list of blocks, each with where it came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Unit = Literal["line", "paragraph"]


@dataclass(frozen=True, kw_only=True)
class Where:
    """A place in the source document: a line of a text file or PDF, or a paragraph of a .docx."""

    unit: Unit
    number: int
    page: int | None = None
    row: int | None = None  # a table row, counted from 1


@dataclass(frozen=True, kw_only=True)
class Block:
    """One paragraph, heading or table row of the document.

    ``label`` is the numbering as the reader saw it ("II.", "1.1.", "a)", "-"), whether Word
    rendered it or it was typed; ``text`` is what follows it. A table row has its cells.
    """

    text: str
    where: Where
    label: str = ""
    style: str = ""
    bold: bool = False
    cells: tuple[str, ...] = ()
    table: int | None = None  # the table a row belongs to (0, 1, ...)

    @property
    def full(self) -> str:
        return f"{self.label} {self.text}".strip() if self.label else self.text
