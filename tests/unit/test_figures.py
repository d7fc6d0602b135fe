"""The figures every surface shows, defined once: windows, status classes, the overdue share."""

from __future__ import annotations

from datetime import date

from dondoc.engine import figures
from dondoc.engine.figures import ReportState, StatusClass, Window
from tests.support.quarter import ROWS, occ, utc

TZ = "Asia/Ho_Chi_Minh"
Q1 = Window(start=date(2025, 12, 15), as_of=date(2026, 3, 14))


def test_items_are_what_units_lead_in_the_window() -> None:
    tasks = sorted(r.task_id for r in figures.items(ROWS, Q1, TZ))
    assert tasks == ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1"]  # 0.9 done before; coordinators and reports aside


def test_the_share_is_overdue_over_fallen_due_and_tasks_count_once() -> None:
    weekly = [occ("W", "vp", date(2026, 3, d)) for d in (2, 9)]  # two weeks of one task, both overdue
    f = figures.count([*ROWS, *weekly], Q1, TZ)
    assert (f.tasks, f.items, f.due, f.overdue, f.tasks_overdue) == (7, 8, 6, 4, 3)
    assert f.share == round(100 * 4 / 6, 1) and f.in_progress == 6 and f.done == 2


def test_a_day_decides_the_class_and_a_deadline_day_is_not_late() -> None:
    row = occ("X", "vp", date(2026, 3, 10), done=date(2026, 3, 12))
    assert figures.status_of(row, date(2026, 3, 10), TZ) == StatusClass.ON_TRACK
    assert figures.status_of(row, date(2026, 3, 11), TZ) == StatusClass.OVERDUE
    assert figures.status_of(row, date(2026, 3, 12), TZ) == StatusClass.DONE_LATE
    assert figures.count([row], Window(start=date(2026, 3, 1), as_of=date(2026, 3, 10)), TZ).due == 1


def test_a_stopped_task_is_neither_due_nor_overdue_unless_done() -> None:
    open_row, done_row = occ("S", "vp", date(2026, 3, 2)), occ("S", "tc", date(2026, 3, 2), done=date(2026, 3, 2))
    f = figures.count([open_row, done_row], Q1, TZ, stopped={"S"})
    assert (f["stopped"], f["done_on_time"], f.due, f.overdue) == (1, 1, 1, 0)


def test_the_day_done_is_the_plan_s_local_day() -> None:
    evening = occ("E", "vp", date(2026, 3, 10))._replace(state="done", done_at=utc(date(2026, 3, 10), hour=16))
    assert figures.status_of(evening, date(2026, 3, 14), TZ) == StatusClass.DONE_ON_TIME  # 23:00 on the 10th
    night = evening._replace(done_at=utc(date(2026, 3, 10), hour=18))
    assert figures.status_of(night, date(2026, 3, 14), TZ) == StatusClass.DONE_LATE  # 01:00 on the 11th


def test_the_on_time_rate_and_reports() -> None:
    by_unit = figures.by_unit(ROWS, Q1, TZ)
    assert by_unit["vp"].on_time_rate == round(100 / 3, 1) and by_unit["vhxh"].on_time_rate == 0.0
    states = figures.reports(ROWS, "2026-Q1", date(2026, 3, 17))
    assert {u: s for u, (s, _) in states.items()} == {
        "vp": ReportState.RECEIVED,
        "vhxh": ReportState.MISSING,
        "tc": ReportState.MISSING,
    }
    assert figures.reports(ROWS, "2026-Q1", date(2026, 3, 16))["tc"][0] == ReportState.PENDING


def test_overdue_items_are_the_same_whatever_the_window() -> None:
    late = figures.overdue(ROWS, date(2026, 3, 14), TZ)
    assert sorted(r.task_id for r in late) == ["1.3", "1.5"]
    assert len(late) == figures.count(ROWS, Q1, TZ).overdue
