"""The numbering of a Vietnamese administrative document (Decree 30 layout): what a label is,
and how deep it sits. Roman sections hold arabic items, which hold "1.1." items, then
lettered "a)" items, then "-" and "+" bullets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["roman", "number", "letter", "paren", "dash", "plus"]

_ROMAN = re.compile(r"^(?P<v>[IVXL]{1,5})\s*[.)]\s*(?=\S)")
_NUMBER = re.compile(r"^(?P<v>\d{1,2}(?:\.\d{1,2})*)(?:\.|\))?\s*(?=\S)")
_LETTER = re.compile(r"^(?P<v>[a-zđ])\s*\)\s*(?=\S)")
_PAREN = re.compile(r"^\((?P<v>\d{1,2})\)\s*(?=\S)")
_DASH = re.compile(r"^[-–—•·*]\s*(?=\S)")
_PLUS = re.compile(r"^\+\s*(?=\S)")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


@dataclass(frozen=True, kw_only=True)
class Label:
    kind: Kind
    value: str  # "III", "1.2", "a", "" for bullets

    @property
    def rank(self) -> int:
        """Depth in the outline: a smaller rank holds larger ones."""
        if self.kind == "number":
            return 1 + self.value.count(".") + 1
        return {"roman": 1, "letter": 6, "paren": 7, "dash": 8, "plus": 9}[self.kind]

    @property
    def parts(self) -> list[str]:
        return self.value.split(".") if self.kind == "number" else [self.value]


def roman_value(text: str) -> int:
    total = 0
    for index, char in enumerate(text):
        value = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[text[index + 1]] if index + 1 < len(text) else 0
        total += -value if value < following else value
    return total


def to_roman(number: int) -> str:
    result = ""
    for value, letters in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            result, number = result + letters, number - value
    return result


def split(text: str) -> tuple[Label | None, str, str]:
    """The label at the start of ``text`` (if any), the label as printed and the rest."""
    for kind, pattern in (
        ("roman", _ROMAN),
        ("paren", _PAREN),
        ("letter", _LETTER),
        ("number", _NUMBER),
        ("plus", _PLUS),
        ("dash", _DASH),
    ):
        found = pattern.match(text)
        if found is None:
            continue
        value = found.groupdict().get("v") or ""
        if kind == "number" and not _plausible_number(text, found):
            continue
        printed = text[: found.end()].strip()
        return Label(kind=kind, value=value.rstrip(".")), printed, text[found.end() :].strip()  # type: ignore[arg-type]
    return None, "", text


def _plausible_number(text: str, found: re.Match[str]) -> bool:
    """ "1. ", "1.1. ", "2) " are labels; "2025 ..." or "15/12" are not."""
    printed = text[: found.end()].rstrip()
    if printed.endswith((".", ")")):
        return True
    return "." in found.group("v")  # "1.1 Text" without the final dot


def of_printed(printed: str) -> Label | None:
    """The label of a numbering string that Word rendered ("1.", "a)", "•")."""
    label, _, rest = split(printed.strip() + " x")
    return label if label is not None and rest == "x" else None
