"""The report model on a hand-built quarter: every status class, targets, remarks, reports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from dondoc.engine import emails, reports
from dondoc.engine.calendar import WorkCalendar, period_from_label
from dondoc.engine.store.events import PlanEvent
from dondoc.engine.store.occurrences import StoredOccurrence
from dondoc.engine.validate import parse_plan

PLAN_YAML = """
dondoc: 1
plan: {id: bc, code: "05/KH-UBND", title: "Kế hoạch thử", issuer: "UBND xã Thử", place: "Thử"}
committee:
  name: "Ban Chỉ đạo xã Thử"
  secretariat: vp
  members: [{name: "Nguyễn Văn A", role: "Trưởng ban", email: "a@x.example.vn"}]
units:
  - {id: vp, name: "Văn phòng", email: vp@x.example.vn}
  - {id: vhxh, name: "Phòng Văn hóa - Xã hội", email: vhxh@x.example.vn}
  - {id: tc, name: "Tổ công nghệ số", email: tc@x.example.vn}
reporting: {cadences: [quarterly, annual], due_offset: 1}
targets:
  - {id: CT-A, title: "Chậm", measure: "%", milestones: {2026: 60}, lead: vhxh}
  - {id: CT-B, title: "Nhanh", measure: "%", milestones: {2026: 50}, lead: vhxh}
  - {id: CT-C, title: "Chưa có số liệu", milestones: {2026: 10, 2030: 20}, lead: vp}
tasks:
  - {id: "0.9", title: "Xong từ năm trước", lead: vp, due: 2025-11-30}
  - {id: "1.1", title: "Đúng hạn", lead: vp, coordinators: [vhxh], due: 2026-02-27}
  - {id: "1.2", title: "Trễ hạn", lead: vhxh, due: 2026-01-30}
  - {id: "1.3", title: "Quá hạn", lead: vp, due: 2026-03-05}
  - {id: "1.4", title: "Trong hạn", lead: vhxh, due: 2026-04-30}
  - {id: "1.5", title: "Xong sau kỳ", lead: vp, due: 2026-03-10}
  - {id: "2.1", title: "Thường xuyên", lead: vhxh, ongoing: true}
"""
PLAN = parse_plan(PLAN_YAML.encode(), "bc.yaml").plan
CAL = WorkCalendar.build()
Q1 = period_from_label("2026-Q1")  # 15/12/2025 .. 14/03/2026
NOW = datetime(2026, 3, 20, 7, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
_ids = iter(range(1, 1000))


def utc(day: date, hour: int = 3) -> datetime:
    """A stored moment: naive UTC (03:00 UTC is 10:00 in Hà Nội)."""
    return datetime(day.year, day.month, day.day, hour)


def occ(
    task: str, unit: str, due: date | None, *, role: str = "lead", done: date | None = None, **more: Any
) -> StoredOccurrence:
    row = StoredOccurrence(
        id=next(_ids),
        plan_id="bc",
        task_id=task,
        unit_id=unit,
        period=due.isoformat() if due else "2026-Q1",
        role=role,
        period_start=None,
        original_due=due,
        due=due,
        extension_until=None,
        state="done" if done else "not_started",
        progress=100 if done else 0,
        done_at=utc(done) if done else None,
        last_update_at=None,
        next_notice_on=None,
        steps_done=0,
        active=True,
    )
    return row._replace(**more)


ROWS = [
    occ("0.9", "vp", date(2025, 11, 30), done=date(2025, 11, 20)),
    occ("1.1", "vp", date(2026, 2, 27), done=date(2026, 2, 26)),
    occ("1.1", "vhxh", date(2026, 2, 27), role="coordinator"),
    occ("1.2", "vhxh", date(2026, 1, 30), done=date(2026, 2, 5)),
    occ("1.3", "vp", date(2026, 3, 5), state="in_progress", progress=40),
    occ("1.4", "vhxh", date(2026, 4, 30)),
    occ("1.5", "vp", date(2026, 3, 10), done=date(2026, 3, 18)),
    occ("2.1", "vhxh", None),
    occ("report", "vp", date(2026, 3, 16), role="report", period="2026-Q1", done=date(2026, 3, 16)),
    occ("report", "vhxh", date(2026, 3, 16), role="report", period="2026-Q1"),
    occ("report", "tc", date(2026, 3, 16), role="report", period="2026-Q1"),
]
BY_TASK = {(r.task_id, r.unit_id): r for r in ROWS}


def event(kind: str, on: date, *, task: str | None = None, unit: str = "vp", **payload: Any) -> PlanEvent:
    row = BY_TASK.get((task, unit)) if task else None
    return PlanEvent(
        id=next(_ids),
        plan_id="bc",
        occurrence_id=row.id if row else None,
        target_id=payload.pop("target", None),
        kind=kind,
        actor=unit,
        source="<m@x>",
        line=1,
        payload=payload,
        at=utc(on),
        recorded_at=utc(on),
        task_id=task,
        unit_id=unit if row else None,
        period=row.period if row else None,
    )


EVENTS = [
    event("target_value", date(2026, 1, 10), unit="vhxh", target="CT-A", value=10, year=2026),
    event("target_value", date(2026, 1, 10), unit="vhxh", target="CT-B", value=30, year=2026),
    event("target_value", date(2026, 3, 1), unit="vhxh", target="CT-A", value=15, year=2026),
    event("target_value", date(2026, 3, 1), unit="vhxh", target="CT-B", value=45, year=2026),
    event("note", date(2026, 3, 2), unit="vhxh", text="Thiếu kinh phí", label="obstacle"),
    event("extension_requested", date(2026, 3, 9), task="1.3", until="2026-03-31", text="chờ hướng dẫn"),
    event("blocked", date(2026, 3, 10), task="1.3", text="Chờ hướng dẫn của huyện", progress=None),
    event("extension_refused", date(2026, 3, 11), task="1.3", until=None, text=None),
    event("progress", date(2026, 3, 12), task="1.5", progress=60, text="đang làm"),
    event("note", date(2026, 3, 16), unit="vhxh", text="Đề nghị bổ sung kinh phí", label="proposal"),
    event("note", date(2026, 3, 19), unit="vp", text="Sau hạn báo cáo", label="proposal"),
    event("done", date(2026, 3, 18), task="1.5", progress=100),
]


@pytest.fixture(scope="module")
def report() -> reports.Report:
    return reports.build(PLAN, CAL, Q1, ROWS, EVENTS, NOW)


def test_the_report_is_as_of_the_cut_off_and_collects_remarks_until_reports_are_due(report: reports.Report) -> None:
    assert (report.period, report.as_of, report.remarks_until) == ("2026-Q1", date(2026, 3, 14), date(2026, 3, 16))


def test_every_status_class_is_counted_and_done_before_the_period_is_left_out(report: reports.Report) -> None:
    assert report.counts == {"done_on_time": 1, "done_late": 1, "on_track": 1, "overdue": 2, "no_deadline": 1}
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
    assert report.headline == reports.Headline(due=4, overdue=2, share=50.0)


def test_an_item_done_after_the_cut_off_shows_the_progress_reported_before_it(report: reports.Report) -> None:
    late = next(i for i in report.items if i.task == "1.5")
    assert (late.progress, late.done_on) == (60, None)


def test_the_overdue_list_counts_working_days_and_shows_the_last_update(report: reports.Report) -> None:
    assert [(i.task, i.days_overdue) for i in report.overdue] == [("1.3", 6), ("1.5", 3)]
    last = report.overdue[0].last_update
    assert last is not None and (last.on, last.kind) == (date(2026, 3, 11), "extension_refused")


def test_units_table_and_the_units_that_did_not_report(report: reports.Report) -> None:
    rows = {u.unit: u for u in report.units}
    assert (rows["vp"].assigned, rows["vp"].done, rows["vp"].overdue, rows["vp"].report) == (3, 1, 2, "received")
    assert (rows["vhxh"].assigned, rows["vhxh"].coordinating, rows["vhxh"].report) == (3, 1, "missing")
    assert (rows["tc"].assigned, rows["tc"].report) == (0, "missing")
    assert [m.unit for m in report.missing_reports] == ["vhxh", "tc"]


def test_a_slow_trend_is_at_risk_a_fast_one_is_not_and_no_data_is_unknown(report: reports.Report) -> None:
    targets = {t.target: t for t in report.targets}
    assert (targets["CT-A"].value, targets["CT-A"].attainment, targets["CT-A"].assessment) == (15, 25.0, "at_risk")
    assert targets["CT-B"].assessment == "on_course" and targets["CT-B"].projected > 50  # type: ignore[operator]
    assert (targets["CT-C"].value, targets["CT-C"].year, targets["CT-C"].assessment) == (None, 2026, "unknown")


def test_obstacles_proposals_and_extensions_within_the_window(report: reports.Report) -> None:
    assert [(m.unit, m.text) for m in report.obstacles] == [
        ("vhxh", "Thiếu kinh phí"),
        ("vp", "Chờ hướng dẫn của huyện"),
    ]
    assert [m.text for m in report.proposals] == ["Đề nghị bổ sung kinh phí"]  # 19/3 is after reports were due
    assert [(e.task, e.decision, e.until) for e in report.extensions] == [
        ("1.3", "requested", date(2026, 3, 31)),
        ("1.3", "refused", None),
    ]


def test_json_has_stable_keys_and_iso_dates(report: reports.Report) -> None:
    data = report.to_json()
    assert data["headline"] == {"due": 4, "overdue": 2, "share": 50.0}
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
