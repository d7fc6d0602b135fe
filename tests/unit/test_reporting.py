"""The reporting cycle (pure): one report per cut-off, the items it asks about, what is missing."""

from __future__ import annotations

from datetime import date

import pytest

from dondoc.engine.milestones import Point, judge, milestone_of
from dondoc.engine.occurrences import REPORT, expected
from dondoc.engine.plan import Plan
from dondoc.engine.plans import calendar_of
from dondoc.engine.reporting import NARRATIVE, ReportItem, Standing, report_items, report_period, report_periods
from dondoc.engine.validate import parse_plan
from dondoc.engine.vocabulary import ItemKind, Role
from tests.support.paths import FIXTURES

BASE = (FIXTURES / "minimal.yaml").read_text("utf-8")
START = date(2026, 1, 5)


def plan_of(text: str = BASE, cadences: str = "") -> Plan:
    if cadences:
        text = text.replace("targets:\n", f"reporting:\n  cadences: [{cadences}]\ntargets:\n", 1)
    return parse_plan(text.encode(), "p.yaml").plan


def test_periods_closing_the_same_day_make_one_report_labelled_with_the_longest() -> None:
    plan = plan_of(cadences="monthly, quarterly, semiannual, annual")
    found = list(report_periods(plan, date(2026, 1, 1), date(2026, 12, 14)))
    assert [p.label for p in found] == [
        "2026-01", "2026-02", "2026-Q1", "2026-04", "2026-05", "2026-H1",
        "2026-07", "2026-08", "2026-Q3", "2026-10", "2026-11", "2026",
    ]  # fmt: skip
    year = found[-1]
    assert (year.start, year.end, year.window_start) == (date(2025, 12, 15), date(2026, 12, 14), date(2026, 11, 15))
    assert year.covers == ("2026", "2026-H2", "2026-Q4", "2026-12")
    half = found[5]
    assert (half.covers, half.window_start) == (("2026-H1", "2026-Q2", "2026-06"), date(2026, 5, 15))


def test_a_stored_label_names_the_report_of_its_cut_off() -> None:
    plan = plan_of(cadences="quarterly, semiannual, annual")
    assert report_period(plan, "2026-H1").covers == ("2026-H1", "2026-Q2")
    assert report_period(plan, "2026-Q1").window_start == date(2025, 12, 15)
    assert report_period(plan, "2026-Q3").covers == ("2026-Q3",)


def test_a_unit_owes_one_report_per_cut_off_not_one_per_cadence() -> None:
    plan = plan_of(cadences="quarterly, semiannual, annual")
    found = [o for o in expected(plan, calendar_of(plan), START, date(2026, 12, 14)) if o.task_id == REPORT]
    assert [o.period for o in found if o.unit_id == "vp"] == ["2026-Q1", "2026-H1", "2026-Q3", "2026"]
    assert len({o.due for o in found if o.unit_id == "vp"}) == 4


def items(plan: Plan, unit: str, label: str, done: dict[str, date] | None = None) -> list[ReportItem]:
    return report_items(plan, unit, report_period(plan, label), start=START, done=done or {})


def test_the_items_are_the_units_tasks_and_the_targets_it_leads() -> None:
    plan = plan_of(cadences="quarterly")
    assert items(plan, "vp", "2026-Q1") == [ReportItem(code="1.1", kind=ItemKind.TASK, role=Role.LEAD)]
    q1 = items(plan, "vhxh", "2026-Q1")
    assert [(i.code, i.kind, i.role) for i in q1] == [
        ("1.1", "task", "coordinator"),
        ("1.2", "task", "lead"),
        ("2.1", "task", "lead"),
        ("CT-5G", "target", "lead"),
    ]
    assert q1[1].periods == ("2026-01", "2026-02", "2026-03")  # the monthly task's periods in the window


def test_a_one_off_task_finished_before_the_window_is_not_asked_again() -> None:
    plan = plan_of(cadences="quarterly")
    assert items(plan, "vp", "2026-Q2", {"1.1": date(2026, 2, 20)}) == [NARRATIVE]
    assert [i.code for i in items(plan, "vp", "2026-Q2", {"1.1": date(2026, 3, 20)})] == ["1.1"]
    assert [i.code for i in items(plan, "vp", "2026-Q2")] == ["1.1"]  # overdue and still open: asked again


def test_stopped_items_and_tasks_over_before_the_window_are_left_out() -> None:
    text = BASE.replace("    end: 2026-12-31\n", "    end: 2026-02-28\n")
    text = text.replace("    targets: [CT-5G]\n", "    targets: [CT-5G]\n    status: paused\n    status_reason: x\n"
                        "    paused_until: 2026-12-31\n")  # fmt: skip
    plan = plan_of(text, "quarterly")
    assert [i.code for i in items(plan, "vhxh", "2026-Q2")] == ["1.1", "CT-5G"]
    assert [i.code for i in items(plan, "vhxh", "2026-Q1")] == ["1.1", "1.2", "CT-5G"]


def test_what_is_missing_and_the_answered_share() -> None:
    owed = tuple(items(plan_of(cadences="quarterly"), "vhxh", "2026-Q1"))
    standing = Standing(owed, frozenset({"1.2", "CT-5G", "IV.9"}))
    assert (standing.missing, standing.done, standing.progress, standing.complete) == (["1.1", "2.1"], 2, 50, False)
    assert Standing(owed, frozenset(), document=True).missing == []
    assert Standing(owed, frozenset(i.code for i in owed)).complete


def test_a_unit_with_nothing_to_report_on_owes_its_narrative_report() -> None:
    assert Standing((NARRATIVE,), frozenset()).missing == [REPORT]
    assert Standing((NARRATIVE,), frozenset(), document=True).complete


TARGET = plan_of().targets[0]  # milestones {2026: 60, 2030: 100}


def test_the_milestone_in_view_is_the_years_else_the_next_else_the_last() -> None:
    found = [milestone_of(TARGET, y) for y in (2025, 2026, 2027, 2031)]
    assert found == [(2026, 60), (2026, 60), (2030, 100), (2030, 100)]


@pytest.mark.parametrize(
    ("points", "year", "expected_"),
    [
        ([Point(date(2026, 3, 1), 2026, 65)], 2030, (None, None)),  # short of 2030, whose year is ahead
        ([Point(date(2026, 3, 1), 2026, 65)], 2026, (True, False)),
        ([Point(date(2026, 3, 1), 2026, 40)], 2026, (False, None)),  # its year, short, no trend yet
        ([Point(date(2026, 1, 1), 2026, 10), Point(date(2026, 7, 1), 2026, 20)], 2030, (None, False)),
        ([Point(date(2026, 1, 1), 2026, 10), Point(date(2026, 7, 1), 2026, 11)], 2030, (None, True)),
    ],
)
def test_a_value_is_judged_against_its_own_years_milestone_and_the_trend_to_the_next(
    points: list[Point], year: int, expected_: tuple[bool | None, bool | None]
) -> None:
    j = judge(TARGET, year, points, date(2026, 12, 31))
    assert (j.attained, j.at_risk) == expected_
    assert j.year == year and j.milestone == TARGET.milestones[year]


# --- targets followed up ------------------------------------------------------------------------

from dondoc.engine import target_watch  # noqa: E402


def test_the_committee_hears_of_targets_the_working_day_after_the_reports_were_due() -> None:
    plan = plan_of(cadences="quarterly")
    cal = calendar_of(plan)
    q1 = report_period(plan, "2026-Q1")  # reports due Mon 16/03
    assert target_watch.follow_up_day(plan, cal, q1) == date(2026, 3, 17)
    assert target_watch.next_review(plan, cal, date(2026, 3, 17)) == date(2026, 3, 17)
    assert target_watch.next_review(plan, cal, date(2026, 3, 18)) == date(2026, 6, 16)  # 14/06 is a Sunday
    assert target_watch.reviewed(plan, cal, date(2026, 5, 1)) == q1  # after downtime: the latest one only
    without = BASE.split("targets:\n")[0] + "tasks:\n" + BASE.split("tasks:\n")[1].replace("    targets: [CT-5G]\n", "")
    no_targets = plan_of(without, "quarterly")
    assert target_watch.next_review(no_targets, cal, date(2026, 3, 17)) is None


def test_a_slow_trend_is_at_risk_and_a_silent_target_is_unreported() -> None:
    plan = plan_of(cadences="quarterly")
    cal, q1 = calendar_of(plan), report_period(plan, "2026-Q1")
    slow = {"CT-5G": [Point(date(2025, 12, 20), 2026, 10), Point(date(2026, 3, 10), 2026, 12)]}
    followed = target_watch.follow_up(plan, cal, q1, slow, date(2026, 3, 17))
    assert [w.code for w in followed.at_risk] == ["CT-5G"] and followed.unreported == []
    assert (followed.at_risk[0].year, followed.at_risk[0].milestone) == (2026, 60)
    silent = target_watch.follow_up(plan, cal, q1, {"CT-5G": [Point(date(2025, 11, 1), 2025, 70)]}, date(2026, 3, 17))
    assert [(w.code, w.never) for w in silent.unreported] == [("CT-5G", False)] and silent.says_something
    fine = target_watch.follow_up(plan, cal, q1, {"CT-5G": [Point(date(2026, 3, 1), 2026, 61)]}, date(2026, 3, 17))
    assert not fine.says_something
