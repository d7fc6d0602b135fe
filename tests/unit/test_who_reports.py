"""Who reports: external units and `reporting.from`, as the plan says, validates and runs them."""

from __future__ import annotations

from datetime import date

import pytest

from dondoc.engine.calendar import WorkCalendar
from dondoc.engine.checks import OccurrenceRow, audiences
from dondoc.engine.errors import PlanInvalid
from dondoc.engine.occurrences import REPORT, Step, expected
from dondoc.engine.plan import Plan
from dondoc.engine.revisions import describe, diff
from dondoc.engine.validate import parse_plan
from tests.support.paths import FIXTURES

BASE = (FIXTURES / "minimal.yaml").read_text("utf-8")
# A provincial department named as a partner: no address, coordinator of 1.1 and of the target.
SO = '  - id: so-khcn\n    name: "Sở Khoa học và Công nghệ"\n    external: true\ntargets:\n'
CAL = WorkCalendar.build()


def with_external(text: str = BASE) -> str:
    text = text.replace("targets:\n", SO, 1)
    text = text.replace("    lead: vp\n    coordinators: [vhxh]", "    lead: vp\n    coordinators: [vhxh, so-khcn]")
    return text.replace("    lead: vhxh\ntasks:", "    lead: vhxh\n    coordinators: [so-khcn]\ntasks:")


def plan_of(text: str) -> Plan:
    return parse_plan(text.encode(), "p.yaml").plan


def problems(text: str) -> list[str]:
    with pytest.raises(PlanInvalid) as info:
        parse_plan(text.encode(), "p.yaml")
    return [str(p) for p in info.value.problems]


def test_an_external_unit_needs_no_address_and_may_coordinate() -> None:
    plan = plan_of(with_external())
    assert plan.unit("so-khcn").external and plan.unit("so-khcn").email == []
    assert plan.task("1.1").coordinators == ["vhxh", "so-khcn"]


def test_every_other_unit_still_needs_an_address() -> None:
    text = BASE.replace("    email: vp@xa.example.vn\n", "")
    assert problems(text) == ["p.yaml:13:5: thiếu khóa bắt buộc `email`"]
    assert problems(BASE.replace("email: vp@xa.example.vn", "email: []")) == ["p.yaml:15:12: cần ít nhất một mục"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            '    title: "Phủ sóng 5G"\n    lead: vhxh',
            '    title: "Phủ sóng 5G"\n    lead: so-khcn',
            "p.yaml:44:11: đơn vị `so-khcn` là đơn vị ngoài (external: ngoài thẩm quyền của kế hoạch), không thể chủ "
            "trì nhiệm vụ `2.1`: để đơn vị này phối hợp và giao chủ trì cho một đơn vị của kế hoạch",
        ),
        (
            "    lead: vhxh\n    coordinators: [so-khcn]\ntasks:",
            "    lead: so-khcn\ntasks:",
            "p.yaml:28:11: đơn vị `so-khcn` là đơn vị ngoài (external: ngoài thẩm quyền của kế hoạch), không thể chủ "
            "trì chỉ tiêu `CT-5G`: để đơn vị này phối hợp và giao chủ trì cho một đơn vị của kế hoạch",
        ),
        (
            "  secretariat: vp\n",
            "  secretariat: so-khcn\n",
            "p.yaml:9:16: đơn vị `so-khcn` là đơn vị ngoài (external), không thể là cơ quan thường trực của Ban Chỉ "
            "đạo: cơ quan thường trực nhận mọi thư gửi Ban Chỉ đạo",
        ),
        (
            "targets:\n  - id: CT-5G",
            "reporting:\n  to: so-khcn\ntargets:\n  - id: CT-5G",
            "p.yaml:24:7: đơn vị `so-khcn` là đơn vị ngoài (external), không thể là đầu mối tổng hợp báo cáo "
            "(`reporting.to`): báo cáo của các đơn vị được gửi về đó",
        ),
        (
            "targets:\n  - id: CT-5G",
            "reporting:\n  from: [vhxh, so-khcn]\ntargets:\n  - id: CT-5G",
            "p.yaml:24:16: đơn vị `so-khcn` là đơn vị ngoài (external), không có nghĩa vụ báo cáo: bỏ đơn vị này "
            "khỏi `reporting.from`",
        ),
        (
            "targets:\n  - id: CT-5G",
            "reporting:\n  from: [vhxh, vpp]\ntargets:\n  - id: CT-5G",
            "p.yaml:24:16: không có đơn vị `vpp`; gần nhất: vp, vhxh, so-khcn",
        ),
        (
            "targets:\n  - id: CT-5G",
            "reporting:\n  frm: [vhxh]\ntargets:\n  - id: CT-5G",
            "p.yaml:24:3: khóa không hợp lệ `frm` (có phải là `from`?)",
        ),
    ],
)
def test_what_an_external_unit_cannot_be_is_said_at_its_node(old: str, new: str, expected: str) -> None:
    text = with_external()
    assert text.count(old) == 1, old
    assert problems(text.replace(old, new)) == [expected]


def test_the_same_mistakes_in_english() -> None:
    text = with_external().replace("  issued: 2026-01-05", "  issued: 2026-01-05\n  language: en")
    text = text.replace("  secretariat: vp\n", "  secretariat: so-khcn\n")
    text = text.replace('    title: "Phủ sóng 5G"\n    lead: vhxh', '    title: "Phủ sóng 5G"\n    lead: so-khcn')
    text = text.replace("targets:\n  - id: CT-5G", "reporting:\n  to: so-khcn\n  from: [so-khcn]\ntargets:\n  - id: CT-5G")
    assert problems(text) == [
        "p.yaml:10:16: unit `so-khcn` is external and cannot be the committee's secretariat: the secretariat "
        "receives everything the committee receives",
        "p.yaml:25:7: unit `so-khcn` is external and cannot compile the reports (`reporting.to`): the units' "
        "reports are sent to it",
        "p.yaml:26:10: unit `so-khcn` is external and owes no report: remove it from `reporting.from`",
        "p.yaml:48:11: unit `so-khcn` is external (outside the plan's authority) and cannot lead task `2.1`: "
        "keep it as a coordinator and give the lead to a unit of the plan",
    ]


def test_by_default_the_leads_of_tasks_and_targets_report_not_mere_coordinators() -> None:
    text = BASE.replace("    lead: vhxh\ntasks:", "    lead: vp\ntasks:")  # the target's lead
    text = text.replace("    lead: vhxh\n    repeat", "    lead: vp\n    repeat").replace(
        "    lead: vhxh\n    ongoing", "    lead: vp\n    ongoing"
    )
    assert plan_of(text).reporting_units == ["vp"]  # vhxh only coordinates 1.1
    assert plan_of(with_external()).reporting_units == ["vp", "vhxh"]  # plan order, never the external unit


def test_reporting_from_names_who_reports_in_its_own_order() -> None:
    text = BASE.replace("targets:\n  - id: CT-5G", "reporting:\n  from: [vhxh]\ntargets:\n  - id: CT-5G")
    plan = plan_of(text)
    assert plan.reporting_units == ["vhxh"]
    assert '"from":["vhxh"]' in plan.model_dump_json()  # stored revisions keep the contract's key
    assert Plan.model_validate_json(plan.model_dump_json()).reporting_units == ["vhxh"]


def test_an_external_unit_owes_nothing_not_even_as_a_coordinator() -> None:
    plan = plan_of(with_external())
    found = list(expected(plan, CAL, date(2026, 1, 5), date(2026, 12, 31)))
    assert found and not [o for o in found if o.unit_id == "so-khcn"]
    assert {o.unit_id for o in found if o.task_id == REPORT} == {"vp", "vhxh"}
    assert {(o.unit_id, o.role) for o in found if o.task_id == "1.1"} == {("vp", "lead"), ("vhxh", "coordinator")}


def test_a_coordinators_escalation_skips_an_external_coordinator() -> None:
    plan = plan_of(with_external())
    row = OccurrenceRow(1, "1.1", "vp", "2026-02-27", "lead", date(2026, 2, 27), None, "not_started", 0, 3)
    step = Step("e5", "escalation", date(2026, 3, 6), ("lead", "coordinators", "committee"))
    assert [a.key for a in audiences(plan, row, step)] == ["unit:vp", "unit:vhxh", "committee"]


def test_a_revision_says_who_is_no_longer_written_to_and_who_reports() -> None:
    inside = BASE.replace("targets:\n", '  - id: tn\n    name: "Đoàn Thanh niên"\n    email: tn@xa.example.vn\ntargets:\n')
    inside = inside.replace("    lead: vp\n    coordinators: [vhxh]", "    lead: vp\n    coordinators: [vhxh, tn]")
    outside = inside.replace("    email: tn@xa.example.vn\n", "    external: true\n")
    outside = outside.replace("targets:\n  - id: CT-5G", "reporting:\n  from: [vhxh]\ntargets:\n  - id: CT-5G")
    assert describe(diff(plan_of(inside), plan_of(outside)), "en") == [
        "Unit tn (Đoàn Thanh niên) is now external: dondoc no longer writes to it and it owes no report",
        "Units that owe periodic reports: Văn phòng HĐND và UBND, Phòng Văn hóa - Xã hội → Phòng Văn hóa - Xã hội",
    ]
    assert describe(diff(plan_of(outside), plan_of(inside)))[0] == (
        "Đơn vị tn (Đoàn Thanh niên) không còn là đơn vị ngoài: dondoc gửi thư cho đơn vị này"
    )
