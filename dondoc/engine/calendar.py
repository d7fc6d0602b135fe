"""Working days and reporting periods (pure: no I/O, no clock).

Working days
------------
A ``WorkCalendar`` knows which days are working days for one plan. A day is decided in
this order (first match wins):

1. a plan's ``extra_days_off`` date: day off;
2. a plan's ``extra_workdays`` date (make-up Saturday, *làm bù*): working day, even if it
   falls on a weekend or on a holiday of the library (an escape hatch for swaps the
   library gets wrong);
3. an official make-up working day of the country (``holidays``' ``weekend_workdays``):
   working day;
4. a public holiday of the country, its substitute day (*nghỉ bù*) or a swapped day off:
   day off;
5. otherwise the weekday decides (``workdays``, Monday to Friday by default).

Viet Nam: ``holidays`` (>= 0.109) gives Tết with the civil servants' days off, Hùng
Kings, 30/4, 1/5, 2/9 with the extra day, Viet Nam Cultural Day 24/11 (from 2026),
substitute days when a holiday falls on a weekend, and the government's announced swaps
(e.g. Fri 2/5/2025 off for Sat 26/4/2025 worked; Mon 31/8/2026 off for Sat 22/8/2026
worked). A swap moves a working day onto a Saturday; the library exposes those
Saturdays as ``weekend_workdays`` and they are honoured here. Swaps announced after the
library release must be written in the plan (``extra_days_off`` / ``extra_workdays``).
Holiday names are in Vietnamese.

Working days are precomputed as a sorted tuple of ordinals over whole years; every query
is a ``bisect`` (O(log n)). ``WorkCalendar.build`` is cached by the plan's rules and
covers at least the years asked (a plan's own years, see ``plans.calendar_of``); a date,
or a count of working days, reaching beyond them grows the calendar by ``GROWTH`` years.
Only a date outside ``MIN_YEAR .. MAX_YEAR`` raises (``CalendarRange``, a user error: it
comes from a ``--now`` far off, as a validated plan's dates lie in 2000..2100).

Deadlines on a day off (Civil Code 2015, art. 148(5)): when the last day of a time
limit is a weekly rest day or a public holiday, the time limit ends at the end of the
next working day (rule ``"next_working_day"``); ``"keep"`` counts the day as written.

Reporting periods (Decree 09/2019/NĐ-CP, art. 12)
-------------------------------------------------
Periodic reports close on the 14th: a month runs from the 15th of the previous month to
the 14th (label of the month it ends in, ``"2026-03"`` = 15/2..14/3/2026); a quarter from
the 15th of the month before it to the 14th of its last month (``"2026-Q1"`` =
15/12/2025..14/3/2026); half-years 15/12..14/6 and 15/6..14/12 (``"2026-H1"``,
``"2026-H2"``); nine months 15/12..14/9 (``"2026-9M"``); the year 15/12..14/12
(``"2026"``). Weekly periods are ISO weeks, Monday..Sunday (``"2026-W11"``, ISO year).

Dates 15/9..14/12 of a year lie in no nine-month period; ``reporting_period`` then
returns the nine-month period that started at the most recent 15/12 (it has already
ended), and ``reporting_periods`` yields only the periods that overlap its range.

Recurring tasks use *calendar* periods instead (``repeat_periods``): ISO weeks,
calendar months, quarters (1/1..31/3 = ``"2026-Q1"``), halves and years; the last day
of a period is the due date of that occurrence.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from threading import Lock
from types import MappingProxyType
from typing import Literal

import holidays

from .errors import CalendarRange

Cadence = Literal["weekly", "monthly", "quarterly", "semiannual", "nine_months", "annual"]
Repeat = Literal["weekly", "monthly", "quarterly", "semiannual", "annual"]
DeadlineRule = Literal["next_working_day", "keep"]

CADENCES: tuple[str, ...] = (
    "weekly",
    "monthly",
    "quarterly",
    "semiannual",
    "nine_months",
    "annual",
)
REPEATS: tuple[str, ...] = ("weekly", "monthly", "quarterly", "semiannual", "annual")
DEADLINE_RULES: tuple[str, ...] = ("next_working_day", "keep")
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EXTRA_DAY_OFF = "extra day off"

_ONE_DAY = timedelta(days=1)
# A calendar starts with these years and grows as dates beyond them are asked about.
DEFAULT_FIRST_YEAR, DEFAULT_LAST_YEAR = 2020, 2045
GROWTH = 10
# The years any calendar may reach: Viet Nam's holidays are known for 1901-2100; a date
# further out is a mistake (a plan's dates are 2000-2100, see plan.py).
MIN_YEAR, MAX_YEAR = 1900, 2200
_LIMITS = f"outside the years dondoc reckons working days for ({MIN_YEAR}-{MAX_YEAR})"


# --------------------------------------------------------------------------- working days


@dataclass(frozen=True)
class _CountryDays:
    names: Mapping[date, str]
    workdays: frozenset[date]


@lru_cache(maxsize=16)
def _country_days(country: str, first_year: int, last_year: int) -> _CountryDays:
    """Holidays (with names) and official weekend working days of ``country``."""
    try:
        table = holidays.country_holidays(country, years=range(first_year, last_year + 1), language="vi")
    except NotImplementedError as exc:
        raise ValueError(f"no public holidays known for country {country!r}") from exc
    lo, hi = date(first_year, 1, 1), date(last_year, 12, 31)
    names = {d: str(n) for d, n in table.items() if lo <= d <= hi}
    swapped: Iterable[date] = getattr(table, "weekend_workdays", ())
    return _CountryDays(
        names=MappingProxyType(names),
        workdays=frozenset(d for d in swapped if lo <= d <= hi),
    )


def _weekday_numbers(workdays: Sequence[str]) -> frozenset[int]:
    numbers: set[int] = set()
    for name in workdays:
        key = name.strip().lower()[:3]
        if key not in WEEKDAYS:
            raise ValueError(f"unknown weekday {name!r}: use one of {', '.join(WEEKDAYS)}")
        numbers.add(WEEKDAYS.index(key))
    if not numbers:
        raise ValueError("a calendar needs at least one working weekday")
    return frozenset(numbers)


@dataclass(frozen=True)
class _Rules:
    """What decides a working day, apart from the years covered."""

    weekdays: frozenset[int]
    country: str | None
    days_off: frozenset[date]
    extra_work: frozenset[date]


@dataclass(frozen=True)
class _Span:
    """Working days of the years ``first .. last``, as sorted ordinals."""

    work: tuple[int, ...]
    names: Mapping[date, str]
    first: date
    last: date


def _span(rules: _Rules, first_year: int, last_year: int) -> _Span:
    official = (
        _country_days(rules.country, first_year, last_year)
        if rules.country
        else _CountryDays(names=MappingProxyType({}), workdays=frozenset())
    )

    def working(d: date) -> bool:
        if d in rules.days_off:
            return False
        if d in rules.extra_work or d in official.workdays:
            return True
        return d not in official.names and d.weekday() in rules.weekdays

    first, last = date(first_year, 1, 1), date(last_year, 12, 31)
    work = tuple(o for o in range(first.toordinal(), last.toordinal() + 1) if working(date.fromordinal(o)))
    return _Span(work, official.names, first, last)


class WorkCalendar:
    """Working days of one plan; build it with ``WorkCalendar.build``.

    It covers the years it was built for and grows by itself, ``GROWTH`` years at a time,
    when a date (or a count of working days) reaches beyond them: its answers depend on
    the plan's rules only. It never goes outside ``MIN_YEAR .. MAX_YEAR``: a date there
    raises ``CalendarRange``.
    """

    __slots__ = ("_lock", "_rules", "_span")

    def __init__(self, rules: _Rules, first_year: int, last_year: int) -> None:
        _check_years(first_year, last_year)
        self._rules = rules
        self._span = _span(rules, first_year, last_year)
        self._lock = Lock()

    @classmethod
    def build(
        cls,
        *,
        workdays: Sequence[str] = ("mon", "tue", "wed", "thu", "fri"),
        country: str | None = "VN",
        extra_days_off: Iterable[date] = (),
        extra_workdays: Iterable[date] = (),
        first_year: int = DEFAULT_FIRST_YEAR,
        last_year: int = DEFAULT_LAST_YEAR,
    ) -> WorkCalendar:
        """The calendar for these rules, covering at least ``first_year .. last_year``
        (cached: equal rules share one object)."""
        calendar = _build_cached(
            tuple(sorted(_weekday_numbers(workdays))),
            country.upper() if country else None,
            tuple(sorted(set(extra_days_off))),
            tuple(sorted(set(extra_workdays))),
        )
        calendar.cover(first_year, last_year)
        return calendar

    @property
    def first_day(self) -> date:
        """First day the calendar covers now."""
        return self._span.first

    @property
    def last_day(self) -> date:
        """Last day the calendar covers now."""
        return self._span.last

    def cover(self, first_year: int, last_year: int) -> None:
        """Make the calendar cover these years (it never shrinks)."""
        span = self._span
        if first_year < span.first.year or last_year > span.last.year:
            self._grow(first_year, last_year)

    def _grow(self, first_year: int, last_year: int) -> _Span:
        with self._lock:  # threads share cached calendars: one computes, the others wait
            span = self._span
            first_year, last_year = min(first_year, span.first.year), max(last_year, span.last.year)
            if first_year < span.first.year or last_year > span.last.year:
                _check_years(first_year, last_year)
                self._span = _span(self._rules, first_year, last_year)
            return self._span

    def _covering(self, *days: date) -> _Span:
        span = self._span
        lo, hi = min(days), max(days)
        if span.first <= lo and hi <= span.last:
            return span
        _check_years(min(lo.year, span.first.year), max(hi.year, span.last.year))
        first = max(MIN_YEAR, min(lo.year, span.first.year - GROWTH)) if lo < span.first else span.first.year
        last = min(MAX_YEAR, max(hi.year, span.last.year + GROWTH)) if hi > span.last else span.last.year
        return self._grow(first, last)

    def _pick(self, d: date, index: Callable[[tuple[int, ...], int], int]) -> date:
        """The working day at ``index(working days, ordinal of d)``, growing until it exists."""
        while True:
            span = self._covering(d)
            i = index(span.work, d.toordinal())
            if 0 <= i < len(span.work):
                return date.fromordinal(span.work[i])
            first, last = span.first.year, span.last.year
            if (i < 0 and first <= MIN_YEAR) or (i >= 0 and last >= MAX_YEAR):
                raise CalendarRange(f"the working day asked from {d.isoformat()} is {_LIMITS}")
            if i < 0:
                self._grow(max(MIN_YEAR, first - GROWTH), last)
            else:
                self._grow(first, min(MAX_YEAR, last + GROWTH))

    def is_working_day(self, d: date) -> bool:
        """True if ``d`` is a working day."""
        work, o = self._covering(d).work, d.toordinal()
        i = bisect_left(work, o)
        return i < len(work) and work[i] == o

    def day_off_name(self, d: date) -> str | None:
        """Why ``d`` is off: the holiday's name, ``"extra day off"``; None otherwise.

        Working days and plain weekly rest days give None.
        """
        if self.is_working_day(d):
            return None
        name = self._covering(d).names.get(d)
        if name is None and d in self._rules.days_off:
            return EXTRA_DAY_OFF
        return name

    def next_working_day(self, d: date, *, inclusive: bool = True) -> date:
        """The first working day on or after ``d`` (strictly after if not inclusive)."""
        return self._pick(d, bisect_left if inclusive else bisect_right)

    def previous_working_day(self, d: date, *, inclusive: bool = True) -> date:
        """The last working day on or before ``d`` (strictly before if not inclusive)."""
        find = bisect_right if inclusive else bisect_left
        return self._pick(d, lambda work, o: find(work, o) - 1)

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day strictly after ``d`` (n > 0) or before it (n < 0).

        ``n == 0`` gives ``d`` if it is a working day, else the next working day.
        ``add_working_days(d, working_days_between(d, x)) == x`` for every working day
        ``x >= d``, and for every working day ``x < d`` when ``d`` is a working day.
        """
        if n > 0:
            return self._pick(d, lambda work, o: bisect_right(work, o) + n - 1)
        if n < 0:
            return self._pick(d, lambda work, o: bisect_left(work, o) + n)
        return self.next_working_day(d)

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in ``(a, b]``; ``-(working days in (b, a])`` if ``b < a``.

        A deadline on Friday seen on the next Monday is 1 working day overdue.
        """
        work = self._covering(a, b).work
        return bisect_right(work, b.toordinal()) - bisect_right(work, a.toordinal())

    def deadline_in_force(self, d: date, rule: str = "next_working_day") -> date:
        """The deadline that applies to a deadline written as ``d`` (Civil Code art. 148(5))."""
        if rule == "keep":
            return d
        if rule == "next_working_day":
            return self.next_working_day(d)
        raise ValueError(f"unknown deadline rule {rule!r}: use one of {', '.join(DEADLINE_RULES)}")


def _check_years(first_year: int, last_year: int) -> None:
    if not MIN_YEAR <= first_year <= last_year <= MAX_YEAR:
        raise CalendarRange(f"the year {first_year if first_year < MIN_YEAR else last_year} is {_LIMITS}")


@lru_cache(maxsize=64)
def _build_cached(
    weekdays: tuple[int, ...],
    country: str | None,
    extra_days_off: tuple[date, ...],
    extra_workdays: tuple[date, ...],
) -> WorkCalendar:
    if country:
        _country_days(country, DEFAULT_FIRST_YEAR, DEFAULT_FIRST_YEAR)  # an unknown country fails here
    rules = _Rules(frozenset(weekdays), country, frozenset(extra_days_off), frozenset(extra_workdays))
    return WorkCalendar(rules, DEFAULT_FIRST_YEAR, DEFAULT_LAST_YEAR)


# --------------------------------------------------------------------------- periods


@dataclass(frozen=True)
class Period:
    """A reporting or repeat period; ``end`` is the cut-off (or due) date, inclusive."""

    cadence: str
    label: str
    start: date
    end: date


# Months a block spans, and the step from one block to the next (nine months: yearly).
_SPAN = {"monthly": 1, "quarterly": 3, "semiannual": 6, "nine_months": 9, "annual": 12}
_STEP = {"monthly": 1, "quarterly": 3, "semiannual": 6, "nine_months": 12, "annual": 12}


def _check(cadence: str, allowed: tuple[str, ...]) -> None:
    if cadence not in allowed:
        raise ValueError(f"unknown period kind {cadence!r}: use one of {', '.join(allowed)}")


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def _month_end(year: int, month: int) -> date:
    ny, nm = _add_months(year, month, 1)
    return date(ny, nm, 1) - _ONE_DAY


def _block_label(cadence: str, year: int, first_month: int) -> str:
    if cadence == "monthly":
        return f"{year}-{first_month:02d}"
    if cadence == "quarterly":
        return f"{year}-Q{(first_month - 1) // 3 + 1}"
    if cadence == "semiannual":
        return f"{year}-H{(first_month - 1) // 6 + 1}"
    if cadence == "nine_months":
        return f"{year}-9M"
    return f"{year}"


def _block_period(cadence: str, year: int, first_month: int, reporting: bool) -> Period:
    """The period of the month block starting at ``first_month`` of ``year``."""
    last_y, last_m = _add_months(year, first_month, _SPAN[cadence] - 1)
    if reporting:
        py, pm = _add_months(year, first_month, -1)
        start, end = date(py, pm, 15), date(last_y, last_m, 14)
    else:
        start, end = date(year, first_month, 1), _month_end(last_y, last_m)
    return Period(cadence, _block_label(cadence, year, first_month), start, end)


def _block_of(cadence: str, year: int, month: int) -> tuple[int, int]:
    """(year, first month) of the calendar block containing ``month``."""
    if cadence == "nine_months":
        return year, 1
    span = _SPAN[cadence]
    return year, (month - 1) // span * span + 1


def _decree_month(d: date) -> tuple[int, int]:
    """The month whose Decree 09 reporting month (15th prev. .. 14th) contains ``d``."""
    return _add_months(d.year, d.month, 1) if d.day >= 15 else (d.year, d.month)


def _iso_week(d: date) -> Period:
    monday = d - timedelta(days=d.weekday())
    iso = d.isocalendar()
    return Period("weekly", f"{iso.year}-W{iso.week:02d}", monday, monday + timedelta(days=6))


def _periods(cadence: str, start: date, end: date, reporting: bool) -> Iterator[Period]:
    if end < start:
        return
    if cadence == "weekly":
        period = _iso_week(start)
        while period.start <= end:
            yield period
            period = _iso_week(period.end + _ONE_DAY)
        return
    year, month = _decree_month(start) if reporting else (start.year, start.month)
    year, month = _block_of(cadence, year, month)
    while (period := _block_period(cadence, year, month, reporting)).start <= end:
        if period.end >= start:
            yield period
        year, month = _add_months(year, month, _STEP[cadence])


def reporting_period(cadence: Cadence, d: date) -> Period:
    """The Decree 09/2019 reporting period of ``cadence`` that contains ``d``.

    For ``nine_months``, dates 15/9..14/12 get the period that started at the most
    recent 15/12 (it does not contain them).
    """
    _check(cadence, CADENCES)
    if cadence == "weekly":
        return _iso_week(d)
    year, month = _block_of(cadence, *_decree_month(d))
    return _block_period(cadence, year, month, reporting=True)


def reporting_periods(cadence: Cadence, start: date, end: date) -> Iterator[Period]:
    """Every Decree 09/2019 reporting period of ``cadence`` overlapping [start, end]."""
    _check(cadence, CADENCES)
    return _periods(cadence, start, end, reporting=True)


def repeat_periods(repeat: Repeat, start: date, end: date) -> Iterator[Period]:
    """Every calendar period of ``repeat`` overlapping [start, end]; ``end`` is the due date."""
    _check(repeat, REPEATS)
    return _periods(repeat, start, end, reporting=False)


_LABELS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(\d{4})-W(\d{2})"), "weekly"),
    (re.compile(r"(\d{4})-(\d{2})"), "monthly"),
    (re.compile(r"(\d{4})-Q([1-4])"), "quarterly"),
    (re.compile(r"(\d{4})-H([12])"), "semiannual"),
    (re.compile(r"(\d{4})-9M()"), "nine_months"),
    (re.compile(r"(\d{4})()"), "annual"),
)


def _parse_label(label: str) -> tuple[str, int, int]:
    """(cadence, year, number) of a label; number is the week, month, quarter or half."""
    for pattern, cadence in _LABELS:
        if m := pattern.fullmatch(label):
            return cadence, int(m.group(1)), int(m.group(2) or 0)
    raise ValueError(f"bad period label {label!r}: expected e.g. 2026-W11, 2026-03, 2026-Q1, 2026-H1, 2026-9M or 2026")


def period_from_label(label: str, *, reporting: bool = True) -> Period:
    """The period a label names: Decree 09 boundaries, or calendar ones if not ``reporting``."""
    cadence, year, number = _parse_label(label.strip())
    try:
        if cadence == "weekly":
            return _iso_week(date.fromisocalendar(year, number, 1))
        if cadence == "monthly" and not 1 <= number <= 12:
            raise ValueError(f"month {number}")
        first_month = {
            "monthly": number,
            "quarterly": 3 * number - 2,
            "semiannual": 6 * number - 5,
        }.get(cadence, 1)
        return _block_period(cadence, year, first_month, reporting)
    except ValueError as exc:
        raise ValueError(f"bad period label {label!r}: no such period ({exc})") from exc
