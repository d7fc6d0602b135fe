"""Working days (Viet Nam) and Decree 09/2019 reporting periods.

Official schedules checked against the ``holidays`` 0.109 source (countries/vietnam.py)
and the government's announcements cited there:
- Tết Bính Ngọ 2026: civil servants off Sat 14/2 .. Sun 22/2/2026 (27 Chạp .. mùng 6),
  i.e. the five weekdays Mon 16/2 .. Fri 20/2 plus two weekends; no make-up day.
- 30/4 - 1/5/2025: Fri 2/5 off, swapped with Sat 26/4/2025 worked (Ministry of Labour
  announcement 6150/TB-BLĐTBXH, 2024).
- National Day 2025: Mon 1/9 and Tue 2/9 off (Labor Code 2019 art. 112: 2/9 plus the day
  before or after).
- Hùng Kings 2026: 10/3 lunar = Sun 26/4/2026, substitute day off Mon 27/4/2026.
- New Year 2027: Fri 1/1/2027.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dondoc.engine.calendar import (
    EXTRA_DAY_OFF,
    Period,
    WorkCalendar,
    period_from_label,
    repeat_periods,
    reporting_period,
    reporting_periods,
)
from dondoc.engine.errors import CalendarRange

D = date


@pytest.fixture(scope="module")
def vn() -> WorkCalendar:
    return WorkCalendar.build()


def days(a: date, b: date) -> list[date]:
    return [a + timedelta(days=i) for i in range((b - a).days + 1)]


# --------------------------------------------------------------------------- holidays


def test_tet_2026_nine_days_off_for_civil_servants(vn: WorkCalendar) -> None:
    assert all(not vn.is_working_day(d) for d in days(D(2026, 2, 14), D(2026, 2, 22)))
    assert vn.is_working_day(D(2026, 2, 13))  # Fri, 26 Chạp
    assert vn.is_working_day(D(2026, 2, 23))  # Mon, mùng 7
    assert vn.day_off_name(D(2026, 2, 17)) == "Tết Nguyên Đán"  # mùng 1 = Tue 17/2
    assert vn.day_off_name(D(2026, 2, 16)) == "Giao thừa Tết Nguyên Đán"
    assert all(vn.day_off_name(d) for d in days(D(2026, 2, 16), D(2026, 2, 20)))
    assert vn.day_off_name(D(2026, 2, 14)) is None  # a plain Saturday
    assert vn.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
    assert vn.working_days_between(D(2026, 2, 13), D(2026, 2, 23)) == 1


def test_national_day_2025_extra_day(vn: WorkCalendar) -> None:
    assert not vn.is_working_day(D(2025, 9, 1))
    assert not vn.is_working_day(D(2025, 9, 2))
    assert vn.day_off_name(D(2025, 9, 1)) == "Quốc khánh"
    assert vn.add_working_days(D(2025, 8, 29), 1) == D(2025, 9, 3)
    assert vn.working_days_between(D(2025, 8, 29), D(2025, 9, 3)) == 1


def test_reunification_and_labour_day_2025_swap_from_library(vn: WorkCalendar) -> None:
    for d in (D(2025, 4, 30), D(2025, 5, 1), D(2025, 5, 2)):
        assert not vn.is_working_day(d)
    assert "26/04/2025" in (vn.day_off_name(D(2025, 5, 2)) or "")
    assert vn.is_working_day(D(2025, 4, 26))  # Saturday worked (làm bù)
    assert vn.day_off_name(D(2025, 4, 26)) is None
    # (Fri 25/4, Tue 6/5]: Sat 26/4, Mon 28/4, Tue 29/4, Mon 5/5, Tue 6/5
    assert vn.working_days_between(D(2025, 4, 25), D(2025, 5, 6)) == 5
    assert vn.add_working_days(D(2025, 4, 29), 1) == D(2025, 5, 5)


def test_same_swap_written_in_the_plan_without_country() -> None:
    cal = WorkCalendar.build(
        country=None,
        extra_days_off=[D(2025, 4, 30), D(2025, 5, 1), D(2025, 5, 2)],
        extra_workdays=[D(2025, 4, 26)],
    )
    assert cal.is_working_day(D(2025, 4, 26))
    assert cal.day_off_name(D(2025, 5, 2)) == EXTRA_DAY_OFF
    assert cal.add_working_days(D(2025, 4, 29), 1) == D(2025, 5, 5)
    assert cal.add_working_days(D(2025, 4, 28), -1) == D(2025, 4, 26)


def test_make_up_saturday_counts_as_working_day() -> None:
    plain = WorkCalendar.build()
    cal = WorkCalendar.build(extra_workdays=[D(2026, 1, 10)])
    assert not plain.is_working_day(D(2026, 1, 10))
    assert cal.is_working_day(D(2026, 1, 10))
    assert cal.working_days_between(D(2026, 1, 9), D(2026, 1, 12)) == 2
    assert plain.working_days_between(D(2026, 1, 9), D(2026, 1, 12)) == 1
    assert cal.add_working_days(D(2026, 1, 9), 1) == D(2026, 1, 10)
    assert cal.deadline_in_force(D(2026, 1, 10)) == D(2026, 1, 10)


def test_extra_day_off_wins_over_everything() -> None:
    cal = WorkCalendar.build(
        extra_days_off=[D(2025, 4, 26), D(2026, 1, 10), D(2026, 3, 10)],
        extra_workdays=[D(2026, 1, 10)],
    )
    assert not cal.is_working_day(D(2025, 4, 26))  # library's make-up Saturday
    assert not cal.is_working_day(D(2026, 1, 10))  # also listed as extra workday
    assert not cal.is_working_day(D(2026, 3, 10))  # plain Tuesday
    assert cal.day_off_name(D(2026, 3, 10)) == EXTRA_DAY_OFF


def test_extra_workday_overrides_a_library_holiday() -> None:
    cal = WorkCalendar.build(extra_workdays=[D(2025, 5, 2)])
    assert cal.is_working_day(D(2025, 5, 2))
    assert cal.day_off_name(D(2025, 5, 2)) is None


def test_hung_kings_2026_on_sunday_gives_monday_off(vn: WorkCalendar) -> None:
    assert vn.day_off_name(D(2026, 4, 26)) == "Ngày Giỗ Tổ Hùng Vương"
    assert not vn.is_working_day(D(2026, 4, 27))
    assert "Hùng Vương" in (vn.day_off_name(D(2026, 4, 27)) or "")
    assert vn.is_working_day(D(2026, 4, 28))
    assert vn.next_working_day(D(2026, 4, 25)) == D(2026, 4, 28)


def test_new_year_2027(vn: WorkCalendar) -> None:
    assert vn.day_off_name(D(2027, 1, 1)) == "Tết Dương lịch"
    assert vn.is_working_day(D(2026, 12, 31))
    assert vn.next_working_day(D(2026, 12, 31), inclusive=False) == D(2027, 1, 4)
    assert vn.previous_working_day(D(2027, 1, 3)) == D(2026, 12, 31)


def test_next_and_previous_inclusive_flag(vn: WorkCalendar) -> None:
    mon = D(2026, 3, 16)
    assert vn.next_working_day(mon) == mon
    assert vn.next_working_day(mon, inclusive=False) == D(2026, 3, 17)
    assert vn.previous_working_day(mon) == mon
    assert vn.previous_working_day(mon, inclusive=False) == D(2026, 3, 13)
    assert vn.previous_working_day(D(2026, 3, 15), inclusive=False) == D(2026, 3, 13)


def test_add_zero_and_negative(vn: WorkCalendar) -> None:
    assert vn.add_working_days(D(2026, 3, 16), 0) == D(2026, 3, 16)
    assert vn.add_working_days(D(2026, 3, 14), 0) == D(2026, 3, 16)
    assert vn.add_working_days(D(2026, 3, 16), -1) == D(2026, 3, 13)
    assert vn.add_working_days(D(2026, 3, 15), -1) == D(2026, 3, 13)
    assert vn.add_working_days(D(2026, 2, 23), -1) == D(2026, 2, 13)  # across Tết
    assert vn.add_working_days(D(2026, 2, 13), 5) == D(2026, 2, 27)


def test_count_signs_and_overdue_example(vn: WorkCalendar) -> None:
    fri, mon = D(2026, 3, 13), D(2026, 3, 16)
    assert vn.working_days_between(fri, mon) == 1
    assert vn.working_days_between(mon, fri) == -1
    assert vn.working_days_between(fri, fri) == 0
    assert vn.working_days_between(D(2026, 3, 14), D(2026, 3, 15)) == 0
    assert vn.working_days_between(D(2026, 1, 31), D(2026, 2, 28)) == 15  # Feb 2026


def _naive_count(cal: WorkCalendar, a: date, b: date) -> int:
    if b < a:
        return -_naive_count(cal, b, a)
    return sum(cal.is_working_day(a + timedelta(days=i)) for i in range(1, (b - a).days + 1))


def test_count_matches_naive_count_around_tet(vn: WorkCalendar) -> None:
    span = days(D(2026, 1, 20), D(2026, 3, 10))
    for a in span[::3]:
        for b in span:
            assert vn.working_days_between(a, b) == _naive_count(vn, a, b), (a, b)


def test_add_and_count_round_trip_over_many_dates(vn: WorkCalendar) -> None:
    span = days(D(2025, 12, 1), D(2026, 3, 31))  # New Year and Tết inside
    working = [x for x in span if vn.is_working_day(x)]
    for d in span:
        for x in working:
            if x >= d or vn.is_working_day(d):
                assert vn.add_working_days(d, vn.working_days_between(d, x)) == x, (d, x)
        for n in range(1, 25):
            assert vn.working_days_between(d, vn.add_working_days(d, n)) == n


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    d=st.dates(min_value=D(2021, 1, 1), max_value=D(2043, 12, 31)),
    n=st.integers(min_value=-300, max_value=300),
)
def test_add_then_count_property(d: date, n: int) -> None:
    cal = WorkCalendar.build()
    x = cal.add_working_days(d, n)
    assert cal.is_working_day(x)
    if n > 0 or cal.is_working_day(d):
        assert cal.working_days_between(d, x) == n
    else:  # d is a day off: the first working day back is 0 days away from the next one
        assert cal.working_days_between(d, x) == n + 1


def test_deadline_in_force(vn: WorkCalendar) -> None:
    assert vn.deadline_in_force(D(2026, 3, 14)) == D(2026, 3, 16)  # Saturday
    assert vn.deadline_in_force(D(2026, 2, 17)) == D(2026, 2, 23)  # Tết
    assert vn.deadline_in_force(D(2026, 3, 13)) == D(2026, 3, 13)  # a working Friday
    assert vn.deadline_in_force(D(2026, 2, 17), "keep") == D(2026, 2, 17)
    assert vn.deadline_in_force(D(2026, 3, 14), "keep") == D(2026, 3, 14)
    with pytest.raises(ValueError, match="deadline rule"):
        vn.deadline_in_force(D(2026, 3, 14), "previous")


def test_custom_workdays_and_errors() -> None:
    six = WorkCalendar.build(workdays=["mon", "tue", "wed", "thu", "fri", "sat"])
    assert six.is_working_day(D(2026, 3, 14))
    assert not six.is_working_day(D(2026, 3, 15))
    assert six.is_working_day(D(2026, 2, 14))  # a Saturday, not a holiday in itself
    assert not six.is_working_day(D(2026, 2, 17))  # Tết
    with pytest.raises(ValueError, match="weekday"):
        WorkCalendar.build(workdays=["mon", "fry"])
    with pytest.raises(ValueError, match="country"):
        WorkCalendar.build(country="XX")


def test_the_calendar_grows_for_dates_beyond_its_years(vn: WorkCalendar) -> None:
    """A plan of 2019 or of 2050 runs: the calendar grows (it covered 2020-2045 and said
    nothing else), with the same holidays as if it had been built for those years."""
    official = holidays.country_holidays("VN", years=range(2018, 2052), language="vi")
    swapped = set(official.weekend_workdays)  # e.g. Sat 5/1/2019, worked for Tết
    for d in [*days(D(2019, 1, 1), D(2019, 3, 31)), *days(D(2045, 12, 1), D(2050, 3, 31))]:
        assert vn.is_working_day(d) == (d in swapped or (d.weekday() < 5 and d not in official)), d
    assert vn.first_day <= D(2019, 1, 1) and vn.last_day >= D(2050, 12, 31)
    assert vn.day_off_name(D(2050, 1, 24)) == official.get(D(2050, 1, 24))  # Tết 2050
    assert vn.working_days_between(D(2026, 1, 1), D(2056, 1, 1)) > 7000
    stepped = D(2061, 12, 20)
    for _ in range(30):
        stepped = vn.next_working_day(stepped, inclusive=False)
    assert vn.add_working_days(D(2061, 12, 20), 30) == stepped


def test_only_dates_far_outside_any_plan_raise(vn: WorkCalendar) -> None:
    with pytest.raises(CalendarRange, match="2300"):
        vn.is_working_day(D(2300, 1, 1))
    with pytest.raises(CalendarRange, match="1800"):
        vn.working_days_between(D(1800, 1, 1), D(2026, 1, 1))
    with pytest.raises(CalendarRange, match="2200-12-20"):
        vn.add_working_days(D(2200, 12, 20), 30)
    assert vn.add_working_days(D(2100, 12, 31), 250).year == 2101  # the furthest a plan reaches


def test_build_is_cached() -> None:
    assert WorkCalendar.build() is WorkCalendar.build(workdays=["fri", "thu", "wed", "tue", "mon"])
    a = WorkCalendar.build(extra_days_off=[D(2026, 3, 10), D(2026, 3, 9)])
    assert a is WorkCalendar.build(extra_days_off=(D(2026, 3, 9), D(2026, 3, 10)))


# --------------------------------------------------------------------------- reporting periods


@pytest.mark.parametrize(
    ("cadence", "d", "label", "start", "end"),
    [
        ("monthly", D(2026, 3, 14), "2026-03", D(2026, 2, 15), D(2026, 3, 14)),
        ("monthly", D(2026, 3, 15), "2026-04", D(2026, 3, 15), D(2026, 4, 14)),
        ("monthly", D(2026, 2, 15), "2026-03", D(2026, 2, 15), D(2026, 3, 14)),
        ("monthly", D(2025, 12, 14), "2025-12", D(2025, 11, 15), D(2025, 12, 14)),
        ("monthly", D(2025, 12, 15), "2026-01", D(2025, 12, 15), D(2026, 1, 14)),
        ("quarterly", D(2025, 12, 14), "2025-Q4", D(2025, 9, 15), D(2025, 12, 14)),
        ("quarterly", D(2025, 12, 15), "2026-Q1", D(2025, 12, 15), D(2026, 3, 14)),
        ("quarterly", D(2026, 3, 14), "2026-Q1", D(2025, 12, 15), D(2026, 3, 14)),
        ("quarterly", D(2026, 3, 15), "2026-Q2", D(2026, 3, 15), D(2026, 6, 14)),
        ("quarterly", D(2026, 9, 20), "2026-Q4", D(2026, 9, 15), D(2026, 12, 14)),
        ("semiannual", D(2025, 12, 15), "2026-H1", D(2025, 12, 15), D(2026, 6, 14)),
        ("semiannual", D(2026, 6, 14), "2026-H1", D(2025, 12, 15), D(2026, 6, 14)),
        ("semiannual", D(2026, 6, 15), "2026-H2", D(2026, 6, 15), D(2026, 12, 14)),
        ("semiannual", D(2026, 12, 14), "2026-H2", D(2026, 6, 15), D(2026, 12, 14)),
        ("nine_months", D(2025, 12, 15), "2026-9M", D(2025, 12, 15), D(2026, 9, 14)),
        ("nine_months", D(2026, 9, 14), "2026-9M", D(2025, 12, 15), D(2026, 9, 14)),
        # 15/9..14/12 belong to no nine-month period: the one that started 15/12 before
        ("nine_months", D(2026, 9, 15), "2026-9M", D(2025, 12, 15), D(2026, 9, 14)),
        ("nine_months", D(2026, 12, 14), "2026-9M", D(2025, 12, 15), D(2026, 9, 14)),
        ("nine_months", D(2026, 12, 15), "2027-9M", D(2026, 12, 15), D(2027, 9, 14)),
        ("annual", D(2026, 12, 14), "2026", D(2025, 12, 15), D(2026, 12, 14)),
        ("annual", D(2026, 12, 15), "2027", D(2026, 12, 15), D(2027, 12, 14)),
        ("annual", D(2026, 1, 1), "2026", D(2025, 12, 15), D(2026, 12, 14)),
        ("weekly", D(2026, 3, 12), "2026-W11", D(2026, 3, 9), D(2026, 3, 15)),
        ("weekly", D(2025, 12, 29), "2026-W01", D(2025, 12, 29), D(2026, 1, 4)),
        ("weekly", D(2027, 1, 1), "2026-W53", D(2026, 12, 28), D(2027, 1, 3)),
    ],
)
def test_reporting_period_boundaries(cadence: str, d: date, label: str, start: date, end: date) -> None:
    assert reporting_period(cadence, d) == Period(cadence, label, start, end)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cadence", "labels"),
    [
        ("monthly", [f"2026-{m:02d}" for m in range(1, 13)]),
        ("quarterly", ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]),
        ("semiannual", ["2026-H1", "2026-H2"]),
        ("nine_months", ["2026-9M"]),
        ("annual", ["2026"]),
    ],
)
def test_reporting_periods_over_a_reporting_year(cadence: str, labels: list[str]) -> None:
    periods = list(reporting_periods(cadence, D(2025, 12, 15), D(2026, 12, 14)))  # type: ignore[arg-type]
    assert [p.label for p in periods] == labels
    assert periods[0].start == D(2025, 12, 15)
    if cadence != "nine_months":
        assert periods[-1].end == D(2026, 12, 14)
        for prev, nxt in pairwise(periods):
            assert nxt.start == prev.end + timedelta(days=1)


def test_reporting_periods_overlap_semantics() -> None:
    calendar_year = list(reporting_periods("monthly", D(2026, 1, 1), D(2026, 12, 31)))
    assert (calendar_year[0].label, calendar_year[-1].label) == ("2026-01", "2027-01")
    assert len(calendar_year) == 13
    assert list(reporting_periods("nine_months", D(2026, 10, 1), D(2026, 11, 30))) == []
    late = list(reporting_periods("nine_months", D(2026, 9, 1), D(2026, 12, 20)))
    assert [p.label for p in late] == ["2026-9M", "2027-9M"]
    assert list(reporting_periods("annual", D(2026, 5, 1), D(2026, 4, 1))) == []
    weeks = list(reporting_periods("weekly", D(2026, 1, 1), D(2026, 12, 31)))
    assert len(weeks) == 53
    assert (weeks[0].label, weeks[-1].label) == ("2026-W01", "2026-W53")
    with pytest.raises(ValueError, match="period kind"):
        list(reporting_periods("fortnightly", D(2026, 1, 1), D(2026, 2, 1)))  # type: ignore[arg-type]


def test_repeat_periods_are_calendar_periods() -> None:
    months = list(repeat_periods("monthly", D(2026, 1, 15), D(2026, 4, 1)))
    assert [(p.label, p.start, p.end) for p in months] == [
        ("2026-01", D(2026, 1, 1), D(2026, 1, 31)),
        ("2026-02", D(2026, 2, 1), D(2026, 2, 28)),
        ("2026-03", D(2026, 3, 1), D(2026, 3, 31)),
        ("2026-04", D(2026, 4, 1), D(2026, 4, 30)),
    ]
    quarters = list(repeat_periods("quarterly", D(2026, 1, 1), D(2026, 12, 31)))
    assert [(p.label, p.end) for p in quarters] == [
        ("2026-Q1", D(2026, 3, 31)),
        ("2026-Q2", D(2026, 6, 30)),
        ("2026-Q3", D(2026, 9, 30)),
        ("2026-Q4", D(2026, 12, 31)),
    ]
    halves = list(repeat_periods("semiannual", D(2025, 12, 1), D(2026, 7, 1)))
    assert [(p.label, p.start, p.end) for p in halves] == [
        ("2025-H2", D(2025, 7, 1), D(2025, 12, 31)),
        ("2026-H1", D(2026, 1, 1), D(2026, 6, 30)),
        ("2026-H2", D(2026, 7, 1), D(2026, 12, 31)),
    ]
    years = list(repeat_periods("annual", D(2026, 1, 1), D(2027, 1, 1)))
    assert [(p.label, p.start, p.end) for p in years] == [
        ("2026", D(2026, 1, 1), D(2026, 12, 31)),
        ("2027", D(2027, 1, 1), D(2027, 12, 31)),
    ]
    weeks = list(repeat_periods("weekly", D(2026, 3, 11), D(2026, 3, 23)))
    assert [(p.label, p.end) for p in weeks] == [
        ("2026-W11", D(2026, 3, 15)),
        ("2026-W12", D(2026, 3, 22)),
        ("2026-W13", D(2026, 3, 29)),
    ]
    assert len(list(repeat_periods("monthly", D(2024, 1, 1), D(2024, 12, 31)))) == 12
    with pytest.raises(ValueError, match="period kind"):
        list(repeat_periods("nine_months", D(2026, 1, 1), D(2026, 2, 1)))  # type: ignore[arg-type]


@pytest.mark.parametrize("cadence", ["weekly", "monthly", "quarterly", "semiannual", "nine_months", "annual"])
def test_period_from_label_round_trips(cadence: str) -> None:
    for p in reporting_periods(cadence, D(2024, 12, 1), D(2027, 1, 31)):  # type: ignore[arg-type]
        assert period_from_label(p.label) == p
    if cadence != "nine_months":
        for p in repeat_periods(cadence, D(2024, 12, 1), D(2027, 1, 31)):  # type: ignore[arg-type]
            assert period_from_label(p.label, reporting=False) == p


def test_period_from_label_examples() -> None:
    assert period_from_label("2026-Q1") == Period("quarterly", "2026-Q1", D(2025, 12, 15), D(2026, 3, 14))
    assert period_from_label("2026-Q1", reporting=False) == Period(
        "quarterly", "2026-Q1", D(2026, 1, 1), D(2026, 3, 31)
    )
    assert period_from_label("2026").start == D(2025, 12, 15)
    assert period_from_label("2026-9M", reporting=False).end == D(2026, 9, 30)
    assert period_from_label("2026-W11").start == D(2026, 3, 9)
    assert period_from_label("2024-02", reporting=False).end == D(2024, 2, 29)


@pytest.mark.parametrize(
    "label",
    [
        "2026-13",
        "2026-00",
        "2026-Q5",
        "2026-H3",
        "2025-W53",
        "2026-W00",
        "26-03",
        "2026Q1",
        "",
        "x",
    ],
)
def test_bad_period_label(label: str) -> None:
    with pytest.raises(ValueError, match="bad period label"):
        period_from_label(label)
