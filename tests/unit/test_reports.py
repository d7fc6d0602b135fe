"""The report model on a hand-built quarter: every status class, targets, remarks, reports."""

from __future__ import annotations

from datetime import date

import pytest

from dondoc.engine import emails, reports
from tests.support.quarter import CAL, EVENTS, NOW, PLAN, Q1, ROWS


@pytest.fixture(scope="module")
def report() -> reports.Report:
    return reports.build(PLAN, CAL, Q1, ROWS, EVENTS, NOW)


def test_the_report_is_as_of_the_cut_off_and_collects_remarks_until_reports_are_due(report: reports.Report) -> None:
    assert (report.period, report.as_of, report.remarks_until) == ("2026-Q1", date(2026, 3, 14), date(2026, 3, 16))


def test_every_status_class_is_counted_and_done_before_the_period_is_left_out(report: reports.Report) -> None:
    assert dict(report.figures.classes) == {
        "done_on_time": 1,
        "done_late": 1,
        "on_track": 1,
        "overdue": 2,
        "no_deadline": 1,
        "stopped": 0,
    }
    assert "0.9" not in {i.task for i in report.items}
    classes = {i.task: i.status_class for i in report.items}
    assert classes == {
        "1.1": "done_on_time",
        "1.2": "done_late",
        "1.3": "overdue",
        "1.4": "on_track",
        "1.5": "overdue",  # done on 18/3, after the cut-off: still open on 14/3
        "2.1": "no_deadline",
    }


def test_the_headline_is_overdue_over_due(report: reports.Report) -> None:
    f = report.figures
    assert (f.tasks, f.items, f.due, f.overdue, f.share, f.tasks_overdue) == (6, 6, 4, 2, 50.0, 2)


def test_an_item_done_after_the_cut_off_shows_the_progress_reported_before_it(report: reports.Report) -> None:
    late = next(i for i in report.items if i.task == "1.5")
    assert (late.progress, late.done_on) == (60, None)


def test_the_overdue_list_counts_working_days_and_shows_the_last_update(report: reports.Report) -> None:
    assert [(i.task, i.days_overdue) for i in report.overdue] == [("1.3", 6), ("1.5", 3)]
    last = report.overdue[0].last_update
    assert last is not None and (last.on, last.kind) == (date(2026, 3, 11), "extension_refused")


def test_units_table_and_the_units_that_did_not_report(report: reports.Report) -> None:
    rows = {u.unit: u for u in report.units}
    vp, vhxh, tc = rows["vp"], rows["vhxh"], rows["tc"]
    assert (vp.figures.items, vp.figures.done, vp.figures.overdue, vp.report) == (3, 1, 2, "received")
    assert (vhxh.figures.items, vhxh.coordinating, vhxh.report) == (3, 1, "missing")
    assert (tc.figures.items, tc.report) == (0, "missing")
    assert [m.unit for m in report.missing_reports] == ["vhxh", "tc"]
    owes = {m.unit: [(o.task, o.reason) for o in m.owes] for m in report.missing_reports}
    assert owes == {"vhxh": [("2.1", "silent")], "tc": []}  # vhxh said nothing of its ongoing duty


def test_a_slow_trend_is_at_risk_a_fast_one_is_not_and_no_data_is_unknown(report: reports.Report) -> None:
    targets = {t.target: t for t in report.targets}
    assert (targets["CT-A"].value, targets["CT-A"].attainment, targets["CT-A"].assessment) == (15, 25.0, "at_risk")
    assert targets["CT-B"].assessment == "on_course" and targets["CT-B"].projected > 50  # type: ignore[operator]
    assert (targets["CT-C"].value, targets["CT-C"].year, targets["CT-C"].assessment) == (None, 2026, "no_data")


def test_obstacles_proposals_and_extensions_within_the_window(report: reports.Report) -> None:
    obstacles = [(g.tasks, m.authors[0].unit, m.text) for g in report.obstacles for m in g.remarks]
    assert obstacles == [((), "vhxh", "Thiếu kinh phí"), (("1.3",), "vp", "Chờ hướng dẫn của huyện")]
    proposals = [m.text for g in report.proposals for m in g.remarks]
    assert proposals == ["Đề nghị bổ sung kinh phí"]  # 19/3 is after reports were due
    assert [(e.task, e.decision, e.until) for e in report.extensions] == [
        ("1.3", "requested", date(2026, 3, 31)),
        ("1.3", "refused", None),
    ]


def test_json_has_stable_keys_and_iso_dates(report: reports.Report) -> None:
    data = report.to_json()
    assert data["headline"] == {"tasks": 6, "items": 6, "due": 4, "overdue": 2, "share": 50.0}
    assert data["period_start"] == "2025-12-15" and data["as_of"] == "2026-03-14"
    assert set(data) >= {"plan", "period", "counts", "units", "overdue", "items", "targets", "missing_reports"}


@pytest.mark.parametrize(
    ("today", "label"),
    [(date(2026, 3, 16), "2026-Q1"), (date(2026, 3, 14), "2026-Q1"), (date(2026, 3, 13), "2025-Q4")],
)
def test_the_default_period_is_the_last_closed_one_of_the_shortest_cadence(today: date, label: str) -> None:
    assert reports.default_period(PLAN, today).label == label


@pytest.mark.parametrize(("lang", "expected"), [("vi", "1.234,5 · 60 · 0,25"), ("en", "1,234.5 · 60 · 0.25")])
def test_numbers_are_written_as_each_language_writes_them(lang: str, expected: str) -> None:
    template = emails.environment().from_string("{{ 1234.5|number }} · {{ 60|number }} · {{ 0.25|number }}")
    template.name = f"{lang}/inline.j2"
    assert template.render() == expected
