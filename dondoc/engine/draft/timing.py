"""When a duty is due, as Vietnamese plans say it: a date ("trước ngày 30/6/2026"), a quarter
("quý II/2026"), a month ("tháng 6/2026"), a year ("trong năm 2026"), a period ("giai đoạn
2026 – 2030"), a recurrence ("hằng tuần", "hàng tháng", "định kỳ 6 tháng") or no end at
all ("thường xuyên", "liên tục")."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from .normalize import fold

Kind = Literal["due", "repeat", "ongoing"]
Repeat = Literal["weekly", "monthly", "quarterly", "semiannual", "annual"]

_ROMAN_Q = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# A deadline cue: a date alone in a sentence is usually a document's date ("ngày 22/12/2024").
_CUE = r"\b(?:truoc|cham nhat|hoan thanh|thoi han|thoi gian|xong|han|den het|ket thuc|trong)"
_DATE = re.compile(
    rf"{_CUE}[^.;]{{0,30}}?(?:ngay\s*)?(?P<d>\d{{1,2}})\s*[/.-]\s*(?P<m>\d{{1,2}})\s*[/.-]\s*(?P<y>\d{{4}})"
)
_DATE_WORDS = re.compile(rf"{_CUE}[^.;]{{0,30}}?ngay (?P<d>\d{{1,2}}) thang (?P<m>\d{{1,2}}) nam (?P<y>\d{{4}})")
_QUARTER = re.compile(r"quy (?P<q>iv|iii|ii|i|[1-4])\s*(?:/|nam|-)\s*(?P<y>\d{4})")
_HALF = re.compile(r"6 thang (?P<h>dau|cuoi) nam\s*(?P<y>\d{4})")
_MONTH = re.compile(r"(?<!\d )thang (?P<m>\d{1,2})\s*(?:/|nam|-)\s*(?P<y>\d{4})")
_YEAR = re.compile(rf"(?:{_CUE}|^)\s*(?:nam )?(?P<y>20\d\d)\b(?!\s*[-–]\s*20\d\d)")
_PERIOD = re.compile(r"(?:giai doan|tu nam)?\s*(?P<a>20\d\d)\s*(?:-|–|—|den( nam)?)\s*(?P<b>20\d\d)")
_REPEAT = [
    ("weekly", re.compile(r"\bhang tuan\b|\bmoi tuan\b")),
    ("monthly", re.compile(r"\bhang thang\b|\bmoi thang\b|\bdinh ky (01 |1 )?thang\b")),
    ("quarterly", re.compile(r"\bhang quy\b|\bmoi quy\b|\bdinh ky (theo )?quy\b")),
    ("semiannual", re.compile(r"\bdinh ky (06|6|sau) thang\b|\bmoi (06|6|sau) thang\b")),
    ("annual", re.compile(r"\bhang nam\b|\bmoi nam\b|\bdinh ky (hang )?nam\b|\bthuong nien\b")),
]
_ONGOING = re.compile(r"\b(thuong xuyen|lien tuc|hang ngay|moi ngay)\b")


@dataclass(frozen=True, kw_only=True)
class Timing:
    kind: Kind
    due: date | None = None
    repeat: Repeat | None = None
    start: date | None = None
    end: date | None = None
    said: str = ""  # the words it was read from; "" when the text says nothing of time


def read(text: str, *, table_cell: bool = False) -> Timing:
    """The timing one duty's text gives; ``ongoing`` with nothing said when it gives none."""
    folded = fold(text)
    if table_cell:
        folded = "han " + folded  # a "Thời gian hoàn thành" cell is a deadline by its column
    for reader in (_date, _quarter, _half, _month):
        found = reader(folded)
        if found is not None:
            return found
    repeat = _repeat(folded)
    if repeat is not None:
        return repeat
    period = _PERIOD.search(folded)
    if period is not None:
        a, b = int(period.group("a")), int(period.group("b"))
        if a < b:
            return Timing(kind="ongoing", start=date(a, 1, 1), end=date(b, 12, 31), said=period.group(0).strip())
    year = _YEAR.search(folded) if table_cell or re.search(rf"{_CUE}\s+(nam )?20\d\d", folded) else None
    if year is not None:
        return Timing(kind="due", due=date(int(year.group("y")), 12, 31), said=year.group(0).strip())
    ongoing = _ONGOING.search(folded)
    return Timing(kind="ongoing", said=ongoing.group(0) if ongoing else "")


def _date(folded: str) -> Timing | None:
    for pattern in (_DATE, _DATE_WORDS):
        found = pattern.search(folded)
        if found is None:
            continue
        try:
            due = date(int(found.group("y")), int(found.group("m")), int(found.group("d")))
        except ValueError:
            continue
        return Timing(kind="due", due=due, said=found.group(0))
    return None


def _quarter(folded: str) -> Timing | None:
    found = _QUARTER.search(folded)
    if found is None:
        return None
    year, quarter = int(found.group("y")), _ROMAN_Q[found.group("q")]
    return Timing(kind="due", due=_month_end(year, quarter * 3), said=found.group(0))


def _half(folded: str) -> Timing | None:
    found = _HALF.search(folded)
    if found is None:
        return None
    month = 6 if found.group("h") == "dau" else 12
    return Timing(kind="due", due=_month_end(int(found.group("y")), month), said=found.group(0))


def _month(folded: str) -> Timing | None:
    found = _MONTH.search(folded)
    if found is None or not 1 <= int(found.group("m")) <= 12:
        return None
    return Timing(kind="due", due=_month_end(int(found.group("y")), int(found.group("m"))), said=found.group(0))


def _repeat(folded: str) -> Timing | None:
    # "mỗi quý" (each quarter) and "đổi mới quy trình" (renew the process) fold alike
    folded = re.sub(r"\bdoi moi\b|\bmoi (?=quy trinh|quy che)", "_", folded)
    for repeat, pattern in _REPEAT:  # the finest cadence named: the others follow from it
        found = pattern.search(folded)
        if found is not None:
            return Timing(kind="repeat", repeat=repeat, said=found.group(0))  # type: ignore[arg-type]
    return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def cadences(text: str) -> list[str]:
    """The reporting cadences a reporting sentence names, finest first."""
    folded = fold(text)
    found = []
    if re.search(r"\b(hang|moi|theo) tuan\b", folded):
        found.append("weekly")
    if re.search(r"\b(hang|moi|theo) thang\b|\bthang, (hang )?quy\b", folded):
        found.append("monthly")
    if re.search(r"\bquy\b(?! dinh)", folded):
        found.append("quarterly")
    if re.search(r"\b(0?6|sau) thang\b", folded):
        found.append("semiannual")
    if re.search(r"\b9 thang\b|\bchin thang\b", folded):
        found.append("nine_months")
    if re.search(r"\b(hang|moi|01|1|mot) nam\b|\bthang, quy, (0?6 thang, )?nam\b|\btong ket\b|, nam\b", folded):
        found.append("annual")
    return found
