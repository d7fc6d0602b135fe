"""Stopped tasks and targets, pure: what the check does with a paused or cancelled task's ladder,
how status and reports say it, and how `load` and `diff` word the change."""

from __future__ import annotations

from datetime import date

from dondoc.engine import revisions, stops
from dondoc.engine.checks import OccurrenceRow, hold, past_pause
from dondoc.engine.occurrences import Step
from dondoc.engine.plan import Task
from dondoc.engine.store.occurrences import StoredOccurrence
from dondoc.engine.validate import parse_plan
from tests.support.paths import FIXTURES

BASE = (FIXTURES / "minimal.yaml").read_text("utf-8")
LADDER = [
    Step(name, kind, day, ("self",))  # type: ignore[arg-type]
    for name, kind, day in (
        ("r3", "reminder", date(2026, 2, 24)),
        ("r1", "reminder", date(2026, 2, 26)),
        ("e1", "escalation", date(2026, 3, 2)),
        ("e5", "escalation", date(2026, 3, 6)),
        ("e10", "escalation", date(2026, 3, 13)),
    )
]
ROW = OccurrenceRow(1, "1.1", "vp", "2026-02-27", "lead", date(2026, 2, 27), date(2026, 2, 27), "not_started", 0, 1)


def task(**status: object) -> Task:
    return Task(id="1.1", title="t", lead="vp", due=date(2026, 2, 27), **status)


PAUSED = task(status="paused", status_reason="chờ", status_since=date(2026, 2, 25), paused_until=date(2026, 3, 6))


def test_a_pause_skips_the_steps_dated_within_it_and_keeps_the_next_one() -> None:
    assert past_pause(ROW, LADDER, PAUSED, date(2026, 2, 24)) == ROW  # not begun yet
    during = past_pause(ROW, LADDER, PAUSED, date(2026, 3, 2))
    assert during.steps_done == 4  # r3 was handled; r1, e1 and e5 fall within the pause
    assert hold(during, LADDER, PAUSED).next_notice_on == date(2026, 3, 13)  # e10: after it, not shifted
    assert past_pause(ROW, LADDER, PAUSED, date(2026, 3, 20)).steps_done == 4  # a check missed the pause: same


def test_a_cancelled_task_ends_its_ladder_and_an_active_one_is_left_alone() -> None:
    cancelled = task(status="cancelled", status_reason="bãi bỏ")
    assert hold(ROW, LADDER, cancelled).next_notice_on is None
    assert past_pause(ROW, LADDER, task(), date(2026, 3, 2)) == ROW


def test_status_and_reports_say_why_an_item_is_stopped_and_until_when() -> None:
    assert stops.of_item(PAUSED, date(2026, 3, 1)) == stops.Stop(
        status="paused", reason="chờ", since=date(2026, 2, 25), until=date(2026, 3, 6)
    )
    assert stops.of_item(PAUSED, date(2026, 3, 7)) is None and stops.of_item(PAUSED, date(2026, 2, 24)) is None
    plan = parse_plan(BASE.encode(), "p.yaml").plan
    row = StoredOccurrence(
        7, "demo-xa", "1.1", "vp", "2026-02-27", "lead", None, None, None, None, "in_progress", 10, None, None,
        None, 0, True, date(2026, 3, 2),
    )  # fmt: skip
    assert stops.of_occurrence(plan, row, date(2026, 3, 1), done=False) is None  # not yet cancelled
    stopped = stops.of_occurrence(plan, row, date(2026, 3, 2), done=False)
    assert stopped is not None and stopped.to_json() == {"status": "cancelled", "reason": "", "since": "2026-03-02", "until": None}
    assert stops.of_occurrence(plan, row, date(2026, 3, 2), done=True) is None  # done wins


def test_load_and_diff_word_a_task_stopped_paused_or_active_again() -> None:
    before = parse_plan(BASE.encode(), "v1.yaml").plan
    text = BASE.replace(
        "    due: 2026-02-27\n",
        '    due: 2026-02-27\n    status: paused\n    status_reason: "Chờ hướng dẫn"\n    paused_until: 2026-04-30\n',
    ).replace("    repeat: monthly\n", '    repeat: monthly\n    status: cancelled\n    status_reason: "Bãi bỏ"\n    status_since: 2026-03-01\n')
    after = parse_plan(text.encode(), "v2.yaml").plan
    assert revisions.describe(revisions.diff(before, after), "en") == [
        "Task 1.1 (Thành lập Ban Chỉ đạo): paused until 30/4/2026, nothing is sent about it until then; reason: Chờ hướng dẫn",
        "Task 1.2 (Bản tin hằng tháng): cancelled from 1/3/2026, nothing more is sent about it; reason: Bãi bỏ",
    ]
    assert revisions.describe(revisions.diff(after, before), "vi") == [
        "Nhiệm vụ 1.1 (Thành lập Ban Chỉ đạo): thực hiện trở lại",
        "Nhiệm vụ 1.2 (Bản tin hằng tháng): thực hiện trở lại",
    ]
