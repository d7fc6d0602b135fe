"""Every plan rule, with the exact line:col of the problem and its message."""

from __future__ import annotations

from pathlib import Path

import pytest

from dondoc.engine.errors import PlanInvalid
from dondoc.engine.validate import parse_plan, read_plan
from tests.support.paths import FIXTURES

BASE = (FIXTURES / "minimal.yaml").read_text("utf-8")


def problems(text: str | bytes, name: str = "p.yaml") -> list[str]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(PlanInvalid) as info:
        parse_plan(raw, name)
    return [str(p) for p in info.value.problems]


def edit(old: str, new: str, text: str = BASE) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_the_minimal_plan_is_valid() -> None:
    source = parse_plan(BASE.encode(), "p.yaml")
    assert [t.id for t in source.plan.tasks] == ["1.1", "1.2", "2.1"]
    assert source.plan.unit("vhxh").email == ["vhxh@xa.example.vn", "vhxh2@xa.example.vn"]
    assert source.plan.report_to == "vp"  # defaults to the secretariat
    assert [s.after for s in source.plan.escalation] == [1, 5, 10]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  issued: 2026-01-05", "  isued: 2026-01-05", "p.yaml:6:3: khóa không hợp lệ `isued` (có phải là `issued`?)"),
        (
            "  issued: 2026-01-05",
            "  issued: 2026-01-05\n  body: đảng",
            "p.yaml:7:9: `đảng` không thuộc các giá trị: state, party (có phải là `party`?)",
        ),
        (
            "  issued: 2026-01-05",
            "  issued: 2026-01-05\n  superior: [ĐẢNG BỘ]",
            "p.yaml:7:13: cần một chuỗi văn bản, nhận được một danh sách",
        ),
        (
            "    lead: vhxh\ntasks:",
            "    lead: vhxh\n    colour: red\ntasks:",
            "p.yaml:26:5: khóa không hợp lệ `colour`; các khóa dùng được ở đây: id, title, measure, direction, milestones, lead, coordinators, description, status, status_reason, status_since, paused_until",
        ),
        ("  secretariat: vp\n", "  secretariat: vpp\n", "p.yaml:9:16: không có đơn vị `vpp`; gần nhất: vp, vhxh"),
        (
            "    lead: vp\n    coordinators: [vhxh]",
            "    lead: vp\n    coordinators: [vhxx]",
            "p.yaml:30:20: không có đơn vị `vhxx`; gần nhất: vhxh, vp",
        ),
        ("    targets: [CT-5G]", "    targets: [CT-5X]", "p.yaml:42:15: không có chỉ tiêu `CT-5X`; gần nhất: CT-5G"),
        (
            '    depends_on: ["1.1"]',
            '    depends_on: ["1.9"]',
            "p.yaml:43:18: không có nhiệm vụ `1.9`; gần nhất: 1.1, 1.2, 2.1",
        ),
        ("    due: 2026-02-27", "    due: 2026-02-30", "p.yaml:31:10: `2026-02-30` không phải là ngày có thật"),
        (
            "    due: 2026-02-27",
            "    due: 27/02/2026",
            "p.yaml:31:10: `27/02/2026` không phải ngày: viết theo dạng YYYY-MM-DD, ví dụ 2026-03-31",
        ),
        ("email: vp@xa.example.vn", "email: vp@xa", "p.yaml:15:12: `vp@xa` không phải địa chỉ email hợp lệ"),
        ("  - id: vhxh", "  - id: vp", "p.yaml:17:9: mã đơn vị `vp` bị dùng hai lần (lần đầu ở dòng 13)"),
        ('  - id: "1.2"', '  - id: "1.1"', "p.yaml:32:9: mã nhiệm vụ `1.1` bị dùng hai lần (lần đầu ở dòng 27)"),
        (
            "    due: 2026-02-27",
            "    due: 2026-02-27\n    repeat: monthly",
            "p.yaml:32:5: nhiệm vụ `1.1` có cả `due`, `repeat`: chỉ giữ một trong `due`, `repeat`, `ongoing`",
        ),
        (
            "    ongoing: true\n",
            "",
            "p.yaml:38:5: nhiệm vụ `2.1` cần đúng một trong `due` (thời hạn), `repeat` (định kỳ) hoặc `ongoing: true` (thường xuyên)",
        ),
        ("    end: 2026-12-31", "    end: 2025-12-31", "p.yaml:37:10: `end` (2025-12-31) trước `start` (2026-01-01)"),
        (
            "    due: 2026-02-27",
            "    due: 2026-02-27\n    start: 2026-01-01",
            "p.yaml:32:5: `start` chỉ dùng cho nhiệm vụ có `repeat` hoặc `ongoing`",
        ),
        (
            "    coordinators: [vhxh]",
            "    coordinators: [vp]",
            "p.yaml:30:20: đơn vị `vp` đã là đơn vị chủ trì, không thể đồng thời là đơn vị phối hợp",
        ),
        (
            "    repeat: monthly",
            "    repeat: fortnightly",
            "p.yaml:35:13: `fortnightly` không thuộc các giá trị: weekly, monthly, quarterly, semiannual, annual",
        ),
        (
            "  - id: vp\n",
            "  - id: VP Xa\n",
            "p.yaml:13:9: `VP Xa` không phải mã hợp lệ: dùng chữ thường không dấu, chữ số, dấu gạch ngang và gạch dưới",
        ),
        (
            "    milestones: {2026: 60, 2030: 100}",
            "    milestones: {2026: 60, 1800: 100}",
            "p.yaml:24:28: `1800` không phải năm từ 2000 đến 2100",
        ),
        (
            "    milestones: {2026: 60, 2030: 100}",
            "    milestones: {2026: sixty}",
            "p.yaml:24:24: cần một số, nhận được `sixty`",
        ),
        ('  title: "Kế hoạch thử"\n', "", "p.yaml:2:1: thiếu khóa bắt buộc `title`"),
        ("dondoc: 1\n", "dondoc: 2\n", "p.yaml:1:9: không hỗ trợ phiên bản định dạng `2`: dondoc này đọc phiên bản 1"),
        ("dondoc: 1\n", "", "p.yaml:1:1: thiếu `dondoc: 1` (phiên bản định dạng kế hoạch)"),
        (
            '  code: "01/KH-UBND"',
            '  code: "01/KH-UBND"\n  code: "02"',
            "p.yaml:5:3: khóa `code` bị lặp (đã có ở dòng 4)",
        ),
        (
            "  - id: vp\n",
            "  - id: vp\n\tx: 1\n",
            "p.yaml:14:1: có ký tự tab ở đầu dòng: YAML chỉ thụt lề bằng dấu cách",
        ),
    ],
)
def test_each_rule_points_at_its_node(old: str, new: str, expected: str) -> None:
    assert expected in problems(edit(old, new))


def test_a_dependency_cycle_is_named_at_the_edge_that_closes_it() -> None:
    text = edit("    due: 2026-02-27", '    due: 2026-02-27\n    depends_on: ["2.1"]')
    assert problems(text) == ["p.yaml:44:18: `depends_on` tạo thành vòng lặp: 1.1 → 2.1 → 1.1"]


def test_all_problems_are_reported_in_one_run_in_line_order() -> None:
    text = edit("  issued: 2026-01-05", "  isued: 2026-01-05")
    text = edit("    due: 2026-02-27", "    due: 2026-13-01", text)
    text = edit("    lead: vhxh\n    repeat", "    lead: nobody\n    repeat", text)
    found = problems(text)
    assert [p.split(": ")[0] for p in found] == ["p.yaml:6:3", "p.yaml:31:10", "p.yaml:34:11"]


def test_english_plans_get_english_messages() -> None:
    text = edit("  issued: 2026-01-05", "  issued: 2026-01-05\n  language: en\n  signr: X")
    assert problems(text) == ["p.yaml:8:3: unknown key `signr` (did you mean `signer`?)"]


def test_yaml_syntax_error_has_its_own_message() -> None:
    found = problems(edit('  title: "Kế hoạch thử"', '  title: "Kế hoạch thử'))
    assert len(found) == 1 and found[0].startswith("p.yaml:") and "lỗi cú pháp YAML" in found[0]


def test_empty_file() -> None:
    assert problems("") == [
        "p.yaml:1:1: tệp trống: kế hoạch cần ít nhất `dondoc: 1`, `plan`, `committee`, `units` và `tasks`"
    ]
    assert problems("# only a comment\n") == problems("")


def test_non_utf8_file_points_at_the_first_bad_byte() -> None:
    raw = BASE.encode("utf-8").replace("Kế hoạch thử".encode(), "Kế hoạch thử".encode()[:-3] + b"\xe0")
    found = problems(raw)
    assert found == [
        "p.yaml:5:22: tệp không phải văn bản UTF-8 (không đọc được byte 0xE0); hãy lưu tệp dưới dạng UTF-8"
    ]


def test_windows_1258_file_is_not_utf8() -> None:
    assert "UTF-8" in problems(BASE.encode("cp1258", errors="replace"))[0]


def test_a_utf8_bom_is_accepted() -> None:
    assert parse_plan(b"\xef\xbb\xbf" + BASE.encode(), "p.yaml").plan.id == "demo-xa"


def test_top_level_must_be_a_mapping() -> None:
    assert problems("- a\n- b\n") == [
        "p.yaml:1:1: kế hoạch phải là một bảng khóa YAML (`dondoc:`, `plan:`, `units:` ...) ở cấp ngoài cùng"
    ]


def test_missing_file_is_one_problem(tmp_path: Path) -> None:
    with pytest.raises(PlanInvalid) as info:
        read_plan(tmp_path / "nope.yaml")
    assert str(info.value).startswith(f"{tmp_path / 'nope.yaml'}:1:1: không đọc được tệp")


def test_a_task_id_may_not_also_be_a_target_id() -> None:
    found = problems(edit("  - id: CT-5G", '  - id: "2.1"').replace("targets: [CT-5G]", 'targets: ["2.1"]'))
    assert found == ["p.yaml:21:9: `2.1` vừa là mã nhiệm vụ vừa là mã chỉ tiêu: mã dùng khi trả lời phải là duy nhất"]


def test_send_at_written_without_quotes_is_read_as_a_time() -> None:
    text = edit("targets:\n", "calendar:\n  send_at: 07:30\n  extra_days_off: [2026-02-13]\ntargets:\n")
    plan = parse_plan(text.encode(), "p.yaml").plan
    assert plan.calendar.send_at == "07:30"
    assert [d.isoformat() for d in plan.calendar.extra_days_off] == ["2026-02-13"]


def test_escalation_steps_must_increase() -> None:
    text = edit(
        "targets:\n", "escalation:\n  - {after: 5, notify: [lead]}\n  - {after: 3, notify: [committee]}\ntargets:\n"
    )
    assert problems(text) == ["p.yaml:22:13: các bước nhắc cấp trên phải có `after` tăng dần (3 sau 5)"]


def test_bad_timezone_and_unknown_holiday_country() -> None:
    text = edit("  issued: 2026-01-05", "  issued: 2026-01-05\n  timezone: Asia/Hanoi")
    text = edit("targets:\n", "calendar:\n  holidays: XX\ntargets:\n", text)
    assert problems(text) == [
        "p.yaml:7:13: không có múi giờ `Asia/Hanoi` (ví dụ Asia/Ho_Chi_Minh)",
        "p.yaml:22:13: không có lịch nghỉ lễ cho `XX` (dùng VN, hoặc null nếu không áp dụng)",
    ]
