"""Hostile and mistaken plans (issue 23): each refused with its exact one-line messages, or
accepted and then run by the engine without an error.

Every refused case states all of its lines (``LINE:COL: message`` after the file name);
every accepted one goes through the occurrences and the check's decisions over years.
Reading limits (a bomb, a huge or endless file, a pipe) are also timed, in processor time
(which other processes do not inflate): they must stop at once, not after the damage.
"""

from __future__ import annotations

import os
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from dondoc.engine import plans
from dondoc.engine.errors import PlanInvalid
from dondoc.engine.occurrences import steps
from dondoc.engine.plan import Plan
from dondoc.engine.validate import parse_plan, read_plan
from tests.support.engine_smoke import run_engine
from tests.support.hostile_plans import BASE, CHAIN, RAW, before_targets, edit, task_12, with_tasks
from tests.support.paths import FIXTURES, PLANS


def problems(raw: str | bytes) -> list[str]:
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    with pytest.raises(PlanInvalid) as info:
        parse_plan(data, "p.yaml")
    return [str(p).removeprefix("p.yaml:") for p in info.value.problems]


def accepted(raw: str | bytes) -> Plan:
    return parse_plan(raw.encode("utf-8") if isinstance(raw, str) else raw, "p.yaml").plan



# name -> every line of the answer, after "p.yaml:"
EXPECTED: dict[str, list[str]] = {
    "empty file": [
        "1:1: tệp trống: kế hoạch cần ít nhất `dondoc: 1`, `plan`, `committee`, `units` và `tasks`",
    ],
    "only comments": [
        "1:1: tệp trống: kế hoạch cần ít nhất `dondoc: 1`, `plan`, `committee`, `units` và `tasks`",
    ],
    "only a document marker": [
        "1:1: tệp trống: kế hoạch cần ít nhất `dondoc: 1`, `plan`, `committee`, `units` và `tasks`",
    ],
    "a list at the top": [
        "1:1: kế hoạch phải là một bảng khóa YAML (`dondoc:`, `plan:`, `units:` ...) ở cấp ngoài cùng",
    ],
    "a scalar at the top": [
        "1:1: kế hoạch phải là một bảng khóa YAML (`dondoc:`, `plan:`, `units:` ...) ở cấp ngoài cùng",
    ],
    "two documents": [
        "44:1: một văn bản YAML thứ hai bắt đầu ở đây (`---`): mỗi tệp chỉ chứa một kế hoạch",
    ],
    "UTF-16 with its BOM": ["1:1: tệp được lưu dạng UTF-16: hãy lưu lại dưới dạng UTF-8"],
    "UTF-16 big-endian with its BOM": ["1:1: tệp được lưu dạng UTF-16: hãy lưu lại dưới dạng UTF-8"],
    "UTF-16 without a BOM": [
        "1:2: tệp chứa byte NUL (0x00): đây không phải tệp văn bản, hoặc là tệp UTF-16; hãy lưu dưới dạng văn bản UTF-8",
    ],
    "Latin-1 bytes": [
        "5:24: tệp không phải văn bản UTF-8 (không đọc được byte 0xE9); hãy lưu tệp dưới dạng UTF-8",
    ],
    "Windows-1258 bytes": [
        "8:18: tệp không phải văn bản UTF-8 (không đọc được byte 0xF0); hãy lưu tệp dưới dạng UTF-8",
    ],
    "a NUL byte": [
        "5:13: tệp chứa byte NUL (0x00): đây không phải tệp văn bản, hoặc là tệp UTF-16; hãy lưu dưới dạng văn bản UTF-8",
    ],
    "a control character": [
        "5:13: không được dùng ký tự U+0001 (ký tự điều khiển) trong kế hoạch: hãy xóa ký tự này",
    ],
    "more than 2 MiB": ["1:1: tệp lớn hơn 2 MiB, mức tối đa của một tệp kế hoạch"],
    "an error in a CRLF file": ["6:3: khóa không hợp lệ `isued` (có phải là `issued`?)"],
    "an error after a BOM": ["6:3: khóa không hợp lệ `isued` (có phải là `issued`?)"],
    "a tab in the indentation": ["14:1: có ký tự tab ở đầu dòng: YAML chỉ thụt lề bằng dấu cách"],
    "a billion laughs in an English plan": [
        "49:16: the plan holds more than 250000 values here (aliases counted as copies): too large for a plan"
    ],
    "more than 2 MiB of an English plan": ["1:1: the file is larger than 2 MiB, the most a plan file may be"],
    "a billion laughs": [
        "6:16: kế hoạch có hơn 250000 giá trị tính đến đây (bí danh tính như bản sao): quá lớn đối với một kế hoạch",
    ],
    "one anchor aliased a thousand times": [
        "2:997: kế hoạch có hơn 250000 giá trị tính đến đây (bí danh tính như bản sao): quá lớn đối với một kế hoạch",
    ],
    "an alias to nothing": ["30:19: bí danh `*co` không ứng với neo `&co` nào viết trước nó"],
    "an alias inside its own anchor": ["30:30: bí danh `*co` nằm bên trong chính giá trị mà nó trỏ tới"],
    "deep nesting (flow)": [
        "30:48: danh sách và bảng khóa lồng nhau quá 32 cấp ở đây: kế hoạch chỉ cần tối đa 5 cấp",
    ],
    "deep nesting (blocks)": [
        "76:65: danh sách và bảng khóa lồng nhau quá 32 cấp ở đây: kế hoạch chỉ cần tối đa 5 cấp",
    ],
    "a merge key": [
        "17:5: kế hoạch không hỗ trợ khóa gộp (`<<`): hãy viết đầy đủ các khóa",
        "17:5: thiếu khóa bắt buộc `id`",
        "25:11: không có đơn vị `vhxh`; gần nhất: vp",
        "30:20: không có đơn vị `vhxh`; gần nhất: vp",
        "34:11: không có đơn vị `vhxh`; gần nhất: vp",
        "40:11: không có đơn vị `vhxh`; gần nhất: vp",
    ],
    "a python tag": [
        "4:9: không được dùng thẻ YAML `!!python/object/apply:os.system` trong kế hoạch: hãy viết giá trị thông thường (văn bản đặt trong dấu ngoặc kép)",
        "4:9: cần một chuỗi văn bản, nhận được một danh sách",
    ],
    "a custom tag": [
        "4:9: không được dùng thẻ YAML `!secret` trong kế hoạch: hãy viết giá trị thông thường (văn bản đặt trong dấu ngoặc kép)",
    ],
    "a !!str tag": [
        "32:9: không được dùng thẻ YAML `!!str` trong kế hoạch: hãy viết giá trị thông thường (văn bản đặt trong dấu ngoặc kép)",
    ],
    "a list as a key": ["14:7: khóa phải là một giá trị đơn, không phải danh sách hay bảng khóa"],
    "a duplicate key": ["5:3: khóa `code` bị lặp (đã có ở dòng 4)"],
    "a duplicate section": ["44:1: khóa `units` bị lặp (đã có ở dòng 12)"],
    "a quote left open": [
        "8:10: lỗi cú pháp YAML: dòng này không phải `khóa: giá trị` đúng mức thụt lề của các dòng trên (kiểm tra thụt lề, và dấu ngoặc kép chưa đóng ở trên)",
    ],
    "a bracket left open": [
        "31:8: lỗi cú pháp YAML: danh sách trong ngoặc vuông chưa đóng: thiếu `]` (hoặc `,`)",
    ],
    "a mapping under a list's key": [
        "14:9: lỗi cú pháp YAML: dấu `:` ở đây không thể mở đầu một giá trị (kiểm tra thụt lề, hoặc đặt văn bản trong dấu ngoặc kép)",
    ],
    "a value starting with @": [
        "5:10: lỗi cú pháp YAML: giá trị không thể bắt đầu bằng ký tự này (hãy đặt văn bản trong dấu ngoặc kép)",
    ],
    "an escape in double quotes": [
        "5:13: lỗi cú pháp YAML: ký tự thoát `\\` không hợp lệ trong dấu ngoặc kép: dùng dấu nháy đơn, hoặc viết `\\\\`",
    ],
    "id 1.10 unquoted": ['32:9: YAML đọc `1.10` thành số 1.1: viết "1.10" trong dấu ngoặc kép'],
    "id 1.10 through an alias": [
        '27:9: YAML đọc `1.10` thành số 1.1: viết "1.10" trong dấu ngoặc kép',
        '43:18: YAML đọc `1.10` thành số 1.1: viết "1.10" trong dấu ngoặc kép',
    ],
    "id 0x1F": ['32:9: YAML đọc `0x1F` thành số 31: viết "0x1F" trong dấu ngoặc kép'],
    "id 1e3 (a number in YAML 1.2)": [
        '32:9: YAML đọc `1e3` thành một số (theo YAML 1.2): viết "1e3" trong dấu ngoặc kép',
    ],
    "id 010 (octal in YAML 1.1)": ['32:9: YAML đọc `010` thành số 8: viết "010" trong dấu ngoặc kép'],
    "id 1_000": ['32:9: YAML đọc `1_000` thành số 1000: viết "1_000" trong dấu ngoặc kép'],
    "id .5": ["32:9: `.5` không phải mã hợp lệ: dùng chữ, số và . - _ (không có dấu cách)"],
    "id 2.50": ['32:9: YAML đọc `2.50` thành số 2.5: viết "2.50" trong dấu ngoặc kép'],
    "id true": ['32:9: YAML đọc `true` thành giá trị đúng/sai true: viết "true" trong dấu ngoặc kép'],
    "unit id on": ['20:10: YAML đọc `on` thành giá trị đúng/sai true: viết "on" trong dấu ngoặc kép'],
    "lead yes (no such unit)": ["34:11: không có đơn vị `yes`; gần nhất: vp, vhxh"],
    "id a date": ['32:9: YAML đọc `2026-01-01` thành một ngày: viết "2026-01-01" trong dấu ngoặc kép'],
    "section 4.10": ['38:14: YAML đọc `4.10` thành số 4.1: viết "4.10" trong dấu ngoặc kép'],
    "unit name 12.50": ['18:11: YAML đọc `12.50` thành số 12.5: viết "12.50" trong dấu ngoặc kép'],
    "holidays NO (Norway, read as false)": [
        '21:13: YAML đọc `NO` thành giá trị đúng/sai false: viết "NO" trong dấu ngoặc kép',
    ],
    "due_offset 010": [
        "21:15: YAML đọc `010` thành 8: viết số bằng chữ số thập phân thông thường (không có số 0 ở đầu, `0x`, `_` hay `:`)",
    ],
    "a milestone 0x3C": [
        "24:24: YAML đọc `0x3C` thành 60: viết số bằng chữ số thập phân thông thường (không có số 0 ở đầu, `0x`, `_` hay `:`)",
    ],
    "reminders 1:30 (sexagesimal)": [
        "21:12: YAML đọc `1:30` thành 90: viết số bằng chữ số thập phân thông thường (không có số 0 ở đầu, `0x`, `_` hay `:`)",
    ],
    "due_offset yes": ["21:15: cần một số nguyên, nhận được `yes`"],
    "Feb 30": ["31:10: `2026-02-30` không phải là ngày có thật"],
    "month 13": ["31:10: `2026-13-01` không phải là ngày có thật"],
    "day-first 31/12/2026": [
        "31:10: `31/12/2026` không phải ngày: viết theo dạng YYYY-MM-DD, ví dụ 2026-03-31",
    ],
    "day-first 27.02.2026": [
        "31:10: `27.02.2026` không phải ngày: viết theo dạng YYYY-MM-DD, ví dụ 2026-03-31",
    ],
    "ISO with a time": [
        "31:10: `2026-02-27T17:00:00` không phải ngày: viết theo dạng YYYY-MM-DD, ví dụ 2026-03-31",
    ],
    "ISO with a time and a space": [
        "31:10: `2026-02-27 17:00` không phải ngày: viết theo dạng YYYY-MM-DD, ví dụ 2026-03-31",
    ],
    "a date as digits": ["31:10: `20260227` không phải ngày: viết theo dạng YYYY-MM-DD, ví dụ 2026-03-31"],
    "due 0001-01-01": ["31:10: `0001-01-01` nằm ngoài khoảng năm kế hoạch được dùng (2000-2100)"],
    "due 2101-01-01": ["31:10: `2101-01-01` nằm ngoài khoảng năm kế hoạch được dùng (2000-2100)"],
    "issued 1999-12-31": ["6:11: `1999-12-31` nằm ngoài khoảng năm kế hoạch được dùng (2000-2100)"],
    "an extra day off 9999-12-31": [
        "21:20: `9999-12-31` nằm ngoài khoảng năm kế hoạch được dùng (2000-2100)",
    ],
    "a milestone year 1800": ["24:28: `1800` không phải năm từ 2000 đến 2100"],
    "a repeat window backwards": ["37:10: `end` (2025-12-31) trước `start` (2026-01-01)"],
    "a window on a one-off task": ["32:5: `start` chỉ dùng cho nhiệm vụ có `repeat` hoặc `ongoing`"],
    "a day both off and worked": ["22:20: `2026-05-02` vừa là ngày nghỉ thêm vừa là ngày làm bù"],
    "due_offset 99999999999999999999": ["21:15: phải nhỏ hơn hoặc bằng 250"],
    "due_offset -1": ["21:15: phải lớn hơn hoặc bằng 0"],
    "a reminder 0 days before": ["21:15: phải lớn hơn hoặc bằng 1"],
    "a reminder 251 days before": ["21:12: phải nhỏ hơn hoặc bằng 250"],
    "an escalation 100000 days after": ["21:13: phải nhỏ hơn hoặc bằng 250"],
    "escalations out of order": ["22:13: các bước nhắc cấp trên phải có `after` tăng dần (3 sau 5)"],
    "a milestone .nan": ["24:24: `nan` không phải là một số hữu hạn"],
    "a milestone .inf": ["24:24: `inf` không phải là một số hữu hạn"],
    "a milestone -.inf": ["24:24: `-inf` không phải là một số hữu hạn"],
    "a milestone 1e400": ["24:24: `1e400` không phải là một số hữu hạn"],
    "a milestone of 400 digits": ["24:24: phải nhỏ hơn hoặc bằng 1e+15"],
    "a milestone in words": ["24:24: cần một số, nhận được `sixty`"],
    "5,001 tasks": ["27:3: quá nhiều mục: tối đa 5000"],
    "a 65-character id": ["32:9: quá dài: tối đa 64 ký tự"],
    "a 5,001-character title": ["33:12: quá dài: tối đa 5000 ký tự"],
    "a list where a mapping is wanted": [
        "7:12: cần một bảng khóa (khóa: giá trị), nhận được một danh sách",
    ],
    "a mapping where a list is wanted": ["30:19: cần một danh sách, nhận được một bảng khóa"],
    "text where a list of tasks is wanted": ["26:8: cần một danh sách, nhận được `xem phụ lục`"],
    "a list where text is wanted": ["5:10: cần một chuỗi văn bản, nhận được một danh sách"],
    "a number where an email is wanted": ["15:12: `123` không phải địa chỉ email hợp lệ"],
    "a word where true/false is wanted": ["41:14: cần true hoặc false, nhận được `maybe`"],
    "an empty title": ["5:9: giá trị trống (chưa viết gì ở đây)"],
    "a blank title": ["5:10: không được để trống"],
    "an empty committee": ["7:11: giá trị trống (chưa viết gì ở đây)"],
    "no tasks": ["26:8: cần ít nhất một mục"],
    "version 2": ["1:9: không hỗ trợ phiên bản định dạng `2`: dondoc này đọc phiên bản 1"],
    "version missing": ["1:1: thiếu `dondoc: 1` (phiên bản định dạng kế hoạch)"],
    "the plan section missing": ["1:1: thiếu khóa bắt buộc `plan`"],
    "the tasks section misspelled": [
        "1:1: thiếu khóa bắt buộc `tasks`",
        "26:1: khóa không hợp lệ `taks` (có phải là `tasks`?)",
    ],
    "units misspelled": [
        "1:1: thiếu khóa bắt buộc `units`",
        "12:1: khóa không hợp lệ `unit` (có phải là `units`?)",
    ],
    "a misspelled plan key": ["6:3: khóa không hợp lệ `isued` (có phải là `issued`?)"],
    "a misspelled committee key": [
        "7:1: thiếu khóa bắt buộc `secretariat`",
        "9:3: khóa không hợp lệ `secretary` (có phải là `secretariat`?)",
    ],
    "a misspelled member key": [
        "11:7: thiếu khóa bắt buộc `email`",
        "11:50: khóa không hợp lệ `mail` (có phải là `email`?)",
    ],
    "a misspelled unit key": [
        "13:5: thiếu khóa bắt buộc `email`",
        "15:5: khóa không hợp lệ `emails` (có phải là `email`?)",
    ],
    "a misspelled head key": [
        "16:5: thiếu khóa bắt buộc `name`",
        "16:12: khóa không hợp lệ `nam` (có phải là `name`?)",
    ],
    "a misspelled calendar key": ["21:3: khóa không hợp lệ `holiday` (có phải là `holidays`?)"],
    "a misspelled reporting key": ["21:3: khóa không hợp lệ `cadence` (có phải là `cadences`?)"],
    "a misspelled reminders key": ["21:3: khóa không hợp lệ `befor` (có phải là `before`?)"],
    "a misspelled escalation key": [
        "21:5: thiếu khóa bắt buộc `notify`",
        "21:16: khóa không hợp lệ `notfy` (có phải là `notify`?)",
    ],
    "a misspelled target key": ["23:5: khóa không hợp lệ `measures` (có phải là `measure`?)"],
    "an unknown task key": [
        "27:5: nhiệm vụ `1.1` cần đúng một trong `due` (thời hạn), `repeat` (định kỳ) hoặc `ongoing: true` (thường xuyên)",
        "31:5: khóa không hợp lệ `due_date`; các khóa dùng được ở đây: id, title, section, lead, coordinators, due, repeat, ongoing, start, end, targets, depends_on, description, output, status, status_reason, status_since, paused_until",
    ],
    "an unknown section key": ["27:33: khóa không hợp lệ `name`; các khóa dùng được ở đây: id, title"],
    "a key of English words": ["6:3: unknown key `signr` (did you mean `signer`?)"],
    "a unit id twice": [
        "17:9: mã đơn vị `vp` bị dùng hai lần (lần đầu ở dòng 13)",
        "25:11: không có đơn vị `vhxh`; gần nhất: vp",
        "30:20: không có đơn vị `vhxh`; gần nhất: vp",
        "34:11: không có đơn vị `vhxh`; gần nhất: vp",
        "40:11: không có đơn vị `vhxh`; gần nhất: vp",
    ],
    "a task id twice": ["32:9: mã nhiệm vụ `1.1` bị dùng hai lần (lần đầu ở dòng 27)"],
    "task ids differing in case only": [
        "32:9: mã nhiệm vụ `IV.1` giống mã `iv.1` (dòng 27): khi trả lời, chữ hoa/thường và dấu không được phân biệt, nên các mã phải khác nhau nhiều hơn thế",
        "43:18: không có nhiệm vụ `1.1`; gần nhất: 2.1, iv.1",
    ],
    "task ids differing in diacritics only": [
        "32:9: mã nhiệm vụ `Đ.1` giống mã `D.1` (dòng 27): khi trả lời, chữ hoa/thường và dấu không được phân biệt, nên các mã phải khác nhau nhiều hơn thế",
        "43:18: không có nhiệm vụ `1.1`; gần nhất: D.1, 2.1",
    ],
    "a target id twice": ["22:9: mã chỉ tiêu `CT-5G` bị dùng hai lần (lần đầu ở dòng 21)"],
    "a target id equal to a task id": [
        "21:9: `2.1` vừa là mã nhiệm vụ vừa là mã chỉ tiêu: mã dùng khi trả lời phải là duy nhất",
    ],
    "a section id twice": ["28:10: mã mục `1` bị dùng hai lần (lần đầu ở dòng 27)"],
    "an email twice in a unit": ["19:33: `VHXH@xa.example.vn` được liệt kê hai lần (lần đầu ở dòng 19)"],
    "a member email twice": ["12:24: `truongban@xa.example.vn` được liệt kê hai lần (lần đầu ở dòng 11)"],
    "a coordinator twice": ["30:26: `vhxh` được liệt kê hai lần (lần đầu ở dòng 30)"],
    "a cadence twice": ["21:33: `annual` được liệt kê hai lần (lần đầu ở dòng 21)"],
    "a dependency twice": ["43:25: `1.1` được liệt kê hai lần (lần đầu ở dòng 43)"],
    "task id report": ["32:9: `Report` là mã dành cho báo cáo định kỳ: hãy chọn mã nhiệm vụ khác"],
    "a lead that is not a unit": ["29:11: không có đơn vị `van-phong`; gần nhất: vp, vhxh"],
    "a coordinator equal to the lead": [
        "30:20: đơn vị `vp` đã là đơn vị chủ trì, không thể đồng thời là đơn vị phối hợp",
    ],
    "an unknown secretariat": ["9:16: không có đơn vị `vpp`; gần nhất: vp, vhxh"],
    "an unknown reporting unit": ["21:7: không có đơn vị `ke-toan`; gần nhất: vp, vhxh"],
    "an unknown dependency": ["43:18: không có nhiệm vụ `1.9`; gần nhất: 1.1, 1.2, 2.1"],
    "an unknown target": ["42:15: không có chỉ tiêu `CT-4G`; gần nhất: CT-5G"],
    "a task depending on itself": ["32:18: `depends_on` tạo thành vòng lặp: 1.1 → 1.1"],
    "a dependency cycle": ["44:18: `depends_on` tạo thành vòng lặp: 1.1 → 2.1 → 1.1"],
    "a task without a deadline kind": [
        "38:5: nhiệm vụ `2.1` cần đúng một trong `due` (thời hạn), `repeat` (định kỳ) hoặc `ongoing: true` (thường xuyên)",
    ],
    "a task with two deadline kinds": [
        "32:5: nhiệm vụ `1.1` có cả `due`, `repeat`: chỉ giữ một trong `due`, `repeat`, `ongoing`",
    ],
    "a misspelled notify": [
        "21:25: `comittee` không thuộc các giá trị: lead, head, coordinators, committee, secretariat (có phải là `committee`?)",
    ],
    "a misspelled repeat": [
        "35:13: `montly` không thuộc các giá trị: weekly, monthly, quarterly, semiannual, annual (có phải là `monthly`?)",
    ],
    "cancelled without a reason": [
        "38:13: nhiệm vụ `1.2` đã dừng: hãy ghi lý do ở `status_reason` (lý do được nêu trong báo cáo)",
    ],
    "paused without a reason or an end": [
        "38:13: nhiệm vụ `1.2` đã dừng: hãy ghi lý do ở `status_reason` (lý do được nêu trong báo cáo)",
        "38:13: nhiệm vụ `1.2` đang tạm dừng: hãy ghi ngày cuối của thời gian tạm dừng ở `paused_until` (YYYY-MM-DD)",
    ],
    "a misspelled status": [
        "38:13: `cancel` không thuộc các giá trị: active, cancelled, paused (có phải là `cancelled`?)",
    ],
    "a status in Vietnamese": [
        "38:13: `tạm dừng` không thuộc các giá trị: active, cancelled, paused (có phải là `paused`?)",
    ],
    "a pause ending before it starts": [
        "41:19: `paused_until` (2026-05-01) trước `status_since` (2026-06-01)",
    ],
    "a reason and an end on an active task": [
        "38:5: `status_reason` chỉ dùng khi `status: cancelled` hoặc `status: paused` (ở đây là `active`)",
        "39:5: `paused_until` chỉ dùng khi `status: paused` (ở đây là `active`)",
    ],
    "an end of pause on a cancelled task": [
        "40:5: `paused_until` chỉ dùng khi `status: paused` (ở đây là `cancelled`)",
    ],
    "`cancelled: true` written as a key": [
        "38:5: khóa không hợp lệ `cancelled` (để dừng nhiệm vụ hoặc chỉ tiêu, viết `status: cancelled` hoặc `status: paused` kèm `status_reason`)",
    ],
    "`paused: true` on a target": [
        "26:5: khóa không hợp lệ `paused` (để dừng nhiệm vụ hoặc chỉ tiêu, viết `status: cancelled` hoặc `status: paused` kèm `status_reason`)",
    ],
    "a paused task in an English plan": [
        "38:13: task `1.2` is stopped: say why in `status_reason` (it is shown in reports)",
        "38:13: task `1.2` is paused: give the last day of the pause in `paused_until` (YYYY-MM-DD)",
    ],
}


@pytest.mark.parametrize("name", list(RAW))
def test_each_hostile_plan_is_refused_with_its_exact_lines(name: str) -> None:
    assert problems(RAW[name]) == EXPECTED[name]


def test_every_case_has_its_expectation() -> None:
    assert sorted(EXPECTED) == sorted(RAW)


# name -> a plan that is accepted, then run by the engine for years
ACCEPTED: dict[str, str | bytes] = {
    "a UTF-8 BOM": b"\xef\xbb\xbf" + BASE.encode(),
    "CRLF line ends": BASE.replace("\n", "\r\n"),
    "CR line ends": BASE.replace("\n", "\r"),
    "an unquoted whole-number id": edit('  - id: "1.2"', "  - id: 3"),
    "an unquoted decimal id that reads back as typed": edit('  - id: "1.2"', "  - id: 1.3"),
    "a number as a title": edit('  title: "Kế hoạch thử"', "  title: 2026"),
    "send_at unquoted (a number in YAML 1.1)": before_targets("calendar:\n  send_at: 07:30\n"),
    "the version as text": edit("dondoc: 1\n", 'dondoc: "1"\n'),
    "due 2050-12-31": edit("    due: 2026-02-27", "    due: 2050-12-31"),
    "issued 2019 with an open weekly task": edit("  issued: 2026-01-05", "  issued: 2019-06-01").replace(
        "    repeat: monthly\n    start: 2026-01-01\n    end: 2026-12-31", "    repeat: weekly"
    ),
    "issued 2000-01-01 with monthly reports": before_targets("reporting:\n  cadences: [monthly]\n").replace(
        "  issued: 2026-01-05", "  issued: 2000-01-01"
    ),
    "the longest steps on a one-day week at the end of 2100": before_targets(
        "calendar:\n  workdays: [sun]\n  holidays: null\nreporting:\n  due_offset: 250\n"
        "reminders:\n  before: [250]\nescalation:\n  - {after: 250, notify: [lead, head]}\n"
    ).replace("    due: 2026-02-27", "    due: 2100-12-31"),
    "a milestone of 1e15 and one of -1e15": edit("{2026: 60, 2030: 100}", "{2026: 1e15, 2030: -1.0e+15}"),
    "an id that reads back as typed, through an alias": edit('  - id: "1.1"', "  - id: &x 1.1").replace(
        'depends_on: ["1.1"]', "depends_on: [*x]"
    ),
    "the same coordinators through an alias": edit(
        "    coordinators: [vhxh]", "    coordinators: &both [vhxh]"
    ).replace("    lead: vhxh\n    repeat: monthly", "    lead: vp\n    coordinators: *both\n    repeat: monthly"),
    "an escalation to the head of a unit without one": before_targets("escalation:\n  - {after: 1, notify: [head]}\n"),
    "a cancelled task (spelled canceled) with its reason": task_12(
        '    status: canceled\n    status_reason: "Gộp vào nhiệm vụ 1.1"\n    status_since: 2026-04-01\n'
    ),
    "a paused task and a cancelled target": task_12(
        '    status: paused\n    status_reason: "Chờ kinh phí"\n    status_since: 2026-03-01\n'
        "    paused_until: 2026-06-30\n"
    ).replace(
        "    lead: vhxh\ntasks:",
        '    lead: vhxh\n    status: cancelled\n    status_reason: "Không còn phù hợp"\ntasks:',
    ),
    "a paused task without a start": task_12(
        '    status: paused\n    status_reason: "Chờ"\n    paused_until: 2026-06-30\n'
    ),
    "a 3,000-task dependency chain": CHAIN,
    "5,000 tasks (the most)": with_tasks(4_997),
}


@pytest.mark.parametrize("name", list(ACCEPTED))
def test_each_accepted_plan_runs_for_years(name: str) -> None:
    """The plan's start, two years later, and the last day a plan may name (the largest
    plans: their start only): the occurrences, their steps and the check's decisions
    compute without an error."""
    plan = accepted(ACCEPTED[name])
    start = plan.plan.issued or date(2026, 1, 5)
    days = [start] if len(plan.tasks) > 1_000 else [start, start.replace(year=start.year + 2), date(2100, 12, 31)]
    assert run_engine(plan, days) > 0


def test_what_the_accepted_plans_mean() -> None:
    reference = accepted(BASE).model_dump()
    for same in ("a UTF-8 BOM", "CRLF line ends", "CR line ends"):
        assert accepted(ACCEPTED[same]).model_dump() == reference, same
    assert accepted(ACCEPTED["an unquoted whole-number id"]).tasks[1].id == "3"
    assert accepted(ACCEPTED["an unquoted decimal id that reads back as typed"]).tasks[1].id == "1.3"
    assert accepted(ACCEPTED["a number as a title"]).plan.title == "2026"
    assert accepted(ACCEPTED["send_at unquoted (a number in YAML 1.1)"]).calendar.send_at == "07:30"
    assert accepted(ACCEPTED["an id that reads back as typed, through an alias"]).tasks[2].depends_on == ["1.1"]
    aliased = accepted(ACCEPTED["the same coordinators through an alias"])
    assert aliased.tasks[0].coordinators == aliased.tasks[1].coordinators == ["vhxh"]
    cancelled = accepted(ACCEPTED["a cancelled task (spelled canceled) with its reason"]).tasks[1]
    assert (cancelled.status, cancelled.status_reason) == ("cancelled", "Gộp vào nhiệm vụ 1.1")


def test_a_plan_of_2050_gets_a_calendar_for_2050() -> None:
    plan = accepted(ACCEPTED["due 2050-12-31"])
    cal = plans.calendar_of(plan)
    assert cal.first_day <= date(2025, 1, 1) and cal.last_day >= date(2051, 12, 31)
    ladder = steps(plan, cal, "lead", cal.deadline_in_force(date(2050, 12, 31)))
    assert [s.name for s in ladder] == ["r7", "r3", "r1", "e1", "e5", "e10"]
    assert ladder[-1].on.year == 2051 and all(cal.is_working_day(s.on) for s in ladder)


def test_stopped_on_says_when_a_task_sends_nothing() -> None:
    paused = accepted(ACCEPTED["a paused task and a cancelled target"])
    task, target = paused.tasks[1], paused.targets[0]
    assert [task.stopped_on(d) for d in (date(2026, 2, 28), date(2026, 3, 1), date(2026, 6, 30), date(2026, 7, 1))] == [
        False,
        True,
        True,
        False,
    ]
    assert target.stopped_on(date(2000, 1, 1)) and target.stopped_on(date(2100, 12, 31))
    cancelled = accepted(ACCEPTED["a cancelled task (spelled canceled) with its reason"]).tasks[1]
    assert not cancelled.stopped_on(date(2026, 3, 31)) and cancelled.stopped_on(date(2026, 4, 1))
    assert not paused.tasks[0].stopped_on(date(2026, 3, 1))


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
def test_the_seed_plans_still_validate_and_run(path: Path) -> None:
    plan = read_plan(path).plan
    assert run_engine(plan, [date(2026, 3, 16), date(2028, 1, 3), date(2050, 1, 3)]) > 0


@pytest.mark.parametrize("name", ["a billion laughs", "one anchor aliased a thousand times", "deep nesting (flow)"])
def test_bombs_are_refused_at_once(name: str) -> None:
    started = time.process_time()
    problems(RAW[name])
    assert time.process_time() - started < 0.5


# --- files that are not plan files: read_plan never blocks, never reads a device


def refused_file(path: str | Path) -> list[str]:
    with pytest.raises(PlanInvalid) as info:
        read_plan(path)
    return [str(p) for p in info.value.problems]


def test_a_directory_a_device_and_a_missing_file(tmp_path: Path) -> None:
    not_a_file = (
        "1:1: không phải tệp thông thường (là thư mục, thiết bị hoặc đường ống): hãy chỉ đường dẫn tới tệp kế hoạch"
    )
    assert refused_file(tmp_path) == [f"{tmp_path}:{not_a_file}"]
    assert refused_file("/dev/zero") == [f"/dev/zero:{not_a_file}"]
    assert refused_file(tmp_path / "nope.yaml") == [
        f"{tmp_path / 'nope.yaml'}:1:1: không đọc được tệp: tệp không tồn tại"
    ]


def test_a_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "plan.yaml"
    os.mkfifo(fifo)
    found: list[list[str]] = []
    reader = threading.Thread(target=lambda: found.append(refused_file(fifo)), daemon=True)
    reader.start()
    reader.join(timeout=10)  # opening a pipe for reading would wait for a writer forever
    assert not reader.is_alive(), "read_plan blocked on a pipe"
    assert found == [
        [
            f"{fifo}:1:1: không phải tệp thông thường (là thư mục, thiết bị hoặc đường ống): hãy chỉ đường dẫn tới tệp kế hoạch"
        ]
    ]


def test_a_huge_sparse_file_is_refused_after_reading_its_first_2_mib(tmp_path: Path) -> None:
    huge = tmp_path / "plan.yaml"
    with huge.open("wb") as file:
        file.write(BASE.encode())
        file.truncate(20 * 1024**3)  # 20 GiB of nothing on disk
    assert refused_file(huge) == [f"{huge}:1:1: tệp lớn hơn 2 MiB, mức tối đa của một tệp kế hoạch"]


def test_a_link_to_a_plan_is_read(tmp_path: Path) -> None:
    link = tmp_path / "plan.yaml"
    link.symlink_to(FIXTURES / "minimal.yaml")
    assert read_plan(link).plan.id == "demo-xa"
