"""Periods in words, both ways (pure).

- **Written**: a period label (``2026-W11``, ``2026-03``, ``2026-Q1``, ``2026-H1``, ``2026-9M``,
  ``2026``) as an office writes it, in the plan's language: "tuần 11 (09/03 – 15/03/2026)",
  "tháng 3/2026", "Quý I/2026 (15/12/2025 – 14/03/2026)", "6 tháng đầu năm 2026", "năm 2026".
  A reporting period (Decree 09 boundaries, which nobody guesses) always shows its dates, and so
  does a week (``name``; words in ``templates/<lang>/messages.yaml``). A report's title names its
  period as the document does, "quý I năm 2026" (``name_of_period``), and a recurring task's
  periods are joined in runs, "tuần 11–24/2026" (``periods_in_words``; words in ``report.yaml``).
  This is the one module of periods in words: ``formats`` and the templates use it.
- **Said**: the period a reply line names after an item's code (``II.2.1 tuần 10: hoàn thành``,
  ``II.2 tháng 3: xong``, ``III.1 quý I: 80%``, ``CT-5G năm 2025: 65``), read from the folded
  line (no diacritics, lower case) and resolved to a label against the day it is read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .calendar import Period, period_from_label
from .messages import labels, message

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


# ---------------------------------------------------------------- written


def name(lang: str, label: str | None, *, reporting: bool = False) -> str:
    """A period label in words; ``reporting``: a Decree 09 reporting period (its dates shown). A
    label that names no period (a one-off task's due date, "ongoing") has none: ``""``."""
    period = _period(label, reporting)
    if period is None:
        return ""
    words = _words(lang, "period", period)
    if not (reporting or period.cadence == "weekly"):
        return words
    start = f"{period.start.day:02d}/{period.start.month:02d}"
    if period.start.year != period.end.year:
        start += f"/{period.start.year}"
    end = f"{period.end.day:02d}/{period.end.month:02d}/{period.end.year}"
    return message(lang, "period_dated", name=words, start=start, end=end)


def name_of_period(label: str, lang: str) -> str:
    """A period as a report's title writes it: "quý I năm 2026", "6 tháng đầu năm 2026" ..."""
    key, values = _parts(period_from_label(label))
    return str(labels(lang)["period"][key]).format(**values)


def periods_in_words(periods: Sequence[str], lang: str) -> str:
    """A recurring task's periods, runs joined: "tuần 11–24/2026", "tháng 1, 3–5/2026; tháng 1/2027"."""
    words = labels(lang)["periods"]
    by_year: dict[tuple[str, str], list[int]] = {}
    for label in periods:
        year, _, rest = label.partition("-")
        cadence = period_from_label(label, reporting=False).cadence
        by_year.setdefault((cadence, year), []).append(int("".join(c for c in rest if c.isdigit()) or 0))
    parts = []
    for (cadence, year), numbers in by_year.items():
        show = (lambda n: ROMAN.get(n, str(n))) if cadence == "quarterly" else str
        runs = _runs(sorted(set(numbers)))
        text = ", ".join(show(a) if a == b else f"{show(a)}–{show(b)}" for a, b in runs)
        parts.append(str(words[cadence]).format(numbers=text, year=year))
    return "; ".join(parts)


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def said_name(lang: str, label: str) -> str:
    """How a reply line names a task's period after its code ("tuần 10", "tháng 3", "quý I"), as
    ``spoken`` reads it back; "" for a label that names no period."""
    period = _period(label, reporting=False)
    return "" if period is None else _words(lang, "said", period)


def _period(label: str | None, reporting: bool) -> Period | None:
    try:
        return period_from_label(label or "", reporting=reporting)
    except ValueError:
        return None


def _words(lang: str, kind: str, period: Period) -> str:
    """The message ``{kind}_{cadence}`` for a period (``_parts``)."""
    key, values = _parts(period)
    return message(lang, f"{kind}_{key}", **values)


def _parts(period: Period) -> tuple[str, dict[str, object]]:
    """How a period's words are looked up: its cadence (a half-year: which one), and what they are
    filled with: the year, the number (of the week, month, quarter or half), in Roman numerals too."""
    year, _, rest = period.label.partition("-")
    number = int("".join(c for c in rest if c.isdigit()) or 0)
    key = period.cadence if period.cadence != "semiannual" else f"semiannual_{number}"
    return key, {"year": year, "number": number, "roman": ROMAN.get(number, str(number))}


# ---------------------------------------------------------------- said


@dataclass(frozen=True)
class Said:
    """A period named in a reply line, before it is resolved against a day."""

    cadence: str  # weekly | monthly | quarterly | semiannual | nine_months | annual
    number: int  # the week, month, quarter or half (0 for nine months and the year)
    year: int | None  # None: the latest such period begun by the day the line is read


_YEAR = r"(?:\s*[/-]\s*(?P<y>\d{4})|\s+(?:nam|of|year)\s+(?P<y2>\d{4}))?"
_END = r"(?![a-z0-9])"
_SPOKEN = [
    (re.compile(rf"(?:tuan|week)\s*(?P<n>\d{{1,2}}){_YEAR}{_END}"), "weekly"),
    (re.compile(rf"(?:thang|month)\s*(?P<n>\d{{1,2}}){_YEAR}{_END}"), "monthly"),
    (re.compile(rf"(?:quy|quarter)\s*(?P<n>iv|iii|ii|i|[1-4]){_YEAR}{_END}"), "quarterly"),
    (re.compile(rf"q(?P<n>[1-4]){_YEAR}{_END}"), "quarterly"),
    (re.compile(rf"(?:6|sau)\s+thang\s+(?P<n>dau|cuoi)(?:\s+nam)?(?:\s+(?P<y>\d{{4}}))?{_END}"), "semiannual"),
    (re.compile(rf"(?P<n>first|second)\s+half(?:\s+of)?(?:\s+(?P<y>\d{{4}}))?{_END}"), "semiannual"),
    (re.compile(rf"h(?P<n>[12]){_YEAR}{_END}"), "semiannual"),
    (re.compile(rf"(?:9|chin|nine)\s+(?:thang|months?)(?:\s+dau)?(?:\s+(?:nam|of))?(?:\s+(?P<y>\d{{4}}))?{_END}"),
     "nine_months"),
    (re.compile(rf"(?:nam|year)\s+(?P<y>\d{{4}}){_END}"), "annual"),
]
_LEAD = re.compile(r"\s*(?:\(\s*)?(?:ky\s+|period\s+)?")
_CLOSE = re.compile(r"\s*\)?")
_WORDS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "dau": 1, "cuoi": 2, "first": 1, "second": 2}


def spoken(key: str, start: int) -> tuple[Said | None, int]:
    """The period named at ``start`` of a folded line (after an item's code), and where it ends;
    ``(None, start)`` when none is named there."""
    lead = _LEAD.match(key, start)
    at = lead.end() if lead else start
    if at == start and start < len(key) and not key[start].isspace() and key[start] != "(":
        return None, start  # a period is set apart from the code
    for pattern, cadence in _SPOKEN:
        m = pattern.match(key, at)
        if m:
            groups = m.groupdict()
            number = groups.get("n") or "0"
            year = groups.get("y") or groups.get("y2")
            said = Said(cadence, _WORDS.get(number) or int(number), int(year) if year else None)
            close = _CLOSE.match(key, m.end())
            return said, close.end() if close else m.end()
    return None, start


def label_of(said: Said, today: date) -> str | None:
    """The label of the period said (calendar periods: a task's own), the latest begun by ``today``
    when no year is said; None when no such period exists (week 60, month 13)."""
    current = {
        "weekly": today.isocalendar().week,
        "monthly": today.month,
        "quarterly": (today.month - 1) // 3 + 1,
        "semiannual": (today.month - 1) // 6 + 1,
    }.get(said.cadence, 0)
    this_year = today.isocalendar().year if said.cadence == "weekly" else today.year
    year = said.year or (this_year if said.number <= current else this_year - 1)
    label = {
        "weekly": f"{year}-W{said.number:02d}",
        "monthly": f"{year}-{said.number:02d}",
        "quarterly": f"{year}-Q{said.number}",
        "semiannual": f"{year}-H{said.number}",
        "nine_months": f"{year}-9M",
    }.get(said.cadence, str(year))
    try:
        period_from_label(label, reporting=False)
    except ValueError:
        return None
    return label
