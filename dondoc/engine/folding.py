"""The matching key of text: Vietnamese typed with or without diacritics, NFC or NFD, in any case,
reads the same (``fold``)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
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


def phrases_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """A regex matching any of ``phrases`` in folded text, longest first; a phrase that starts or
    ends with a latin letter or digit matches only as whole words there ("thông báo tự động" is not
    in "thông báo tự động hóa")."""
    alternatives = []
    for phrase in sorted({fold(p) for p in phrases}, key=len, reverse=True):
        before = "(?<![a-z0-9])" if _latin(phrase[0]) else ""
        after = "(?![a-z0-9])" if _latin(phrase[-1]) else ""
        alternatives.append(before + re.escape(phrase) + after)
    return re.compile("|".join(alternatives))


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()
