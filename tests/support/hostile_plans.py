"""Hostile and mistaken plans (issue 23): the minimal plan edited in every way a plan can go
wrong, for the validator's unit tests and for the CLI's.

``RAW`` names the plans that must be refused (their expected lines are the unit tests'
business); the helpers build the accepted ones too.
"""

from __future__ import annotations

from dondoc.engine import yamldoc
from tests.support.paths import FIXTURES

BASE = (FIXTURES / "minimal.yaml").read_text("utf-8")


def edit(old: str, new: str, text: str = BASE) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def english(text: str) -> str:
    """The same plan in English (on the line of its `code`, so positions stay)."""
    return edit('  code: "01/KH-UBND"', "  language: en", text)


def task_12(lines: str) -> str:
    """Task 1.2 with these lines added (line 38 onwards)."""
    return edit("    end: 2026-12-31\n", f"    end: 2026-12-31\n{lines}")


def before_targets(lines: str) -> str:
    """These top-level lines before `targets:` (line 20 onwards)."""
    return edit("targets:\n", f"{lines}targets:\n")


BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(9)
)
WIDE = "a: &a [" + ", ".join(["x"] * 1000) + "]\nb: [" + ", ".join(["*a"] * 1000) + "]\n"


def with_tasks(extra: int) -> str:
    """The plan with this many more (ongoing) tasks: it has 3."""
    lines = "".join(f'  - {{id: "9.{i}", title: "T", lead: vp, ongoing: true}}\n' for i in range(extra))
    return edit("tasks:\n", "tasks:\n" + lines)


CHAIN = edit(
    "tasks:\n",
    "tasks:\n"
    + "".join(
        f'  - {{id: "9.{i}", title: "T", lead: vp, due: 2026-06-30, depends_on: ["9.{i + 1}"]}}\n' for i in range(3_000)
    )
    + '  - {id: "9.3000", title: "T", lead: vp, due: 2026-06-30}\n',
)

# name -> the plan (text or bytes); every one is refused
RAW: dict[str, str | bytes] = {
    # --- bytes and encodings
    "empty file": "",
    "only comments": "# Kế hoạch\n# (chưa viết)\n",
    "only a document marker": "---\n",
    "a list at the top": "- dondoc: 1\n- plan: {}\n",
    "a scalar at the top": "Kế hoạch số 01\n",
    "two documents": BASE + "---\n" + BASE,
    "UTF-16 with its BOM": BASE.encode("utf-16"),
    "UTF-16 big-endian with its BOM": b"\xfe\xff" + BASE.encode("utf-16-be"),
    "UTF-16 without a BOM": BASE.encode("utf-16-le"),
    "Latin-1 bytes": edit("Kế hoạch thử", "Kế hoạch thử é").encode().replace("é".encode(), b"\xe9"),
    "Windows-1258 bytes": BASE.encode("cp1258", errors="replace"),
    "a NUL byte": edit('  title: "Kế hoạch thử"', '  title: "Kế\x00 hoạch"'),
    "a control character": edit('  title: "Kế hoạch thử"', '  title: "Kế\x01 hoạch"'),
    "more than 2 MiB": BASE + "#" * yamldoc.MAX_BYTES,
    "an error in a CRLF file": edit("  issued: 2026-01-05", "  isued: 2026-01-05").replace("\n", "\r\n"),
    "an error after a BOM": b"\xef\xbb\xbf" + edit("  issued: 2026-01-05", "  isued: 2026-01-05").encode(),
    "a tab in the indentation": edit("  - id: vp\n", "  - id: vp\n\tname: x\n"),
    # --- YAML features a plan does not use
    "a billion laughs": BOMB,
    "a billion laughs in an English plan": english(BASE) + BOMB,
    "more than 2 MiB of an English plan": english(BASE) + "#" * yamldoc.MAX_BYTES,
    "one anchor aliased a thousand times": WIDE,
    "an alias to nothing": edit("    coordinators: [vhxh]", "    coordinators: *co"),
    "an alias inside its own anchor": edit("    coordinators: [vhxh]", "    coordinators: &co [vhxh, *co]"),
    "deep nesting (flow)": edit("    coordinators: [vhxh]", "    coordinators: " + "[" * 40 + "]" * 40),
    "deep nesting (blocks)": BASE + "".join(f"{'  ' * i}k{i}:\n" for i in range(40)) + "  " * 40 + "x: 1\n",
    "a merge key": edit("  - id: vhxh\n", "  - <<: {id: vhxh}\n"),
    "a python tag": edit('  code: "01/KH-UBND"', '  code: !!python/object/apply:os.system ["ls"]'),
    "a custom tag": edit('  code: "01/KH-UBND"', "  code: !secret x"),
    "a !!str tag": edit('  - id: "1.2"', "  - id: !!str 1.10"),
    "a list as a key": edit("  - id: vp\n", "  - id: vp\n    ? [a, b]\n    : 1\n"),
    "a duplicate key": edit('  code: "01/KH-UBND"', '  code: "01/KH-UBND"\n  code: "02/KH-UBND"'),
    "a duplicate section": BASE + "units:\n  - {id: x, name: X, email: x@xa.example.vn}\n",
    "a quote left open": edit('  title: "Kế hoạch thử"', '  title: "Kế hoạch thử'),
    "a bracket left open": edit("    coordinators: [vhxh]", "    coordinators: [vhxh"),
    "a mapping under a list's key": edit("units:\n  - id: vp\n", "units:\n  id: vp\n"),
    "a value starting with @": edit('  title: "Kế hoạch thử"', "  title: @xa"),
    "an escape in double quotes": edit('  title: "Kế hoạch thử"', '  title: "C:\\Ke hoach"'),
    # --- values YAML changes silently
    "id 1.10 unquoted": edit('  - id: "1.2"', "  - id: 1.10"),
    "id 1.10 through an alias": edit('  - id: "1.1"', "  - id: &x 1.10").replace(
        'depends_on: ["1.1"]', "depends_on: [*x]"
    ),
    "id 0x1F": edit('  - id: "1.2"', "  - id: 0x1F"),
    "id 1e3 (a number in YAML 1.2)": edit('  - id: "1.2"', "  - id: 1e3"),
    "id 010 (octal in YAML 1.1)": edit('  - id: "1.2"', "  - id: 010"),
    "id 1_000": edit('  - id: "1.2"', "  - id: 1_000"),
    "id .5": edit('  - id: "1.2"', "  - id: .5"),
    "id 2.50": edit('  - id: "1.2"', "  - id: 2.50"),
    "id true": edit('  - id: "1.2"', "  - id: true"),
    "unit id on": edit("targets:\n", "  - {id: on, name: X, email: x@xa.example.vn}\ntargets:\n"),
    "lead yes (no such unit)": edit("    lead: vhxh\n    repeat", "    lead: yes\n    repeat"),
    "id a date": edit('  - id: "1.2"', "  - id: 2026-01-01"),
    "section 4.10": task_12("    section: 4.10\n"),
    "unit name 12.50": edit('    name: "Phòng Văn hóa - Xã hội"', "    name: 12.50"),
    "holidays NO (Norway, read as false)": before_targets("calendar:\n  holidays: NO\n"),
    "due_offset 010": before_targets("reporting:\n  due_offset: 010\n"),
    "a milestone 0x3C": edit("{2026: 60,", "{2026: 0x3C,"),
    "reminders 1:30 (sexagesimal)": before_targets("reminders:\n  before: [1:30]\n"),
    "due_offset yes": before_targets("reporting:\n  due_offset: yes\n"),
    # --- dates
    "Feb 30": edit("    due: 2026-02-27", "    due: 2026-02-30"),
    "month 13": edit("    due: 2026-02-27", "    due: 2026-13-01"),
    "day-first 31/12/2026": edit("    due: 2026-02-27", "    due: 31/12/2026"),
    "day-first 27.02.2026": edit("    due: 2026-02-27", "    due: 27.02.2026"),
    "ISO with a time": edit("    due: 2026-02-27", "    due: 2026-02-27T17:00:00"),
    "ISO with a time and a space": edit("    due: 2026-02-27", "    due: 2026-02-27 17:00"),
    "a date as digits": edit("    due: 2026-02-27", "    due: 20260227"),
    "due 0001-01-01": edit("    due: 2026-02-27", "    due: 0001-01-01"),
    "due 2101-01-01": edit("    due: 2026-02-27", "    due: 2101-01-01"),
    "issued 1999-12-31": edit("  issued: 2026-01-05", "  issued: 1999-12-31"),
    "an extra day off 9999-12-31": before_targets("calendar:\n  extra_days_off: [9999-12-31]\n"),
    "a milestone year 1800": edit("{2026: 60, 2030: 100}", "{2026: 60, 1800: 100}"),
    "a repeat window backwards": edit("    end: 2026-12-31", "    end: 2025-12-31"),
    "a window on a one-off task": edit("    due: 2026-02-27", "    due: 2026-02-27\n    start: 2026-01-01"),
    "a day both off and worked": before_targets(
        "calendar:\n  extra_days_off: [2026-05-02]\n  extra_workdays: [2026-05-02]\n"
    ),
    # --- numbers
    "due_offset 99999999999999999999": before_targets("reporting:\n  due_offset: 99999999999999999999\n"),
    "due_offset -1": before_targets("reporting:\n  due_offset: -1\n"),
    "a reminder 0 days before": before_targets("reminders:\n  before: [7, 0]\n"),
    "a reminder 251 days before": before_targets("reminders:\n  before: [251]\n"),
    "an escalation 100000 days after": before_targets("escalation:\n  - {after: 100000, notify: [lead]}\n"),
    "escalations out of order": before_targets(
        "escalation:\n  - {after: 5, notify: [lead]}\n  - {after: 3, notify: [committee]}\n"
    ),
    "a milestone .nan": edit("{2026: 60,", "{2026: .nan,"),
    "a milestone .inf": edit("{2026: 60,", "{2026: .inf,"),
    "a milestone -.inf": edit("{2026: 60,", "{2026: -.inf,"),
    "a milestone 1e400": edit("{2026: 60,", "{2026: 1e400,"),
    "a milestone of 400 digits": edit("{2026: 60,", "{2026: " + "9" * 400 + ","),
    "a milestone in words": edit("{2026: 60, 2030: 100}", "{2026: sixty}"),
    "5,001 tasks": with_tasks(4_998),
    "a 65-character id": edit('  - id: "1.2"', f'  - id: "{"A" * 65}"'),
    "a 5,001-character title": edit('    title: "Bản tin hằng tháng"', f'    title: "{"Bản tin " * 625}x"'),
    # --- types
    "a list where a mapping is wanted": edit(
        BASE[BASE.index("committee:") : BASE.index("units:")], "committee: [vp]\n"
    ),
    "a mapping where a list is wanted": edit("    coordinators: [vhxh]", "    coordinators: {vhxh: 1}"),
    "text where a list of tasks is wanted": edit(BASE[BASE.index("tasks:") :], 'tasks: "xem phụ lục"\n'),
    "a list where text is wanted": edit('  title: "Kế hoạch thử"', "  title: [Kế hoạch, thử]"),
    "a number where an email is wanted": edit("    email: vp@xa.example.vn", "    email: 123"),
    "a word where true/false is wanted": edit("    ongoing: true", "    ongoing: maybe"),
    "an empty title": edit('  title: "Kế hoạch thử"', "  title:"),
    "a blank title": edit('  title: "Kế hoạch thử"', '  title: "   "'),
    "an empty committee": edit(BASE[BASE.index("committee:") : BASE.index("units:")], "committee:\n"),
    "no tasks": edit(BASE[BASE.index("tasks:\n") :], "tasks: []\n"),
    "version 2": edit("dondoc: 1\n", "dondoc: 2\n"),
    "version missing": edit("dondoc: 1\n", ""),
    # --- sections missing, unknown keys at every level
    "the plan section missing": edit(BASE[: BASE.index("committee:")], "dondoc: 1\n"),
    "the tasks section misspelled": edit("tasks:\n", "taks:\n"),
    "units misspelled": edit("units:\n", "unit:\n"),
    "a misspelled plan key": edit("  issued: 2026-01-05", "  isued: 2026-01-05"),
    "a misspelled committee key": edit("  secretariat: vp", "  secretary: vp"),
    "a misspelled member key": edit('email: "truongban@xa.example.vn"}', 'mail: "truongban@xa.example.vn"}'),
    "a misspelled unit key": edit("    email: vp@xa.example.vn", "    emails: vp@xa.example.vn"),
    "a misspelled head key": edit('head: {name: "Chánh Văn phòng"', 'head: {nam: "Chánh Văn phòng"'),
    "a misspelled calendar key": before_targets("calendar:\n  holiday: VN\n"),
    "a misspelled reporting key": before_targets("reporting:\n  cadence: [annual]\n"),
    "a misspelled reminders key": before_targets("reminders:\n  befor: [3]\n"),
    "a misspelled escalation key": before_targets("escalation:\n  - {after: 1, notfy: [lead]}\n"),
    "a misspelled target key": edit('    measure: "%"', '    measures: "%"'),
    "an unknown task key": edit("    due: 2026-02-27", "    due_date: 2026-02-27"),
    "an unknown section key": edit("tasks:\n", 'sections:\n  - {id: "1", title: "Tổ chức", name: x}\ntasks:\n'),
    "a key of English words": english(edit("  issued: 2026-01-05", "  signr: X")),
    # --- duplicates
    "a unit id twice": edit("  - id: vhxh", "  - id: vp"),
    "a task id twice": edit('  - id: "1.2"', '  - id: "1.1"'),
    "task ids differing in case only": edit('  - id: "1.2"', '  - id: "IV.1"').replace(
        '  - id: "1.1"', '  - id: "iv.1"'
    ),
    "task ids differing in diacritics only": edit('  - id: "1.2"', '  - id: "Đ.1"').replace(
        '  - id: "1.1"', '  - id: "D.1"'
    ),
    "a target id twice": edit("targets:\n", "targets:\n  - {id: CT-5G, title: X, milestones: {2030: 1}, lead: vp}\n"),
    "a target id equal to a task id": edit("  - id: CT-5G", '  - id: "2.1"').replace("[CT-5G]", '["2.1"]'),
    "a section id twice": edit("tasks:\n", 'sections:\n  - {id: "1", title: A}\n  - {id: "1", title: B}\ntasks:\n'),
    "an email twice in a unit": edit("[vhxh@xa.example.vn, vhxh2@", "[vhxh@xa.example.vn, VHXH@"),
    "a member email twice": edit(
        '"truongban@xa.example.vn"}', '"truongban@xa.example.vn"}\n    - {name: B, email: truongban@xa.example.vn}'
    ),
    "a coordinator twice": edit("    coordinators: [vhxh]", "    coordinators: [vhxh, vhxh]"),
    "a cadence twice": before_targets("reporting:\n  cadences: [annual, quarterly, annual]\n"),
    "a dependency twice": edit('    depends_on: ["1.1"]', '    depends_on: ["1.1", "1.1"]'),
    "task id report": edit('  - id: "1.2"', "  - id: Report"),
    # --- references
    "a lead that is not a unit": edit("    lead: vp\n    coordinators", "    lead: van-phong\n    coordinators"),
    "a coordinator equal to the lead": edit("    coordinators: [vhxh]", "    coordinators: [vp]"),
    "an unknown secretariat": edit("  secretariat: vp", "  secretariat: vpp"),
    "an unknown reporting unit": before_targets("reporting:\n  to: ke-toan\n"),
    "an unknown dependency": edit('    depends_on: ["1.1"]', '    depends_on: ["1.9"]'),
    "an unknown target": edit("    targets: [CT-5G]", "    targets: [CT-4G]"),
    "a task depending on itself": edit("    due: 2026-02-27", '    due: 2026-02-27\n    depends_on: ["1.1"]'),
    "a dependency cycle": edit("    due: 2026-02-27", '    due: 2026-02-27\n    depends_on: ["2.1"]'),
    "a task without a deadline kind": edit("    ongoing: true\n", ""),
    "a task with two deadline kinds": edit("    due: 2026-02-27", "    due: 2026-02-27\n    repeat: monthly"),
    "a misspelled notify": before_targets("escalation:\n  - {after: 1, notify: [comittee]}\n"),
    "a misspelled repeat": edit("    repeat: monthly", "    repeat: montly"),
    # --- stopping and pausing
    "cancelled without a reason": task_12("    status: cancelled\n"),
    "paused without a reason or an end": task_12("    status: paused\n"),
    "a misspelled status": task_12("    status: cancel\n"),
    "a status in Vietnamese": task_12("    status: tạm dừng\n"),
    "a pause ending before it starts": task_12(
        "    status: paused\n    status_reason: x\n    status_since: 2026-06-01\n    paused_until: 2026-05-01\n"
    ),
    "a reason and an end on an active task": task_12("    status_reason: x\n    paused_until: 2026-05-01\n"),
    "an end of pause on a cancelled task": task_12(
        "    status: cancelled\n    status_reason: x\n    paused_until: 2026-05-01\n"
    ),
    "`cancelled: true` written as a key": task_12("    cancelled: true\n"),
    "`paused: true` on a target": edit("    lead: vhxh\ntasks:", "    lead: vhxh\n    paused: true\ntasks:"),
    "a paused task in an English plan": english(task_12("    status: paused\n")),
}
