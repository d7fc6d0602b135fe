"""A hand-built quarter (Q1 2026) of a small plan: every status class, targets, remarks, reports.

The occurrences and events are shaped as the store returns them; the report model's unit tests
and the renderers' integration tests both build their report from them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

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
