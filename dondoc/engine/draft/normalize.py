"""Text keys for matching Vietnamese words however they were typed (NFC/NFD, with or without
diacritics, "uỷ"/"ủy"), slugs, and a word-overlap similarity."""

from __future__ import annotations

import re
import unicodedata

from ..replies import fold as fold  # one key for mail and documents

_WORD = re.compile(r"[0-9a-z]+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def slug(text: str, limit: int = 40) -> str:
    """A unit or plan id: lowercase ASCII words joined by hyphens."""
    joined = "-".join(words(text))[:limit].strip("-")
    return joined or "x"


def overlap(a: str, b: str) -> float:
    """Share of the shorter text's words found in the longer one (0..1)."""
    wa, wb = set(words(a)), set(words(b))
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def jaccard(a: str, b: str) -> float:
    wa, wb = set(words(a)), set(words(b))
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def clean(text: str) -> str:
    """One line of text: NFC, single spaces, no stray spaces before punctuation."""
    text = " ".join(nfc(text).split())
    return re.sub(r"\s+([,;:.)])", r"\1", text)
