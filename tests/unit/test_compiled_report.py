"""The compiled report (issue #20): sections and tasks in the document's order, recurring items
grouped, what units said once and attributed, the four-level target rating, the next period."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from dondoc.engine import period_words, reports
from dondoc.engine.calendar import WorkCalendar, period_from_label
from dondoc.engine.store.events import PlanEvent
from dondoc.engine.store.occurrences import StoredOccurrence
from dondoc.engine.validate import parse_plan

PLAN_YAML = """
dondoc: 1
plan: {id: tx, code: "12/KH-UBND", title: "Kế hoạch thử", issuer: "Ủy ban nhân dân xã Thử", issued: 2026-01-05}
committee: {name: "Ủy ban nhân dân xã Thử", secretariat: vp, members: [{name: "Trần Văn B", role: "Chủ tịch", email: "b@x.example.vn"}]}
units:
  - {id: vp, name: "Văn phòng", email: vp@x.example.vn}
  - {id: vh, name: "Phòng Văn hóa", email: vh@x.example.vn}
  - {id: so, name: "Sở Khoa học", external: true}
reporting: {cadences: [quarterly], due_offset: 1}
sections:
  - {id: "I", title: "Tuyên truyền"}
  - {id: "II", title: "Hạ tầng"}
targets:
  - {id: CT-1, title: "Tỷ lệ hồ sơ trực tuyến", measure: "%", milestones: {2025: 50, 2027: 90}, lead: vp}
tasks:
  - {id: "II.1", title: "Lắp đặt wifi", section: "II", lead: vh, due: 2026-05-20}
  - {id: "I.1", title: "Bản tin hằng tuần", section: "I", lead: vp, coordinators: [vh, so], repeat: weekly, start: 2026-01-05}
  - {id: "I.2", title: "Tuyên truyền thường xuyên", section: "I", lead: vh, coordinators: [vp], ongoing: true}
  - {id: "I.3", title: "Hội thi", section: "I", lead: vp, due: 2026-02-27, status: paused, status_reason: "Chờ kinh phí", paused_until: 2026-06-30}
"""
PLAN = parse_plan(PLAN_YAML.encode(), "tx.yaml").plan
CAL = WorkCalendar.build()
Q1 = period_from_label("2026-Q1")  # 15/12/2025 .. 14/03/2026
NOW = datetime(2026, 3, 20, 7, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
_ids = iter(range(1, 10_000))


def occ(task: str, unit: str, period: str, due: date | None, *, role: str = "lead", done: date | None = None) -> StoredOccurrence:
    start = None if due is None or task != "I.1" else due - timedelta(days=6)
    return StoredOccurrence(
        id=next(_ids), plan_id="tx", task_id=task, unit_id=unit, period=period, role=role, period_start=start,
        original_due=due, due=due, extension_until=None, state="done" if done else "not_started",
        progress=100 if done else 0, done_at=datetime(done.year, done.month, done.day, 3) if done else None,
        last_update_at=None, next_notice_on=None, steps_done=0, active=True,
    )  # fmt: skip


WEEKS = [(date(2026, 1, 11) + timedelta(weeks=n), f"2026-W{2 + n:02d}") for n in range(9)]  # weeks 2..10
ROWS = [
    # the weekly bulletin: weeks 2-4 done on time, 5 late, 6-10 never
    *(occ("I.1", "vp", label, due, done=due if n < 3 else due + timedelta(days=3) if n == 3 else None)
      for n, (due, label) in enumerate(WEEKS)),
    occ("I.2", "vh", "ongoing", None),
    occ("I.2", "vp", "ongoing", None, role="coordinator"),
    occ("I.3", "vp", "2026-02-27", date(2026, 2, 27)),
    occ("II.1", "vh", "2026-05-20", date(2026, 5, 20)),
    occ("report", "vp", "2026-Q1", date(2026, 3, 16), role="report"),
    occ("report", "vh", "2026-Q1", date(2026, 3, 16), role="report", done=date(2026, 3, 16)),
]  # fmt: skip
BY = {(r.task_id, r.unit_id): r for r in ROWS if r.task_id != "I.1"}


def said(kind: str, on: date, unit: str, task: str | None, **payload: Any) -> PlanEvent:
    row = BY.get((task, unit)) if task else None
    return PlanEvent(
        id=next(_ids), plan_id="tx", occurrence_id=row.id if row else None, target_id=payload.pop("target", None),
        kind=kind, actor=unit, source="<m@x>", line=1, payload=payload,
        at=datetime(on.year, on.month, on.day, 3), recorded_at=datetime(on.year, on.month, on.day, 3),
        task_id=task, unit_id=unit if row else None, period=row.period if row else None,
    )  # fmt: skip


EVENTS = [
    said("progress", date(2026, 1, 20), "vh", "I.2", text="Đã treo 12 băng rôn tại các thôn.", progress=None),
    said("progress", date(2026, 2, 10), "vp", "I.2", text="đã treo 12 băng rôn tại các thôn", progress=None),
    said("note", date(2026, 2, 11), "vh", "I.2", text="Thiếu kinh phí in ấn", label="obstacle"),
    said("blocked", date(2026, 2, 12), "vh", "II.1", text="Thiếu kinh phí in ấn."),
    said("note", date(2026, 3, 2), "vp", None, text="Đề nghị tập huấn cho cán bộ", label="proposal"),
    said("target_value", date(2025, 12, 20), "vp", None, target="CT-1", value=40, year=2025),
    said("target_value", date(2026, 3, 1), "vp", None, target="CT-1", value=55, year=2026),
]


@pytest.fixture(scope="module")
def report() -> reports.Report:
    return reports.build(PLAN, CAL, Q1, ROWS, EVENTS, NOW)


def test_sections_and_tasks_follow_the_document(report: reports.Report) -> None:
    # The plan lists II.1 first, but its section comes second; II.1 is in progress within its deadline.
    assert [(s.id, [t.task for t in s.tasks]) for s in report.sections] == [("I", ["I.1", "I.2", "I.3"]), ("II", ["II.1"])]
    assert report.sections[1].tasks[0].status_class == "on_track"


def test_a_recurring_task_is_grouped_by_class_and_its_weeks_said_in_words(report: reports.Report) -> None:
    weekly = report.sections[0].tasks[0]
    assert [(g.status_class, len(g.periods)) for g in weekly.groups] == [("overdue", 5), ("done_late", 1), ("done_on_time", 3)]
    assert period_words.periods_in_words(weekly.groups[0].periods, "vi") == "tuần 6–10/2026"
    assert weekly.status_class == "overdue" and weekly.coordinators == ("Phòng Văn hóa", "Sở Khoa học")


def test_the_same_sentence_is_said_once_with_everyone_who_said_it(report: reports.Report) -> None:
    ongoing = report.sections[0].tasks[1]
    [statement] = ongoing.statements
    assert statement.text == "Đã treo 12 băng rôn tại các thôn." and statement.on == date(2026, 1, 20)
    assert [(a.name, a.role) for a in statement.authors] == [("Phòng Văn hóa", "lead"), ("Văn phòng", "coordinator")]


def test_a_stopped_task_is_shown_stopped_with_its_reason(report: reports.Report) -> None:
    paused = report.sections[0].tasks[2]
    assert (paused.status_class, paused.stopped_reason) == ("stopped", "Chờ kinh phí")
    assert report.figures["stopped"] == 1 and report.figures.overdue == 5  # not counted overdue


def test_obstacles_once_across_tasks_and_proposals_of_the_plan(report: reports.Report) -> None:
    [group] = report.obstacles
    assert group.tasks == ("I.2", "II.1") and [m.text for m in group.remarks] == ["Thiếu kinh phí in ấn"]
    assert [g.tasks for g in report.proposals] == [()]


def test_a_target_whose_milestone_year_passed_unmet_is_not_attained() -> None:
    [target] = reports.build(PLAN, CAL, Q1, ROWS, EVENTS, NOW).targets
    assert (target.year, target.milestone, target.value) == (2027, 90, 55)  # this year has none: the next
    past = PLAN.model_copy(update={"targets": [PLAN.targets[0].model_copy(update={"milestones": {2025: 50}})]})
    [missed] = reports.build(past, CAL, Q1, ROWS, EVENTS, NOW).targets
    assert (missed.year, missed.assessment, missed.projected) == (2025, "attained", None)
    lower = past.model_copy(update={"targets": [past.targets[0].model_copy(update={"milestones": {2025: 60}})]})
    assert reports.build(lower, CAL, Q1, ROWS, EVENTS, NOW).targets[0].assessment == "missed"


def test_the_next_period_lists_its_deadlines_reports_and_a_recurring_task_once(report: reports.Report) -> None:
    upcoming = report.next_period.upcoming
    assert report.next_period.label == "2026-Q2"
    weekly = next(u for u in upcoming if u.code == "I.1")
    assert (weekly.kind, weekly.count) == ("recurring", 13)
    assert any(u.code == "II.1" and u.on == date(2026, 5, 20) for u in upcoming)
    assert any(u.kind == "report" and u.title == "2026-Q1" for u in upcoming)  # due 16/03, in the next period


def test_a_unit_that_did_not_report_owes_its_overdue_and_silent_items(report: reports.Report) -> None:
    [missing] = report.missing_reports
    assert missing.unit == "vp"
    assert {(o.task, o.reason) for o in missing.owes} == {("I.1", "overdue")}
    row = next(u for u in report.units if u.unit == "vp")
    assert (row.report, row.statements) == ("missing", 2)
