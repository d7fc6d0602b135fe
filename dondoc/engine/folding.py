"""The matching key of text: Vietnamese typed with or without diacritics, NFC or NFD, in any case,
reads the same (``fold``)."""

from __future__ import annotations

import unicodedata
from functools import cache


@cache
def fold_char(ch: str) -> str:
    """One character's key: without its combining marks, ``đ`` as ``d``, casefolded."""
    if ch in "đĐ":  # not a composed letter: NFD leaves it whole
        return "d"
    return "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)).casefold()


def fold(text: str) -> str:
    """The matching key: no diacritics, đ as d, casefolded, single spaces."""
    return " ".join("".join(fold_char(c) for c in text).split())
